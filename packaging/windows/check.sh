#!/usr/bin/env bash
# `make windows-check` (issue #15 item 3): the Windows installer, checked on this Linux machine under
# Wine 10 (Debian 13's, in a chroot made by debootstrap from Debian's mirror). Not part of `make test`.
#
#   1. silent per-user install of dist/Ranoat-<version>-win64-setup.exe (no administrator);
#   2. from the installed program: ranoat --version, classify, demo, export, import, merge;
#   3. the GUI on a virtual display: a screenshot of the first-start window -> docs/img/windows-first-start.png;
#   4. upgrade in place: data made with version N is still there, and read, after installing N+1
#      (built from a copy of the source with the version bumped);
#   5. the uninstaller removes the program and leaves the data folder;
#   6. the portable zip (when built): Ranoat.exe starts, its database appears in du-lieu beside it.
#
# Wine 10 lacks two things Windows 10 1809+ has, so the check puts TEST-ONLY stand-ins in the Wine
# prefix, never in the bundle (packaging/windows/wine/): icuuc.dll (Qt6Core imports it) and
# ranoat-wine-crtfix.dll (Wine's ucrtbase has crealf/cimagf as stubs; numpy calls crealf), loaded by
# a test-only sitecustomize.py put into the installed Python folder after each install.
# Needs root (chroot, mount), debootstrap, gcc-mingw-w64-x86-64-posix. Takes 15–20 minutes (half of it building N+1).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${RANOAT_WINDOWS_WORK:-$ROOT/build/windows}"
CHROOT="${RANOAT_WINE_CHROOT:-$ROOT/build/wine-trixie}"
PY="${PACKAGING_PY:-$ROOT/.tools/packaging/bin/python}"
VERSION="$("$PY" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
NEXT="$("$PY" -c 'import sys; v=sys.argv[1].split("."); v[-1]=str(int(v[-1])+1); print(".".join(v))' "$VERSION")"
INSTALLER="$ROOT/dist/Ranoat-$VERSION-win64-setup.exe"
PREFIX=/root/ranoat-check            # inside the chroot
INSIDE=/work/ranoat-check            # inside the chroot: the check's files
HERE="$CHROOT$INSIDE"
USERDIR='C:\users\root'
PROGRAM="$USERDIR"'\AppData\Local\Programs\Ranoat'
DATA="$USERDIR"'\AppData\Local\Ranoat'
REPORT="$WORK/windows-check.txt"
started=$SECONDS

CHECK=windows-check
# shellcheck source=packaging/smoke.sh
. "$ROOT/packaging/smoke.sh"  # say, fail, expect, smoke_cli

[ "$(id -u)" = 0 ] || fail "needs root (chroot and mount)"
[ -f "$INSTALLER" ] || fail "$INSTALLER missing: run make windows-installer first"
mkdir -p "$WORK"
: > "$REPORT"

# --- the Wine 10 chroot -----------------------------------------------------------------------------
if ! { [ -d "$CHROOT/usr/bin" ] && chroot "$CHROOT" sh -c 'command -v wine' >/dev/null 2>&1; }; then
    say "making the Debian 13 chroot with Wine 10 in $CHROOT (about 2 minutes, 1.6 GB)"
    debootstrap --variant=minbase --include=wine,wine64,xvfb,xauth,imagemagick,fonts-dejavu-core \
        trixie "$CHROOT" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1
fi
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
cleanup() {
    chroot "$CHROOT" env WINEPREFIX="$PREFIX" wineserver -k >/dev/null 2>&1 || true
    umount "$CHROOT/dev" 2>/dev/null || true
    umount "$CHROOT/proc" 2>/dev/null || true
}
trap cleanup EXIT
say "$(chroot "$CHROOT" wine --version 2>/dev/null)"

# Runs a shell command inside the chroot with the check's Wine prefix. Under Wine, Python cannot write
# stdout to a regular file: every output is piped.
wine_sh() {
    chroot "$CHROOT" env HOME=/root WINEPREFIX="$PREFIX" WINEDEBUG=-all XDG_RUNTIME_DIR=/tmp LANG=C.UTF-8 \
        sh -c "cd $INSIDE && $1"
}
ranoat() {  # ranoat ARGS… from the installed program; output on stdout
    wine_sh "wine '$PROGRAM\\bin\\ranoat.exe' $* 2>&1 | cat"
}

