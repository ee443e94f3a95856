"""Alat › Cadangkan / Pulihkan / Periksa data in the real window, the start-up check, and a full
disk while typing in the document form (the typed input must stay)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage import backup
from desa_layak.storage.db import Store
from desa_layak.ui import maintenance_actions
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow

VILLAGE = "63.06.05.2005"


def _doc(store: Store, number: str) -> Document:
    return checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code="B", year=2024, doc_number=number))


def _numbers(store: Store) -> set[str]:
    return {d.doc_number for d in checklist.documents(store, VILLAGE)}


@pytest.fixture
def open_window(qtbot):  # noqa: ANN001, ANN201
    made: list[MainWindow] = []

    def make(store: Store) -> MainWindow:
        window = MainWindow(AppContext(store, setup.identity(store)))
        window.remember_geometry = False
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.maintenance.startup_done, timeout=15000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.maintenance.wait_for_tasks()


def _idle(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not window.maintenance.busy(), timeout=20000)


def test_menu_items_and_a_quiet_start_on_healthy_data(store: Store, open_window) -> None:  # noqa: ANN001
    window = open_window(store)
    texts = [a.text() for a in window.menu_tools.actions()]
    assert {"Cadangkan…", "Pulihkan…", "Periksa data"} <= set(texts)
    assert window.maintenance.last_report.ok
    assert not window.maintenance.warning.isVisible()
    assert [b.reason for b in backup.list_auto_backups(store)] == ["harian"]


def test_start_up_check_warns_without_blocking(store: Store, tmp_path: Path, open_window,
                                               dialog_log) -> None:  # noqa: ANN001
    doc = _doc(store, "1/2024")
    f = tmp_path / "sk.pdf"
    f.write_bytes(make_pdf(["SK"]))
    att = checklist.add_attachment(store, VILLAGE, "document", doc.id, f)
    checklist.attachment_path(store, att).unlink()
    window = open_window(store)
    label = window.maintenance.warning
    assert label.isVisible() and "1 masalah" in label.text()
    assert "sk.pdf" in label.toolTip()
    assert dialog_log.errors == [] and dialog_log.infos == []  # nothing modal at start


def test_backup_then_restore_through_the_menu(store: Store, tmp_path: Path, open_window,
                                              dialog_log, qtbot, monkeypatch) -> None:  # noqa: ANN001
    _doc(store, "1/2024")
    window = open_window(store)
    dest = tmp_path / "usb" / "cadangan.dlbak"
    monkeypatch.setattr(maintenance_actions, "ask_save_path", lambda _w, _s: dest)
    window.maintenance.action_backup.trigger()
    _idle(qtbot, window)
    assert dest.is_file() and "Cadangan tersimpan" in dialog_log.infos[-1]

    _doc(store, "2/2024")
    changed: list[bool] = []
    window.ctx.data_changed.connect(lambda: changed.append(True))
    monkeypatch.setattr(maintenance_actions, "ask_open_path", lambda _w: dest)
    dialog_log.confirm_answer = False
    window.maintenance.action_restore.trigger()
    _idle(qtbot, window)
    assert "Desa Gambah Luar" in dialog_log.confirms[-1]
    assert _numbers(store) == {"1/2024", "2/2024"}  # declined: nothing changed

    dialog_log.confirm_answer = True
    window.maintenance.action_restore.trigger()
    qtbot.waitUntil(lambda: any("dipulihkan" in t for t in dialog_log.infos), timeout=20000)
    _idle(qtbot, window)
    assert _numbers(store) == {"1/2024"}
    assert changed
    assert list(store.backups_dir.glob("sebelum-pulih-*.dlbak"))


def test_another_areas_backup_is_named_before_it_replaces_anything(
        store: Store, tmp_path: Path, open_window, dialog_log, qtbot, monkeypatch) -> None:  # noqa: ANN001
    """A kecamatan's backup chosen in a desa installation: the question says so before
    anything is replaced, and after the restore the app closes (this window is set up for the
    village and must not go on with the kecamatan's data)."""
    _doc(store, "1/2024")
    other = setup.open_store(tmp_path / "kec")
    setup.initialise(other, "kecamatan", "63.06.05")
    dest = tmp_path / "kecamatan.dlbak"
    backup.create_backup(other, dest)
    other.close()
    window = open_window(store)
    monkeypatch.setattr(maintenance_actions, "ask_open_path", lambda _w: dest)
    dialog_log.confirm_answer = False
    window.maintenance.action_restore.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.confirms), timeout=20000)
    _idle(qtbot, window)
    assert "wilayah lain" in dialog_log.confirms[-1]
    assert "Kecamatan Kandangan" in dialog_log.confirms[-1]
    assert "Desa Gambah Luar" in dialog_log.confirms[-1]
    assert setup.identity(store).role == "desa" and _numbers(store) == {"1/2024"}

    dialog_log.confirm_answer = True
    window.maintenance.action_restore.trigger()
    qtbot.waitUntil(lambda: any("ditutup" in t for t in dialog_log.infos), timeout=20000)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert setup.identity(store).role == "kecamatan"
    assert list(store.backups_dir.glob("sebelum-pulih-*.dlbak"))  # the desa's data is kept


