"""Baseline for bench/bench_package.py: a bare PySide6 script showing an empty QMainWindow.

Frozen with the same PyInstaller as the app. With ``DESA_LAYAK_EXIT_ON_PAINT=1`` it quits as
soon as the window has been painted once and leaves through ``os._exit`` (no interpreter
teardown): the same end point as the app started with that variable. Without it, the window
simply stays open.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _QuitOnPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Jendela kosong")
    window.resize(1280, 800)
    probe = _QuitOnPaint()
    probe_paint = os.environ.get("DESA_LAYAK_EXIT_ON_PAINT") == "1"
    if probe_paint:
        window.installEventFilter(probe)
    window.show()
    code = app.exec()
    if probe_paint:
        # Same end point as the app's start-up probe: leave without interpreter teardown.
        sys.stdout.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
