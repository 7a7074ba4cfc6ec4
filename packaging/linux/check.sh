#!/usr/bin/env bash
# `make linux-check` (issue #15 item 4): the Linux bundle's smoke tests and upgrade test. Not part of
# `make test`. With HOME in a scratch folder:
#   1. unpack dist/Ranoat-<version>-linux-x86_64.tar.gz; ranoat --version, classify, demo, export,
#      import, merge from it;
#   2. the GUI on Xvfb with the xcb platform (a real X server, not offscreen): its first start creates
#      the database in ~/.local/share/Ranoat (the Windows check takes the screenshot);
#   3. upgrade in place: data made with version N at the default path; the folder replaced by version
#      N+1 (built from a copy of the source with the version bumped); the data is still there and read.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$ROOT/build/linux-check"
VERSION="$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
NEXT="$(python3 -c 'import sys; v=sys.argv[1].split("."); v[-1]=str(int(v[-1])+1); print(".".join(v))' "$VERSION")"
BUNDLE="$ROOT/dist/Ranoat-$VERSION-linux-x86_64.tar.gz"
REPORT="$ROOT/build/linux-check.txt"
started=$SECONDS
mkdir -p "$ROOT/build"
: >"$REPORT"
CHECK=linux-check
# shellcheck source=packaging/smoke.sh
. "$ROOT/packaging/smoke.sh"  # say, fail, expect, smoke_cli
[ -f "$BUNDLE" ] || fail "$BUNDLE missing: run make linux-bundle first"

rm -rf "$WORK"
mkdir -p "$WORK/home" "$WORK/programs" "$WORK/files"
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share" XDG_CONFIG_HOME="$WORK/home/.config"
DATA="$XDG_DATA_HOME/Ranoat"
unpack() {  # unpack TARBALL: replaces the program folder, as an officer would
    rm -rf "$WORK/programs/Ranoat"
    tar -C "$WORK/programs" -xzf "$1"
    mv "$WORK/programs"/Ranoat-*-linux-x86_64 "$WORK/programs/Ranoat"
}
ranoat() { (cd "$WORK/files" && "$WORK/programs/Ranoat/ranoat" "$@" 2>&1); }

unpack "$BUNDLE"
say "unpacked $(basename "$BUNDLE") ($(du -sm "$WORK/programs/Ranoat" | cut -f1) MB)"
smoke_cli "$WORK/files" "$VERSION"

# The GUI on a real X server (xcb): it must load the platform plugin and create the default database.
cat >"$WORK/gui.sh" <<EOF
#!/bin/sh
QT_QPA_PLATFORM=xcb "$WORK/programs/Ranoat/ranoat" >"$WORK/gui.log" 2>&1 &
sleep 20
kill \$! 2>/dev/null
EOF
chmod +x "$WORK/gui.sh"
xvfb-run -a -s "-screen 0 1366x768x24" "$WORK/gui.sh"
grep -q "Could not load the Qt platform plugin" "$WORK/gui.log" && fail "xcb platform plugin: $(cat "$WORK/gui.log")"
[ -f "$DATA/ranoat.sqlite3" ] || fail "the GUI did not create ~/.local/share/Ranoat/ranoat.sqlite3: $(tail -5 "$WORK/gui.log")"
say "ok: GUI started on Xvfb (xcb), database created in $DATA"

# Upgrade in place.
ranoat demo --households 150 --seed 5 --out "$DATA/ranoat-N.sqlite3" >/dev/null
mv "$DATA/ranoat-N.sqlite3" "$DATA/ranoat.sqlite3"
next="$ROOT/build/linux-upgrade/dist/Ranoat-$NEXT-linux-x86_64.tar.gz"
if [ ! -f "$next" ]; then
    t=$SECONDS
    rm -rf "$ROOT/build/linux-upgrade/source"
    mkdir -p "$ROOT/build/linux-upgrade/source"
    tar -C "$ROOT" --exclude=./.venv --exclude=./.tools --exclude=./build --exclude=./dist --exclude=./.git -cf - . |
        tar -C "$ROOT/build/linux-upgrade/source" -xf -
    sed -i "s/^version = \"$VERSION\"/version = \"$NEXT\"/" "$ROOT/build/linux-upgrade/source/pyproject.toml"
    RANOAT_LINUX_WORK="$ROOT/build/linux-upgrade/work" "$ROOT/packaging/linux/build.sh" \
        "$ROOT/build/linux-upgrade/source" "$ROOT/build/linux-upgrade/dist" >>"$REPORT" 2>&1 || fail "building $NEXT"
    say "built version $NEXT in $((SECONDS - t)) s"
fi
unpack "$next"
expect "upgraded to $NEXT" "ranoat $NEXT" "$(ranoat --version)"
expect "the data of version $VERSION read by $NEXT" "Đã ghi sau-nang-cap.xlsx: 150 hộ" \
    "$(ranoat export --db "$DATA/ranoat.sqlite3" --out sau-nang-cap.xlsx)"
say "linux-check passed in $((SECONDS - started)) s"
