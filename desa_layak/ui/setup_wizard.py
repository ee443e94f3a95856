"""First-run set-up: the role (desa/kelurahan or kecamatan) and the area from the official list.

Two ways to choose, kept in step: type part of a name into the search field and pick a result,
or go down province → kabupaten/kota → kecamatan → desa/kelurahan (each list also filters as
you type)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import setup, wilayah
from desa_layak.errors import DesaLayakError
from desa_layak.storage.db import Store
from desa_layak.ui import dialogs, style
from desa_layak.ui.views import MinimumHeightHint, scroll_pane

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 60


class AreaCombo(QComboBox):
    """An editable combo of areas; typing filters by any part of the name."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_areas(self, areas: list[wilayah.Area], placeholder: str) -> None:
        self.blockSignals(True)
        self.clear()
        for area in areas:
            self.addItem(area.name, area.code)
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(placeholder)
        self.setEnabled(bool(areas))
        self.blockSignals(False)

    def code(self) -> str | None:
        idx = self.currentIndex()
        if idx < 0 or self.currentText() != self.itemText(idx):
            return None
        return self.itemData(idx)

    def select_code(self, code: str) -> None:
        idx = self.findData(code)
        self.blockSignals(True)
        self.setCurrentIndex(idx)
        self.blockSignals(False)


class _ResultsList(MinimumHeightHint, QListWidget):
    """Search results: on a short screen the step-by-step lists below stay in view."""


