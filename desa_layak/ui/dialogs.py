"""Small message boxes with Indonesian button texts (Qt ships no Indonesian translation of its
own buttons). Tests replace these functions (monkeypatch) so they never block."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _t(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title or _t("Tidak dapat dilanjutkan"), text)
    box.addButton(_t("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title or _t("Desa Layak"), text)
    box.addButton(_t("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, text: str, yes: str, title: str | None = None) -> bool:
    """Ask before something that cannot be undone easily; True if the person agreed."""
    box = _box(parent, QMessageBox.Icon.Question, title or _t("Konfirmasi"), text)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_t("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """Unsaved changes: returns 'save', 'discard' or 'cancel'."""
    box = _box(parent, QMessageBox.Icon.Question, _t("Perubahan belum disimpan"),
               _t("Perubahan pada {what} belum disimpan. Simpan sekarang?").format(what=what))
    save = box.addButton(_t("Simpan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_t("Jangan simpan"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_t("Batal"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"
