"""Profil desa: names of the Kepala Desa/Lurah and the secretary, address, report place."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core.setup import update_profile, village_profile
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style
from desa_layak.ui.context import AppContext


class ProfileDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        code = ctx.identity.area_code
        prof = village_profile(ctx.store, code)
        self.setWindowTitle(self.tr("Profil desa"))
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{prof.full_name}</b> ({prof.code})<br>"
                         + self.tr("Kecamatan {kec}, {kab}").format(
                             kec=prof.district_name, kab=prof.regency_name))
        layout.addWidget(heading)
        form = QFormLayout()
        self.head_name = QLineEdit(prof.head_name or "")
        self.secretary_name = QLineEdit(prof.secretary_name or "")
        self.address = QPlainTextEdit(prof.address or "")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.report_place = QLineEdit(prof.report_place or "")
        self.report_place.setPlaceholderText(self.tr("mis. Kandangan"))
        form.addRow(self.tr("Nama {title}:").format(title=prof.head_title), self.head_name)
        form.addRow(self.tr("Nama sekretaris:"), self.secretary_name)
        form.addRow(self.tr("Alamat kantor:"), self.address)
        form.addRow(self.tr("Tempat laporan:"), self.report_place)
        layout.addLayout(form)
        hint = QLabel(self.tr("Nama-nama ini dipakai pada laporan dan lembar rakor."))
        style.muted(hint)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Simpan"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def save(self) -> None:
        try:
            update_profile(
                self.ctx.store, self.ctx.identity.area_code,
                head_name=self.head_name.text(), secretary_name=self.secretary_name.text(),
                address=self.address.toPlainText(), report_place=self.report_place.text())
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.accept()
