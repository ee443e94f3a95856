"""The real main window on a fresh data folder: fill, attach, close, reopen; demo states;
refusals; unsaved-changes guard; new year carry-forward."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel

from desa_layak.core import checklist, demo, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_jpeg, make_pdf
from desa_layak.ui import dialogs
from desa_layak.ui.checklist_model import ChecklistModel
from desa_layak.ui.checklist_page import ChecklistPage
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow

VILLAGE = "63.06.05.2005"
YEAR = dt.date.today().year


def open_window(qtbot, data_dir: Path) -> MainWindow:  # noqa: ANN001
    store = setup.open_store(data_dir)
    ident = setup.identity(store)
    assert ident is not None
    window = MainWindow(AppContext(store, ident))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert not [e for e in window.page_errors if "checklist_page" in e]
    return window


def close_window(window: MainWindow) -> None:
    assert window.close()
    window.ctx.store.close()


def checklist_page(window: MainWindow) -> ChecklistPage:
    page = window.page("ChecklistPage")
    assert isinstance(page, ChecklistPage)
    return page


def click_item(qtbot, page: ChecklistPage, code: str) -> None:  # noqa: ANN001
    row = page.model.row_of(code)
    index = page.model.index(row, ChecklistModel.COL_ITEM)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_code == code


def cell(page: ChecklistPage, code: str, col: int) -> str:
    return page.model.data(page.model.index(page.model.row_of(code), col))


def pick_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))


@pytest.fixture
def village_dir(data_dir: Path) -> Path:
    s = setup.open_store(data_dir)
    setup.initialise(s, "desa", VILLAGE)
    s.close()
    return data_dir


def test_fill_attach_close_reopen(qtbot, village_dir, tmp_path, monkeypatch, dialog_log):  # noqa: ANN001
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Belum ada"
    click_item(qtbot, page, "A")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor.isVisible() and editor.is_dirty()
    qtbot.keyClicks(editor.number_edit, "3 Tahun 2024")
    editor.title_edit.clear()
    qtbot.keyClicks(editor.title_edit, "Perdes tentang Desa Layak Anak")
    editor.date_set_edit.edit.setDate(QDate(YEAR, 3, 27))
    qtbot.keyClick(editor.number_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog_log.errors == []
    assert not editor.is_dirty()
    assert "Tersimpan" in editor.state_label.text()
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Belum ada lampiran"
    assert cell(page, "A", ChecklistModel.COL_DATE) == f"27 Maret {YEAR}"

    scan = tmp_path / "perdes.pdf"
    scan.write_bytes(make_pdf(["PERDES 3/2024"], padding=5000, seed=9))
    pick_files(monkeypatch, scan)
    assert page.attachments.add_button.isEnabled()
    qtbot.mouseClick(page.attachments.add_button, Qt.MouseButton.LeftButton)
    assert dialog_log.errors == []
    assert page.attachments.list.count() == 1
    assert "PDF, 1 halaman" in page.attachments.list.item(0).text()
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Lengkap"
    assert cell(page, "A", ChecklistModel.COL_FILES) == "1"
    assert page.progress_label.text().startswith("1 dari 8 terpenuhi")
    window.resize(800, 700)  # the offscreen screen is 800x800; the default is 1280x800
    close_window(window)
    assert (village_dir / "ui-settings.ini").is_file()

    again = open_window(qtbot, village_dir)
    assert (again.width(), again.height()) == (800, 700)
    page = checklist_page(again)
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Lengkap"
    click_item(qtbot, page, "A")
    assert page.editor.number_edit.text() == "3 Tahun 2024"
    assert page.editor.title_edit.text() == "Perdes tentang Desa Layak Anak"
    assert page.editor.date_set_edit.value() == f"{YEAR}-03-27"
    assert page.attachments.list.count() == 1
    assert page.attachments.attachments[0].file_name == "perdes.pdf"
    stored = checklist.attachment_path(again.ctx.store, page.attachments.attachments[0])
    assert stored.read_bytes() == scan.read_bytes()
    close_window(again)


def test_demo_opens_with_expected_states(qtbot, data_dir):  # noqa: ANN001
    demo.build_demo(data_dir).close()
    window = open_window(qtbot, data_dir)
    page = checklist_page(window)
    assert window.header_title.text() == "Desa Gambah Luar"
    assert "Hulu Sungai Selatan" in window.header_sub.text()
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Lengkap"
    assert cell(page, "C", ChecklistModel.COL_STATE) == "Belum ada lampiran"
    assert cell(page, "D", ChecklistModel.COL_STATE) == "Kedaluwarsa"
    assert cell(page, "E", ChecklistModel.COL_FROM) == f"dari {YEAR - 1}"
    done, total = checklist.progress(page.statuses)
    assert page.progress_label.text().startswith(f"{done} dari {total} terpenuhi")
    # Most urgent first: the expired PATBM decree heads the action list and is shown.
    assert page.action_list.item(0).text().startswith("D. SK PATBM")
    assert page.current_code == "D"
    # Clicking an action item selects that item; E shows its photo with size saved.
    page.action_list.setCurrentRow(0)
    click_item(qtbot, page, "E")
    texts = [page.attachments.list.item(i).text() for i in range(page.attachments.list.count())]
    assert any("1600×1200" in t for t in texts)
    assert not page.attachments.list.item(0).icon().isNull()
    close_window(window)


def demo_window_at(qtbot, data_dir, width: int, height: int):  # noqa: ANN001, ANN201
    """The demo village's window at ``width`` x ``height`` (not maximised), laid out."""
    demo.build_demo(data_dir).close()
    window = open_window(qtbot, data_dir)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height), timeout=2000)
    qtbot.wait(50)
    return window, checklist_page(window)


