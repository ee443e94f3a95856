"""Run long jobs off the UI thread, with progress and cancel, through one small helper.

Usage::

    task = run_task(fn, on_done=..., on_error=..., on_progress=..., parent=window)
    # fn(report) runs in a worker thread; report(done, total, text) -> bool (False: cancel)

The worker must open its own database connection: ``Store(path)`` per thread (``store.db`` is
thread-local, so passing the same Store object is fine).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

ProgressFn = Callable[[int, int, str], bool]


class _Worker(QThread):
    progressed = Signal(int, int, str)
    finished_ok = Signal(object)
    failed = Signal(object, str)

    def __init__(self, fn: Callable[[ProgressFn], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        return self._cancel

    def _report(self, done: int, total: int, text: str = "") -> bool:
        self.progressed.emit(done, total, text)
        return not self._cancel

    def run(self) -> None:  # noqa: D401 - QThread API
        try:
            result = self._fn(self._report)
        except BaseException as err:  # noqa: BLE001 - reported to the UI thread
            self.failed.emit(err, traceback.format_exc())
        else:
            self.finished_ok.emit(result)
        finally:
            from desa_layak.storage.db import close_thread_connections

            close_thread_connections()


def run_task(
    fn: Callable[[ProgressFn], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    parent: QObject | None = None,
) -> _Worker:
    worker = _Worker(fn, parent)
    # A modal QProgressDialog's setValue() runs the event loop, so the end of the job can
    # arrive while on_progress is still on the stack; on_done/on_error then wait until it has
    # returned (they close that dialog, and a dialog must not go away inside its own setValue).
    # Progress updates can nest (the event loop run by one delivers the next), so it is a
    # depth, and the waiting call runs when the outermost update returns, even by raising.
    depth = [0]
    pending: list[Callable[[], None]] = []

    def progressed(done: int, total: int, text: str) -> None:
        depth[0] += 1
        try:
            if on_progress:
                on_progress(done, total, text)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                while pending:
                    pending.pop(0)()

    def deliver(call: Callable[[], None]) -> None:
        if depth[0]:
            pending.append(call)
        else:
            call()

    worker.progressed.connect(progressed)
    if on_done:
        worker.finished_ok.connect(lambda result: deliver(lambda: on_done(result)))
    if on_error:
        worker.failed.connect(lambda err, trace: deliver(lambda: on_error(err, trace)))
    worker.finished.connect(worker.deleteLater)
    worker.start()
    return worker
