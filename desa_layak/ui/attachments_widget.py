"""Attachments of one record (a document, a facility, an activity): add by file dialog or drag
and drop, open with the system viewer, remove with confirmation. Reusable by any page:
``AttachmentsWidget(ctx, owner_kind="facility")`` then ``set_owner(record_id)``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QImageReader,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import checklist
from desa_layak.core.checklist import Attachment
from desa_layak.core.formatting import format_size
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style
from desa_layak.ui.views import own_viewport

THUMB = 48


def describe(att: Attachment) -> str:
    """``SK.pdf — PDF, 1 halaman, 41 KB`` / ``foto.jpg — 2000×1500, 480 KB (asli 2,3 MB)``."""
    parts = []
    if att.mime == "application/pdf":
        if att.pages:
            parts.append(Q.translate("AttachmentsWidget", "PDF, {n} halaman").format(n=att.pages))
        else:
            parts.append(Q.translate("AttachmentsWidget", "PDF"))
    elif att.width and att.height:
        parts.append(f"{att.width}×{att.height}")
    parts.append(format_size(att.size))
    text = f"{att.file_name}\n" + ", ".join(parts)
    if att.original_size and att.original_size > att.size:
        saved = 1 - att.size / att.original_size
        text += Q.translate("AttachmentsWidget", " (asli {orig}, hemat {pct}%)").format(
            orig=format_size(att.original_size), pct=round(saved * 100))
    return text


def document_icon(mime: str) -> QIcon:
    """A small page with its type written on it (PDF scans have no cheap thumbnail)."""
    cache = style.app_cache("document_icon")
    if mime not in cache:
        cache[mime] = _draw_document_icon(mime)
    return cache[mime]


def _draw_document_icon(mime: str) -> QIcon:
    size = THUMB * 2
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(size * 0.18, size * 0.06, size * 0.64, size * 0.88)
    painter.setPen(QPen(QColor("#8a968f"), 3))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(page, 6, 6)
    painter.setPen(QPen(QColor("#c9d3cd"), 3))
    for i in range(4):
        y = page.top() + size * (0.18 + 0.09 * i)
        painter.drawLine(int(page.left() + 14), int(y), int(page.right() - 14), int(y))
    band = QRectF(page.left() - 6, page.bottom() - size * 0.36, page.width() + 12, size * 0.24)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828" if mime == "application/pdf" else "#1565c0"))
    painter.drawRoundedRect(band, 5, 5)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.17))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    label = "PDF" if mime == "application/pdf" else mime.rsplit("/", 1)[-1].upper()[:4]
    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), label)
    painter.end()
    return QIcon(pix)


def viewing_copy(att: Attachment, stored: Path) -> Path:
    """A copy with the file's own name and extension in the temp folder, so the system viewer
    recognises it (stored files are named by their hash and must never be edited in place)."""
    import shutil
    import tempfile

    folder = Path(tempfile.gettempdir()) / "desa-layak-lihat" / att.sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(att.file_name).name
    if not target.is_file() or target.stat().st_size != stored.stat().st_size:
        shutil.copyfile(stored, target)
    return target


def open_attachment(parent: QWidget, store, att: Attachment) -> None:  # noqa: ANN001 - Store
    """Open an attachment with the system viewer, or say in a box why it cannot be."""
    def tr(text: str) -> str:
        return Q.translate("AttachmentsWidget", text)

    path = checklist.attachment_path(store, att)
    if not path.is_file():
        dialogs.error(parent, tr("Berkas lampiran '{name}' tidak ditemukan di folder data."
                                 ).format(name=att.file_name))
        return
    # The stored file is named by its hash; open a copy with its own name and type.
    try:
        target = viewing_copy(att, path)
    except OSError as err:
        dialogs.error(parent, tr("Lampiran tidak dapat dibuka: {err}").format(err=err))
        return
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        dialogs.error(parent, tr("Tidak ada aplikasi untuk membuka '{name}'.").format(
            name=att.file_name))


class _FileList(QListWidget):
    """The list of files, which is also the drop zone: it asks for no more than its minimum
    height (in a scrolled pane it takes the room left over instead of pushing the pane into
    scrolling) and shows the hint (what to do, where to drop) in its free space."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        own_viewport(self)  # painted on below; see views.own_viewport
        self.hint = ""

    def set_hint(self, text: str) -> None:
        self.hint = text
        self.viewport().update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().paintEvent(event)
        if not self.hint:
            return
        area = self.viewport().rect().adjusted(8, 4, -8, -4)
        if self.count():
            last = self.visualItemRect(self.item(self.count() - 1))
            area.setTop(last.bottom() + 6)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        needed = self.fontMetrics().boundingRect(area, flags, self.hint)
        if needed.height() > area.height():
            return  # no room below the files: the hint is in the tooltip
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(area, flags, self.hint)
        painter.end()


