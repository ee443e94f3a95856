"""The window takes what the command line takes: a bundle is known by its content, so a bundle
renamed to .zip (chat apps do this) can be chosen in the file dialog and dropped, alone or with
others; a file that is no bundle is refused with its reason, never silently left out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bundle_support import make_village, village_bundles
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from desa_layak.bundles import export, importer
from desa_layak.core import setup
from desa_layak.ui import import_actions
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow

VILLAGES = ("63.06.05.2005", "63.06.05.2006")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    dkla, other = village_bundles(tmp_path_factory.mktemp("zip-bundles"), VILLAGES)
    renamed = other.with_name(other.stem + ".zip")  # what a chat app hands over
    shutil.copy(other, renamed)
    return [dkla, renamed]


@pytest.fixture
def kec_window(qtbot, tmp_path):  # noqa: ANN001, ANN201
    store = setup.open_store(tmp_path / "kec")
    setup.initialise(store, "kecamatan", "63.06.05")
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.ctx.set_year(2024)
    yield window
    window.close()
    store.close()


def drop(window, paths: list[Path]) -> bool:  # noqa: ANN001
    """Drag the files over the window and let go; True if the window took the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return True


def wait_done(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.bundle_actions.worker is None, timeout=20_000)


def test_a_zip_dropped_alone_is_imported(qtbot, kec_window, bundles, dialog_log):
    assert drop(kec_window, [bundles[1]])
    wait_done(qtbot, kec_window)
    assert dialog_log.infos[-1].startswith("1 diimpor")
    (entry,) = importer.history(kec_window.ctx.store)
    assert entry.file_name == bundles[1].name and entry.result == importer.IMPORTED


def test_a_zip_dropped_with_a_dkla_is_not_left_out(qtbot, kec_window, bundles, dialog_log):
    assert drop(kec_window, bundles)
    wait_done(qtbot, kec_window)
    assert dialog_log.infos[-1].startswith("2 diimpor")
    assert [r.file_name for r in kec_window.bundle_actions.last_results] == \
        [p.name for p in bundles]


def test_a_dropped_file_that_is_no_bundle_is_refused_with_its_reason(qtbot, kec_window,
                                                                     tmp_path, dialog_log):
    letter = tmp_path / "surat-undangan.pdf"
    letter.write_bytes(b"%PDF-1.4 undangan rapat\n")
    assert drop(kec_window, [letter])
    wait_done(qtbot, kec_window)
    (summary,) = dialog_log.errors
    assert "1 ditolak" in summary and "surat-undangan.pdf" in summary
    assert "bukan arsip zip" in summary


def test_the_file_dialog_offers_zip_and_all_files(kec_window, bundles, monkeypatch):
    seen = {}

    def choose(_parent, _title, _folder, filters):  # noqa: ANN001, ANN202
        seen["filters"] = filters
        return [str(bundles[1])], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    assert import_actions.ask_open_paths(kec_window) == [bundles[1]]
    first, everything = seen["filters"].split(";;")
    assert first == "Bundel Desa Layak (*.dkla *.zip)"
    assert everything == "Semua berkas (*)"

    def save(_parent, _title, suggested, filters):  # noqa: ANN001, ANN202
        seen["save"] = filters
        return str(bundles[1].parent / "kirim"), filters

    # Saving still writes a .dkla.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    path = import_actions.ask_save_path(kec_window, bundles[1].parent / "a.dkla")
    assert path == bundles[1].parent / "kirim.dkla"
    assert seen["save"] == "Bundel Desa Layak (*.dkla)"


def test_accepting_a_key_from_the_menu_shows_it_in_the_history(qtbot, kec_window, bundles,
                                                               tmp_path, monkeypatch,
                                                               dialog_log):
    window = kec_window
    importer.import_many(window.ctx.store, bundles[:1])
    reinstalled = make_village(tmp_path / "ulang", VILLAGES[0])
    (tmp_path / "ulang-out").mkdir()
    importer.import_many(window.ctx.store,
                         [export.export_bundle(reinstalled, tmp_path / "ulang-out").path])
    reinstalled.close()
    page = window.page("ImportHistoryPage")
    page.refresh()
    assert page.keys_model.rowCount() == 0
    monkeypatch.setattr(import_actions, "ask_key_acceptance",
                        lambda _w, _v: (VILLAGES[0], "Laptop desa diganti, telp. Sekdes"))
    window.bundle_actions.action_accept.trigger()
    assert "diterima" in dialog_log.infos[-1]
    assert page.keys_model.rowCount() == 1  # refreshed without restarting
    assert page.keys_model.data(page.keys_model.index(0, 4)) == \
        "Laptop desa diganti, telp. Sekdes"
