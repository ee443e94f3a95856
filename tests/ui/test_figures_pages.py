"""The figures pages driven like a person would: typing into grids, forms and buttons."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QScrollArea

from desa_layak.core import budget, checklist, data_pilah, demo, drppa, facilities, setup, teams
from desa_layak.core.sample_files import make_jpeg
from desa_layak.core.states import ItemState
from desa_layak.ui.context import AppContext
from desa_layak.ui.drppa_page import DrppaPage
from desa_layak.ui.figures_budget_page import BudgetPage
from desa_layak.ui.figures_data_pilah_page import PROBLEM_BG, DataPilahPage
from desa_layak.ui.figures_facilities_page import FacilitiesPage
from desa_layak.ui.figures_teams_page import TeamsModel, TeamsPage

VILLAGE = "63.06.05.2005"


@pytest.fixture
def ctx(store):  # noqa: ANN001, ANN201
    return AppContext(store, setup.require_identity(store))


def show(qtbot, page):  # noqa: ANN001, ANN201
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    return page


def type_into(qtbot, view, index, text: str) -> None:  # noqa: ANN001
    """Select a cell, open its editor and type, then Enter, as with the keyboard."""
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None, timeout=2000)


def find_row(model, kind: str, key: str, sex: str = "") -> int:  # noqa: ANN001
    return next(i for i, r in enumerate(model.rows)
                if r.kind == kind and r.figure.key == key and r.sex == sex)


def test_data_pilah_grid_typing_totals_and_warnings(qtbot, ctx):  # noqa: ANN001
    page = show(qtbot, DataPilahPage(ctx))
    m, view = page.model, page.view
    changed = []
    ctx.data_changed.connect(lambda: changed.append(1))
    l_row, p_row = find_row(m, "cell", "anak", "L"), find_row(m, "cell", "anak", "P")
    total_row = find_row(m, "total", "anak")
    type_into(qtbot, view, m.index(l_row, 1), "25")
    type_into(qtbot, view, m.index(l_row, 2), "30")
    type_into(qtbot, view, m.index(p_row, 1), "20")
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year) == {
        ("anak", "L", "0-4"): 25, ("anak", "L", "5-9"): 30, ("anak", "P", "0-4"): 20}
    assert changed  # other pages are told
    assert m.data(m.index(l_row, m.col_total)) == "55"  # row total
    assert m.data(m.index(total_row, 1)) == "45"  # column total (L+P) for 0-4
    assert m.data(m.index(total_row, m.col_total)) == "75"
    assert "Terisi 3 dari 43" in page.fill_label.text()
    assert "75" in page.totals_label.text()
    assert page.warnings.text() == ""

    # a part larger than its whole is flagged at once, in words and in colour
    akta = find_row(m, "cell", "akta", "P")
    type_into(qtbot, view, m.index(akta, 1), "21")
    assert "21 melebihi jumlah anak (20)" in page.warnings.text()
    assert "Perempuan" in page.warnings.text()
    assert m.data(m.index(akta, 1), Qt.ItemDataRole.BackgroundRole).color() == PROBLEM_BG
    type_into(qtbot, view, m.index(akta, 1), "19")
    assert page.warnings.text() == ""

    # letters and minus signs cannot even be typed; the cell keeps its number
    index = m.index(l_row, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "-x,")
    assert editor.text() == "25"  # nothing of it was accepted
    qtbot.keyClicks(editor, "3")
    assert editor.text() == "3"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None, timeout=2000)
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year)[("anak", "L", "0-4")] == 3
    type_into(qtbot, view, index, "25")
    # a bad value that reaches the model is refused with the reason shown
    assert not m.setData(m.index(l_row, 1), "2,5")
    assert "bukan bilangan bulat" in page.warnings.text()
    # totals and labels are not editable; a yearly count only in Jumlah
    assert not m.flags(m.index(total_row, 1)) & Qt.ItemFlag.ItemIsEditable
    count_row = find_row(m, "count", "perkawinan_anak")
    assert not m.flags(m.index(count_row, 1)) & Qt.ItemFlag.ItemIsEditable
    type_into(qtbot, view, m.index(count_row, m.col_total), "2")
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year)[("perkawinan_anak", "", "")] == 2
    # clearing a cell removes the value
    type_into(qtbot, view, m.index(p_row, 1), "")
    assert ("anak", "P", "0-4") not in data_pilah.values(ctx.store, VILLAGE, ctx.year)


def test_data_pilah_paste_block_from_excel_and_delete(qtbot, ctx):  # noqa: ANN001
    from PySide6.QtGui import QGuiApplication

    page = show(qtbot, DataPilahPage(ctx))
    m, view = page.model, page.view
    l_row = find_row(m, "cell", "anak", "L")
    view.setCurrentIndex(m.index(l_row, 1))
    # two rows (L, P) of four bands plus a stale total column, as copied from Excel
    QGuiApplication.clipboard().setText("1.234\t80\t75\t40\t9999\n70\t\t72\t38\t0\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    values = data_pilah.values(ctx.store, VILLAGE, ctx.year)
    assert values[("anak", "L", "0-4")] == 1234
    assert values[("anak", "P", "10-14")] == 72
    assert ("anak", "P", "5-9") not in values  # empty pasted cell
    assert len(values) == 7  # the total column was not written
    assert m.data(m.index(l_row, m.col_total)) == "1.429"
    # a block with one bad number is refused whole
    view.setCurrentIndex(m.index(l_row, 1))
    QGuiApplication.clipboard().setText("5\t2.5\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year) == values
    assert "bukan bilangan bulat" in page.warnings.text()
    # Delete clears the selected cells
    view.selectionModel().clearSelection()
    view.setCurrentIndex(m.index(l_row, 1))
    view.selectionModel().select(m.index(l_row, 2),
                                 view.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    values = data_pilah.values(ctx.store, VILLAGE, ctx.year)
    assert ("anak", "L", "0-4") not in values and ("anak", "L", "5-9") not in values
    assert values[("anak", "L", "10-14")] == 75


def test_data_pilah_page_import_export(qtbot, ctx, tmp_path, dialog_log):  # noqa: ANN001
    page = show(qtbot, DataPilahPage(ctx))
    data_pilah.set_value(ctx.store, VILLAGE, ctx.year, ("anak", "L", "0-4"), 5)
    page.refresh()
    out = page.export_to(tmp_path / "dp")  # no suffix: xlsx
    assert out is not None and out.suffix == ".xlsx"
    wb = openpyxl.load_workbook(out)
    wb["Data Pilah"]["E2"] = 7
    wb["Data Pilah"]["F3"] = "banyak"
    wb.save(out)
    assert not page.import_from(out)
    assert "Baris 3, kolom F" in dialog_log.errors[-1]
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year) == {("anak", "L", "0-4"): 5}
    wb["Data Pilah"]["F3"] = 4
    wb.save(out)
    assert page.import_from(out)
    m = page.model
    assert m.data(m.index(find_row(m, "cell", "anak", "L"), m.col_total)) == "12"


def test_data_pilah_import_that_empties_filled_cells_asks_first(qtbot, ctx, tmp_path,  # noqa: ANN001
                                                                 dialog_log):
    page = show(qtbot, DataPilahPage(ctx))
    blank = page.export_to(tmp_path / "kosong")  # the year's template, still empty
    data_pilah.set_value(ctx.store, VILLAGE, ctx.year, ("anak", "L", "0-4"), 5)
    page.refresh()
    dialog_log.confirm_answer = False
    assert not page.import_from(blank)
    assert "mengosongkan 1 isian" in dialog_log.confirms[-1]
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year) == {("anak", "L", "0-4"): 5}
    dialog_log.confirm_answer = True
    assert page.import_from(blank)
    assert data_pilah.values(ctx.store, VILLAGE, ctx.year) == {}
    # a name with a dot in it gets .xlsx added, it is not taken for another file's name
    (tmp_path / "dp.xlsx").write_bytes(b"lain")
    out = page.export_to(tmp_path / "dp.2026")
    assert out == tmp_path / "dp.2026.xlsx" and (tmp_path / "dp.xlsx").read_bytes() == b"lain"


def test_budget_page_share_updates_and_billions(qtbot, ctx, dialog_log):  # noqa: ANN001
    page = show(qtbot, BudgetPage(ctx))
    seen = []
    page.apbdes_saved.connect(seen.append)
    page.apbdes_edit.clear()
    qtbot.keyClicks(page.apbdes_edit, "5000000000")
    qtbot.keyClick(page.apbdes_edit, Qt.Key.Key_Return)
    assert seen == [5_000_000_000]  # beyond 32 bits, carried intact
    assert page.apbdes_edit.text() == "Rp 5.000.000.000"
    assert "Isi total APBDes" not in page.summary.text()

    qtbot.keyClicks(page.activity_edit, "Pemberian makanan tambahan")
    page.source_combo.setCurrentText("Dana Desa")
    qtbot.keyClicks(page.amount_edit, "Rp 2.500.000.000")
    qtbot.keyClicks(page.realised_edit, "1000000000")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Rp 2.500.000.000 dari APBDes Rp 5.000.000.000 = 50,00%" in page.summary.text()
    assert page.model.data(page.model.index(0, 3)) == "Rp 2.500.000.000"
    b = budget.get_budget(ctx.store, VILLAGE, ctx.year)
    assert (b.lines[0].amount, b.lines[0].realised) == (2_500_000_000, 1_000_000_000)

    # a second line: the share follows
    page.new_line()
    qtbot.keyClicks(page.activity_edit, "Forum Anak")
    qtbot.keyClicks(page.amount_edit, "500000000")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "= 60,00%" in page.summary.text()

    # refusals keep the numbers as they were
    page.new_line()
    qtbot.keyClicks(page.activity_edit, "Salah")
    qtbot.keyClicks(page.amount_edit, "100")
    qtbot.keyClicks(page.realised_edit, "200")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "melebihi anggaran" in dialog_log.errors[-1]
    assert len(budget.get_budget(ctx.store, VILLAGE, ctx.year).lines) == 2

    # editing the APBDes down past the lines: warned in words
    page.apbdes_edit.clear()
    qtbot.keyClicks(page.apbdes_edit, "1000000000")
    qtbot.mouseClick(page.apbdes_button, Qt.MouseButton.LeftButton)
    assert "melebihi total APBDes" in page.warnings.text()
    # delete the selected line (first dropping the refused "Salah", when asked)
    dialog_log.unsaved_answer = "discard"
    page.view.selectRow(0)
    assert dialog_log.unsaved == ['kegiatan anggaran "Salah"']
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(budget.get_budget(ctx.store, VILLAGE, ctx.year).lines) == 1


def test_facilities_page_photo_completes_item_h(qtbot, ctx, tmp_path, dialog_log):  # noqa: ANN001
    page = show(qtbot, FacilitiesPage(ctx))
    assert "Belum ada fasilitas aktif" in page.state_label.text()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("perpustakaan_desa"))
    qtbot.keyClicks(page.name_edit, "Perpustakaan Desa Gambah Luar")
    qtbot.keyClicks(page.location_edit, "Balai desa")
    page.since_spin.setValue(2021)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    items = facilities.list_facilities(ctx.store, VILLAGE)
    assert [(f.kind, f.name, f.since_year) for f in items] == [
        ("perpustakaan_desa", "Perpustakaan Desa Gambah Luar", 2021)]
    assert "belum ada fotonya" in page.state_label.text()
    state = {s.item.code: s.state for s in checklist.statuses(ctx.store, VILLAGE, ctx.year)}
    assert state["H"] == ItemState.NO_ATTACHMENT
    pic = tmp_path / "perpustakaan.jpg"
    pic.write_bytes(make_jpeg(800, 600, seed=2))
    pdf = tmp_path / "bukan-foto.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    # The photo box asks for photos, not for the scans a document takes.
    assert "foto JPG/PNG" in page.photos.list.toolTip()
    assert "PDF" not in page.photos.list.toolTip() + page.photos.add_button.toolTip()
    assert page.photos.add_button.text() == "Tambah foto…"
    assert page.photos.add_files([pdf]) == 0
    assert "bukan foto" in dialog_log.errors[-1]
    assert page.photos.add_files([pic]) == 1
    assert "PDF" not in page.photos.list.toolTip()
    assert "butir H terpenuhi" in page.state_label.text()
    state = {s.item.code: s.state for s in checklist.statuses(ctx.store, VILLAGE, ctx.year)}
    assert state["H"] == ItemState.COMPLETE
    # an empty name is refused
    page.new_facility()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Nama fasilitas wajib" in dialog_log.errors[-1]
    assert len(facilities.list_facilities(ctx.store, VILLAGE)) == 1


def test_teams_page_members_and_activities(qtbot, ctx, dialog_log):  # noqa: ANN001
    page = show(qtbot, TeamsPage(ctx))
    m = page.model
    assert [t.key for t in m.teams] == list(teams.TEAMS)
    type_into(qtbot, page.view, m.index(3, TeamsModel.COL_L), "9")
    type_into(qtbot, page.view, m.index(3, TeamsModel.COL_P), "12")
    type_into(qtbot, page.view, m.index(3, TeamsModel.COL_CHAIR), "Nur Aulia")
    assert m.data(m.index(3, TeamsModel.COL_TOTAL)) == "21"
    t = teams.get_team(ctx.store, VILLAGE, ctx.year, "forum_anak")
    assert (t.members_l, t.members_p, t.chair_name) == (9, 12, "Nur Aulia")

    page.team_combo.setCurrentIndex(page.team_combo.findData("patbm"))
    qtbot.keyClicks(page.title_edit, "Sosialisasi perlindungan anak")
    qtbot.keyClicks(page.note_edit, "Di balai desa")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    acts = teams.activities(ctx.store, VILLAGE, ctx.year)
    assert [(a.team_key, a.title) for a in acts] == [("patbm", "Sosialisasi perlindungan anak")]
    assert acts[0].date is not None and acts[0].date.startswith(str(ctx.year))
    assert m.data(m.index(2, 6)) == "1"  # PATBM's activity count
    assert page.photos.owner_id == acts[0].id  # photo can be added now
    page.new_activity()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "Judul kegiatan wajib" in dialog_log.errors[-1]


def test_teams_page_team_choice_short_names_and_dates(qtbot, ctx):  # noqa: ANN001
    from desa_layak.ui.document_editor import DATE_FORMAT
    from desa_layak.ui.rakor_dialog import RakorDialog

    teams.save_activity(ctx.store, teams.Activity(
        None, VILLAGE, ctx.year, "tim_dla", f"{ctx.year}-01-14", "Rapat perencanaan", "Dihadiri"))
    page = show(qtbot, TeamsPage(ctx))
    m, acts = page.model, page.act_model
    # The activities list names the team briefly; the full name is in the tooltip.
    assert acts.data(acts.index(0, 1)) == "B. Tim DLA"
    assert acts.data(acts.index(0, 1), Qt.ItemDataRole.ToolTipRole) == \
        "B. Tim Desa/Kelurahan Layak Anak"
    assert acts.data(acts.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "Rapat perencanaan"
    # Choosing team E above sets the form's team to E (a new activity, not B's one).
    page.act_view.selectRow(0)
    assert page.current_id is not None and page.team_combo.currentData() == "tim_dla"
    page.view.setCurrentIndex(m.index(3, 0))
    assert page.team_combo.currentData() == "forum_anak"
    assert page.current_id is None and page.title_edit.text() == ""
    page.view.setCurrentIndex(m.index(2, 0))
    assert page.team_combo.currentData() == "patbm"
    # Dates read as in the rest of the app: 14 Januari 2026, not 14/01/2026.
    assert page.date_edit.displayFormat() == DATE_FORMAT
    page.act_view.selectRow(0)
    month = page.date_edit.locale().monthName(1)  # Januari with the app's Indonesian locale
    assert page.date_edit.text() == f"14 {month} {ctx.year}"
    dialog = RakorDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.displayFormat() == DATE_FORMAT
    assert "-" not in dialog.date_edit.text() and "/" not in dialog.date_edit.text()


def test_teams_page_on_a_short_window_scrolls_instead_of_squeezing(qtbot, ctx):  # noqa: ANN001
    """The activity form and its photos keep their height on the smallest window (the page
    is about 780x420 there) and scroll; the red message line takes room only when it says
    something."""
    page = show(qtbot, TeamsPage(ctx))
    page.resize(780, 420)
    qtbot.wait(50)
    for widget in (page.team_combo, page.date_edit, page.title_edit, page.note_edit,
                   page.save_button):
        assert widget.height() >= widget.minimumSizeHint().height()
    scroll = page.title_edit.parentWidget().parentWidget().parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea) and scroll.verticalScrollBar().maximum() > 0
    scroll.ensureWidgetVisible(page.photos)
    assert scroll.verticalScrollBar().value() > 0
    assert page.message.isHidden()
    page.model.rejected.emit("Jumlah anggota harus bilangan bulat 0 sampai 999.")
    assert not page.message.isHidden() and "bilangan bulat" in page.message.text()
    page.model.saved.emit()
    assert page.message.isHidden()


@pytest.mark.parametrize("page_class, fields", [
    (BudgetPage, ("activity_edit", "bidang_combo", "source_combo", "amount_edit",
                  "realised_edit", "save_button")),
    (FacilitiesPage, ("kind_combo", "name_edit", "location_edit", "since_spin",
                      "condition_combo", "notes_edit", "save_button")),
])
def test_record_forms_on_a_short_window_scroll_instead_of_squeezing(  # noqa: ANN001
        qtbot, ctx, page_class, fields):
    """On the smallest window (the page is about 780x360 there) the forms keep their height;
    the page or the form's side scrolls to them. The budget list keeps two lines."""
    if page_class is BudgetPage:
        budget.save_line(ctx.store, budget.BudgetLine(
            None, VILLAGE, ctx.year, "Kegiatan Forum Anak Desa", "", "ADD", 12_500_000, 0))
    page = show(qtbot, page_class(ctx))
    page.resize(780, 360)
    qtbot.wait(50)
    for name in fields:
        widget = getattr(page, name)
        assert widget.height() >= widget.minimumSizeHint().height(), name
    scroll = page.save_button.parentWidget()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert scroll.verticalScrollBar().maximum() > 0
    assert scroll.horizontalScrollBar().maximum() == 0  # up and down only
    if page_class is BudgetPage:
        assert page.view.viewport().height() >= 2 * page.view.rowHeight(0)