# --- a fresh prefix with the test-only stand-ins --------------------------------------------------------
rm -rf "$CHROOT$PREFIX" "$HERE"
mkdir -p "$HERE" "$WORK/wine"
x86_64-w64-mingw32-gcc-posix -O2 -shared -o "$WORK/wine/icuuc.dll" "$ROOT/packaging/windows/wine/icuuc.c"
x86_64-w64-mingw32-gcc-posix -O2 -shared -o "$WORK/wine/ranoat-wine-crtfix.dll" "$ROOT/packaging/windows/wine/crtfix.c"
wine_sh "WINEDLLOVERRIDES='mscoree,mshtml=' xvfb-run -a wineboot -i >/dev/null 2>&1; wineserver -w"
cp "$WORK/wine/icuuc.dll" "$WORK/wine/ranoat-wine-crtfix.dll" "$CHROOT$PREFIX/drive_c/windows/system32/"
HOST_PROGRAM="$CHROOT$PREFIX/drive_c/users/root/AppData/Local/Programs/Ranoat"
HOST_DATA="$CHROOT$PREFIX/drive_c/users/root/AppData/Local/Ranoat"

install() {  # install INSTALLER: silent, per user
    cp "$1" "$HERE/setup.exe"
    local t=$SECONDS
    wine_sh "xvfb-run -a wine setup.exe /S /CurrentUser; wineserver -w" >/dev/null 2>&1
    [ -f "$HOST_PROGRAM/Ranoat.exe" ] && [ -f "$HOST_PROGRAM/bin/ranoat.exe" ] || fail "install of $(basename "$1")"
    printf '# TEST-ONLY (make windows-check under Wine 10): not part of Ranoat\nimport ctypes\nctypes.WinDLL("ranoat-wine-crtfix.dll")\n' \
        >"$HOST_PROGRAM/Python/sitecustomize.py"
    say "installed $(basename "$1") silently in $((SECONDS - t)) s ($(du -sm "$HOST_PROGRAM" | cut -f1) MB on disk)"
}

# --- 1. install N ---------------------------------------------------------------------------------------
install "$INSTALLER"
shortcuts="$CHROOT$PREFIX/drive_c/users/root/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
[ -f "$shortcuts/Ranoat — Rà soát hộ nghèo.lnk" ] || fail "Start-menu shortcut"
[ -f "$CHROOT$PREFIX/drive_c/users/root/Desktop/Ranoat — Rà soát hộ nghèo.lnk" ] || fail "desktop shortcut"
say "ok: Start-menu and desktop shortcuts 'Ranoat — Rà soát hộ nghèo'"
path_value="$(wine_sh "wine reg query 'HKCU\\Environment' /v PATH 2>&1 | cat")"
expect "bin folder on the user's PATH" 'Programs\\Ranoat\\bin' "$path_value"

# --- 2. the command line --------------------------------------------------------------------------------
smoke_cli "$HERE" "$VERSION"

# --- 3. the GUI's first start ---------------------------------------------------------------------------
cat >"$HERE/gui.sh" <<EOF
#!/bin/sh
Xvfb :37 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=\$!
sleep 3
export DISPLAY=:37
wine '$PROGRAM\\Ranoat.exe' >/dev/null 2>&1 &
sleep \${WAIT:-75}
import -window root $INSIDE/first-start.png
wineserver -k
kill \$xvfb
EOF
chmod +x "$HERE/gui.sh"
wine_sh "./gui.sh" >/dev/null 2>&1 || true
[ -s "$HERE/first-start.png" ] || fail "no screenshot of the GUI"
cp "$HERE/first-start.png" "$ROOT/docs/img/windows-first-start.png"
[ -f "$HOST_DATA/ranoat.sqlite3" ] || fail "the GUI did not create its database in %LOCALAPPDATA%\\Ranoat"
say "ok: GUI started, database created in $DATA; screenshot docs/img/windows-first-start.png (look at it)"

