"""Baseline for bench/bench_startup.py: a bare PySide6 script that opens an empty QMainWindow
and ends as soon as the window has been painted once — the same end point, and the same way of
ending (no interpreter teardown), as the app started with DESA_LAYAK_EXIT_ON_PAINT=1."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def _exit_now() -> None:
    sys.stdout.flush()
    os._exit(0)


class _QuitOnPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, _exit_now)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    probe = _QuitOnPaint()
    window.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
