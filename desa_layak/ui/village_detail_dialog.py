"""One village in full, read-only (kecamatan mode): profile, items, documents with their
attachments, figures and facilities, and where the data came from."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import checklist
from desa_layak.core import recap as recap_core
from desa_layak.core.formatting import format_date, format_rupiah, format_size
from desa_layak.core.timestamps import format_stamp
from desa_layak.ui import dialogs
from desa_layak.ui.checklist_model import state_icon, state_label
from desa_layak.ui.context import AppContext


def _wrap(text: str, fm: QFontMetrics, width: int) -> str:
    """Greedy word wrap by font metrics (a word longer than the line stays whole)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and fm.horizontalAdvance(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return "\n".join(lines)


class VillageDetailDialog(QDialog):
    WRAPPED = (0, 2)  # columns whose long texts wrap

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        # Needed besides sectionResized: that signal comes while the dialog is being resized,
        # before the stretched last column has its new width.
        super().resizeEvent(event)
        self._wrap_texts()

    def __init__(self, ctx: AppContext, village_code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail = recap_core.village_detail(ctx.store, village_code, ctx.year)
        d = self.detail
        prof = d.profile
        self.setWindowTitle(self.tr("{name} ({code}) – rincian").format(
            name=prof.full_name, code=d.code))
        dialogs.fit_on_screen(self, 820, 640)
        layout = QVBoxLayout(self)
        if d.source:
            source = self.tr("Bundel terakhir: nomor urut {seq}, diekspor {exported}, diimpor "
                             "{imported}.").format(seq=d.source.seq,
                                                   exported=format_stamp(d.source.exported_at),
                                                   imported=format_stamp(d.source.imported_at))
        else:
            source = self.tr("Desa ini belum pernah mengirim bundel.")
        head = QLabel(self.tr(
            "<h3>{name}</h3>Kec. {district}, {regency}<br>{head_title}: {head} · Sekretaris: "
            "{secretary}<br>{source}").format(
                name=prof.full_name, district=prof.district_name, regency=prof.regency_name,
                head_title=prof.head_title, head=prof.head_name or "-",
                secretary=prof.secretary_name or "-", source=source), self)
        head.setWordWrap(True)
        layout.addWidget(head)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Butir / dokumen / lampiran"), self.tr("Keadaan"),
                                   self.tr("Keterangan")])
        # Long texts wrap onto more lines instead of being cut (see _wrap_texts: QTreeView
        # itself does not wrap); the full text is in the tooltip as well.
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 270)
        self.tree.itemDoubleClicked.connect(self._open_attachment)
        layout.addWidget(self.tree, 1)
        self._fill()
        # A resized dialog (the last column stretches), a scroll bar coming or going or a
        # dragged column all resize a section: the texts wrap again then.
        header.sectionResized.connect(lambda *_args: self._wrap_texts())

        figs = d.figures
        facts = QLabel(self.tr(
            "Tahun {year}: belum ada data pilah, anggaran, tim atau fasilitas dari desa ini."
        ).format(year=d.year) if d.source is None and not d.documents and not d.facilities
            else self.tr(
            "Tahun {year}: data pilah {cells} isian · APBDes {apbdes} · {lines} kegiatan "
            "anggaran anak ({amount}) · {teams} tim, {acts} kegiatan tim · {fac} fasilitas "
            "informasi").format(
                year=d.year, cells=figs["data_pilah_cells"],
                apbdes=format_rupiah(figs["apbdes_total"] or None),
                lines=figs["budget_lines"], amount=format_rupiah(figs["budget_amount"]),
                teams=figs["teams"], acts=figs["team_activities"], fac=len(d.facilities)), self)
        facts.setWordWrap(True)
        layout.addWidget(facts)
        note = QLabel(self.tr("Hanya-baca: data ini milik desa dan berubah lewat bundel "
                              "berikutnya. Klik dua kali lampiran untuk membukanya."), self)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(item)
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

    def _wrap_texts(self) -> None:
        """Break long texts into lines that fit their column's current width."""
        if not hasattr(self, "_originals"):  # (item, column, text, room taken on the left)
            self._originals: list[tuple[QTreeWidgetItem, int, str, int]] = []
            for item in self._all_items():
                depth, parent = 0, item.parent()
                while parent is not None:
                    depth, parent = depth + 1, parent.parent()
                left = (depth + 1) * self.tree.indentation() + (
                    20 if not item.icon(0).isNull() else 0)
                for col in self.WRAPPED:
                    self._originals.append((item, col, item.text(col), left if col == 0 else 0))
        fm = self.tree.fontMetrics()
        header = self.tree.header()
        widths = {col: header.sectionSize(col) - 12 for col in self.WRAPPED}
        # The last column stretches to the viewport (its size may not be laid out yet).
        widths[2] = max(widths[2], self.tree.viewport().width() - header.sectionSize(0)
                        - header.sectionSize(1) - 12)
        for item, col, original, left in self._originals:
            text = _wrap(original, fm, max(widths[col] - left, 80))
            if text != item.text(col):
                item.setText(col, text)

    def _with_tooltips(self, item: QTreeWidgetItem) -> QTreeWidgetItem:
        for col in self.WRAPPED:
            if item.text(col) and not item.toolTip(col):
                item.setToolTip(col, item.text(col))
        return item

    def _fill(self) -> None:
        d = self.detail
        docs_by_item: dict[str, list[recap_core.DocumentDetail]] = {}
        for dd in d.documents:
            docs_by_item.setdefault(dd.document.item_code, []).append(dd)
        facilities_under: QTreeWidgetItem | None = None
        nothing = d.source is None and not d.documents and not d.facilities
        for s in d.statuses:
            if nothing:  # nothing sent: no verdict (as in the rakor handout)
                self.tree.addTopLevelItem(self._with_tooltips(QTreeWidgetItem(
                    [f"{s.item.code}. {s.item.short}", "–",
                     self.tr("Belum dapat dinilai: belum ada bundel dari desa ini.")])))
                continue
            top = self._with_tooltips(QTreeWidgetItem(
                [f"{s.item.code}. {s.item.short}", state_label(s.state), s.reason]))
            top.setIcon(1, state_icon(s.state))
            self.tree.addTopLevelItem(top)
            if s.item.rule == "facility":
                facilities_under = top
            for dd in docs_by_item.get(s.item.code, []):
                doc = dd.document
                until = (self.tr("s.d. {date}").format(date=format_date(doc.valid_until))
                         if doc.valid_until else self.tr("sampai diganti"))
                child = QTreeWidgetItem([
                    f"{doc.doc_number or self.tr('(tanpa nomor)')} – {doc.title}".strip(" –"),
                    self.tr("Ditetapkan") if doc.enacted else self.tr("Draf"),
                    (self.tr("Tahun {year}, ditetapkan {date}, berlaku {until}").format(
                        year=doc.year, date=format_date(doc.date_set), until=until)
                     if doc.enacted else
                     self.tr("Tahun {year}, belum ditetapkan").format(year=doc.year))])
                top.addChild(self._with_tooltips(child))
                self._add_attachments(child, dd.attachments)
            top.setExpanded(True)
        if d.facilities:
            # The facilities are the evidence of their item (H), listed under it.
            fac_top = facilities_under
            if fac_top is None:
                fac_top = QTreeWidgetItem([self.tr("Fasilitas informasi layak anak"), "", ""])
                self.tree.addTopLevelItem(fac_top)
            for row, atts in d.facilities:
                child = QTreeWidgetItem([row["name"], self.tr("Aktif") if row["active"]
                                         else self.tr("Tidak aktif"), row["location"] or ""])
                fac_top.addChild(self._with_tooltips(child))
                self._add_attachments(child, atts)
            fac_top.setExpanded(True)

    def _add_attachments(self, parent: QTreeWidgetItem, atts) -> None:  # noqa: ANN001
        for a in atts:
            kind = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}.get(
                a.mime, a.mime)
            detail = self.tr("{kind}, {size}").format(kind=kind, size=format_size(a.size))
            if a.pages:
                detail += self.tr(", {n} halaman").format(n=a.pages)
            elif a.width and a.height:
                detail += f", {a.width}×{a.height}"
            item = QTreeWidgetItem([a.file_name, self.tr("Lampiran"), detail])
            item.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
            item.setToolTip(0, self.tr("Klik dua kali untuk membuka"))
            item.setData(0, 256, a.id)
            parent.addChild(item)
        parent.setExpanded(True)

    def attachment_items(self) -> list[QTreeWidgetItem]:
        return [item for item in self._all_items() if item.data(0, 256)]

    def _open_attachment(self, item: QTreeWidgetItem, _col: int) -> None:
        att_id = item.data(0, 256)
        if not att_id:
            return
        from desa_layak.ui.attachments_widget import open_attachment

        open_attachment(self, self.ctx.store, checklist.get_attachment(self.ctx.store, att_id))
