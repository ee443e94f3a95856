"""The teams behind items B-E (Tim DLA, Tim DRPPA, PATBM, Forum Anak): members by sex and
the chair in an editable table, and the year's activities with an optional photo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import teams
from desa_layak.core.formatting import format_date
from desa_layak.core.teams import Activity, Team
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext
from desa_layak.ui.document_editor import DateEdit
from desa_layak.ui.figures_data_pilah_page import WholeNumberDelegate
from desa_layak.ui.record_form import (
    UnsavedInput,
    configure_record_view,
    on_current_row,
    photos_group,
    record_buttons,
    record_side,
)
from desa_layak.ui.rows_model import Index, RowsModel


class TeamsModel(RowsModel):
    """Four rows (one per team); members L/P and the chair are edited in place and saved."""

    items: list[Team]

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Butir"),
            self.tr("Tim"),
            self.tr("Laki-laki"),
            self.tr("Perempuan"),
            self.tr("Jumlah"),
            self.tr("Ketua"),
            self.tr("Kegiatan"),
        )

    COL_L, COL_P, COL_TOTAL, COL_CHAIR = 2, 3, 4, 5
    rejected = Signal(str)
    saved = Signal()

    def __init__(self, ctx: AppContext, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx

    @property
    def teams(self) -> list[Team]:
        return self.items

    def load(self) -> None:
        code = self.ctx.village_code
        self.set_items(teams.get_teams(self.ctx.store, code, self.ctx.year) if code else [])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.COL_L, self.COL_P, self.COL_CHAIR):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        t = self.teams[index.row()]
        col = index.column()
        values = (t.item_code, self.tr(t.name), t.members_l, t.members_p, t.members,
                  t.chair_name, len(t.activities))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return values[col] if role == Qt.ItemDataRole.EditRole else str(values[col])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == self.COL_TOTAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001, N802
        if role != Qt.ItemDataRole.EditRole or not self.ctx.village_code:
            return False
        t = self.teams[index.row()]
        col = index.column()
        field = {self.COL_L: "members_l", self.COL_P: "members_p",
                 self.COL_CHAIR: "chair_name"}.get(col)
        if field is None:
            return False
        if field != "chair_name" and str(value).strip() == "":
            value = 0
        try:
            updated = teams.set_team(self.ctx.store, self.ctx.village_code, self.ctx.year,
                                     t.key, **{field: value})
        except DesaLayakError as err:
            self.rejected.emit(str(err))
            return False
        self.teams[index.row()] = updated
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        self.saved.emit()
        return True


class ActivitiesModel(RowsModel):
    items: list[Activity]

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Tanggal"),
            self.tr("Tim"),
            self.tr("Kegiatan"),
            self.tr("Catatan"),
            self.tr("Foto"),
        )

    COL_TEAM = 1
    _short_names: dict[str, str] | None = None

    def short_team(self, key: str) -> str:
        """Short team names leave the room to the activity and its note."""
        names = self._short_names
        if names is None:  # translated once, at first use
            names = self._short_names = {
                "tim_dla": self.tr("Tim DLA"), "tim_drppa": self.tr("Tim DRPPA"),
                "patbm": self.tr("PATBM"), "forum_anak": self.tr("Forum Anak")}
        item, full = teams.TEAMS.get(key, ("", key))
        return f"{item}. {names.get(key) or self.tr(full)}"

    def display(self, a: Activity, column: int) -> str:
        return (format_date(a.date), self.short_team(a.team_key), a.title,
                a.note or "-", str(a.photos))[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            a = self.items[index.row()]
            if index.column() == self.COL_TEAM:
                item, full = teams.TEAMS.get(a.team_key, ("", a.team_key))
                return f"{item}. {self.tr(full)}"
            if index.column() in (2, 3):  # may be cut in a narrow window
                return self.display(a, index.column())
            return None
        return super().data(index, role)


class TeamsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: str | None = None
        self._own_change = False
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3b2d;")
        layout.addWidget(self.title)
        hint = QLabel(self.tr("Jumlah anggota menurut jenis kelamin dan nama ketua; klik dua "
                              "kali untuk mengubah. SK tiap tim tetap dicatat di halaman "
                              "Kelengkapan."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #55615b;")
        layout.addWidget(hint)

        self.model = TeamsModel(ctx, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        delegate = WholeNumberDelegate(teams.MAX_MEMBERS, self.view)
        self.view.setItemDelegateForColumn(TeamsModel.COL_L, delegate)
        self.view.setItemDelegateForColumn(TeamsModel.COL_P, delegate)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TeamsModel.COL_CHAIR, QHeaderView.ResizeMode.Stretch)
        self.view.setFixedHeight(30 + 4 * 30)
        layout.addWidget(self.view)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()  # takes room only while it says something
        layout.addWidget(self.message)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.act_model = ActivitiesModel(self)
        self.act_view = QTableView(splitter)
        self.act_view.setModel(self.act_model)
        configure_record_view(self.act_view)
        h2 = self.act_view.horizontalHeader()
        h2.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        h2.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.act_view.setWordWrap(False)
        splitter.addWidget(self.act_view)

        box = QGroupBox(self.tr("Kegiatan tim"), self)
        form = QFormLayout(box)
        form.setVerticalSpacing(4)  # form and photos fit a 1024x700 window without scrolling
        self.team_combo = QComboBox(box)
        for key, (item, name) in teams.TEAMS.items():
            self.team_combo.addItem(f"{item}. {self.tr(name)}", key)
        # Created in Tab order (Qt's focus chain follows creation): date, then its check box.
        self.date_edit = DateEdit(box)  # a whole date may be typed too: 14/03/2026
        self.date_known = QCheckBox(self.tr("Tanggal diketahui"), box)
        # room for the longest date ("30 September 2026") and the calendar button
        self.date_edit.setMinimumWidth(
            self.date_edit.fontMetrics().horizontalAdvance("30 September 2026") + 44)
        self.title_edit = QLineEdit(box)
        self.note_edit = QLineEdit(box)
        form.addRow(self.tr("Tim"), self.team_combo)
        form.addRow(self.tr("Tanggal"), self.date_edit)
        form.addRow("", self.date_known)  # own row: the date stays whole on 1024 px screens
        form.addRow(self.tr("Kegiatan"), self.title_edit)
        form.addRow(self.tr("Catatan singkat"), self.note_edit)
        buttons, self.new_button, self.delete_button, self.save_button = record_buttons(
            box, self.tr("Kegiatan baru"), self.tr("Hapus"), self.tr("Simpan kegiatan"))
        form.addRow(buttons)
        photos_box, self.photos = photos_group(
            ctx, self.tr("Foto kegiatan (tidak wajib)"), "activity", self)
        record_side(splitter, box, photos_box, min_width=400)
        splitter.setChildrenCollapsible(False)
        # The list gets the larger share: activity and note are its widest columns.
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([580, 420])
        layout.addWidget(splitter, 1)

        self.model.rejected.connect(self._show_message)
        self.model.saved.connect(self._team_saved)
        self.date_known.toggled.connect(self.date_edit.setEnabled)
        # Typed-in input is asked about before it would be dropped (another activity, a new
        # one, another team's, another year, closing the window), as on the checklist page.
        self.guard = UnsavedInput(self, state=self._form_state, what=self._what,
                                  save=self.save_activity,
                                  discard=lambda: self._show_activity(self.current_id))
        self.guard.guard_list(self.act_view, self.select_activity)
        self.new_button.clicked.connect(self._new_clicked)
        self.save_button.clicked.connect(self.save_activity)
        self.delete_button.clicked.connect(self.delete_activity)
        self.photos.changed.connect(self._changed)
        on_current_row(self.view, self.select_team)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Tim")

    # -- unsaved input -------------------------------------------------------------------
    def maybe_leave(self) -> bool:
        """Before the year changes or the window closes: save, discard or stay."""
        return self.guard.maybe_leave()

    def _form_state(self) -> tuple:
        date = self.date_edit
        return (self.team_combo.currentData(), self.date_known.isChecked(),
                date.date().toString("yyyy-MM-dd"),
                date.lineEdit().text() if date.is_typing() else "",
                self.title_edit.text().strip(), self.note_edit.text().strip())

    def _what(self) -> str:
        row = self.guard.row_of(self.current_id)
        title = self.act_model.items[row].title if row >= 0 else self.title_edit.text().strip()
        if row < 0 and not title:
            return self.tr("kegiatan baru")
        return self.tr("kegiatan \"{title}\"").format(title=title)

    def _show_activity(self, activity_id: str | None) -> None:
        """The stored activity in the form (a new one when it is not listed)."""
        row = self.guard.row_of(activity_id)
        if row < 0:
            self.new_activity()
            return
        self.guard.show_current(activity_id)
        self.select_activity(row)

    def _new_clicked(self) -> None:
        if self.guard.maybe_leave():
            self.new_activity()
            self.title_edit.setFocus()

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read teams and activities; typed-in, unsaved input stays in the form."""
        if self._own_change:
            return
        self.title.setText(self.tr("Tim dan kegiatannya {year}").format(year=self.ctx.year))
        self.model.load()
        code = self.ctx.village_code
        acts = teams.activities(self.ctx.store, code, self.ctx.year) if code else []
        self.act_model.set_items(acts)
        if self.guard.is_dirty():
            self.guard.show_current(self.current_id)
        else:
            self._show_activity(self.current_id)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _team_saved(self) -> None:
        self._show_message("")
        self._own_change = True
        try:
            self.ctx.data_changed.emit()
        finally:
            self._own_change = False
        self.ctx.status_message.emit(self.tr("Tersimpan"))

    def _changed(self) -> None:
        self.ctx.data_changed.emit()
        self.refresh()

    def _default_date(self) -> QDate:
        today = dt.date.today()
        d = today if today.year == self.ctx.year else dt.date(self.ctx.year, 1, 1)
        return QDate(d.year, d.month, d.day)

    def new_activity(self) -> None:
        self.current_id = None
        # No current row either: clicking the same activity again then loads it again.
        self.guard.show_current(None)
        self.date_edit.setDateRange(QDate(self.ctx.year, 1, 1), QDate(self.ctx.year, 12, 31))
        self.date_edit.setDate(self._default_date())
        self.date_known.setChecked(True)
        self.title_edit.clear()
        self.note_edit.clear()
        self.delete_button.setEnabled(False)
        self.photos.set_owner(None, reason=self.tr(
            "Simpan kegiatan terlebih dahulu, lalu tambahkan fotonya bila ada."))
        self.guard.loaded()

    def select_team(self, row: int) -> None:
        """A team chosen in the table above is the team of the activity form; an activity of
        another team that was shown makes room for a new one of this team (after asking
        about its unsaved input: staying keeps it)."""
        if not 0 <= row < len(self.model.teams):
            return
        key = self.model.teams[row].key
        if self.current_id is not None and self.team_combo.currentData() != key:
            if not self.guard.maybe_leave():
                return
            self.new_activity()
        clean = not self.guard.is_dirty()
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(key)))
        if clean:  # the team of an untouched new activity is no input of the person's
            self.guard.loaded()

    def select_activity(self, row: int) -> None:
        if not 0 <= row < len(self.act_model.items):
            return
        a = self.act_model.items[row]
        self.current_id = a.id
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(a.team_key)))
        self.date_known.setChecked(a.date is not None)
        self.date_edit.cancel_typing()
        if a.date:
            d = dt.date.fromisoformat(a.date)
            self.date_edit.setDate(QDate(d.year, d.month, d.day))
        self.title_edit.setText(a.title)
        self.note_edit.setText(a.note)
        self.delete_button.setEnabled(True)
        self.photos.set_owner(a.id)
        self.guard.loaded()

    def save_activity(self) -> bool:
        if not self.ctx.village_code:
            return False
        problem = self.date_edit.problem() if self.date_known.isChecked() else ""
        if problem:  # a typed date that is not one: say so, keep it for correcting
            dialogs.error(self, problem, self.tr("Kegiatan belum tersimpan"))
            self.date_edit.setFocus()
            return False
        date = (self.date_edit.date().toString("yyyy-MM-dd")
                if self.date_known.isChecked() else None)
        act = Activity(self.current_id, self.ctx.village_code, self.ctx.year,
                       self.team_combo.currentData(), date, self.title_edit.text(),
                       self.note_edit.text())
        try:
            saved = teams.save_activity(self.ctx.store, act)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.current_id = saved.id
        self.guard.loaded()  # what the form shows is stored now
        self._changed()
        self.ctx.status_message.emit(self.tr("Kegiatan tersimpan"))
        return True

    def delete_activity(self) -> None:
        if not self.current_id or not dialogs.confirm(
                self, self.tr("Hapus kegiatan ini beserta fotonya?"), self.tr("Hapus")):
            return
        try:
            teams.delete_activity(self.ctx.store, self.current_id)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.new_activity()
        self._changed()
