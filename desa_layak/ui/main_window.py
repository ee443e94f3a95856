"""The main window: who and which year at the top, the pages (tabs) of the role, menus."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import traceback

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QThread, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desa_layak import APP_NAME
from desa_layak.core import checklist
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style
from desa_layak.ui.context import AppContext

log = logging.getLogger(__name__)


class PlaceholderPage(QWidget):
    """A calm page shown where a feature is not there yet (or failed to load)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.muted(label)
        style.set_font(label, scale=1.15)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        layout.addStretch(2)

    def page_title(self) -> str:
        return self._title


class _LazyPage(QWidget):
    """Stand-in for a page until it is built (right after the first paint)."""

    def __init__(self, module_name: str, class_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.module_name = module_name
        self.class_name = class_name


class MainWindow(QMainWindow):
    """Built from ``ui/pages.py``: pages by role, then every window extension."""

    _deferred_started = False  # see _after_first_paint (a class default: event() runs early)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 defer_extensions: bool = False):
        """``defer_extensions``: install the WINDOW_EXTENSIONS (menu actions, start-up checks)
        right after the first paint instead of now: menus are not seen before then, and the
        window appears sooner (run_gui does this; tests get them at once)."""
        super().__init__(parent)
        self.ctx = ctx
        self._extensions_pending = defer_extensions
        self.remember_geometry = True
        self.pages: list[QWidget] = []
        self.page_errors: list[str] = []
        self.setWindowTitle(self._window_title())
        # A maximised window on a 1024x600 netbook has about 530 px below its title bar; the
        # pages scroll where they need more (views.scroll_pane).
        self.setMinimumSize(800, 500)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        rule = QFrame(central)
        rule.setFixedHeight(1)
        style.set_background(rule, style.HEADER_LINE)
        outer.addWidget(rule)
        self.tabs = QTabWidget(central)
        self.tabs.setDocumentMode(True)
        body = QWidget(central)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 6, 8, 4)
        body_layout.addWidget(self.tabs)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.statusBar().setSizeGripEnabled(True)
        self.folder_label = QLabel(self)
        style.muted(self.folder_label)
        folder = str(ctx.store.data_dir)
        self.folder_label.setText(self.tr("Folder data: {path}").format(
            path=folder if len(folder) <= 60 else "…" + folder[-58:]))
        self.folder_label.setToolTip(folder)
        self.statusBar().addPermanentWidget(self.folder_label)
        ctx.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ctx.year_changed.connect(self._on_year_changed)
        self._build_pages()
        if not defer_extensions:
            self._run_extensions()
        self._restore_geometry()

    # -- texts ---------------------------------------------------------------------------
    def _window_title(self) -> str:
        return f"{self.ctx.identity.area_name} – {APP_NAME}"

    # -- header --------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("headerBar")
        style.set_background(bar, style.HEADER_BG)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(16, 10, 16, 10)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.header_title = QLabel(bar)
        self.header_title.setObjectName("headerTitle")
        style.set_font(self.header_title, scale=1.9, bold=True)
        style.set_colour(self.header_title, style.DARK_GREEN)
        self.header_sub = QLabel(bar)
        self.header_sub.setObjectName("headerSub")
        style.set_colour(self.header_sub, "#4a5a52")
        names.addWidget(self.header_title)
        names.addWidget(self.header_sub)
        layout.addLayout(names, 1)

        year_label = QLabel(self.tr("Tahun"), bar)
        self.year_combo = QComboBox(bar)
        self.year_combo.setMinimumWidth(90)
        self.year_combo.setAccessibleName(self.tr("Tahun checklist"))
        year_label.setBuddy(self.year_combo)
        self.new_year_button = QPushButton(self.tr("Mulai tahun baru…"), bar)
        self.new_year_button.setToolTip(
            self.tr("Buka checklist tahun berikutnya; dokumen yang masih berlaku ikut terbawa."))
        self.new_year_button.clicked.connect(self.start_new_year)
        layout.addWidget(year_label)
        layout.addWidget(self.year_combo)
        layout.addSpacing(6)
        layout.addWidget(self.new_year_button)
        self.new_year_button.setVisible(self.ctx.identity.is_village)
        self._fill_header()
        self._fill_years()
        self.year_combo.activated.connect(self._on_year_picked)
        return bar

    def _fill_header(self) -> None:
        ident = self.ctx.identity
        store = self.ctx.store
        if ident.is_village:
            from desa_layak.core.setup import village_profile

            try:
                prof = village_profile(store, ident.area_code)
            except DesaLayakError:
                self.header_title.setText(ident.area_name)
                self.header_sub.setText(ident.area_code)
                return
            self.header_title.setText(prof.full_name)
            self.header_sub.setText(self.tr("{code}  ·  Kecamatan {kec}  ·  {kab}").format(
                code=prof.code, kec=prof.district_name, kab=prof.regency_name))
        else:
            from desa_layak.core.setup import area_regency_name

            self.header_title.setText(ident.area_name)
            regency = area_regency_name(store, ident.area_code)
            parts = [ident.area_code]
            if regency and regency != ident.area_name:
                parts.append(regency)
            # the same mode; a kabupaten (DP3A) installation holds all of its kecamatan
            parts.append(self.tr("mode kabupaten") if ident.area_code.count(".") == 1
                         else self.tr("mode kecamatan"))
            self.header_sub.setText("  ·  ".join(parts))

    def available_years(self) -> list[int]:
        current = dt.date.today().year
        if self.ctx.identity.is_village:
            years = set(checklist.years(self.ctx.store, self.ctx.identity.area_code))
        else:
            years = set(range(current - 3, current + 1))
        years.add(current)
        years.add(self.ctx.year)
        return sorted(years, reverse=True)

    def _fill_years(self) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in self.available_years():
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(self.ctx.year))
        self.year_combo.blockSignals(False)

    def _on_year_picked(self, index: int) -> None:
        year = self.year_combo.itemData(index)
        if year == self.ctx.year:
            return
        if not self.pages_may_leave():
            self.year_combo.setCurrentIndex(self.year_combo.findData(self.ctx.year))
            return
        self.ctx.set_year(int(year))

    def _on_year_changed(self, year: int) -> None:
        if self.year_combo.findData(year) < 0:
            self._fill_years()
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.ctx.status_message.emit(self.tr("Menampilkan tahun {year}.").format(year=year))

    def start_new_year(self) -> None:
        """Open the next checklist year; tell which documents were carried forward."""
        if not self.ctx.identity.is_village or not self.pages_may_leave():
            return
        code = self.ctx.identity.area_code
        opened = checklist.years(self.ctx.store, code)
        suggestion = (max(opened) + 1) if opened else dt.date.today().year
        year = dialogs.ask_int(self, self.tr("Mulai tahun baru"),
                               self.tr("Tahun checklist yang akan dibuka:"), suggestion,
                               2000, 2100)
        if year is None:
            return
        if year in opened:  # already open: show it, nothing to open or carry forward
            self._fill_years()
            self.ctx.set_year(year)
            self.show_info(self.tr("Checklist {year} sudah dibuka sebelumnya; kini "
                                   "ditampilkan.").format(year=year))
            return
        try:
            carried = checklist.open_year(self.ctx.store, code, year)
        except DesaLayakError as err:
            self.show_error(str(err))
            return
        self._fill_years()
        self.ctx.set_year(year)
        self.ctx.data_changed.emit()
        if carried:
            lines = [
                self.tr("{code}. {name} (dari {year})").format(
                    code=s.item.code, name=s.item.short, year=s.carried_from)
                for s in carried
            ]
            text = self.tr("Checklist {year} dibuka. Dokumen yang masih berlaku ikut terbawa:"
                           ).format(year=year) + "\n\n" + "\n".join(lines)
        else:
            text = self.tr("Checklist {year} dibuka. Tidak ada dokumen tahun sebelumnya yang "
                           "masih berlaku untuk {year}.").format(year=year)
        self.show_info(text)

    # -- menus ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu(self.tr("&Berkas"))
        self.menu_tools = bar.addMenu(self.tr("&Alat"))
        self.menu_help = bar.addMenu(self.tr("&Bantuan"))

        self.action_profile = QAction(self.tr("Profil desa…"), self)
        self.action_profile.triggered.connect(self.edit_profile)
        self.action_profile.setVisible(self.ctx.identity.is_village)
        self.menu_file.addAction(self.action_profile)
        self.menu_file.addSeparator()
        self.action_quit = QAction(self.tr("Keluar"), self)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_quit.triggered.connect(self.close)
        self.menu_file.addAction(self.action_quit)

        self.action_about = QAction(self.tr("Tentang Desa Layak"), self)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.action_about.triggered.connect(self.show_about)
        self.menu_help.addAction(self.action_about)
        self.menu_tools.menuAction().setVisible(False)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        # The Tools menu appears once a feature has put something in it.
        self.menu_tools.menuAction().setVisible(bool(self.menu_tools.actions()))
        super().showEvent(event)
        # Should no paint come (e.g. started minimised), do the deferred work anyway.
        QTimer.singleShot(500, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Work that is not needed to show the window, done once, right after its first
        paint (see ``event``): the deferred extensions, then the other pages, one per pass
        of the event loop."""
        if self._deferred_started:
            return
        self._deferred_started = True
        if self._extensions_pending:
            self._extensions_pending = False
            self._run_extensions()
            self.menu_tools.menuAction().setVisible(bool(self.menu_tools.actions()))
        QTimer.singleShot(0, self, self._build_next_lazy)

    def edit_profile(self) -> None:
        from desa_layak.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.ctx, self)
        if dialog.exec():
            self._fill_header()
            self.ctx.data_changed.emit()
            self.ctx.status_message.emit(self.tr("Profil desa tersimpan."))

    def show_about(self) -> None:
        from desa_layak.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    # -- pages ---------------------------------------------------------------------------
    def _page_specs(self) -> list[tuple[str, str, str]]:
        from desa_layak.ui import pages

        return list(pages.VILLAGE_PAGES if self.ctx.identity.is_village else pages.KECAMATAN_PAGES)

    def _build_pages(self) -> None:
        """The first page is built now; the others get a tab with their title and are built
        right after the window's first paint (or at once when asked for), so the window
        appears quickly."""
        self._lazy: list[_LazyPage] = []
        for i, (module_name, class_name, title) in enumerate(self._page_specs()):
            if i == 0:
                self._add_page(self._make_page(module_name, class_name))
            else:
                holder = _LazyPage(module_name, class_name, self)
                self._lazy.append(holder)
                self.tabs.addTab(holder, QCoreApplication.translate("pages", title))
        if not self.tabs.count():
            self._add_page(PlaceholderPage(
                self.tr("Ringkasan"),
                self.tr("Mode kecamatan: di sini nanti tampil rekap kelengkapan semua desa dan "
                        "kelurahan di {area}, setelah berkas dari desa-desa diimpor."
                        ).format(area=self.ctx.identity.area_name), self))
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _make_page(self, module_name: str, class_name: str) -> QWidget:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            return cls(self.ctx, self)
        except Exception:  # noqa: BLE001 - one broken page must not stop the app
            detail = traceback.format_exc()
            log.error("page %s.%s failed to load:\n%s", module_name, class_name, detail)
            self.page_errors.append(f"{module_name}.{class_name}: {detail}")
            return PlaceholderPage(
                class_name,
                QCoreApplication.translate(
                    "MainWindow", "Halaman ini tidak dapat dimuat karena kesalahan program. "
                    "Data Anda tidak terpengaruh."), self)

    def _add_page(self, page: QWidget, index: int | None = None) -> None:
        title_fn = getattr(page, "page_title", None)
        title = title_fn() if callable(title_fn) else type(page).__name__
        self.pages.append(page)
        if index is None:
            self.tabs.addTab(page, title)
        else:
            self.tabs.insertTab(index, page, title)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            self.ctx.data_changed.connect(refresh)
            self.ctx.year_changed.connect(lambda _year, fn=refresh: fn())

    def _build_lazy(self, holder: _LazyPage) -> QWidget:
        """Replace a tab's stand-in by the real page (same place, same title)."""
        if holder not in self._lazy:
            return holder
        self._lazy.remove(holder)
        index = self.tabs.indexOf(holder)
        current = self.tabs.currentIndex()
        page = self._make_page(holder.module_name, holder.class_name)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self._add_page(page, index)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        holder.deleteLater()
        return page

    def build_all_pages(self) -> None:
        for holder in list(self._lazy):
            self._build_lazy(holder)

    def _build_next_lazy(self) -> None:
        if self._lazy:
            self._build_lazy(self._lazy[0])
            QTimer.singleShot(0, self, self._build_next_lazy)

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, _LazyPage):
            self._build_lazy(widget)

    def page(self, class_name: str) -> QWidget | None:
        """The page of this class name (built now if it was not yet)."""
        for page in self.pages:
            if type(page).__name__ == class_name:
                return page
        for holder in list(self._lazy):
            if holder.class_name == class_name:
                return self._build_lazy(holder)
        return None

    def pages_may_leave(self) -> bool:
        """Ask pages with unsaved input (``maybe_leave()``) whether we may move on."""
        for page in self.pages:
            fn = getattr(page, "maybe_leave", None)
            if callable(fn) and not fn():
                return False
        return True

    def _run_extensions(self) -> None:
        from desa_layak.ui import pages

        for module_name, func_name in pages.WINDOW_EXTENSIONS:
            try:
                getattr(importlib.import_module(module_name), func_name)(self)
            except Exception:  # noqa: BLE001 - one broken feature must not stop the app
                detail = traceback.format_exc()
                log.error("window extension %s.%s failed:\n%s", module_name, func_name, detail)
                self.page_errors.append(f"{module_name}.{func_name}: {detail}")

    # -- messages ------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        dialogs.error(self, text)

    def show_info(self, text: str) -> None:
        dialogs.info(self, text)

    # -- geometry ------------------------------------------------------------------------
    def _settings(self):  # noqa: ANN202
        from desa_layak.ui.app import ui_settings

        return ui_settings(self.ctx.store.data_dir)

    def _restore_geometry(self) -> None:
        saved = self._settings().value("main_window/geometry")
        if saved is not None and self.restoreGeometry(saved):
            return
        # First start: 1280x800, but never larger than the screen (1366x768 laptops, minus
        # the task bar); on a small screen start maximised.
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        room = screen.availableGeometry()
        width, height = min(1280, room.width()), min(800, room.height() - 40)
        self.resize(width, height)
        if width < 1280 or height < 800:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def save_geometry(self) -> None:
        if not self.remember_geometry:
            return
        settings = self._settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.sync()

    def close_discarding_input(self) -> None:
        """Close without offering to save typed-in input: after the data folder was replaced
        (a restore of another area's backup) that input belongs to data that is gone."""
        self._discard_input = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not getattr(self, "_discard_input", False) and not self.pages_may_leave():
            event.ignore()
            return
        self.save_geometry()
        self.finish_background_jobs()
        super().closeEvent(event)

    def event(self, event: QEvent) -> bool:  # noqa: D401 - Qt API
        if (event.type() == QEvent.Type.Paint and not self._deferred_started
                and self.isVisible()):  # on screen, not grab() of a hidden window
            QTimer.singleShot(0, self, self._after_first_paint)  # queued behind the paint
        # A job started by a timer after the window was closed must still end before the
        # window (its parent) is deleted.
        if event.type() == QEvent.Type.DeferredDelete:
            self.finish_background_jobs()
        return super().event(event)

    def finish_background_jobs(self, timeout_ms: int = 60_000) -> None:
        """Background jobs (``ui/tasks.py`` workers are children of the window) are asked to
        stop and waited for: a job must not be cut off mid-write, and Qt aborts the program
        if a running thread is destroyed with its window."""
        running = [t for t in self.findChildren(QThread) if t.isRunning()]
        if not running:
            return
        self.statusBar().showMessage(self.tr("Menyelesaikan pekerjaan yang sedang berjalan…"))
        for thread in running:
            cancel = getattr(thread, "cancel", None)
            if callable(cancel):
                cancel()
        for thread in running:
            thread.wait(timeout_ms)