def test_layout_fits_a_1024x700_screen(qtbot, data_dir):  # noqa: ANN001
    """Old laptops: all eight rows, the validity and attachment columns, no sideways scrolling,
    a short action list, and the selected item's form and files without scrolling."""
    window, page = demo_window_at(qtbot, data_dir, 1024, 700)
    table = page.table
    assert not table.horizontalScrollBar().isVisible()
    last = table.visualRect(page.model.index(page.model.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()  # row H is not cut off
    for col in (ChecklistModel.COL_STATE, ChecklistModel.COL_UNTIL, ChecklistModel.COL_FILES):
        assert not table.isColumnHidden(col)
    shown = sum(table.columnWidth(c) for c in range(page.model.columnCount())
                if not table.isColumnHidden(c))
    assert shown <= table.viewport().width()
    # The action list is as high as its four entries, not a tall empty box.
    lst = page.action_list
    assert lst.count() == 4
    last_item = lst.visualItemRect(lst.item(lst.count() - 1))
    assert last_item.bottom() <= lst.viewport().height()
    assert lst.height() < 200
    # D (expired: the longest detail) needs no scrolling; the file list is in view.
    assert page.current_code == "D"
    scroll = page.detail_pane.parentWidget().parentWidget()
    assert not scroll.verticalScrollBar().isVisible()
    files = page.attachments.list
    assert files.count() == 1 and files.height() >= files.minimumHeight()
    bottom = files.mapTo(page.detail_pane, files.rect().bottomLeft()).y()
    assert bottom <= scroll.viewport().height()
    close_window(window)


def test_smallest_window_scrolls_and_hides_nothing_essential(qtbot, data_dir):  # noqa: ANN001
    """At the window's smallest size (800x500; a 1024x600 netbook leaves about 530) the
    overview scrolls: the table's rows are not covered by the action list, and the state,
    validity and attachment columns are whole, reached by scrolling sideways."""
    window, page = demo_window_at(qtbot, data_dir, 800, 500)
    table, box = page.table, page.overview_scroll.widget()
    title = page.action_list.parentWidget().findChild(QLabel, "sectionTitle")
    table_bottom = table.mapTo(box, table.rect().bottomLeft()).y()
    assert table_bottom < title.mapTo(box, title.rect().topLeft()).y()
    last = table.visualRect(page.model.index(page.model.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()  # row H is not cut off
    essential = (ChecklistModel.COL_STATE, ChecklistModel.COL_UNTIL, ChecklistModel.COL_FILES)
    for col in essential:
        assert not table.isColumnHidden(col)
    shown = sum(table.columnWidth(c) for c in range(page.model.columnCount())
                if not table.isColumnHidden(c))
    assert shown <= table.viewport().width()  # the table itself never cuts a column
    scroll = page.overview_scroll
    assert scroll.horizontalScrollBar().maximum() > 0  # narrower than the table: scrolls
    assert scroll.viewport().width() + scroll.horizontalScrollBar().maximum() >= table.width()
    close_window(window)


def test_bad_attachment_refused_and_nothing_stored(qtbot, village_dir, tmp_path, monkeypatch,  # noqa: ANN001
                                                   dialog_log):
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/05/SK")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert not page.editor.is_dirty()
    fake = tmp_path / "scan.pdf"
    fake.write_text("ini hanya catatan, bukan pindaian\n")
    pick_files(monkeypatch, fake)
    qtbot.mouseClick(page.attachments.add_button, Qt.MouseButton.LeftButton)
    assert len(dialog_log.errors) == 1
    assert "bukan PDF, JPG atau PNG" in dialog_log.errors[0]
    assert page.attachments.list.count() == 0
    assert checklist.attachments_of(window.ctx.store, "document", page.editor.document.id) == []
    assert not (village_dir / "attachments").exists() or not any(
        (village_dir / "attachments").rglob("*"))
    close_window(window)


def test_drop_photo_onto_detail_pane(qtbot, village_dir, tmp_path):  # noqa: ANN001
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "E")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/30/SK")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    photo = tmp_path / "pelantikan.jpg"
    photo.write_bytes(make_jpeg(3000, 2000, seed=3))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.detail_pane.dropEvent(drop)
    atts = page.attachments.attachments
    assert len(atts) == 1
    assert max(atts[0].width, atts[0].height) == 2000  # scaled down on import
    assert "asli" in page.attachments.list.item(0).text()  # size saved is shown
    close_window(window)


def test_validation_error_keeps_typed_input(qtbot, village_dir, dialog_log):  # noqa: ANN001
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "C")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    page.editor.title_edit.clear()
    qtbot.keyClicks(page.editor.title_edit, "SK Tim DRPPA tanpa nomor")
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert dialog_log.errors and "Nomor dokumen wajib diisi" in dialog_log.errors[0]
    assert page.editor.title_edit.text() == "SK Tim DRPPA tanpa nomor"
    assert page.editor.is_dirty()
    assert checklist.documents(window.ctx.store, VILLAGE, "C") == []
    dialog_log.unsaved_answer = "discard"
    close_window(window)


def test_unsaved_changes_guard(qtbot, village_dir, dialog_log):  # noqa: ANN001
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/01/SK")
    # Cancel: we stay on B with the input intact, and the window does not close.
    dialog_log.unsaved_answer = "cancel"
    row = page.model.row_of("D")
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.model.index(row, 1)).center())
    assert page.current_code == "B"
    assert page.editor.number_edit.text() == "141/01/SK"
    assert not window.close()
    # Save: the document is stored, then we move on.
    dialog_log.unsaved_answer = "save"
    click_item(qtbot, page, "D")
    assert len(dialog_log.unsaved) == 3
    docs = checklist.documents(window.ctx.store, VILLAGE, "B")
    assert [d.doc_number for d in docs] == ["141/01/SK"]
    close_window(window)


