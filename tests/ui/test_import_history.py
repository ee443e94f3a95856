"""The import history page: local times, the village's name also for a bundle of another
kecamatan, the reason in view (without the file name the message starts with), and the new
keys an officer accepted, with the reason given."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import make_village, village_bundles
from PySide6.QtCore import Qt

from desa_layak.bundles import export, importer
from desa_layak.core import setup
from desa_layak.ui.context import AppContext
from desa_layak.ui.import_history_page import ImportHistoryPage
from desa_layak.ui.main_window import MainWindow

HERE = "63.06.05.2005"  # Gambah Luar, Kecamatan Kandangan
ELSEWHERE = "63.06.04.2001"  # Bamban Utara, Kecamatan Angkinang
REASON = "Laptop desa dipasang ulang, dikonfirmasi lewat telepon dengan Sekdes"



@pytest.fixture
def history_window(qtbot, tmp_path: Path, jakarta):  # noqa: ANN001, ANN201
    """A kecamatan that took a bundle, refused one of another kecamatan, refused a village's
    new key, accepted it with a reason and then took the bundle."""
    paths = village_bundles(tmp_path, (HERE, ELSEWHERE))
    store = setup.open_store(tmp_path / "kec")
    setup.initialise(store, "kecamatan", "63.06.05")
    importer.import_many(store, paths)
    reinstalled = make_village(tmp_path / "baru", HERE)
    (tmp_path / "baru-out").mkdir()
    new = export.export_bundle(reinstalled, tmp_path / "baru-out").path
    reinstalled.close()
    importer.import_many(store, [new])
    importer.accept_key(store, HERE, REASON)
    importer.import_many(store, [new])
    store.db.execute("UPDATE import_log SET at = '2026-12-06T05:22:13+00:00'")
    store.db.execute("UPDATE key_changes SET at = '2026-12-06T05:30:00+00:00'")
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("ImportHistoryPage")
    assert isinstance(page, ImportHistoryPage)
    window.tabs.setCurrentWidget(page)
    page.refresh()
    yield window, page, store
    window.close()
    store.close()


def _row(page: ImportHistoryPage, predicate) -> int:  # noqa: ANN001
    return next(r for r in range(page.model.rowCount()) if predicate(page.model.entry(r)))


def test_times_are_local_and_every_village_has_its_name(history_window):
    _window, page, _store = history_window
    model = page.model
    assert model.data(model.index(0, 0)) == "6 Desember 2026 12.22"  # 05:22 UTC in WIB
    other = _row(page, lambda e: e.village_code == ELSEWHERE)
    assert model.data(model.index(other, 2)) == f"Bamban Utara ({ELSEWHERE})"
    assert model.data(model.index(other, 4)) == "Ditolak"


def test_the_reason_is_shown_without_the_file_name_and_whole_in_the_tooltip(history_window):
    _window, page, _store = history_window
    model = page.model
    other = _row(page, lambda e: e.village_code == ELSEWHERE)
    entry = model.entry(other)
    shown = model.data(model.index(other, 5))
    assert entry.reason.startswith(f"Bundel '{entry.file_name}' ditolak: ")
    assert shown.startswith("Desa Bamban Utara (63.06.04.2001) dari Kecamatan")
    assert entry.file_name not in shown
    assert model.data(model.index(other, 5), Qt.ItemDataRole.ToolTipRole) == entry.reason
    assert model.data(model.index(other, 1), Qt.ItemDataRole.ToolTipRole) == entry.file_name


def test_the_reason_is_in_view_at_1280_and_at_1024_px(qtbot, history_window, tmp_path):
    window, page, _store = history_window
    window.setWindowState(Qt.WindowState.WindowNoState)
    table = page.table
    for size in ((1280, 800), (1024, 600)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: (window.width(), window.height()) == s, timeout=2000)
        page.refresh()
        qtbot.wait(20)
        window.grab().save(str(tmp_path / f"riwayat-{size[0]}.png"))
        # The reason column starts well inside the row and takes the rest of it: no
        # sideways scroll bar hides it.
        assert table.horizontalScrollBar().maximum() == 0, size
        start = table.columnViewportPosition(5)
        assert start + table.columnWidth(5) >= table.viewport().width() - 2, size
        assert table.viewport().width() - start >= 240, size


def test_accepted_keys_are_listed_with_the_reason(history_window):
    _window, page, store = history_window
    assert page.keys_table.isVisible() and page.keys_label.isVisible()
    model = page.keys_model
    assert model.rowCount() == 1
    (change,) = importer.key_changes(store)
    cells = [model.data(model.index(0, c)) for c in range(5)]
    assert cells == ["6 Desember 2026 12.30", f"Gambah Luar ({HERE})", change.old_fingerprint,
                     change.new_fingerprint, REASON]
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == change.new_key


def test_without_accepted_keys_the_key_list_is_hidden(qtbot, tmp_path):
    store = setup.open_store(tmp_path / "kec")
    setup.initialise(store, "kecamatan", "63.06.05")
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.show()
    page = window.page("ImportHistoryPage")
    window.tabs.setCurrentWidget(page)
    page.refresh()
    assert not page.keys_table.isVisible()
    window.close()
    store.close()