def test_closing_after_the_data_was_replaced_does_not_offer_to_save(
        store: Store, open_window, dialog_log, qtbot) -> None:  # noqa: ANN001
    """Input typed while another area's backup was being restored belongs to data that is
    gone: the window closes without offering to save it (a plain close still asks)."""
    window = open_window(store)
    page = window.page("ChecklistPage")
    page.select_item("B")
    page.new_document()
    qtbot.keyClicks(page.editor.number_edit, "999/SK/2024")
    dialog_log.unsaved_answer = "cancel"
    window.close()
    assert dialog_log.unsaved == ["dokumen B"] and window.isVisible()
    dialog_log.unsaved_answer = "save"  # were it asked, this answer would write it
    window.close_discarding_input()
    assert dialog_log.unsaved == ["dokumen B"] and not window.isVisible()
    assert "999/SK/2024" not in _numbers(store)


def test_damaged_backup_is_refused_in_the_window(store: Store, tmp_path: Path, open_window,
                                                dialog_log, qtbot, monkeypatch) -> None:  # noqa: ANN001
    _doc(store, "1/2024")
    window = open_window(store)
    bad = tmp_path / "rusak.dlbak"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 500)
    monkeypatch.setattr(maintenance_actions, "ask_open_path", lambda _w: bad)
    window.maintenance.action_restore.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.errors), timeout=20000)
    assert "rusak" in dialog_log.errors[-1] and dialog_log.confirms == []
    assert _numbers(store) == {"1/2024"}


def test_periksa_data_reports_a_missing_file(store: Store, tmp_path: Path, open_window,
                                            dialog_log, qtbot) -> None:  # noqa: ANN001
    doc = _doc(store, "1/2024")
    f = tmp_path / "foto.pdf"
    f.write_bytes(make_pdf(["foto"]))
    window = open_window(store)
    window.maintenance.action_check.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.infos), timeout=20000)
    assert "Tidak ada masalah" in dialog_log.infos[-1]
    att = checklist.add_attachment(store, VILLAGE, "document", doc.id, f)
    checklist.attachment_path(store, att).unlink()
    window.maintenance.action_check.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.errors), timeout=20000)
    assert "hilang" in dialog_log.errors[-1] and "foto.pdf" in dialog_log.errors[-1]
    assert window.maintenance.warning.isVisible()


def test_full_disk_while_saving_a_document_keeps_the_typed_input(
        store: Store, open_window, dialog_log, qtbot) -> None:  # noqa: ANN001
    window = open_window(store)
    page = window.page("ChecklistPage")
    assert page is not None
    page.select_item("B")
    page.new_document()
    editor = page.editor
    editor.number_edit.clear()
    qtbot.keyClicks(editor.number_edit, "141/07/SK/2024")
    qtbot.keyClicks(editor.notes_edit, "catatan panjang")
    long_text = "catatan panjang " * 2000  # pasted: too big for the (full) disk
    editor.notes_edit.setText(long_text)
    editor.notes_edit.textEdited.emit(long_text)
    db = window.ctx.store.db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    assert editor.save() is False
    assert dialog_log.errors and "disk) penuh" in dialog_log.errors[-1]
    assert "tetap aman" in dialog_log.errors[-1]
    assert editor.number_edit.text() == "141/07/SK/2024"  # nothing to retype
    assert editor.notes_edit.text().startswith("catatan panjang")
    assert editor.is_dirty()
    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    assert editor.save() is True
    assert "141/07/SK/2024" in _numbers(store)