def test_delete_document_asks_first(qtbot, store, dialog_log):  # noqa: ANN001
    doc = checklist.save_document(store, Document(None, VILLAGE, "D", YEAR, doc_number="1/SK"))
    window = open_window(qtbot, store.data_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "D")
    assert page.editor.document.id == doc.id
    dialog_log.confirm_answer = False
    qtbot.mouseClick(page.delete_doc_button, Qt.MouseButton.LeftButton)
    assert len(checklist.documents(window.ctx.store, VILLAGE, "D")) == 1
    dialog_log.confirm_answer = True
    qtbot.mouseClick(page.delete_doc_button, Qt.MouseButton.LeftButton)
    assert checklist.documents(window.ctx.store, VILLAGE, "D") == []
    assert cell(page, "D", ChecklistModel.COL_STATE) == "Belum ada"
    assert not page.editor.isVisible()
    close_window(window)


def test_new_year_carries_forward(qtbot, store, tmp_path, monkeypatch, dialog_log):  # noqa: ANN001
    patbm = checklist.save_document(store, Document(
        None, VILLAGE, "D", YEAR, doc_number="141/21/SK", valid_from=f"{YEAR}-01-01"))
    pdf = tmp_path / "patbm.pdf"
    pdf.write_bytes(make_pdf(["SK PATBM"]))
    checklist.add_attachment(store, VILLAGE, "document", patbm.id, pdf)
    checklist.save_document(store, Document(None, VILLAGE, "B", YEAR, doc_number="141/05/SK"))
    window = open_window(qtbot, store.data_dir)
    page = checklist_page(window)
    monkeypatch.setattr(dialogs, "ask_int", lambda *a, **k: YEAR + 1)
    qtbot.mouseClick(window.new_year_button, Qt.MouseButton.LeftButton)
    assert window.ctx.year == YEAR + 1
    assert window.year_combo.currentData() == YEAR + 1
    assert dialog_log.infos and f"D. SK PATBM (dari {YEAR})" in dialog_log.infos[0]
    assert "B." not in dialog_log.infos[0]  # a yearly SK does not carry forward
    assert cell(page, "D", ChecklistModel.COL_FROM) == f"dari {YEAR}"
    assert cell(page, "D", ChecklistModel.COL_STATE) == "Lengkap"
    assert cell(page, "B", ChecklistModel.COL_STATE) == "Kedaluwarsa"  # yearly SK lapsed
    click_item(qtbot, page, "D")
    assert page.editor.number_edit.text() == "141/21/SK"
    assert page.editor.origin_label.isVisible()
    # Back to the earlier year through the year selector: B is there again.
    index = window.year_combo.findData(YEAR)
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    assert window.ctx.year == YEAR
    assert cell(page, "B", ChecklistModel.COL_NUMBER) == "141/05/SK"
    # "Mulai tahun baru" with a year already open: it is shown, not "opened" again
    version = store.db.execute("SELECT catalogue_version FROM checklist_years WHERE year = ?",
                               [YEAR + 1]).fetchone()
    qtbot.mouseClick(window.new_year_button, Qt.MouseButton.LeftButton)
    assert window.ctx.year == YEAR + 1
    assert "sudah dibuka sebelumnya" in dialog_log.infos[-1]
    assert "ikut terbawa" not in dialog_log.infos[-1]
    assert store.db.execute("SELECT catalogue_version FROM checklist_years WHERE year = ?",
                            [YEAR + 1]).fetchone() == version
    close_window(window)


