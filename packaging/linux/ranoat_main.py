"""The Linux bundle's entry point (PyInstaller): `ranoat` with no arguments opens the GUI."""

import sys

from ranoat.cli import main

if __name__ == "__main__":
    sys.exit(main())
