"""The kecamatan recap page on a 1024x600 netbook and the window at its smallest (800x500):
every column's text whole, nothing behind a sideways scroll bar; recorded UTC moments shown
in local time in the recap and the village detail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView

from desa_layak.core import checklist, setup
from desa_layak.core import recap as recap_core
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow
from desa_layak.ui.recap_model import RecapModel
from desa_layak.ui.village_detail_dialog import VillageDetailDialog

SIZES = ((1280, 800), (1024, 600), (800, 500))


@pytest.fixture
def recap_window(qtbot, tmp_path: Path):  # noqa: ANN001, ANN201
    today = checklist.today()
    store = setup.open_store(tmp_path / "kec")
    setup.initialise(store, "kecamatan", "63.06.05")
    fill_sample_area(store, today.year, today)  # documents expired and ending soon among them
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.ctx.set_year(today.year)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    store.close()


def cut_cells(view: QTableView) -> list[tuple[int, int, str]]:
    """Cells whose text (and mark) needs more width than the column has."""
    model = view.model()
    out = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            if view.sizeHintForIndex(index).width() > view.columnWidth(col):
                out.append((row, col, str(index.data())))
    return out


def check_readable(qtbot, view: QTableView) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 0, timeout=2000)
    assert view.horizontalScrollBar().maximum() == 0, view.objectName()
    assert not cut_cells(view)
    header = view.verticalHeader()
    if header.isVisible():  # the counts' state names
        assert header.width() >= header.sizeHint().width()


@pytest.mark.parametrize("size", SIZES)
def test_every_column_readable(qtbot, recap_window, size: tuple[int, int]) -> None:  # noqa: ANN001
    window = recap_window
    page = window.page("RecapPage")
    states = {page.expiring_model.data(page.expiring_model.index(r, 4))
              for r in range(page.expiring_model.rowCount())}
    assert "Kedaluwarsa" in states and any(s.startswith("Berakhir ") for s in states)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=2000)
    qtbot.wait(50)
    for view in (page.table, page.counts, page.expiring):
        tabs = getattr(page, "tabs", None)
        if tabs is not None and tabs.isAncestorOf(view):  # bring the list's tab to the front
            tabs.setCurrentIndex(next(i for i in range(tabs.count())
                                      if tabs.widget(i).isAncestorOf(view)))
            qtbot.wait(20)
        check_readable(qtbot, view)
    if size == (1280, 800):  # both lists side by side, each under its own title
        assert page.side_by_side and not page.tabs.isVisible()
        assert page.counts_label.isVisible() and page.expiring_label.isVisible()
    else:  # one list at a time, each with the whole width, the titles on the tabs
        assert not page.side_by_side
        assert [page.tabs.tabText(i) for i in range(2)] == [
            page.counts_label.text(), page.expiring_label.text()]
    # the state words: whole, or (the recap's item columns) a mark with a word that is one
    texts = [page.model.data(page.model.index(r, c)) for r in range(page.model.rowCount())
             for c in range(page.model.columnCount()) if page.model.item_at_column(c)]
    assert all(t in {"", "–", "Lengkap", "Segera", "Lampiran", "Proses", "Belum", "Habis"}
               for t in texts)



def test_bundle_times_in_local_time(qtbot, kecamatan_store, jakarta) -> None:  # noqa: ANN001
    store = kecamatan_store
    today = dt.date(2026, 12, 6)
    fill_sample_area(store, 2026, today)
    code = store.db.execute("SELECT village_code FROM village_sources ORDER BY village_code "
                            "LIMIT 1").fetchone()[0]
    with store.atomic() as db:  # exported 03.30 and imported 12.17 on 6 December in Jakarta
        db.execute("UPDATE village_sources SET exported_at = '2026-12-05T20:30:00+00:00', "
                   "imported_at = '2026-12-06T05:17:13+00:00' WHERE village_code = ?", [code])
    model = RecapModel()
    model.set_recap(recap_core.build(store, 2026, on=today))
    row = next(r for r in range(model.rowCount()) if model.village_at(r).code == code)
    assert model.data(model.index(row, model.col_source())) == "6 Desember 2026"
    assert model.data(model.index(row, model.col_source()), Qt.ItemDataRole.ToolTipRole) \
        .endswith("diekspor 6 Desember 2026 03.30")

    ctx = AppContext(store, setup.identity(store))
    ctx.set_year(2026)
    dialog = VillageDetailDialog(ctx, code)
    qtbot.addWidget(dialog)
    head = next(label.text() for label in dialog.findChildren(QLabel)
                if "Bundel terakhir" in label.text())
    assert "diekspor 6 Desember 2026 03.30, diimpor 6 Desember 2026 12.17." in head