def test_open_and_remove_attachment(qtbot, store, tmp_path, monkeypatch, dialog_log):  # noqa: ANN001
    from PySide6.QtGui import QDesktopServices

    doc = checklist.save_document(store, Document(None, VILLAGE, "A", YEAR, doc_number="3/2024"))
    pdf = tmp_path / "Perdes 3-2024.pdf"
    pdf.write_bytes(make_pdf(["PERDES"]))
    checklist.add_attachment(store, VILLAGE, "document", doc.id, pdf)
    window = open_window(qtbot, store.data_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "A")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    widget = page.attachments
    widget.list.setCurrentRow(0)
    qtbot.mouseClick(widget.open_button, Qt.MouseButton.LeftButton)
    # The system viewer gets a copy with the file's own name (stored files are hash-named).
    assert len(opened) == 1 and Path(opened[0]).name == "Perdes 3-2024.pdf"
    assert Path(opened[0]).read_bytes() == pdf.read_bytes()
    dialog_log.confirm_answer = False
    qtbot.mouseClick(widget.remove_button, Qt.MouseButton.LeftButton)
    assert widget.list.count() == 1
    dialog_log.confirm_answer = True
    qtbot.mouseClick(widget.remove_button, Qt.MouseButton.LeftButton)
    assert len(dialog_log.confirms) == 2 and "Perdes 3-2024.pdf" in dialog_log.confirms[0]
    assert widget.list.count() == 0
    assert checklist.attachments_of(window.ctx.store, "document", doc.id) == []
    assert cell(page, "A", ChecklistModel.COL_STATE) == "Belum ada lampiran"
    close_window(window)