class AttachmentsWidget(QFrame):
    """List of attachments with Add/Open/Remove; emits ``changed`` after add or remove."""

    changed = Signal()

    def __init__(self, ctx, owner_kind: str = "document", parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.owner_kind = owner_kind
        self.owner_id: str | None = None
        self.village_code: str | None = ctx.village_code  # kecamatan pages set this
        self._attachments: list[Attachment] = []
        self.setAcceptDrops(True)
        self.setObjectName("attachmentsFrame")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = _FileList(self)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(self.tr("Daftar lampiran"))
        # The list takes the room there is (at least one file shown), with the hint in it;
        # the buttons stay right below it.
        self.list.setMinimumHeight(THUMB + 10 + 2 * self.list.frameWidth() + 4)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Tambah lampiran…"), self)
        self.open_button = QPushButton(self.tr("Buka"), self)
        self.remove_button = QPushButton(self.tr("Hapus lampiran"), self)
        row.addWidget(self.add_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.set_owner(None)

    # -- owner ---------------------------------------------------------------------------
    def set_owner(self, owner_id: str | None, *, reason: str = "") -> None:
        """Show the attachments of this record (None: nothing to attach to yet)."""
        self.owner_id = owner_id
        self._disabled_reason = reason
        self.reload()

    @property
    def attachments(self) -> list[Attachment]:
        return list(self._attachments)

    def reload(self) -> None:
        self.list.clear()
        self._attachments = []
        if self.owner_id is not None:
            self._attachments = checklist.attachments_of(self.ctx.store, self.owner_kind,
                                                         self.owner_id)
        for att in self._attachments:
            item = QListWidgetItem(self._icon_for(att), describe(att))
            item.setToolTip(self.tr("Klik dua kali untuk membuka"))
            item.setData(Qt.ItemDataRole.UserRole, att.id)
            self.list.addItem(item)
        if self.owner_id is None:
            hint = self._disabled_reason or self.tr(
                "Simpan dokumen terlebih dahulu, lalu lampirkan pindaiannya.")
        else:
            hint = self.hint_text(empty=not self._attachments)
        self.list.set_hint(hint)
        self.list.setToolTip(hint)
        self.add_button.setToolTip(hint if self.owner_id is None else self.pick_texts()[2])
        self.list.setEnabled(self.owner_id is not None)
        if self._attachments:
            self.list.setCurrentRow(0)
        self._update_buttons()

    # What this list takes, in words (PhotosWidget takes photos only and says so).
    def hint_text(self, empty: bool) -> str:
        if empty:
            return self.tr("Belum ada lampiran. Tambahkan pindaian PDF atau foto JPG/PNG, atau "
                           "seret berkasnya ke sini.")
        return self.tr("Seret berkas PDF/JPG/PNG ke sini untuk menambah.")

    def pick_texts(self) -> tuple[str, str, str]:
        """The file dialog's title and filter, and the add button's tooltip."""
        return (self.tr("Pilih pindaian atau foto"),
                self.tr("Pindaian atau foto (*.pdf *.jpg *.jpeg *.png);;Semua berkas (*)"),
                self.tr("Pilih pindaian atau foto; berkas juga dapat diseret ke daftar ini."))

    def _update_buttons(self) -> None:
        has_owner = self.owner_id is not None
        selected = self.list.currentRow() >= 0 and bool(self._attachments)
        self.add_button.setEnabled(has_owner)
        self.open_button.setEnabled(has_owner and selected)
        self.remove_button.setEnabled(has_owner and selected)

    def _icon_for(self, att: Attachment) -> QIcon:
        if att.mime.startswith("image/"):
            reader = QImageReader(str(checklist.attachment_path(self.ctx.store, att)))
            size = reader.size()
            if size.isValid():
                size.scale(THUMB * 2, THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio)
                reader.setScaledSize(size)
            image = reader.read()
            if not image.isNull():
                return QIcon(QPixmap.fromImage(image))
        return document_icon(att.mime)

    # -- actions -------------------------------------------------------------------------
    def choose_files(self) -> None:
        if self.owner_id is None:
            return
        from PySide6.QtWidgets import QFileDialog  # here: its enums cost start-up time

        title, file_filter, _ = self.pick_texts()
        files, _ = QFileDialog.getOpenFileNames(self, title, str(Path.home()), file_filter)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> int:
        """Attach files; refusals are shown one by one. Returns how many were added."""
        if self.owner_id is None or not self.village_code:
            return 0
        added = 0
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        errors: list[str] = []
        try:
            for path in paths:
                try:
                    checklist.add_attachment(self.ctx.store, self.village_code, self.owner_kind,
                                             self.owner_id, path)
                    added += 1
                except DesaLayakError as err:
                    errors.append(str(err))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if added:
            self.reload()
            self.ctx.status_message.emit(self.tr("{n} lampiran ditambahkan.").format(n=added))
            self.changed.emit()
        if errors:
            dialogs.error(self, "\n\n".join(errors), self.tr("Lampiran ditolak"))
        return added

    def selected(self) -> Attachment | None:
        row = self.list.currentRow()
        return self._attachments[row] if 0 <= row < len(self._attachments) else None

    def open_selected(self) -> None:
        att = self.selected()
        if att is not None:
            open_attachment(self, self.ctx.store, att)

    def remove_selected(self) -> None:
        att = self.selected()
        if att is None:
            return
        if not dialogs.confirm(
            self, self.tr("Hapus lampiran '{name}' dari dokumen ini?").format(name=att.file_name),
            self.tr("Hapus"), self.tr("Hapus lampiran"),
        ):
            return
        try:
            checklist.remove_attachment(self.ctx.store, att.id)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.reload()
        self.ctx.status_message.emit(self.tr("Lampiran dihapus."))
        self.changed.emit()

    # -- drag and drop -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        if self.owner_id is None:
            dialogs.info(self, self._disabled_reason or self.tr(
                "Simpan dokumen terlebih dahulu, lalu lampirkan pindaiannya."))
            return
        self.add_files(paths)
