"""Child-friendly information facilities (item H): the list, one facility's details, and
its photos (attachments with owner_kind 'facility')."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import facilities
from desa_layak.core.facilities import Facility
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext
from desa_layak.ui.record_form import (
    UnsavedInput,
    configure_record_view,
    photos_group,
    record_buttons,
    record_side,
)
from desa_layak.ui.rows_model import RowsModel


class FacilitiesModel(RowsModel):
    items: list[Facility]

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Jenis"),
            self.tr("Nama"),
            self.tr("Lokasi"),
            self.tr("Sejak"),
            self.tr("Kondisi"),
            self.tr("Aktif"),
            self.tr("Foto"),
        )

    def display(self, f: Facility, column: int) -> str:
        return (self.tr(f.kind_label), f.name, f.location or "-",
                str(f.since_year) if f.since_year else "-", self.tr(f.condition_label),
                self.tr("Ya") if f.active else self.tr("Tidak"), str(f.photos))[column]


class FacilitiesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: str | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("Fasilitas informasi layak anak"), self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3b2d;")
        layout.addWidget(self.title)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = FacilitiesModel(self)
        self.view = QTableView(splitter)
        self.view.setModel(self.model)
        configure_record_view(self.view)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.view)

        box = QGroupBox(self.tr("Rincian fasilitas"), self)
        form = QFormLayout(box)
        form.setVerticalSpacing(4)  # form and photos fit a 1024x700 window without scrolling
        self.kind_combo = QComboBox(box)
        for code, label in facilities.KINDS.items():
            self.kind_combo.addItem(self.tr(label), code)
        self.name_edit = QLineEdit(box)
        self.location_edit = QLineEdit(box)
        self.since_spin = QSpinBox(box)
        self.since_spin.setRange(1944, dt.date.today().year + 1)
        self.since_spin.setSpecialValueText(self.tr("tidak diketahui"))
        self.condition_combo = QComboBox(box)
        for code, label in facilities.CONDITIONS.items():
            self.condition_combo.addItem(self.tr(label), code)
        self.active_check = QCheckBox(self.tr("Masih aktif dipakai"), box)
        self.notes_edit = QLineEdit(box)
        form.addRow(self.tr("Jenis"), self.kind_combo)
        form.addRow(self.tr("Nama"), self.name_edit)
        form.addRow(self.tr("Lokasi"), self.location_edit)
        form.addRow(self.tr("Sejak tahun"), self.since_spin)
        form.addRow(self.tr("Kondisi"), self.condition_combo)
        form.addRow("", self.active_check)
        form.addRow(self.tr("Catatan"), self.notes_edit)
        buttons, self.new_button, self.delete_button, self.save_button = record_buttons(
            box, self.tr("Fasilitas baru"), self.tr("Hapus"), self.tr("Simpan"))
        form.addRow(buttons)
        photos_box, self.photos = photos_group(ctx, self.tr("Foto fasilitas"), "facility", self)
        record_side(splitter, box, photos_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        # Typed-in input is asked about before it would be dropped (another facility, a new
        # one, closing the window), as on the checklist page.
        self.guard = UnsavedInput(self, state=self._form_state, what=self._what,
                                  save=self.save,
                                  discard=lambda: self._show_facility(self.current_id))
        self.guard.guard_list(self.view, self.select_row)
        self.new_button.clicked.connect(self._new_clicked)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.photos.changed.connect(self._photos_changed)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Fasilitas ILA")

    # -- unsaved input -------------------------------------------------------------------
    def maybe_leave(self) -> bool:
        """Before the year changes or the window closes: save, discard or stay."""
        return self.guard.maybe_leave()

    def _form_state(self) -> tuple:
        return (self.kind_combo.currentData(), self.name_edit.text().strip(),
                self.location_edit.text().strip(), self.since_spin.value(),
                self.condition_combo.currentData(), self.active_check.isChecked(),
                self.notes_edit.text().strip())

    def _what(self) -> str:
        row = self.guard.row_of(self.current_id)
        name = self.model.items[row].name if row >= 0 else self.name_edit.text().strip()
        if row < 0 and not name:
            return self.tr("fasilitas baru")
        return self.tr("fasilitas \"{name}\"").format(name=name)

    def _show_facility(self, facility_id: str | None) -> None:
        """The stored facility in the form (a new one when it is not listed)."""
        row = self.guard.row_of(facility_id)
        if row < 0:
            self.new_facility()
            return
        self.guard.show_current(facility_id)
        self.select_row(row)

    def _new_clicked(self) -> None:
        if self.guard.maybe_leave():
            self.new_facility()
            self.name_edit.setFocus()

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the facilities; typed-in, unsaved input stays in the form."""
        code = self.ctx.village_code
        items = facilities.list_facilities(self.ctx.store, code) if code else []
        keep = self.current_id
        self.model.set_items(items)
        active = [f for f in items if f.active]
        with_photo = [f for f in active if f.photos]
        if with_photo:
            text = self.tr("{n} fasilitas aktif dengan foto: butir H terpenuhi.").format(
                n=len(with_photo))
        elif active:
            text = self.tr("Ada fasilitas aktif, tetapi belum ada fotonya. Tambahkan foto "
                           "agar butir H lengkap.")
        else:
            text = self.tr("Belum ada fasilitas aktif. Catat perpustakaan desa, pojok baca, "
                           "wifi publik atau PISA beserta fotonya.")
        self.state_label.setText(text)
        if self.guard.is_dirty():
            self.guard.show_current(keep)
        else:
            self._show_facility(keep)

    def select_row(self, row: int) -> None:
        if not 0 <= row < len(self.model.items):
            return
        f = self.model.items[row]
        self.current_id = f.id
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(f.kind)))
        self.name_edit.setText(f.name)
        self.location_edit.setText(f.location)
        self.since_spin.setValue(f.since_year or self.since_spin.minimum())
        self.condition_combo.setCurrentIndex(max(0, self.condition_combo.findData(f.condition)))
        self.active_check.setChecked(f.active)
        self.notes_edit.setText(f.notes)
        self.delete_button.setEnabled(True)
        self.photos.set_owner(f.id)
        self.guard.loaded()

    def new_facility(self) -> None:
        self.current_id = None
        self.guard.show_current(None)
        self.kind_combo.setCurrentIndex(0)
        self.name_edit.clear()
        self.location_edit.clear()
        self.since_spin.setValue(self.since_spin.minimum())
        self.condition_combo.setCurrentIndex(max(0, self.condition_combo.findData("baik")))
        self.active_check.setChecked(True)
        self.notes_edit.clear()
        self.delete_button.setEnabled(False)
        self.photos.set_owner(None, reason=self.tr(
            "Simpan fasilitas terlebih dahulu, lalu tambahkan fotonya."))
        self.guard.loaded()

    def form_facility(self) -> Facility:
        since = self.since_spin.value()
        return Facility(self.current_id, self.ctx.village_code or "",
                        self.kind_combo.currentData(), self.name_edit.text(),
                        self.location_edit.text(),
                        None if since == self.since_spin.minimum() else since,
                        self.condition_combo.currentData(), self.active_check.isChecked(),
                        self.notes_edit.text())

    def save(self) -> bool:
        if not self.ctx.village_code:
            return False
        try:
            saved = facilities.save_facility(self.ctx.store, self.form_facility())
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.current_id = saved.id
        self.guard.loaded()  # what the form shows is stored now
        self.ctx.data_changed.emit()
        self.refresh()
        self.ctx.status_message.emit(self.tr("Fasilitas tersimpan"))
        return True

    def delete(self) -> None:
        if not self.current_id or not dialogs.confirm(
                self, self.tr("Hapus fasilitas ini beserta fotonya?"), self.tr("Hapus")):
            return
        try:
            facilities.delete_facility(self.ctx.store, self.current_id)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.new_facility()
        self.ctx.data_changed.emit()
        self.refresh()

    def _photos_changed(self) -> None:
        self.ctx.data_changed.emit()
        self.refresh()
