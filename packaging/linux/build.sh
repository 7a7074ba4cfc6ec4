#!/usr/bin/env bash
# `make linux-bundle` (issue #15 item 4): a PyInstaller one-folder build of Ranoat as
# dist/Ranoat-<version>-linux-x86_64.tar.gz, from uv.lock with hashes and Ranoat's own wheel.
# The bundle needs a glibc at least as new as the build machine's (Debian 12: 2.36).
#   packaging/linux/build.sh [SOURCE_DIR [OUT_DIR]]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SOURCE="$(cd "${1:-$ROOT}" && pwd)"
OUT="${2:-$ROOT/dist}"
WORK="${RANOAT_LINUX_WORK:-$SOURCE/build/linux}"
UV="${UV:-$ROOT/.tools/bin/uv}"
started=$SECONDS
VERSION="$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$SOURCE/pyproject.toml")"
rm -rf "$WORK"
mkdir -p "$WORK" "$OUT"
# A clean environment with exactly the locked packages (hash-checked), Ranoat's wheel and PyInstaller.
"$UV" export --frozen --no-dev --no-emit-project --quiet --directory "$SOURCE" >"$WORK/requirements.txt"
"$UV" venv --quiet --python python3.11 "$WORK/venv"
VIRTUAL_ENV="$WORK/venv" "$UV" pip install --quiet --require-hashes -r "$WORK/requirements.txt" \
    -r "$ROOT/packaging/requirements-linux-bundle.txt"
"$UV" build --wheel --quiet --directory "$SOURCE" --out-dir "$WORK/wheel"
VIRTUAL_ENV="$WORK/venv" "$UV" pip install --quiet --no-deps "$WORK"/wheel/ranoat-*.whl
cp "$ROOT/packaging/linux/ranoat.spec" "$ROOT/packaging/linux/ranoat_main.py" "$WORK/"
(cd "$WORK" && "$WORK/venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$WORK/dist" \
    --workpath "$WORK/pyi" ranoat.spec)
folder="Ranoat-$VERSION-linux-x86_64"
mv "$WORK/dist/ranoat" "$WORK/dist/$folder"
tar -C "$WORK/dist" -czf "$OUT/$folder.tar.gz.partial" "$folder"
mv "$OUT/$folder.tar.gz.partial" "$OUT/$folder.tar.gz"
echo "[linux-bundle] $OUT/$folder.tar.gz: $(du -m "$OUT/$folder.tar.gz" | cut -f1) MB" \
    "($(du -sm "$WORK/dist/$folder" | cut -f1) MB unpacked), built in $((SECONDS - started)) s"
