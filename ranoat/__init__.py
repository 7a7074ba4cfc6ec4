"""Ranoat core: poverty standards, classification, storage, Excel and merging.

This package never imports Qt (enforced by import-linter): the CLI, the merge at the level above
and every core test run without a display.
"""

from importlib import metadata

try:
    __version__ = metadata.version("ranoat")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
