"""Small message boxes with Indonesian button texts (Qt ships no Indonesian translation of its
own buttons). Tests replace these functions (monkeypatch) so they never block."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication as Q

if TYPE_CHECKING:  # imported where a box is made: its enums cost start-up time, and most
    # sessions never show one
    from PySide6.QtWidgets import QMessageBox, QWidget


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Size a dialog ``width`` x ``height``, but never larger than the screen's free area (a
    1024x600 netbook has about 530 px below a title bar and above the task bar)."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 20), min(height, room.height() - 40)
    window.resize(width, height)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


LONG_LINES = 14  # a message with more lines (say, many refused bundles) scrolls
LONG_CHARS = 1200


def is_long(text: str) -> bool:
    return text.count("\n") >= LONG_LINES or len(text) > LONG_CHARS


def _tell(parent: QWidget | None, warning: bool, title: str, text: str) -> None:
    """A message with one "Tutup" button; a long one in a box that scrolls, never taller
    than the screen (a 1024x600 netbook), so the button stays in reach."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox, QStyle

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    if not is_long(text):
        box = _box(parent, icon, title, text)
        box.addButton(Q.translate("dialogs", "Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        return
    from PySide6.QtWidgets import (
        QDialog,
        QDialogButtonBox,
        QHBoxLayout,
        QLabel,
        QPlainTextEdit,
        QVBoxLayout,
    )

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    row = QHBoxLayout()
    mark = QLabel(dialog)
    pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning if warning else \
        QStyle.StandardPixmap.SP_MessageBoxInformation
    mark.setPixmap(dialog.style().standardIcon(pixmap).pixmap(32, 32))
    row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
    view = QPlainTextEdit(dialog)
    view.setReadOnly(True)
    view.setPlainText(text)
    view.setObjectName("longMessage")
    row.addWidget(view, 1)
    layout.addLayout(row, 1)
    buttons = QDialogButtonBox(dialog)
    close = buttons.addButton(Q.translate("dialogs", "Tutup"),
                              QDialogButtonBox.ButtonRole.AcceptRole)
    close.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    layout.addWidget(buttons)
    fit_on_screen(dialog, 620, 520)
    dialog.exec()


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _tell(parent, True, title or Q.translate("dialogs", "Tidak dapat dilanjutkan"), text)


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _tell(parent, False, title or Q.translate("dialogs", "Desa Layak"), text)


def _input(parent: QWidget | None, title: str, label: str):  # noqa: ANN202 - QInputDialog
    """Qt's input dialog with Indonesian buttons (Qt has no Indonesian translation)."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(Q.translate("dialogs", "OK"))
    dialog.setCancelButtonText(Q.translate("dialogs", "Batal"))
    return dialog


def ask_int(parent: QWidget | None, title: str, label: str, value: int, low: int,
            high: int) -> int | None:
    dialog = _input(parent, title, label)
    dialog.setIntRange(low, high)
    dialog.setIntValue(value)
    return dialog.intValue() if dialog.exec() else None


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> str | None:
    dialog = _input(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    return dialog.textValue() if dialog.exec() else None


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    dialog = _input(parent, title, label)
    return dialog.textValue() if dialog.exec() else None


def confirm(parent: QWidget | None, text: str, yes: str, title: str | None = None) -> bool:
    """Ask before something that cannot be undone easily; True if the person agreed."""
    from PySide6.QtWidgets import QMessageBox

    title = title or Q.translate("dialogs", "Konfirmasi")
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(Q.translate("dialogs", "Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def choose(parent: QWidget | None, text: str, options: list[str], title: str,
           warning: bool = False) -> int | None:
    """A question with a button per option (the last one closes); the index of the chosen
    option, or None when the box was closed another way."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = _box(parent, icon, title, text)
    buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole)
               for option in options[:-1]]
    buttons.append(box.addButton(options[-1], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, b in enumerate(buttons) if b is clicked), None)


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """Unsaved changes: returns 'save', 'discard' or 'cancel'."""
    from PySide6.QtWidgets import QMessageBox

    text = Q.translate("dialogs", "Perubahan pada {what} belum disimpan. Simpan sekarang?")
    box = _box(parent, QMessageBox.Icon.Question,
               Q.translate("dialogs", "Perubahan belum disimpan"), text.format(what=what))
    save = box.addButton(Q.translate("dialogs", "Simpan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(Q.translate("dialogs", "Jangan simpan"),
                            QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(Q.translate("dialogs", "Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