def test_drppa_page_derived_and_direct(qtbot, ctx, dialog_log):  # noqa: ANN001
    data_pilah.set_values(ctx.store, VILLAGE, ctx.year, {("perkawinan_anak", "", ""): 0})
    page = show(qtbot, DrppaPage(ctx))
    assert page.result(10).met is True
    assert page.cards[10].save_button is None  # derived: nothing to type here
    assert page.cards[2].chip.text() == "Belum terpenuhi"
    card = page.cards[5]
    qtbot.keyClicks(card.inputs["perangkat_p"], "3")
    qtbot.keyClicks(card.inputs["perangkat_total"], "11")
    qtbot.keyClicks(card.inputs["bpd_p"], "2")
    qtbot.keyClicks(card.inputs["bpd_total"], "7")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert drppa.answers(ctx.store, VILLAGE, ctx.year)[5]["bpd_total"] == 7
    assert page.result(5).met is True and card.chip.text() == "Terpenuhi"
    card.inputs["bpd_p"].setText("9")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert "tidak boleh melebihi" in dialog_log.errors[-1]
    assert drppa.answers(ctx.store, VILLAGE, ctx.year)[5]["bpd_p"] == 2


def test_main_window_shows_figures_pages_on_demo(qtbot, tmp_path: Path):  # noqa: ANN001
    from desa_layak.ui.main_window import MainWindow

    store = demo.build_demo(tmp_path / "demo")
    window = MainWindow(AppContext(store, setup.require_identity(store)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not [e for e in window.page_errors if "figures" in e or "drppa" in e]
    dp = window.page("DataPilahPage")
    assert dp is not None and "Semua 43 isian terisi" in dp.fill_label.text()
    for name in ("BudgetPage", "FacilitiesPage", "TeamsPage", "DrppaPage"):
        assert window.page(name) is not None
    # a change on one page reaches the others (data_changed)
    window.page("TeamsPage").model.setData(
        window.page("TeamsPage").model.index(3, TeamsModel.COL_P), "20")
    drppa_page = window.page("DrppaPage")
    assert drppa_page.cards[1].facts.itemAtPosition(0, 1).widget().text() == "<b>29</b>"
    window.close()
    store.close()


@pytest.mark.parametrize("typed", ["14 Maret {year}", "14/03/{year}", "14 mar {year}"])
def test_teams_page_typing_a_whole_activity_date(qtbot, ctx, dialog_log,  # noqa: ANN001
                                                 indonesian_dates, typed):
    page = show(qtbot, TeamsPage(ctx))
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.date_edit.setFocus(Qt.FocusReason.TabFocusReason)  # the day is selected
    qtbot.keyClicks(page.date_edit, typed.format(year=ctx.year))
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Tab)  # one Tab leaves the date
    assert page.date_edit.text() == f"14 Maret {ctx.year}"
    assert page.date_known.hasFocus()
    qtbot.keyClicks(page.title_edit, "Musyawarah anak")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert dialog_log.errors == []
    acts = teams.activities(ctx.store, VILLAGE, ctx.year)
    assert [(a.title, a.date) for a in acts] == [("Musyawarah anak", f"{ctx.year}-03-14")]
    # Tab goes through the form in the order it is seen: team, date, "date known".
    page.team_combo.setFocus()
    qtbot.keyClick(page.team_combo, Qt.Key.Key_Tab)
    assert page.date_edit.hasFocus()


def test_teams_page_typed_date_outside_the_year_is_refused(qtbot, ctx,  # noqa: ANN001
                                                           dialog_log, indonesian_dates):
    page = show(qtbot, TeamsPage(ctx))
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(page.date_edit, f"14/03/{ctx.year - 1}")
    qtbot.keyClicks(page.title_edit, "Musyawarah anak")
    assert page.date_edit.text() == f"14/03/{ctx.year - 1}"  # kept, not replaced
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert len(dialog_log.errors) == 1 and f"31 Desember {ctx.year}" in dialog_log.errors[0]
    assert teams.activities(ctx.store, VILLAGE, ctx.year) == []
    assert page.date_edit.hasFocus()


# -- typed-in input is asked about before it is dropped (as on the checklist page) ----------

def open_window(qtbot, ctx):  # noqa: ANN001, ANN201
    from desa_layak.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def click_row(qtbot, view, row: int) -> None:  # noqa: ANN001
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_budget_input_is_asked_about_before_it_is_dropped(qtbot, ctx, dialog_log,  # noqa: ANN001
                                                           monkeypatch):
    from desa_layak.ui import dialogs

    year = ctx.year
    checklist.open_year(ctx.store, VILLAGE, year - 1)
    budget.save_line(ctx.store, budget.BudgetLine(None, VILLAGE, year, "Forum Anak", "", "",
                                                  "500000", "0"))
    window = open_window(qtbot, ctx)
    page = window.page("BudgetPage")
    window.tabs.setCurrentWidget(page)
    qtbot.keyClicks(page.activity_edit, "PMT balita")
    qtbot.keyClicks(page.amount_edit, "3.000.000")

    def still_typed() -> bool:
        return (page.activity_edit.text() == "PMT balita"
                and page.amount_edit.amount() == 3_000_000)

    # Staying ("Batal") keeps the input, whatever would have dropped it.
    dialog_log.unsaved_answer = "cancel"
    qtbot.mouseClick(window.new_year_button, Qt.MouseButton.LeftButton)  # no year asked
    assert window.ctx.year == year and still_typed()
    index = window.year_combo.findData(year - 1)
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    assert window.ctx.year == year and still_typed()
    click_row(qtbot, page.view, 0)  # another line
    assert still_typed() and not page.view.currentIndex().isValid()
    qtbot.waitUntil(lambda: not page.view.selectionModel().hasSelection(), timeout=1000)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert still_typed()
    assert not window.close() and window.isVisible()
    assert dialog_log.unsaved == ['kegiatan anggaran "PMT balita"'] * 5
    window.ctx.data_changed.emit()  # another page saved something: the input stays
    assert still_typed() and len(dialog_log.unsaved) == 5

    # "Simpan": stored in the year it was typed for, then the new year opens.
    dialog_log.unsaved_answer = "save"
    monkeypatch.setattr(dialogs, "ask_int", lambda *a, **k: year + 1)
    qtbot.mouseClick(window.new_year_button, Qt.MouseButton.LeftButton)
    assert window.ctx.year == year + 1
    lines = budget.get_budget(window.ctx.store, VILLAGE, year).lines
    assert sorted((x.activity, x.amount) for x in lines) == [
        ("Forum Anak", 500_000), ("PMT balita", 3_000_000)]
    assert page.activity_edit.text() == "" and page.model.rowCount() == 0

    # A typed APBDes total is asked about too; "Jangan simpan" lets the window close.
    qtbot.keyClicks(page.apbdes_edit, "5000000000")
    dialog_log.unsaved_answer = "discard"
    assert window.close()
    assert dialog_log.unsaved[-1] == "total APBDes"
    assert budget.get_budget(window.ctx.store, VILLAGE, year + 1).apbdes_total == 0


def test_facility_rename_is_asked_about_before_another_row(qtbot, ctx, dialog_log):  # noqa: ANN001
    for name in ("Perpustakaan Desa", "Pojok Baca"):
        facilities.save_facility(ctx.store, facilities.Facility(
            None, VILLAGE, "perpustakaan_desa", name))
    page = show(qtbot, FacilitiesPage(ctx))
    names = [f.name for f in page.model.items]
    click_row(qtbot, page.view, 0)
    assert page.name_edit.text() == names[0]
    page.name_edit.selectAll()
    qtbot.keyClicks(page.name_edit, "Perpustakaan Desa Gambah Luar")
    dialog_log.unsaved_answer = "cancel"
    click_row(qtbot, page.view, 1)
    assert page.name_edit.text() == "Perpustakaan Desa Gambah Luar"
    assert page.view.currentIndex().row() == 0  # the row being edited stays current
    qtbot.waitUntil(lambda: page.view.selectionModel().selectedRows() == [
        page.model.index(0, 0)], timeout=1000)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.name_edit.text() == "Perpustakaan Desa Gambah Luar"
    assert not page.maybe_leave()  # a year switch or closing the window is held back too
    assert dialog_log.unsaved == [f'fasilitas "{names[0]}"'] * 3
    # "Jangan simpan": the other facility is shown, the stored name unchanged.
    dialog_log.unsaved_answer = "discard"
    click_row(qtbot, page.view, 1)
    assert page.name_edit.text() == names[1]
    assert sorted(f.name for f in facilities.list_facilities(ctx.store, VILLAGE)) == names
    # "Simpan": stored, then the chosen facility is shown.
    page.notes_edit.setFocus()
    qtbot.keyClicks(page.notes_edit, "Buka tiap sore")
    dialog_log.unsaved_answer = "save"
    row = next(i for i, f in enumerate(page.model.items) if f.name == names[0])
    click_row(qtbot, page.view, row)
    assert page.name_edit.text() == names[0] and page.notes_edit.text() == ""
    stored = {f.name: f.notes for f in facilities.list_facilities(ctx.store, VILLAGE)}
    assert stored == {names[0]: "", names[1]: "Buka tiap sore"}
    assert page.maybe_leave() and len(dialog_log.unsaved) == 5


def test_team_activity_input_is_asked_about_before_it_is_dropped(qtbot, ctx,  # noqa: ANN001
                                                                 dialog_log):
    for key, title in (("tim_dla", "Rapat perencanaan"), ("patbm", "Sosialisasi")):
        teams.save_activity(ctx.store, teams.Activity(
            None, VILLAGE, ctx.year, key, f"{ctx.year}-01-14", title))
    page = show(qtbot, TeamsPage(ctx))
    row = next(i for i, a in enumerate(page.act_model.items) if a.team_key == "tim_dla")
    click_row(qtbot, page.act_view, row)
    assert page.title_edit.text() == "Rapat perencanaan"
    qtbot.keyClicks(page.title_edit, " RKPDes")
    dialog_log.unsaved_answer = "cancel"
    click_row(qtbot, page.act_view, 1 - row)  # another activity
    page.view.setCurrentIndex(page.model.index(3, 0))  # Forum Anak's team row
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert not page.maybe_leave()
    assert dialog_log.unsaved == ['kegiatan "Rapat perencanaan"'] * 4
    assert page.title_edit.text() == "Rapat perencanaan RKPDes"
    assert page.team_combo.currentData() == "tim_dla"
    ctx.data_changed.emit()  # e.g. a photo added, another page saved
    assert page.title_edit.text() == "Rapat perencanaan RKPDes"
    # "Simpan" on "Kegiatan baru": stored, and the form is ready for a new activity.
    dialog_log.unsaved_answer = "save"
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.current_id is None and page.title_edit.text() == ""
    titles = sorted(a.title for a in teams.activities(ctx.store, VILLAGE, ctx.year))
    assert titles == ["Rapat perencanaan RKPDes", "Sosialisasi"]
    # An untouched new activity asks nothing.
    page.view.setCurrentIndex(page.model.index(2, 0))
    assert page.team_combo.currentData() == "patbm" and page.maybe_leave()
    assert len(dialog_log.unsaved) == 5
