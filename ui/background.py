"""Long work off the GUI thread: one worker object on its own QThread, wired and stopped in one place.

A worker is a QObject with a ``run()`` slot, a ``cancel()`` method and four signals: ``progressed(int,
int, str)``, ``finished(object)``, ``failed(str)`` and ``cancelled()``. The handlers given here should be
bound methods of a QObject living on the GUI thread, so that Qt queues the calls there (a lambda would
run on the worker thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread


class Background:
    def __init__(
        self,
        owner: QObject,
        worker: Any,
        *,
        progressed: Callable[[int, int, str], None],
        finished: Callable[[Any], None],
        failed: Callable[[str], None],
        cancelled: Callable[[], None],
    ) -> None:
        self.worker = worker
        self.thread = QThread(owner)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.progressed.connect(progressed)
        worker.finished.connect(finished)
        worker.failed.connect(failed)
        worker.cancelled.connect(cancelled)
        for signal in (worker.finished, worker.failed, worker.cancelled):
            signal.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def running(self) -> bool:
        return self.thread.isRunning()

    def cancel(self) -> None:
        """Ask the worker to stop at its next check; its ``cancelled`` signal says when it has."""
        self.worker.cancel()

    def stop(self) -> None:
        """Wait for the thread to end (after the worker's last signal)."""
        self.thread.quit()
        self.thread.wait()