# --- 4. upgrade in place: N -> N+1 ----------------------------------------------------------------------
ranoat demo --households 150 --seed 5 --out "'$DATA\\ranoat-N.sqlite3'" >/dev/null
mv "$HOST_DATA/ranoat-N.sqlite3" "$HOST_DATA/ranoat.sqlite3"
rm -f "$HOST_DATA/ranoat.sqlite3.lock"
before="$(sha256sum "$HOST_DATA/ranoat.sqlite3" | cut -d' ' -f1)"
next_installer="$WORK/upgrade/dist/Ranoat-$NEXT-win64-setup.exe"
if [ ! -f "$next_installer" ]; then
    t=$SECONDS
    rm -rf "$WORK/upgrade/source"
    mkdir -p "$WORK/upgrade/source"
    tar -C "$ROOT" --exclude=./.venv --exclude=./.tools --exclude=./build --exclude=./dist --exclude=./.git -cf - . |
        tar -C "$WORK/upgrade/source" -xf -
    sed -i "s/^version = \"$VERSION\"/version = \"$NEXT\"/" "$WORK/upgrade/source/pyproject.toml"
    UV="${UV:-$ROOT/.tools/bin/uv}" RANOAT_WINDOWS_CACHE="${RANOAT_WINDOWS_CACHE:-$WORK/cache}" "$PY" \
        "$ROOT/packaging/windows/build.py" installer --source "$WORK/upgrade/source" --out "$WORK/upgrade/dist" \
        --work "$WORK/upgrade/work" >>"$REPORT" 2>&1 || fail "building version $NEXT"
    say "built version $NEXT in $((SECONDS - t)) s"
fi
install "$next_installer"
expect "upgraded to $NEXT" "ranoat $NEXT" "$(ranoat --version)"
[ -f "$HOST_DATA/ranoat.sqlite3" ] || fail "the database is gone after the upgrade"
[ "$(sha256sum "$HOST_DATA/ranoat.sqlite3" | cut -d' ' -f1)" = "$before" ] || say "note: the database changed (upgraded)"
expect "the data of version $VERSION read by $NEXT" "Đã ghi sau-nang-cap.xlsx: 150 hộ" \
    "$(ranoat export --db "'$DATA\\ranoat.sqlite3'" --out sau-nang-cap.xlsx)"

# --- 5. uninstall ---------------------------------------------------------------------------------------
wine_sh "wine '$PROGRAM\\uninstall.exe' /S; sleep 5; wineserver -w" >/dev/null 2>&1
for _ in 1 2 3 4 5 6; do [ -e "$HOST_PROGRAM/Ranoat.exe" ] || break; sleep 5; done
[ ! -e "$HOST_PROGRAM/Ranoat.exe" ] && [ ! -e "$HOST_PROGRAM/pkgs" ] || fail "the uninstaller left the program"
[ -f "$HOST_DATA/ranoat.sqlite3" ] || fail "the uninstaller removed the data folder"
say "ok: uninstalled; the data folder $DATA is kept"
# --- 6. the portable zip --------------------------------------------------------------------------------
PORTABLE_ZIP="$ROOT/dist/Ranoat-$VERSION-win64-portable.zip"
if [ -f "$PORTABLE_ZIP" ]; then
    USB="$CHROOT$PREFIX/drive_c/USB"
    rm -rf "$USB" && mkdir -p "$USB"
    "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$PORTABLE_ZIP" "$USB"
    PORTABLE='C:\USB\'"Ranoat-$VERSION-win64-portable"
    HOST_PORTABLE="$USB/Ranoat-$VERSION-win64-portable"
    printf '# TEST-ONLY (make windows-check under Wine 10): not part of Ranoat\nimport ctypes\nctypes.WinDLL("ranoat-wine-crtfix.dll")\n' \
        >"$HOST_PORTABLE/Python/sitecustomize.py"
    expect "portable: bin\\ranoat.exe --version" "ranoat $VERSION" "$(wine_sh "wine '$PORTABLE\\bin\\ranoat.exe' --version 2>&1 | cat")"
    cat >"$HERE/gui-portable.sh" <<EOF
#!/bin/sh
Xvfb :38 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=\$!
sleep 3
export DISPLAY=:38
wine '$PORTABLE\\Ranoat.exe' >/dev/null 2>&1 &
sleep 60
import -window root $INSIDE/portable-first-start.png
wineserver -k
kill \$xvfb
EOF
    chmod +x "$HERE/gui-portable.sh"
    wine_sh "./gui-portable.sh" >/dev/null 2>&1 || true
    [ -f "$HOST_PORTABLE/du-lieu/ranoat.sqlite3" ] || fail "the portable Ranoat did not put its database in du-lieu beside Ranoat.exe"
    [ -s "$HERE/portable-first-start.png" ] || fail "no screenshot of the portable first start"
    cp "$HERE/portable-first-start.png" "$ROOT/docs/img/windows-portable-first-start.png"
    say "ok: portable Ranoat.exe started; its database is in du-lieu beside it (screenshot docs/img/windows-portable-first-start.png)"
else
    say "portable zip not built (make windows-portable): skipped"
fi
say "windows-check passed in $((SECONDS - started)) s"
