"""The questions before a rakor handout: title, date, place and the signing officer.

The last values are remembered in the data folder (``reports.data.save_meeting``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desa_layak.reports.data import Meeting, load_meeting, save_meeting
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext
from desa_layak.ui.document_editor import DateEdit


class RakorDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Bahan rapat koordinasi"))
        self.setMinimumWidth(460)
        last = load_meeting(ctx.store)
        intro = QLabel(self.tr("Isian ini dicetak di halaman sampul. Isian terakhir diingat "
                               "untuk rapat berikutnya."))
        intro.setWordWrap(True)
        self.title_edit = QLineEdit(last.title)
        self.date_edit = DateEdit()  # a whole date can be typed: 27 Maret 2024, 27/03/2024
        when = last.date or dt.date.today()
        self.date_edit.setDate(QDate(when.year, when.month, when.day))
        self.place_edit = QLineEdit(last.place)
        self.place_edit.setPlaceholderText(self.tr("mis. Aula Kantor Camat"))
        self.signer_edit = QLineEdit(last.signer_name)
        self.signer_edit.setPlaceholderText(self.tr("nama lengkap dengan gelar"))
        self.signer_title_edit = QLineEdit(last.signer_title)
        form = QFormLayout()
        self.area_combo: QComboBox | None = None
        ident = ctx.identity
        if ident.area_code.count(".") == 1:  # a kabupaten: all of it, or one of its kecamatan
            from desa_layak.core.setup import districts

            self.area_combo = QComboBox()
            self.area_combo.addItem(self.tr("Seluruh {area}").format(area=ident.area_name),
                                    None)
            for code, name in districts(ctx.store, ident.area_code):
                self.area_combo.addItem(self.tr("Kecamatan {name} ({code})").format(
                    name=name, code=code), code)
            form.addRow(self.tr("Wilayah"), self.area_combo)
        form.addRow(self.tr("Judul rapat"), self.title_edit)
        form.addRow(self.tr("Tanggal"), self.date_edit)
        form.addRow(self.tr("Tempat"), self.place_edit)
        form.addRow(self.tr("Penanda tangan"), self.signer_edit)
        form.addRow(self.tr("Jabatan"), self.signer_title_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lanjutkan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def area(self) -> str | None:
        """The kecamatan chosen for the handout (a kabupaten's), or None: the whole area."""
        return self.area_combo.currentData() if self.area_combo is not None else None

    def meeting(self) -> Meeting:
        d = self.date_edit.date()
        return Meeting(
            title=self.title_edit.text().strip() or Meeting().title,
            date=dt.date(d.year(), d.month(), d.day()),
            place=self.place_edit.text().strip(),
            signer_name=self.signer_edit.text().strip(),
            signer_title=self.signer_title_edit.text().strip() or Meeting().signer_title,
        )

    def accept(self) -> None:
        problem = self.date_edit.problem()
        if problem:
            dialogs.error(self, problem)
            self.date_edit.setFocus()
            return
        save_meeting(self.ctx.store, self.meeting())
        super().accept()