def test_keyboard_only_entry(qtbot, village_dir, dialog_log):  # noqa: ANN001
    """Arrow keys pick the item; Ctrl+S saves from anywhere on the page."""
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    page.table.setFocus()
    page.select_item("A")
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current_code == "B"
    page.new_document()
    assert page.editor.number_edit.hasFocus()
    qtbot.keyClicks(page.editor.number_edit, "141/02/SK")
    qtbot.keyClick(page.editor.number_edit, Qt.Key.Key_Tab)
    assert page.editor.title_edit.hasFocus()
    # One Tab per field, also past a date (not three, one per day/month/year section).
    for field in (page.editor.date_set_edit.edit, page.editor.valid_from_edit.edit,
                  page.editor.valid_until_edit.edit, page.editor.issuer_edit):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert field.hasFocus()
    assert page.editor.date_set_edit.is_empty()  # tabbing through leaves empty dates empty
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog_log.errors == []
    assert [d.doc_number for d in checklist.documents(window.ctx.store, VILLAGE, "B")] == [
        "141/02/SK"]
    close_window(window)


def test_year_switch_waits_for_unsaved_input(qtbot, store, dialog_log):  # noqa: ANN001
    checklist.open_year(store, VILLAGE, YEAR - 1)
    window = open_window(qtbot, store.data_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "C")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/09/SK")
    index = window.year_combo.findData(YEAR - 1)
    dialog_log.unsaved_answer = "cancel"
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    assert window.ctx.year == YEAR
    assert window.year_combo.currentData() == YEAR
    assert page.editor.number_edit.text() == "141/09/SK"
    dialog_log.unsaved_answer = "discard"
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    assert window.ctx.year == YEAR - 1
    assert page.progress_label.text().endswith(f"({YEAR - 1})")
    assert checklist.documents(window.ctx.store, VILLAGE, "C") == []
    close_window(window)


def test_drop_before_saving_explains(qtbot, village_dir, tmp_path, dialog_log):  # noqa: ANN001
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "sk.pdf"
    pdf.write_bytes(make_pdf(["SK"]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    page.detail_pane.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                                          Qt.MouseButton.LeftButton,
                                          Qt.KeyboardModifier.NoModifier))
    assert dialog_log.infos and "Simpan dokumen" in dialog_log.infos[0]
    assert not (village_dir / "attachments").exists()
    dialog_log.unsaved_answer = "discard"
    close_window(window)


