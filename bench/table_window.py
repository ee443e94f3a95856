"""Reference for bench/bench_package.py: the least a real window with a table and text needs.

Not the target's baseline (that is bench/bare_window.py, an empty window that draws no text
and never touches the ``Qt`` namespace), but the floor under any window that shows data: a
menu, a label, a status line and a table of 13 rows from a Python model, so PySide builds the
``Qt`` namespace's Python enums (the model's ``headerData`` receives a ``Qt.Orientation``) and
Qt loads fonts to draw text. No data folder, no SQLite, no translations, nothing of the app.

Frozen with the same PyInstaller options as the bare window. With ``DESA_LAYAK_EXIT_ON_PAINT=1``
it quits after its first paint without interpreter teardown, like the app and the bare window.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

HEADERS = ("Butir", "Dokumen", "Keadaan", "Berlaku sampai")
ROWS = [(chr(ord("A") + i % 8) + str(i), f"Dokumen contoh {i}", "Ada", "31 Desember 2027")
        for i in range(13)]
DISPLAY = Qt.ItemDataRole.DisplayRole


class _Model(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(ROWS)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = DISPLAY) -> str | None:
        return ROWS[index.row()][index.column()] if role == DISPLAY else None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = DISPLAY) -> str | None:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class _QuitOnPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Jendela tabel")
    window.menuBar().addMenu("Berkas").addAction("Keluar", window.close)
    central = QWidget()
    layout = QVBoxLayout(central)
    label = QLabel("Desa Contoh, Kecamatan Contoh, tahun 2026")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    layout.addWidget(label)
    view = QTableView()
    view.setModel(_Model(view))
    layout.addWidget(view)
    window.setCentralWidget(central)
    window.statusBar().showMessage("Siap")
    window.resize(1280, 800)
    probe = _QuitOnPaint()
    probe_paint = os.environ.get("DESA_LAYAK_EXIT_ON_PAINT") == "1"
    if probe_paint:
        window.installEventFilter(probe)
    window.show()
    code = app.exec()
    if probe_paint:
        sys.stdout.flush()
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
