"""List the UI messages still to translate: `python tools/untranslated.py [--json] [--hardcoded]`.

The same as `python -m tools.translations untranslated`; see tools/translations.py for the workflow.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's tools, not another's

from tools.translations import main

if __name__ == "__main__":
    sys.exit(main(["untranslated", *sys.argv[1:]]))
