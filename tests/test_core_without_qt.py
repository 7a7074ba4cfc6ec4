"""The core must import and work with PySide6 (and the ui package) unimportable.

Run in a fresh interpreter with an import hook that refuses Qt, so modules the test session has
already imported cannot hide a Qt import.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import ranoat

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    BLOCKED = ("PySide6", "shiboken6", "ui", "matplotlib")

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, Refuse())
    import ranoat
    # Alembic's env.py and revisions run inside Alembic, not on import: they are loaded below by
    # opening a database, which runs every migration.
    names = [
        m.name for m in pkgutil.walk_packages(ranoat.__path__, "ranoat.")
        if not m.name.endswith("__main__")
        and not m.name.startswith(("ranoat.storage.migrations.", "ranoat.province.migrations."))
    ]
    for name in names:
        importlib.import_module(name)
    loaded = sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED)
    assert not loaded, loaded
    # and the headless CLI works
    from ranoat.cli import main
    assert main(["standards", "--json"]) == 0
    import tempfile, pathlib
    from ranoat.demo import create_demo
    with tempfile.TemporaryDirectory() as folder:
        create_demo(pathlib.Path(folder) / "demo.sqlite3", households=5, seed=1)
    loaded = sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED)
    assert not loaded, loaded
    print("IMPORTED", len(names))
    """
)


def test_every_core_module_imports_without_qt() -> None:
    root = Path(ranoat.__file__).parent
    run_by_alembic: set[Path] = set()
    for migrations in (root / "storage" / "migrations", root / "province" / "migrations"):
        run_by_alembic |= {p for p in migrations.rglob("*.py")} - {migrations / "__init__.py"}
    expected = len([p for p in root.rglob("*.py") if p.name != "__main__.py" and p not in run_by_alembic])
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    imported = int(done.stdout.strip().splitlines()[-1].split()[1])
    # every module file (package __init__ files count as their package), minus the top package itself
    assert imported == expected - 1