def test_refresh_from_another_page_keeps_typed_input(qtbot, store, dialog_log):  # noqa: ANN001
    checklist.save_document(store, Document(None, VILLAGE, "B", YEAR, doc_number="141/01/SK"))
    window = open_window(qtbot, store.data_dir)
    page = checklist_page(window)
    click_item(qtbot, page, "B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/02/SK")
    window.ctx.data_changed.emit()  # e.g. the figures page saved something
    assert page.editor.number_edit.text() == "141/02/SK" and page.editor.is_dirty()
    assert page.doc_combo.currentText() == "Dokumen baru (belum disimpan)"
    assert page.doc_combo.count() == 2
    qtbot.keyClick(page.editor.number_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    numbers = sorted(d.doc_number for d in checklist.documents(window.ctx.store, VILLAGE, "B"))
    assert numbers == ["141/01/SK", "141/02/SK"]
    assert page.doc_combo.count() == 2 and "141/02/SK" in page.doc_combo.currentText()
    close_window(window)


def tab_into_date_set(qtbot, window: MainWindow, page: ChecklistPage) -> None:  # noqa: ANN001
    """A new document for B, its number typed, then Tab, Tab into "Tanggal ditetapkan"."""
    click_item(qtbot, page, "B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/03/SK")
    qtbot.keyClick(page.editor.number_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert page.editor.date_set_edit.edit.hasFocus()
    assert page.editor.date_set_edit.edit.text() == "(kosong)"


@pytest.mark.parametrize("typed, shown, stored", [
    ("10 Januari 2026", "10 Januari 2026", "2026-01-10"),
    ("10/01/2026", "10 Januari 2026", "2026-01-10"),
    ("27 Maret 2024", "27 Maret 2024", "2024-03-27"),
    ("27 mar 2024", "27 Maret 2024", "2024-03-27"),
    ("27-3-2024", "27 Maret 2024", "2024-03-27"),
    ("2024-03-27", "27 Maret 2024", "2024-03-27"),
])
def test_typing_a_date_into_an_empty_date_field(qtbot, village_dir, dialog_log,  # noqa: ANN001
                                                indonesian_dates, typed, shown, stored):
    """The keystrokes make the date, not today's date (the field starts "(kosong)")."""
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    tab_into_date_set(qtbot, window, page)
    field = page.editor.date_set_edit.edit
    qtbot.keyClicks(field, typed)
    assert field.text() == typed  # shown as typed while typing
    assert page.editor.is_dirty()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert page.editor.valid_from_edit.edit.hasFocus()
    assert field.text() == shown
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog_log.errors == []
    docs = checklist.documents(window.ctx.store, VILLAGE, "B")
    assert [(d.doc_number, d.date_set, d.valid_from) for d in docs] == [
        ("141/03/SK", stored, None)]
    close_window(window)


def test_a_typed_date_that_is_no_date_is_kept_and_refused(qtbot, village_dir,  # noqa: ANN001
                                                         dialog_log, indonesian_dates):
    """Never replaced by today's date: it stays as typed, and Simpan says why it cannot."""
    window = open_window(qtbot, village_dir)
    page = checklist_page(window)
    tab_into_date_set(qtbot, window, page)
    field = page.editor.date_set_edit.edit
    qtbot.keyClicks(field, "31/02/2024")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "31/02/2024"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog_log.errors) == 1
    assert "Tanggal ditetapkan" in dialog_log.errors[0]
    assert "31/02/2024" in dialog_log.errors[0] and "tidak dikenali" in dialog_log.errors[0]
    assert checklist.documents(window.ctx.store, VILLAGE, "B") == []
    assert field.hasFocus() and field.text() == "31/02/2024" and page.editor.is_dirty()
    # Corrected in place (the whole text is selected on coming back), then saved.
    assert field.lineEdit().selectedText() == "31/02/2024"
    qtbot.keyClicks(field, "29/02/2024")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog_log.errors) == 1
    assert [d.date_set for d in checklist.documents(window.ctx.store, VILLAGE, "B")] == [
        "2024-02-29"]
    assert field.text() == "29 Februari 2024"
    close_window(window)


@pytest.mark.parametrize("typed, expected", [
    ("27 Maret 2024", dt.date(2024, 3, 27)),
    ("27 MARET 2024", dt.date(2024, 3, 27)),
    ("27 Agu 2024", dt.date(2024, 8, 27)),
    ("27 ags 2024", dt.date(2024, 8, 27)),
    ("27/03/24", dt.date(2024, 3, 27)),
    ("27.3.2024", dt.date(2024, 3, 27)),
    ("27032024", dt.date(2024, 3, 27)),
    ("2024-03-27", dt.date(2024, 3, 27)),
    ("27 Maret", dt.date(2026, 3, 27)),  # the year from the date the field starts from
    ("27", dt.date(2026, 7, 27)),
    ("27 Ju 2024", None),  # Juni or Juli?
    ("31/04/2024", None),
    ("27/03/202", None),
    ("Maret", None),
    ("27 Maret 2024 12", None),
])
def test_typed_date_forms(typed, expected):  # noqa: ANN001
    from desa_layak.ui.document_editor import parse_typed_date

    assert parse_typed_date(typed, dt.date(2026, 7, 1)) == expected
