"""The checklist page (desa mode): progress at a glance, items A–H with their states, what needs
action first, and the selected item's documents and attachments."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import checklist
from desa_layak.core.checklist import Document
from desa_layak.core.formatting import format_date
from desa_layak.core.states import STATE_COLOURS, STATE_LABELS, ItemState, ItemStatus, action_order
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style
from desa_layak.ui.attachments_widget import AttachmentsWidget
from desa_layak.ui.checklist_model import ChecklistModel, state_icon, state_label
from desa_layak.ui.context import AppContext
from desa_layak.ui.document_editor import DocumentEditor
from desa_layak.ui.state_legend import StateLegend
from desa_layak.ui.views import content_width, own_viewport, scroll_pane


class ChecklistPage(QWidget):
    """Checklist A–H of ``ctx.year`` for the village of this installation."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.statuses: list[ItemStatus] = []
        self.current_code: str | None = None
        self.docs: list[Document] = []
        self._reverting = False
        self.lapsed_id: str | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_overview())
        splitter.addWidget(self._build_detail())
        # The table needs ~530 px for its essential columns, the form ~430 px; extra width
        # is shared about evenly.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([540, 460])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)

        # Ctrl+S anywhere on this page saves the shown document.
        save_key = QShortcut(QKeySequence.StandardKey.Save, self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self._save_shortcut)
        self.refresh()
        if self.model.rowCount():
            first = action_order(self.statuses)
            self.select_item(first[0].item.code if first else self.statuses[0].item.code)

    def page_title(self) -> str:
        return self.tr("Kelengkapan A–H")

    # -- building ------------------------------------------------------------------------
    def _build_overview(self) -> QWidget:
        # The table, the action list and the legend scroll on a short or narrow window, and
        # no essential column is cut off unseen (see _size_columns).
        scroll = self.overview_scroll = scroll_pane(self)
        box = QWidget(scroll)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 6, 0)
        row = QHBoxLayout()
        self.progress_label = QLabel(box)
        self.progress_label.setObjectName("progressText")
        style.set_font(self.progress_label, scale=1.45, bold=True)
        style.set_colour(self.progress_label, style.DARK_GREEN)
        self.progress_bar = QProgressBar(box)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(12)
        self.progress_bar.setStyleSheet(
            "QProgressBar { border: 1px solid #c9d3cd; border-radius: 5px; background: #ffffff; }"
            f"QProgressBar::chunk {{ background: {STATE_COLOURS[ItemState.COMPLETE]};"
            " border-radius: 4px; }")
        row.addWidget(self.progress_label)
        row.addSpacing(12)
        row.addWidget(self.progress_bar, 1)
        layout.addLayout(row)

        self.model = ChecklistModel(self)
        self.table = QTableView(box)
        own_viewport(self.table)  # watched below; see views.own_viewport
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ChecklistModel.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        self._col_widths: dict[int, int] = {}
        self.table.setAccessibleName(self.tr("Daftar kelengkapan A sampai H"))
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        # All eight rows, never a sideways scroll bar (columns are hidden instead, see
        # _fit_columns): the table is exactly as high as its rows.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table, 0)

        todo_title = QLabel(self.tr("Perlu ditindaklanjuti"), box)
        todo_title.setObjectName("sectionTitle")
        style.set_font(todo_title, bold=True)
        style.set_colour(todo_title, "#33443b")
        layout.addWidget(todo_title)
        self.action_list = QListWidget(box)
        self.action_list.setAccessibleName(self.tr("Perlu ditindaklanjuti"))
        self.action_list.setWordWrap(True)
        self.action_list.setIconSize(QSize(14, 14))
        self.action_list.setSpacing(2)
        self.action_list.itemActivated.connect(self._on_action_item)
        self.action_list.itemClicked.connect(self._on_action_item)
        todo_title.setBuddy(self.action_list)
        self.action_list.installEventFilter(self)
        layout.addWidget(self.action_list, 0)
        layout.addWidget(self._build_legend(box))
        layout.addStretch(1)
        scroll.setWidget(box)
        return scroll

    def _build_legend(self, parent: QWidget) -> QWidget:
        """What the colours mean (the same colours as in the printed reports)."""
        order = (ItemState.COMPLETE, ItemState.EXPIRING, ItemState.NO_ATTACHMENT,
                 ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.EXPIRED)
        legend = StateLegend([(STATE_COLOURS[state], state_label(state)) for state in order],
                             parent)
        style.muted(legend)
        legend.setAccessibleName(self.tr("Arti warna"))
        self.legend = legend
        return legend

    def _build_detail(self) -> QWidget:
        scroll = scroll_pane(self)
        pane = QWidget(scroll)
        self.detail_pane = pane
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.setSpacing(4)  # form and files fit a 1024x700 window without scrolling

        self.item_title = QLabel(pane)
        self.item_title.setObjectName("itemTitle")
        style.set_font(self.item_title, scale=1.2, bold=True)
        style.set_colour(self.item_title, style.DARK_GREEN)
        self.item_title.setWordWrap(True)
        layout.addWidget(self.item_title)
        state_row = QHBoxLayout()
        self.state_mark = QLabel(pane)
        # The state word (bold, in its colour) and what it means: two plain labels, cheaper
        # to lay out than one with markup.
        self.state_word = QLabel(pane)
        style.set_font(self.state_word, bold=True)
        self.state_text = QLabel(pane)
        self.state_text.setWordWrap(True)
        self.state_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        state_row.addWidget(self.state_mark, 0, Qt.AlignmentFlag.AlignTop)
        state_row.addWidget(self.state_word, 0, Qt.AlignmentFlag.AlignTop)
        state_row.addWidget(self.state_text, 1)
        layout.addLayout(state_row)
        self.evidence = QLabel(pane)
        self.evidence.setObjectName("evidence")
        style.set_colour(self.evidence, "#4a5a52")
        self.evidence.setWordWrap(True)
        layout.addWidget(self.evidence)

        docs_box = QGroupBox(self.tr("Dokumen"), pane)
        self.docs_box = docs_box
        docs_layout = QVBoxLayout(docs_box)
        docs_layout.setContentsMargins(6, 4, 6, 4)
        docs_layout.setSpacing(4)
        buttons = QHBoxLayout()
        self.doc_combo = QComboBox(docs_box)
        self.doc_combo.setAccessibleName(self.tr("Dokumen butir ini"))
        self.doc_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_combo.setMinimumContentsLength(12)
        self.doc_combo.currentIndexChanged.connect(self._on_doc_changed)
        self.add_doc_button = QPushButton(self.tr("Baru"), docs_box)
        self.add_doc_button.setToolTip(self.tr("Catat dokumen baru untuk butir ini"))
        self.delete_doc_button = QPushButton(self.tr("Hapus"), docs_box)
        self.delete_doc_button.setToolTip(self.tr("Hapus dokumen ini beserta lampirannya"))
        self.add_doc_button.clicked.connect(self.new_document)
        self.delete_doc_button.clicked.connect(self.delete_document)
        buttons.addWidget(self.doc_combo, 1)
        buttons.addWidget(self.add_doc_button)
        buttons.addWidget(self.delete_doc_button)
        docs_layout.addLayout(buttons)
        self.no_doc_label = QLabel(docs_box)
        self.no_doc_label.setWordWrap(True)
        style.muted(self.no_doc_label)
        docs_layout.addWidget(self.no_doc_label)
        self.editor = DocumentEditor(self.ctx, docs_box, shortcut=False)
        self.editor.saved.connect(self._on_saved)
        docs_layout.addWidget(self.editor)
        layout.addWidget(docs_box)

        att_box = QGroupBox(self.tr("Lampiran (pindaian atau foto)"), pane)
        self.att_box = att_box
        att_layout = QVBoxLayout(att_box)
        att_layout.setContentsMargins(6, 4, 6, 4)
        self.attachments = AttachmentsWidget(self.ctx, "document", att_box)
        self.attachments.changed.connect(self._on_attachments_changed)
        att_layout.addWidget(self.attachments)
        layout.addWidget(att_box, 1)  # the file list takes the height left over
        # ... and while it is hidden (no document shown) the height left over stays below the
        # form instead of being spread between the title, the state and the evidence lines.
        layout.addStretch(0)
        # Files dropped anywhere on the detail pane go to the shown document.
        pane.setAcceptDrops(True)
        pane.dragEnterEvent = self.attachments.dragEnterEvent  # type: ignore[method-assign]
        pane.dragMoveEvent = self.attachments.dragMoveEvent  # type: ignore[method-assign]
        pane.dropEvent = self.attachments.dropEvent  # type: ignore[method-assign]
        scroll.setWidget(pane)
        scroll.setMinimumWidth(430)
        return scroll

    # -- narrow windows ------------------------------------------------------------------
    # Hidden first to last on narrow windows; "Berlaku sampai" and "Lampiran" stay (the
    # number and date are in the form beside the table).
    OPTIONAL_COLUMNS = (ChecklistModel.COL_FROM, ChecklistModel.COL_DATE,
                        ChecklistModel.COL_NUMBER)

    ACTION_LIST_MAX_ROWS = 6  # taller lists scroll

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().showEvent(event)
        self._fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt API
        # The table's width follows the page and the splitter (which resizes the table
        # without resizing the page): either way its viewport is resized.
        if event.type() == QEvent.Type.Resize:
            if watched is self.table.viewport():
                self._fit()
            elif watched is self.action_list:  # its lines wrap to its own (later) width
                self._fit_action_list()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """Table height, visible columns and action list height for the current width."""
        self._fit_table_height()
        self._fit_columns()
        self._fit_action_list()

    def _fit_table_height(self) -> None:
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(self.model.rowCount()))
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(rows + header + 2 * table.frameWidth())

    def _fit_action_list(self) -> None:
        """The action list is as high as its lines (up to ACTION_LIST_MAX_ROWS entries)."""
        lst = self.action_list
        width = lst.width() - 2 * lst.frameWidth() - lst.iconSize().width() - 16
        if width <= 50:
            width = 400
        fm = lst.fontMetrics()
        spacing = lst.spacing()
        heights = []
        for row in range(lst.count()):
            text = lst.item(row).text()
            rect = fm.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, text)
            heights.append(max(rect.height(), lst.iconSize().height()) + 2 * spacing + 2)
        shown = heights[:self.ACTION_LIST_MAX_ROWS]
        total = sum(shown) + 2 * lst.frameWidth() + 2
        lst.setFixedHeight(max(total, fm.height() + 12))

    def _size_columns(self) -> None:
        """Column widths from the texts (see views.content_width)."""
        table = self.table
        icon = table.iconSize().width() if table.iconSize().isValid() else 16
        for col in range(self.model.columnCount()):
            extra = icon + 8 if col == ChecklistModel.COL_STATE else 0  # the state's mark
            width = content_width(table, col, padding=12, extra=extra)
            self._col_widths[col] = width
            if col != ChecklistModel.COL_ITEM:
                table.horizontalHeader().resizeSection(col, width)
        # Never narrower than the columns that always stay: the overview scrolls sideways
        # before "Berlaku sampai" or "Lampiran" could be cut off.
        table.setMinimumWidth(self._needed_width(set(self.OPTIONAL_COLUMNS))
                              + 2 * table.frameWidth())

    def _needed_width(self, hidden: set[int]) -> int:
        """The width the shown columns take, the item names shortened to 110 px."""
        return sum(min(w, 110) if col == ChecklistModel.COL_ITEM else w
                   for col, w in self._col_widths.items() if col not in hidden)

    def _fit_columns(self) -> None:
        """On a narrow window hide the least needed columns instead of scrolling sideways."""
        table = self.table
        if not self.isVisible() or not self._col_widths:
            return  # done on the first resize, when the page is shown
        available = table.viewport().width()
        if available <= 0:
            return
        hidden: set[int] = set()
        for col in self.OPTIONAL_COLUMNS:
            if self._needed_width(hidden) <= available:
                break
            hidden.add(col)
        for col in self.OPTIONAL_COLUMNS:
            if table.isColumnHidden(col) != (col in hidden):
                table.setColumnHidden(col, col in hidden)

    # -- data ----------------------------------------------------------------------------
    @property
    def village(self) -> str:
        return self.ctx.village_code or ""

    def refresh(self) -> None:
        """Reload states and lists for ``ctx.year``; typed-in, unsaved input is kept."""
        self.statuses = checklist.statuses(self.ctx.store, self.village, self.ctx.year)
        done, total = checklist.progress(self.statuses)
        self.progress_label.setText(self.tr("{done} dari {total} terpenuhi ({year})").format(
            done=done, total=total, year=self.ctx.year))
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setToolTip(self.progress_label.text())
        keep = self.current_code
        self._reverting = True
        try:
            self.model.set_statuses(self.statuses)
        finally:
            self._reverting = False
        self._fill_actions()
        self._size_columns()
        self._fit()
        if keep:
            self._select_row_quietly(keep)
            self._show_item(keep, keep_editor=self.editor.is_dirty())

    def _fill_actions(self) -> None:
        self.action_list.clear()
        todo = action_order(self.statuses)
        for s in todo:
            text = f"{s.item.code}. {s.item.short} — {state_label(s.state)}: {s.reason}"
            item = QListWidgetItem(state_icon(s.state), text)
            item.setData(Qt.ItemDataRole.UserRole, s.item.code)
            self.action_list.addItem(item)
        if not todo:
            item = QListWidgetItem(self.tr("Semua butir lengkap untuk tahun ini."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.action_list.addItem(item)

    def status_of(self, code: str) -> ItemStatus | None:
        for s in self.statuses:
            if s.item.code == code:
                return s
        return None

    # -- selection -----------------------------------------------------------------------
    def select_item(self, code: str) -> bool:
        """Select an item (asks first if the form has unsaved changes)."""
        row = self.model.row_of(code)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return self.current_code == code

    def _select_row_quietly(self, code: str) -> None:
        row = self.model.row_of(code)
        if row < 0:
            return
        self._reverting = True
        try:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._reverting = False

    def _on_row_changed(self, current, _previous) -> None:  # noqa: ANN001
        if self._reverting or not current.isValid():
            return
        code = self.model.data(current, Qt.ItemDataRole.UserRole)
        if code == self.current_code:
            return
        if not self.maybe_leave():
            if self.current_code:
                keep = self.current_code
                self._select_row_quietly(keep)
                # A mouse click selects its row again when the button comes up: put the shown
                # item's row back once the click is over.
                QTimer.singleShot(0, self, lambda: self._select_row_quietly(keep))
            return
        self._show_item(code)

    def _on_action_item(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.select_item(code)

    def _show_item(self, code: str, *, keep_editor: bool = False) -> None:
        status = self.status_of(code)
        if status is None:
            return
        self.current_code = code
        item = status.item
        self.item_title.setText(f"{item.code}. {item.title}")
        colour = STATE_COLOURS[status.state]
        self.state_mark.setPixmap(state_icon(status.state).pixmap(14, 14))
        carried = (self.tr(" Dokumen dari tahun {year} masih berlaku.").format(
            year=status.carried_from) if status.carried_from else "")
        label = state_label(status.state)
        reason = "" if status.reason.rstrip(".") == STATE_LABELS[status.state] else status.reason
        detail = f"{reason}{carried}".strip()
        self.state_word.setText(label)
        style.set_colour(self.state_word, colour)
        self.state_text.setText(f"— {detail}" if detail else "")
        self.evidence.setText(self.tr("Bukti yang diperlukan: {text}").format(text=item.evidence))
        if item.rule != "document":
            self.evidence.setText(self.evidence.text() + "\n" + self.tr(
                "Keadaan butir ini juga dihitung dari isian angka desa (data pilah, anggaran "
                "atau fasilitas) di halamannya masing-masing."))
        self.docs_box.setTitle(self.tr("Dokumen untuk tahun {year}").format(year=self.ctx.year))
        shown = self.editor.document
        self._fill_docs(select_id=shown.id if shown else None)
        if keep_editor:
            return
        if self.docs:
            row = 0
            if shown and shown.id:
                row = next((i for i, d in enumerate(self.docs) if d.id == shown.id), 0)
            self.doc_combo.blockSignals(True)
            self.doc_combo.setCurrentIndex(row)
            self.doc_combo.blockSignals(False)
            self._load_doc(self.docs[row])
        else:
            self.editor.set_document(None)
            self.attachments.set_owner(None, reason=self.tr(
                "Catat dokumennya terlebih dahulu, lalu lampirkan pindaiannya."))
        self._update_doc_buttons()

    def _fill_docs(self, select_id: str | None = None) -> None:
        self.docs = checklist.documents_for_year(self.ctx.store, self.village,
                                                 self.current_code or "", self.ctx.year)
        status = self.status_of(self.current_code or "")
        self.lapsed_id = None
        if (status is not None and status.state == ItemState.EXPIRED and status.document
                and status.document.id not in {d.id for d in self.docs}):
            # Show the last, lapsed document too: its number and period help to renew it.
            try:
                self.docs.append(checklist.get_document(self.ctx.store, status.document.id))
                self.lapsed_id = status.document.id
            except KeyError:
                pass
        self.doc_combo.blockSignals(True)
        self.doc_combo.clear()
        for d in self.docs:
            label = d.doc_number or self.tr("(tanpa nomor)")
            if d.title:
                label += f" — {d.title}"
            marks = []  # what matters at a glance; the rest is in the tooltip
            if d.status == "draf":
                marks.append(self.tr("draf"))
            if d.year != self.ctx.year and d.id != self.lapsed_id:
                marks.append(self.tr("dari {year}").format(year=d.year))
            details = [self.tr("ditetapkan {date}").format(date=format_date(d.date_set))
                       if d.date_set else self.tr("tanggal penetapan belum diisi"),
                       self.tr("{n} lampiran").format(n=d.attachments), *marks]
            if d.id == self.lapsed_id:  # the red note under the list says so as well
                details.append(self.tr("tidak berlaku lagi"))
            text = label + (f"  ({', '.join(marks)})" if marks else "")
            self.doc_combo.addItem(text, d.id)
            self.doc_combo.setItemData(self.doc_combo.count() - 1,
                                       f"{label}\n{', '.join(details)}",
                                       Qt.ItemDataRole.ToolTipRole)
        idx = next((i for i, d in enumerate(self.docs) if select_id and d.id == select_id), 0)
        self.doc_combo.setCurrentIndex(idx if self.docs else -1)
        editing = self.editor.document
        new_unsaved = (editing is not None and editing.id is None
                       and editing.item_code == self.current_code)
        if new_unsaved:  # a new document being typed in stays the one shown
            self.doc_combo.addItem(self.tr("Dokumen baru (belum disimpan)"), None)
            self.doc_combo.setCurrentIndex(self.doc_combo.count() - 1)
        self.doc_combo.setEnabled(bool(self.docs) or new_unsaved)
        self.no_doc_label.setVisible(not self.docs and not new_unsaved)
        self.no_doc_label.setText(self.tr(
            "Belum ada dokumen yang berlaku untuk tahun {year}. Klik \"Baru\" untuk "
            "mencatatnya.").format(year=self.ctx.year))
        self.doc_combo.blockSignals(False)

    def _load_doc(self, doc: Document) -> None:
        self.editor.set_document(doc, lapsed=doc.id == self.lapsed_id)
        self.attachments.set_owner(doc.id)
        self._update_doc_buttons()

    def _on_doc_changed(self, row: int) -> None:
        if not (0 <= row < len(self.docs)):
            return
        doc = self.docs[row]
        current = self.editor.document
        if current is not None and current.id == doc.id:
            return
        if not self.maybe_leave():
            self.doc_combo.blockSignals(True)
            idx = next((i for i, d in enumerate(self.docs)
                        if current is not None and d.id == current.id), -1)
            if idx < 0 and current is not None:
                idx = self.doc_combo.count() - 1  # the new, unsaved document
            self.doc_combo.setCurrentIndex(idx)
            self.doc_combo.blockSignals(False)
            return
        self._load_doc(doc)

    def _update_doc_buttons(self) -> None:
        doc = self.editor.document
        self.editor.setVisible(doc is not None)
        self.att_box.setVisible(doc is not None)
        self.add_doc_button.setEnabled(self.current_code is not None)
        self.delete_doc_button.setEnabled(doc is not None and doc.id is not None)

    # -- document actions ----------------------------------------------------------------
    def new_document(self) -> None:
        """Start a new document for the selected item and year (saved with Simpan/Ctrl+S)."""
        if not self.current_code or not self.maybe_leave():
            return
        issuer = ""
        try:
            from desa_layak.core.setup import village_profile

            prof = village_profile(self.ctx.store, self.village)
            issuer = f"{prof.head_title} {prof.name}"
        except DesaLayakError:
            pass
        status = self.status_of(self.current_code)
        title = status.item.short if status else ""
        doc = Document(None, self.village, self.current_code, self.ctx.year, title=title,
                       issuer=issuer)
        self.editor.set_document(doc, new=True)
        self._fill_docs()
        self.attachments.set_owner(None, reason=self.tr(
            "Simpan dokumen terlebih dahulu (Ctrl+S), lalu lampirkan pindaiannya."))
        self._update_doc_buttons()
        self.editor.number_edit.setFocus()

    def delete_document(self) -> None:
        doc = self.editor.document
        if doc is None or doc.id is None:
            return
        label = doc.doc_number or doc.title or doc.item_code
        extra = ""
        if doc.year != self.ctx.year:
            extra = self.tr(" Dokumen ini dicatat pada tahun {year}; ia juga hilang dari tahun "
                            "itu.").format(year=doc.year)
        if not dialogs.confirm(
            self, self.tr("Hapus dokumen '{label}' beserta lampirannya?{extra}").format(
                label=label, extra=extra),
            self.tr("Hapus"), self.tr("Hapus dokumen"),
        ):
            return
        try:
            checklist.delete_document(self.ctx.store, doc.id)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.editor.set_document(None)
        self.ctx.status_message.emit(self.tr("Dokumen dihapus."))
        self.ctx.data_changed.emit()

    def _save_shortcut(self) -> None:
        if self.editor.document is not None:
            self.editor.save()

    def _on_saved(self, doc: Document) -> None:
        self.attachments.set_owner(doc.id)
        self.ctx.data_changed.emit()

    def _on_attachments_changed(self) -> None:
        self.ctx.data_changed.emit()

    # -- leaving -------------------------------------------------------------------------
    def maybe_leave(self) -> bool:
        """Unsaved-changes guard: save, discard or stay."""
        if not self.editor.is_dirty():
            return True
        doc = self.editor.document
        what = self.tr("dokumen {code}").format(code=doc.item_code if doc else "")
        answer = dialogs.ask_unsaved(self, what)
        if answer == "save":
            return self.editor.save()
        if answer == "discard":
            self.editor.set_document(None)
            return True
        return False
