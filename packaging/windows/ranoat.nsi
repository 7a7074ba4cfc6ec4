; Ranoat's installer: pynsist's template with Ranoat's pages, shortcuts and upgrade behaviour (issue #15).
; - per-user only (no administrator rights; build.py sets MULTIUSER_EXECUTIONLEVEL Standard);
; - Start-menu and desktop shortcuts "Ranoat — Rà soát hộ nghèo" to Ranoat.exe, with the icon;
; - installing over an older version replaces the program files (pkgs/ first removed, so no module of
;   the old version stays behind); the user's data folder (%LOCALAPPDATA%\Ranoat) is never touched by
;   the installer nor by the uninstaller: Ranoat backs the database up before it upgrades it.
[% extends "pyapp.nsi" %]

[% block modernui %]
; Modern UI, in Vietnamese (the first language is the default), English on an English Windows.
!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\Ranoat.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
[% endblock modernui %]

[% block install_pkgs %]
  RMDir /r "$INSTDIR\pkgs"
  [[ super() ]]
[% endblock install_pkgs %]

[% block install_shortcuts %]
  SetOutPath "$INSTDIR"
  CreateShortCut "$SMPROGRAMS\Ranoat — Rà soát hộ nghèo.lnk" "$INSTDIR\Ranoat.exe" "" "$INSTDIR\ranoat.ico"
  CreateShortCut "$DESKTOP\Ranoat — Rà soát hộ nghèo.lnk" "$INSTDIR\Ranoat.exe" "" "$INSTDIR\ranoat.ico"
[% endblock install_shortcuts %]

[% block uninstall_shortcuts %]
  Delete "$SMPROGRAMS\Ranoat — Rà soát hộ nghèo.lnk"
  Delete "$DESKTOP\Ranoat — Rà soát hộ nghèo.lnk"
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\Python"
  Delete "$INSTDIR\Ranoat.exe"
  Delete "$INSTDIR\Ranoat.launch.pyw"
  Delete "$INSTDIR\_system_path.py"
[% endblock uninstall_shortcuts %]
