"""First-run set-up, the window by role, dialogs, and the --demo/--screenshot start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from desa_layak.core import setup, wilayah
from desa_layak.ui.about_dialog import AboutDialog
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow, PlaceholderPage
from desa_layak.ui.profile_dialog import ProfileDialog
from desa_layak.ui.setup_wizard import SetupWizard


def make_wizard(qtbot, data_dir: Path) -> SetupWizard:  # noqa: ANN001
    store = setup.open_store(data_dir)
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_wizard_sets_up_a_village_by_typing(qtbot, data_dir):  # noqa: ANN001
    wizard = make_wizard(qtbot, data_dir)
    assert not wizard.start_button.isEnabled()
    qtbot.keyClicks(wizard.search_edit, "gambah luar")
    qtbot.waitUntil(lambda: wizard.results.count() > 0, timeout=3000)
    texts = [wizard.results.item(i).text() for i in range(wizard.results.count())]
    row = next(i for i, t in enumerate(texts) if "63.06.05.2005" in t)
    assert "Kec. Kandangan" in texts[row]
    wizard.results.setCurrentRow(row)
    # The step-by-step lists follow the search result.
    assert wizard.province.currentText() == "Kalimantan Selatan"
    assert wizard.district.currentText() == "Kandangan"
    assert wizard.village.code() == "63.06.05.2005"
    assert wizard.start_button.isEnabled()
    qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    assert wizard.result() == wizard.DialogCode.Accepted
    ident = setup.identity(wizard.store)
    assert (ident.role, ident.area_code) == ("desa", "63.06.05.2005")
    assert setup.village_profile(wizard.store, "63.06.05.2005").name == "Gambah Luar"
    wizard.store.close()


def test_wizard_step_by_step_for_a_kecamatan(qtbot, data_dir):  # noqa: ANN001
    wizard = make_wizard(qtbot, data_dir)
    qtbot.mouseClick(wizard.role_kecamatan, Qt.MouseButton.LeftButton)
    assert wizard.role == "kecamatan"
    assert not wizard.village.isVisible()
    # Type into each list: it filters by name; pick the match.
    wizard.province.setCurrentIndex(wizard.province.findData("63"))
    wizard.regency.setCurrentIndex(wizard.regency.findData("63.06"))
    assert wizard.chosen_code() == "63.06"  # a kabupaten is allowed for the kecamatan role
    qtbot.keyClicks(wizard.district.lineEdit(), "Kandangan")
    wizard.district.setCurrentIndex(wizard.district.findText("Kandangan"))
    assert wizard.chosen_code() == "63.06.05"
    qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    ident = setup.identity(wizard.store)
    assert (ident.role, ident.area_code) == ("kecamatan", "63.06.05")
    assert len(wilayah.villages_in("63.06.05")) > 10
    wizard.store.close()


def test_wizard_search_with_no_match_says_so(qtbot, data_dir):  # noqa: ANN001
    wizard = make_wizard(qtbot, data_dir)
    qtbot.keyClicks(wizard.search_edit, "zzzqqq")
    wizard.run_search()
    assert wizard.results.count() == 1
    assert "Tidak ada wilayah" in wizard.results.item(0).text()
    assert not wizard.start_button.isEnabled()
    wizard.store.close()


def test_kecamatan_window_shows_calm_placeholder_and_menus(qtbot, kecamatan_store):  # noqa: ANN001
    window = MainWindow(AppContext(kecamatan_store, setup.identity(kecamatan_store)))
    qtbot.addWidget(window)
    assert window.header_title.text() == "Kecamatan Kandangan"
    assert "Kabupaten Hulu Sungai Selatan" in window.header_sub.text()
    assert window.header_sub.text().endswith("mode kecamatan")
    assert not window.new_year_button.isVisibleTo(window)
    assert window.tabs.count() >= 1
    from desa_layak.ui import pages

    if not pages.KECAMATAN_PAGES:
        assert isinstance(window.tabs.widget(0), PlaceholderPage)
    assert window.menu_file.title() == "&Berkas"
    assert window.menu_tools.title() == "&Alat"
    assert window.menu_help.title() == "&Bantuan"
    assert window.action_quit.shortcut().toString() == "Ctrl+Q"
    window.close()


def test_about_shows_version_and_odbl(qtbot):  # noqa: ANN001
    from desa_layak import __version__

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    assert "ODbL" in dialog.attribution_label.text()
    assert wilayah.ATTRIBUTION in dialog.attribution_label.text()


def test_profile_dialog_saves_names(qtbot, store):  # noqa: ANN001
    ctx = AppContext(store, setup.identity(store))
    dialog = ProfileDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.head_name, "H. Ahmad")
    qtbot.keyClicks(dialog.secretary_name, "Siti Aisyah")
    qtbot.keyClicks(dialog.report_place, "Kandangan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    prof = setup.village_profile(store, "63.06.05.2005")
    assert (prof.head_name, prof.secretary_name, prof.report_place) == (
        "H. Ahmad", "Siti Aisyah", "Kandangan")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real command in its own process (run_gui runs Qt's event loop to its end, which
    must not happen inside the test process)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DESA_LAYAK_EXIT_ON_PAINT", None)
    return subprocess.run([sys.executable, "-m", "desa_layak", *args], env=env, timeout=90,
                          capture_output=True, text=True)


def test_demo_screenshot_from_the_command_line(tmp_path):  # noqa: ANN001
    png = tmp_path / "shot.png"
    done = run_cli("--data-dir", str(tmp_path / "demo"), "--demo", "--screenshot", str(png))
    assert done.returncode == 0, done.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1280, 800)
    # Geometry of a screenshot run is not remembered as the user's window size.
    ini = tmp_path / "demo" / "ui-settings.ini"
    assert not ini.exists() or "geometry" not in ini.read_text()


def test_screenshot_of_a_fresh_folder_pictures_the_wizard(tmp_path):  # noqa: ANN001
    png = tmp_path / "wizard.png"
    done = run_cli("--data-dir", str(tmp_path / "fresh"), "--screenshot", str(png))
    assert done.returncode == 0, done.stderr
    assert not QImage(str(png)).isNull()
    store = setup.open_store(tmp_path / "fresh")
    assert setup.identity(store) is None  # nothing was set up by taking the picture
    store.close()


def test_newer_database_is_refused_with_exit_1(qtbot, tmp_path, monkeypatch, dialog_log):  # noqa: ANN001
    from desa_layak.errors import NewerDatabaseError
    from desa_layak.ui import app

    def refuse(_dir):  # noqa: ANN001, ANN202
        raise NewerDatabaseError("Data ini dibuat oleh versi aplikasi yang lebih baru.")

    monkeypatch.setattr(setup, "open_store", refuse)
    assert app.run_gui(tmp_path / "x") == 1
    assert dialog_log.errors == ["Data ini dibuat oleh versi aplikasi yang lebih baru."]


def install_probe(window: MainWindow) -> None:
    """A window extension as other features write them: adds an action to the Tools menu."""
    action = window.menu_tools.addAction("Probe…")
    action.setObjectName("probeAction")
    window.probe_installed = True


def test_window_extensions_are_installed(qtbot, store, monkeypatch):  # noqa: ANN001
    from desa_layak.ui import pages

    monkeypatch.setattr(pages, "WINDOW_EXTENSIONS", [(__name__, "install_probe")])
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.show()
    assert getattr(window, "probe_installed", False)
    assert [a.objectName() for a in window.menu_tools.actions()] == ["probeAction"]
    assert window.menu_tools.menuAction().isVisible()
    window.close()


def test_status_bar_shows_context_messages(qtbot, store):  # noqa: ANN001
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.ctx.status_message.emit("Tersimpan")
    assert window.statusBar().currentMessage() == "Tersimpan"
    window.close()


class ProbePage(QWidget):
    """A page as other features write them (for the lazy-building test)."""

    built = 0

    def __init__(self, ctx, parent=None):  # noqa: ANN001
        super().__init__(parent)
        type(self).built += 1
        self.refreshed = 0

    def page_title(self) -> str:
        return self.tr("Halaman Uji")

    def refresh(self) -> None:
        self.refreshed += 1


def test_other_pages_are_built_after_the_first_paint(qtbot, store, monkeypatch):  # noqa: ANN001
    from desa_layak.ui import pages

    monkeypatch.setattr(pages, "VILLAGE_PAGES", [
        ("desa_layak.ui.checklist_page", "ChecklistPage", "Kelengkapan A–H"),
        (__name__, "ProbePage", "Halaman Uji")])
    monkeypatch.setattr(pages, "WINDOW_EXTENSIONS", [])
    ProbePage.built = 0
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    assert ProbePage.built == 0  # not yet: only its tab and title exist
    assert window.tabs.tabText(1) == "Halaman Uji"
    window.show()
    qtbot.waitUntil(lambda: ProbePage.built == 1, timeout=3000)
    page = window.page("ProbePage")
    assert isinstance(page, ProbePage) and window.tabs.widget(1) is page
    assert window.tabs.tabText(1) == "Halaman Uji" and window.tabs.currentIndex() == 0
    window.ctx.data_changed.emit()
    assert page.refreshed == 1
    window.close()


def test_page_asked_for_is_built_at_once(qtbot, store, monkeypatch):  # noqa: ANN001
    from desa_layak.ui import pages

    monkeypatch.setattr(pages, "VILLAGE_PAGES", [
        ("desa_layak.ui.checklist_page", "ChecklistPage", "Kelengkapan A–H"),
        (__name__, "ProbePage", "Halaman Uji")])
    ProbePage.built = 0
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    assert isinstance(window.page("ProbePage"), ProbePage) and ProbePage.built == 1
    window.tabs.setCurrentIndex(1)
    assert ProbePage.built == 1
    window.close()


def test_exit_on_paint_probe_for_the_startup_benchmark(tmp_path):  # noqa: ANN001
    from desa_layak.core import demo

    demo.build_demo(tmp_path / "d").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESA_LAYAK_EXIT_ON_PAINT": "1"}
    done = subprocess.run([sys.executable, "-m", "desa_layak", "--data-dir", str(tmp_path / "d")],
                          env=env, timeout=60, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_dates_in_the_form_read_in_indonesian(qtbot, monkeypatch):  # noqa: ANN001
    """Without a translation for the system language the app stays Indonesian, dates too."""
    from desa_layak.ui.app import ensure_app
    from desa_layak.ui.document_editor import OptionalDateEdit

    monkeypatch.setenv("DESA_LAYAK_LANG", "en")  # no English .qm is shipped
    app = ensure_app()
    from desa_layak.ui.i18n import install_translators

    for t in install_translators(app):
        app.removeTranslator(t)
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.set_value("2024-03-27")
    assert edit.edit.text() == "27 Maret 2024"
    assert edit.value() == "2024-03-27"
    edit.clear()
    assert edit.is_empty() and edit.value() is None


def test_run_gui_first_start_goes_through_the_wizard_to_the_window(qtbot, tmp_path,  # noqa: ANN001
                                                                   monkeypatch):
    from PySide6.QtWidgets import QApplication

    from desa_layak.ui import app as app_mod
    from desa_layak.ui import main_window as mw_mod
    from desa_layak.ui import setup_wizard as wiz_mod

    def pick_gambah_luar(wizard):  # noqa: ANN001, ANN202
        qtbot.keyClicks(wizard.search_edit, "63.06.05.2005")
        wizard.run_search()
        wizard.results.setCurrentRow(0)
        wizard.finish()
        return wizard.result()

    shown: list = []
    monkeypatch.setattr(wiz_mod.SetupWizard, "exec", pick_gambah_luar)
    monkeypatch.setattr(mw_mod.MainWindow, "show", lambda self: shown.append(self))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(app_mod, "install_error_hook", lambda: None)
    assert app_mod.run_gui(tmp_path / "new") == 0
    assert len(shown) == 1 and shown[0].header_title.text() == "Desa Gambah Luar"
    store = setup.open_store(tmp_path / "new")
    assert setup.identity(store).area_code == "63.06.05.2005"
    store.close()
    shown[0].ctx.store.close()


def test_a_kabupaten_installation_says_kabupaten_in_its_header(qtbot, tmp_path):  # noqa: ANN001
    """Found by an exploratory tester: the DP3A's window read "63.06 · mode kecamatan"."""
    store = setup.open_store(tmp_path / "kab")
    setup.initialise(store, "kecamatan", "63.06")
    try:
        window = MainWindow(AppContext(store, setup.identity(store)))
        qtbot.addWidget(window)
        assert window.header_sub.text().endswith("mode kabupaten")
        window.close()
    finally:
        store.close()
