"""`python -m ranoat` is the same as the `ranoat` command."""

import sys

from ranoat.cli import main

sys.exit(main())
