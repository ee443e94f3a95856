"""The Qt binding itself must not leak or drop references: a long session calls Qt millions of
times. PySide6 6.12.0 under Python 3.11 dropped one reference to None per call of ordinary
setters and getters, and the app aborted ("none_dealloc") after a few thousand; pyproject pins
a version without that fault, and this test guards the pin."""

from __future__ import annotations

import sys

from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QApplication, QLabel


def test_qt_calls_keep_references_to_none(qtbot) -> None:  # noqa: ANN001
    label = QLabel()
    qtbot.addWidget(label)
    item = QStandardItem()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("Lengkap")
        item.data()
        QApplication.processEvents()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"references to None fell from {before} to {after}"
