"""The checklist's detail pane on a tall window when no document is shown: its lines stay
together at the top instead of being spread over the pane."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from desa_layak.core import setup
from desa_layak.ui.checklist_page import ChecklistPage
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow


def _top(widget, page: ChecklistPage) -> int:  # noqa: ANN001
    return widget.mapTo(page, QPoint(0, 0)).y()


def test_detail_lines_stay_together_without_a_document(qtbot, data_dir: Path) -> None:  # noqa: ANN001
    store = setup.open_store(data_dir)
    setup.initialise(store, "desa", "63.06.05.2005")  # nothing recorded yet
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.remember_geometry = False
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(796, 796)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("ChecklistPage")
    assert isinstance(page, ChecklistPage)
    page.select_item("G")
    qtbot.wait(50)
    assert not page.att_box.isVisible()  # no document: no attachment box
    title_bottom = _top(page.item_title, page) + page.item_title.height()
    # the state line follows the title, the evidence follows the state, then the documents
    assert _top(page.state_word, page) - title_bottom < 16
    state_bottom = max(_top(w, page) + w.height() for w in (page.state_word, page.state_text))
    assert _top(page.evidence, page) - state_bottom < 16
    evidence_bottom = _top(page.evidence, page) + page.evidence.height()
    assert _top(page.docs_box, page) - evidence_bottom < 40
    # the explanation beside the state word starts on the word's line, not lower down
    text_line = page.state_text.fontMetrics().height()
    assert abs(_top(page.state_text, page) - _top(page.state_word, page)) < text_line
    assert page.state_text.alignment() & Qt.AlignmentFlag.AlignTop
    window.close()
    store.close()


def test_a_cancelled_click_leaves_the_shown_item_selected(qtbot, data_dir: Path,  # noqa: ANN001
                                                          dialog_log) -> None:  # noqa: ANN001
    """Batal on 'unsaved input' after clicking another row: the table shows the item whose
    form is still open, not the row that was clicked."""
    store = setup.open_store(data_dir)
    setup.initialise(store, "desa", "63.06.05.2005")
    window = MainWindow(AppContext(store, setup.identity(store)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("ChecklistPage")
    page.select_item("B")
    qtbot.mouseClick(page.add_doc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.number_edit, "141/01/SK")
    dialog_log.unsaved_answer = "cancel"
    d_row, b_row = page.model.row_of("D"), page.model.row_of("B")
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(page.model.index(d_row, 1)).center())
    qtbot.wait(30)
    assert page.current_code == "B"
    assert page.table.currentIndex().row() == b_row
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [b_row]
    assert page.editor.number_edit.text() == "141/01/SK"
    dialog_log.unsaved_answer = "discard"
    window.close()
    store.close()
