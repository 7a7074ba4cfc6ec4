"""Long work off the GUI thread: one worker object on its own QThread, wired and stopped in one place.

A worker is a QObject with a ``run()`` slot, a ``cancel()`` method and four signals: ``progressed(int,
int, str)``, ``finished(object)``, ``failed(str)`` and ``cancelled()``. The handlers given here should be
bound methods of a QObject living on the GUI thread, so that Qt queues the calls there (a lambda would
run on the worker thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QWidget


class Worker(QObject):
    """The base of a worker: the four signals `Background` connects and a cancel flag that the
    worker's ``run()`` checks (``self.cancel_requested``)."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.cancel_requested = False

    def cancel(self) -> None:
        self.cancel_requested = True

    def run(self) -> None:
        raise NotImplementedError


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


class WorkDialog(QDialog):
    """A dialog whose work runs in the background, with ``progress`` (a QProgressBar) and ``status``
    (a QLabel) made by the subclass, and a cancel that first stops the work, then closes.
    Subclasses give ``_finished(result)``, ``_failed(message)`` and ``_cancelled()``."""

    progress: QProgressBar
    status: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job: Background | None = None

    def run_in_background(self, worker: QObject) -> None:
        self._job = Background(
            self,
            worker,
            progressed=self._progressed,
            finished=self._finished,
            failed=self._failed,
            cancelled=self._cancelled,
        )
        self._job.start()

    def is_running(self) -> bool:
        return self._job is not None and self._job.running()

    def cancel(self) -> None:
        if self._job is not None and self.is_running():
            self._job.cancel()
            self.status.setText(self.tr("Đang huỷ…"))
        else:
            self.reject()

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(what)

    def _stop_job(self) -> None:
        """After the worker's last signal: wait for its thread to end and forget it."""
        if self._job is not None:
            self._job.stop()
        self._job = None

    def _finished(self, result: Any) -> None:
        raise NotImplementedError

    def _failed(self, message: str) -> None:
        raise NotImplementedError

    def _cancelled(self) -> None:
        raise NotImplementedError
