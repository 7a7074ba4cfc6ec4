"""Shared test setup. Qt must know it has no display before PySide6 is imported anywhere."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
