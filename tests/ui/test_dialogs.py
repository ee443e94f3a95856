"""ui/dialogs: a long message scrolls inside a box that fits the screen; input dialogs have
Indonesian buttons."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from desa_layak.ui import dialogs

# The real functions: tests/ui/conftest.py replaces them for every test (so no box blocks);
# these tests open the real boxes and close them themselves.
ERROR, INFO, ASK_ITEM = dialogs.error, dialogs.info, dialogs.ask_item
MESSAGE_BOX_EXEC = QMessageBox.exec


def _when_shown(check) -> None:  # noqa: ANN001 - check(dialog) runs on the open modal box
    tries = [250]  # 5 s; then it stops looking (and the test fails on what it did not see)

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, look)
            return
        try:
            check(box)
        finally:
            box.close()

    QTimer.singleShot(20, look)


def test_a_long_message_scrolls_and_its_button_stays_on_screen(qtbot) -> None:  # noqa: ANN001
    text = "\n\n".join(f"bundel-{n}.dkla: ditolak karena alasan yang panjang sekali "
                       "dan diulang-ulang agar baris ini terlipat." for n in range(30))
    seen: dict[str, object] = {}

    def check(box) -> None:  # noqa: ANN001
        view = box.findChild(QPlainTextEdit, "longMessage")
        seen["text"] = view.toPlainText()
        seen["scrolls"] = view.verticalScrollBar().maximum() > 0
        seen["buttons"] = [b.text() for b in box.findChild(QDialogButtonBox).buttons()]
        room = QGuiApplication.primaryScreen().availableGeometry()
        seen["fits"] = box.frameGeometry().height() <= room.height()

    _when_shown(check)
    ERROR(None, text, "Impor bundel")
    assert seen == {"text": text, "scrolls": True, "buttons": ["Tutup"], "fits": True}


def test_a_short_message_is_a_plain_message_box(qtbot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QMessageBox, "exec", MESSAGE_BOX_EXEC)
    seen: list[str] = []
    _when_shown(lambda box: seen.extend(b.text() for b in box.findChildren(QPushButton)))
    INFO(None, "3 diimpor, 0 sudah pernah diimpor, 0 ditolak.")
    assert seen == ["Tutup"]


def test_input_dialogs_say_batal(qtbot) -> None:  # noqa: ANN001
    seen: list[str] = []

    def check(box) -> None:  # noqa: ANN001
        seen.extend(sorted(b.text() for b in box.findChildren(QPushButton)))

    _when_shown(check)
    assert ASK_ITEM(None, "Laporan desa", "Desa:", ["A", "B"]) is None  # closed
    assert seen == ["Batal", "OK"]
