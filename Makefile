# Two commands from a fresh clone (see README.md):
#   make run    start Ranoat on the default database in your data folder
#   make test   run the whole test suite
# Both install what they need first: uv (into .tools/ if it is not on PATH), then the project
# and its locked dependencies into .venv/ (uv sync --frozen, from uv.lock).

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test check setup screenshots translations windows-installer windows-portable windows-check linux-bundle linux-check

run: setup
	$(UV) run ranoat

test: setup
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(UV) run pytest

# What CI runs besides the tests: lint, types, the core/GUI boundary.
check: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(UV) run python -m ui.screenshots docs/img

# The English UI (resources/i18n): pyside6-lupdate collects the strings of ui/ into ranoat_en.ts (new ones
# unfinished), pyside6-lrelease compiles every .ts to the .qm Ranoat loads. Then translate what
# `uv run python tools/untranslated.py` lists and run it again (README: Translations).
translations: setup
	$(UV) run python -m tools.translations update

setup: $(UV)
	$(UV) sync --frozen --quiet

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

# Packaging (issue #15, docs/cai-dat.md): none of these is part of `make test`.
# The Windows x64 installer and portable zip, built on Linux from uv.lock (needs nsis, osslsigncode):
#   dist/Ranoat-<version>-win64-setup.exe, dist/Ranoat-<version>-win64-portable.zip
PACKAGING_PY := .tools/packaging/bin/python

$(PACKAGING_PY): packaging/requirements-build.txt
	python3 -m venv .tools/packaging
	.tools/packaging/bin/pip install --quiet --disable-pip-version-check --require-hashes -r packaging/requirements-build.txt
	touch $@

windows-installer: setup $(PACKAGING_PY)
	UV=$(UV) $(PACKAGING_PY) packaging/windows/build.py installer

windows-portable: setup $(PACKAGING_PY)
	UV=$(UV) $(PACKAGING_PY) packaging/windows/build.py portable

# The installer checked under Wine 10 (a Debian 13 chroot in build/wine-trixie; root, ~20 min; after
# make windows-installer, and windows-portable for the portable step):
# install, CLI smoke tests, the GUI's first start (docs/img/windows-first-start.png), upgrade, uninstall.
windows-check: $(PACKAGING_PY)
	UV=$(abspath $(UV)) PACKAGING_PY=$(abspath $(PACKAGING_PY)) packaging/windows/check.sh

# The Linux one-folder bundle (PyInstaller), dist/Ranoat-<version>-linux-x86_64.tar.gz, and its check:
# CLI smoke tests, the GUI on Xvfb with xcb, upgrade in place (see packaging/linux/check.sh).
linux-bundle: setup
	UV=$(abspath $(UV)) packaging/linux/build.sh

linux-check:
	UV=$(abspath $(UV)) packaging/linux/check.sh
