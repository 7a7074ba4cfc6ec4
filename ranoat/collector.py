"""Python's cyclic garbage collector paused around bulk work (an export, a merge).

Such work builds hundreds of thousands of rows or cells that live until it ends; each full
collection walks all of them, which took a third of an export's time and a third of a merge's
reading (bench/bench_export.py, bench/bench_merge.py, docs/performance.md). Nothing in that work
depends on collecting cycles: memory is freed by reference counting, and anything cyclic is
collected once the collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
