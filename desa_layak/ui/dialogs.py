"""Small message boxes with Indonesian button texts (Qt ships no Indonesian translation of its
own buttons). Tests replace these functions (monkeypatch) so they never block."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication as Q

if TYPE_CHECKING:  # imported where a box is made: its enums cost start-up time, and most
    # sessions never show one
    from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    title = title or Q.translate("dialogs", "Tidak dapat dilanjutkan")
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton(Q.translate("dialogs", "Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    title = title or Q.translate("dialogs", "Desa Layak")
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton(Q.translate("dialogs", "Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


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
