# The command-line smoke tests of an installed Ranoat, shared by packaging/linux/check.sh and
# packaging/windows/check.sh (sourced, not run). The caller sets CHECK (the report's tag), REPORT (its
# file) and defines `ranoat ARGS…`, which runs the installed program in the folder FILES given to
# smoke_cli.

say() { printf '[%s] %s\n' "$CHECK" "$*" | tee -a "$REPORT"; }
fail() { say "FAILED: $*"; exit 1; }
expect() {  # expect NAME PATTERN OUTPUT
    if printf '%s' "$3" | grep -q -- "$2"; then say "ok: $1"; else printf '%s\n' "$3" | tail -20 >>"$REPORT"; fail "$1: no '$2'"; fi
}

smoke_cli() {  # smoke_cli FILES VERSION: --version, classify, demo, export, import, merge
    local files="$1" version="$2" t=$SECONDS out
    expect "ranoat --version" "ranoat $version" "$(ranoat --version)"
    printf '%s\n' '{"id":"H01","area":"rural","b1":140,"lacking":["employment","dependents","nutrition"]}' \
        '{"id":"H02","area":"urban","income":5000000,"lacking":[]}' >"$files/households.jsonl"
    out="$(ranoat classify --standard 2022-2025 households.jsonl)"
    expect "classify H01 poor" '"id": "H01", "standard": "2022-2025", "category": "poor"' "$out"
    expect "classify H02 not poor" '"id": "H02", "standard": "2022-2025", "category": "not_poor"' "$out"
    expect "demo" "Đã tạo demo.sqlite3: 1 thôn, 200 hộ" "$(ranoat demo --households 200 --seed 3 --out demo.sqlite3)"
    expect "export" "Đã ghi xa.xlsx: 200 hộ" "$(ranoat export --db demo.sqlite3 --out xa.xlsx)"
    expect "import into a new database" "Đã khôi phục xa.xlsx: 200 hộ" "$(ranoat import --db imported.sqlite3 xa.xlsx)"
    ranoat demo --households 120 --seed 4 --commune 99902 --out demo2.sqlite3 >/dev/null
    ranoat export --db demo2.sqlite3 --out xa2.xlsx >/dev/null
    expect "merge of two communes" '"households": 320' "$(ranoat merge xa.xlsx xa2.xlsx --out tinh.xlsx --json)"
    [ -s "$files/tinh.xlsx" ] || fail "merge wrote no workbook"
    say "command line: $((SECONDS - t)) s"
}
