"""Baseline for bench/bench_package.py: a bare PySide6 script showing an empty QMainWindow.

Run frozen with one argument, ``--screenshot FILE.png``, it shows the window, grabs it once it
has been painted, writes the PNG and exits: the same end point as
``desa-layak --screenshot FILE.png``. Without arguments it just shows the window.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Jendela kosong")
    window.resize(1100, 720)
    window.show()
    if len(argv) == 3 and argv[1] == "--screenshot":
        target = argv[2]

        def grab() -> None:
            window.grab().save(target, "PNG")
            app.quit()

        QTimer.singleShot(0, grab)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