class SetupWizard(QDialog):
    """Asks role and area once, then calls ``core.setup.initialise``."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.identity: setup.Identity | None = None
        self.setWindowTitle(self.tr("Penyiapan awal – Desa Layak"))
        # Everything but the choice and the buttons scrolls when the screen is short (a
        # 1024x600 netbook): "Mulai" stays in reach.
        self.setMinimumSize(560, 400)
        outer = QVBoxLayout(self)
        scroll = scroll_pane(self)
        content = QWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        intro = QLabel(self.tr(
            "<h2>Selamat datang di Desa Layak</h2>"
            "Sebelum mulai, pilih siapa yang memakai aplikasi ini dan wilayahnya. "
            "Pilihan ini disimpan di folder data dan cukup dilakukan sekali."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        role_box = QGroupBox(self.tr("Pengguna"), self)
        role_layout = QVBoxLayout(role_box)
        self.role_desa = QRadioButton(
            self.tr("Desa / Kelurahan – mengisi kelengkapan desa sendiri"))
        self.role_kecamatan = QRadioButton(
            self.tr("Kecamatan – menghimpun data dari desa-desa di wilayahnya"))
        self.role_desa.setChecked(True)
        self.roles = QButtonGroup(self)
        self.roles.addButton(self.role_desa)
        self.roles.addButton(self.role_kecamatan)
        role_layout.addWidget(self.role_desa)
        role_layout.addWidget(self.role_kecamatan)
        layout.addWidget(role_box)

        area_box = QGroupBox(self.tr("Wilayah"), self)
        area_layout = QVBoxLayout(area_box)
        self.search_edit = QLineEdit(area_box)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Cari wilayah"))
        area_layout.addWidget(QLabel(self.tr("Cari menurut nama atau kode:")))
        area_layout.addWidget(self.search_edit)
        self.results = _ResultsList(area_box)
        self.results.setMinimumHeight(110)
        self.results.setAlternatingRowColors(True)
        area_layout.addWidget(self.results, 1)

        area_layout.addWidget(QLabel(self.tr("atau pilih bertahap:")))
        form = QFormLayout()
        self.province = AreaCombo(area_box)
        self.regency = AreaCombo(area_box)
        self.district = AreaCombo(area_box)
        self.village = AreaCombo(area_box)
        form.addRow(self.tr("Provinsi:"), self.province)
        form.addRow(self.tr("Kabupaten/Kota:"), self.regency)
        form.addRow(self.tr("Kecamatan:"), self.district)
        self.village_label = QLabel(self.tr("Desa/Kelurahan:"))
        form.addRow(self.village_label, self.village)
        area_layout.addLayout(form)
        layout.addWidget(area_box, 1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        style.set_font(self.chosen_label, bold=True)
        outer.addWidget(self.chosen_label)

        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton(self.tr("Mulai"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.finish)
        cancel.clicked.connect(self.reject)
        outer.addWidget(buttons)
        dialogs.fit_on_screen(self, 680, 680)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(self._on_result)
        self.results.itemActivated.connect(lambda _i: self.finish())
        self.roles.buttonToggled.connect(self._on_role)
        self.province.currentIndexChanged.connect(lambda _i: self._cascade(self.province))
        self.regency.currentIndexChanged.connect(lambda _i: self._cascade(self.regency))
        self.district.currentIndexChanged.connect(lambda _i: self._cascade(self.district))
        self.village.currentIndexChanged.connect(lambda _i: self._update_chosen())
        for combo in (self.province, self.regency, self.district, self.village):
            combo.lineEdit().editingFinished.connect(self._update_chosen)

        self.setTabOrder(self.role_desa, self.role_kecamatan)
        self.setTabOrder(self.role_kecamatan, self.search_edit)
        self.setTabOrder(self.search_edit, self.results)
        self.setTabOrder(self.results, self.province)
        self.setTabOrder(self.province, self.regency)
        self.setTabOrder(self.regency, self.district)
        self.setTabOrder(self.district, self.village)
        self.setTabOrder(self.village, self.start_button)

        self.province.set_areas(wilayah.children(None), self.tr("ketik untuk mencari provinsi"))
        self._clear_below(self.province)
        self._on_role()
        self.search_edit.setFocus()

    # -- role ----------------------------------------------------------------------------
    @property
    def role(self) -> str:
        return "kecamatan" if self.role_kecamatan.isChecked() else "desa"

    def _on_role(self, *_args) -> None:  # noqa: ANN002
        village = self.role == "desa"
        self.village.setVisible(village)
        self.village_label.setVisible(village)
        self.search_edit.setPlaceholderText(
            self.tr("mis. Gambah Luar, atau 63.06.05.2005") if village
            else self.tr("mis. Kandangan, atau 63.06.05"))
        if self.search_edit.text().strip():
            self.run_search()
        self._update_chosen()

    # -- search --------------------------------------------------------------------------
    def run_search(self) -> None:
        text = self.search_edit.text().strip()
        self.results.clear()
        if len(text) < 2:
            return
        levels = (4,) if self.role == "desa" else (3, 2)
        found: list[wilayah.Area] = []
        for level in levels:
            found += wilayah.search(text, level=level, limit=SEARCH_LIMIT)
        for area in found[:SEARCH_LIMIT]:
            item = QListWidgetItem(self._describe(area))
            item.setData(Qt.ItemDataRole.UserRole, area.code)
            self.results.addItem(item)
        if not found:
            item = QListWidgetItem(self.tr("Tidak ada wilayah yang cocok dengan '{text}'.")
                                   .format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        elif len(found) == 1:
            self.results.setCurrentRow(0)

    def _describe(self, area: wilayah.Area) -> str:
        line = wilayah.lineage(area.code)
        if area.level == 4:
            name = f"{area.village_kind.capitalize()} {area.name}"
            where = self.tr("Kec. {kec}, {kab}, {prov}").format(
                kec=line[2].name, kab=line[1].name, prov=line[0].name)
        elif area.level == 3:
            name = self.tr("Kecamatan {name}").format(name=area.name)
            where = f"{line[1].name}, {line[0].name}"
        else:
            name = area.name
            where = line[0].name
        return f"{name} — {where}  ({area.code})"

    def _on_result(self, current: QListWidgetItem | None, _previous=None) -> None:  # noqa: ANN001
        if current is None:
            return
        code = current.data(Qt.ItemDataRole.UserRole)
        if code:
            self.select_area(code)

    # -- step by step --------------------------------------------------------------------
    def _combos(self) -> list[AreaCombo]:
        return [self.province, self.regency, self.district, self.village]

    def _clear_below(self, combo: AreaCombo) -> None:
        combos = self._combos()
        for below in combos[combos.index(combo) + 1:]:
            below.set_areas([], "")

    def _cascade(self, combo: AreaCombo) -> None:
        combos = self._combos()
        i = combos.index(combo)
        self._clear_below(combo)
        code = combo.code()
        if code and i + 1 < len(combos):
            placeholders = [self.tr("ketik untuk mencari kabupaten/kota"),
                            self.tr("ketik untuk mencari kecamatan"),
                            self.tr("ketik untuk mencari desa/kelurahan")]
            combos[i + 1].set_areas(wilayah.children(code), placeholders[i])
        self._update_chosen()

    def select_area(self, code: str) -> None:
        """Set the step-by-step lists to this area (and its parents)."""
        line = wilayah.lineage(code)
        combos = self._combos()
        for depth, area in enumerate(line):
            combos[depth].select_code(area.code)
            self._clear_below(combos[depth])
            if depth + 1 < len(combos):
                combos[depth + 1].set_areas(wilayah.children(area.code), "")
        self._update_chosen()

    # -- the choice ----------------------------------------------------------------------
    def chosen_code(self) -> str | None:
        """The area code the current choice points at, fit for the role (or None)."""
        if self.role == "desa":
            return self.village.code()
        return self.district.code() or self.regency.code()

    def _update_chosen(self) -> None:
        code = self.chosen_code()
        self.start_button.setEnabled(code is not None)
        if code is None:
            self.chosen_label.setText(
                self.tr("Pilih desa/kelurahan Anda.") if self.role == "desa"
                else self.tr("Pilih kecamatan (atau kabupaten) Anda."))
            style.muted(self.chosen_label)
            return
        style.set_colour(self.chosen_label, style.DARK_GREEN)
        self.chosen_label.setText(self.tr("Terpilih: {area}").format(
            area=self._describe(wilayah.get(code))))

    def finish(self) -> None:
        code = self.chosen_code()
        if code is None:
            return
        try:
            self.identity = setup.initialise(self.store, self.role, code)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.accept()
