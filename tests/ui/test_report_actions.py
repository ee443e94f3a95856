"""Berkas › Simpan laporan PDF / Cetak / Ekspor Excel in the real window, desa and kecamatan."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desa_layak.core import setup
from desa_layak.reports.data import Meeting, load_meeting, save_meeting
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.storage.db import Store
from desa_layak.ui import report_actions
from desa_layak.ui.context import AppContext
from desa_layak.ui.main_window import MainWindow

MEETING = Meeting(title="Rakor Semester I", date=dt.date(2024, 3, 27), place="Aula",
                  signer_name="Drs. Ahmad")


@pytest.fixture
def open_window(qtbot):  # noqa: ANN001, ANN201
    made: list[MainWindow] = []

    def make(store: Store, year: int) -> MainWindow:
        window = MainWindow(AppContext(store, setup.identity(store)))
        window.remember_geometry = False
        window.ctx.set_year(year)
        qtbot.addWidget(window)
        window.show()
        maint = getattr(window, "maintenance", None)
        if maint is not None:  # the start-up backup and check run in a thread: let them end
            qtbot.waitUntil(lambda: maint.startup_done and not maint.busy(), timeout=30000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.report_actions.wait_for_tasks()
        maint = getattr(window, "maintenance", None)
        if maint is not None:
            maint.wait_for_tasks()


def _wait(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not window.report_actions.busy(), timeout=60000)


def test_desa_menu_save_pdf_and_xlsx(qtbot, demo_store: Store, open_window, tmp_path: Path,  # noqa: ANN001
                                     monkeypatch: pytest.MonkeyPatch, dialog_log) -> None:  # noqa: ANN001
    window = open_window(demo_store, 2024)
    texts = [a.text() for a in window.menu_file.actions()]
    for text in ("Simpan laporan PDF…", "Cetak laporan…", "Ekspor Excel…"):
        assert text in texts
    assert texts.index("Ekspor Excel…") < texts.index(window.action_quit.text())
    out = tmp_path / "laporan.pdf"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: out)
    window.report_actions.action_pdf.trigger()
    _wait(qtbot, window)
    assert dialog_log.errors == []
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "DESA GAMBAH LUAR" in text and "Tahun 2024" in text
    xlsx = tmp_path / "desa.xlsx"
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: xlsx)
    window.report_actions.action_xlsx.trigger()
    _wait(qtbot, window)
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Kelengkapan"
    # The flash drive is pulled out as the report is written: a plain message, no file.
    from desa_layak.storage import files

    def pulled_out(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    gone = tmp_path / "flashdisk" / "laporan.pdf"
    monkeypatch.setattr(files.tempfile, "mkstemp", pulled_out)
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: gone)
    window.report_actions.action_pdf.trigger()
    qtbot.waitUntil(lambda: bool(dialog_log.errors), timeout=60000)
    _wait(qtbot, window)
    assert "flash disk sudah dicabut" in dialog_log.errors[-1], dialog_log.errors[-1]
    assert "Errno" not in dialog_log.errors[-1] and not gone.exists()


def test_print_paints_every_page_on_the_printer(qtbot, demo_store: Store, open_window,  # noqa: ANN001
                                               tmp_path: Path, dialog_log,  # noqa: ANN001
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinter

    window = open_window(demo_store, 2024)
    printed = tmp_path / "printer-output.pdf"
    asked: list[int] = []

    def fake_printer(_window, pages: int):  # noqa: ANN001, ANN202
        asked.append(pages)
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(report_actions, "ask_printer", fake_printer)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(report_actions.tempfile, "tempdir", str(scratch))
    window.report_actions.action_print.trigger()
    qtbot.waitUntil(lambda: (printed.exists() and not window.report_actions.busy())
                    or bool(dialog_log.errors), timeout=60000)
    assert dialog_log.errors == []
    assert asked and asked[0] >= 2
    assert len(PdfReader(str(printed)).pages) == asked[0]
    assert list(scratch.iterdir()) == []  # the temporary PDF is gone


def test_kecamatan_rakor_from_the_menu(qtbot, kecamatan_store: Store, open_window,  # noqa: ANN001
                                       tmp_path: Path, today: dt.date,
                                       monkeypatch: pytest.MonkeyPatch, dialog_log) -> None:  # noqa: ANN001
    fill_sample_area(kecamatan_store, 2024, today)
    window = open_window(kecamatan_store, 2024)
    assert window.report_actions.action_pdf.text() == "Simpan bahan rakor PDF…"
    out = tmp_path / "rakor.pdf"
    monkeypatch.setattr(report_actions, "ask_meeting", lambda _w: (MEETING, None))
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: out)
    window.report_actions.action_pdf.trigger()
    _wait(qtbot, window)
    assert dialog_log.errors == []
    reader = PdfReader(str(out))
    assert "RAKOR SEMESTER I" in reader.pages[0].extract_text()
    assert len(reader.pages) > 18
    # cancelling the meeting dialog makes nothing
    out.unlink()
    monkeypatch.setattr(report_actions, "ask_meeting", lambda _w: None)
    window.report_actions.action_pdf.trigger()
    assert not out.exists() and not window.report_actions.busy()
    # one village's report from kecamatan mode
    one = tmp_path / "satu.pdf"
    monkeypatch.setattr(report_actions, "ask_village", lambda _w, choices: choices[4][0])
    monkeypatch.setattr(report_actions, "ask_save_path", lambda *a: one)
    window.report_actions.action_village_pdf.trigger()
    _wait(qtbot, window)
    assert "GAMBAH LUAR" in PdfReader(str(one)).pages[0].extract_text()


def test_rakor_dialog_remembers_last_values(qtbot, kecamatan_store: Store) -> None:  # noqa: ANN001
    from desa_layak.ui.context import AppContext
    from desa_layak.ui.rakor_dialog import RakorDialog

    save_meeting(kecamatan_store, MEETING)
    ctx = AppContext(kecamatan_store, setup.identity(kecamatan_store))
    dialog = RakorDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "Rakor Semester I"
    assert dialog.meeting() == MEETING
    dialog.place_edit.setText("Pendopo Kecamatan")
    dialog.signer_edit.setText("Hj. Siti")
    dialog.accept()
    again = load_meeting(kecamatan_store)
    assert (again.place, again.signer_name, again.title) == ("Pendopo Kecamatan", "Hj. Siti",
                                                             "Rakor Semester I")


def test_rakor_dialog_takes_a_typed_date(qtbot, kecamatan_store: Store,  # noqa: ANN001
                                         dialog_log, indonesian_dates) -> None:  # noqa: ANN001
    """The meeting date can be typed whole, like the document dates; a date that cannot be
    understood keeps the dialog open with the reason."""
    import datetime as dt

    from PySide6.QtCore import Qt

    from desa_layak.ui.context import AppContext
    from desa_layak.ui.rakor_dialog import RakorDialog

    ctx = AppContext(kecamatan_store, setup.identity(kecamatan_store))
    dialog = RakorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.date_edit.setFocus(Qt.FocusReason.TabFocusReason)  # the day is selected
    qtbot.keyClicks(dialog.date_edit, "14 Agustus 2025")
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Tab)
    assert dialog.meeting().date == dt.date(2025, 8, 14)
    dialog.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(dialog.date_edit, "31/02/2025")
    dialog.accept()
    assert len(dialog_log.errors) == 1
    assert dialog.result() != dialog.DialogCode.Accepted
    assert load_meeting(kecamatan_store).date is None or \
        load_meeting(kecamatan_store).date != dt.date(2025, 8, 14)


def test_a_kabupaten_makes_the_rakor_of_one_of_its_kecamatan_in_the_window(
        qtbot, open_window, tmp_path: Path, today: dt.date,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch, dialog_log) -> None:  # noqa: ANN001
    """Found by an exploratory tester: only the command line had --area; the DP3A's window
    could only make the handout of all 148 villages."""
    from desa_layak.ui.context import AppContext
    from desa_layak.ui.rakor_dialog import RakorDialog

    kab = setup.open_store(tmp_path / "kab")
    setup.initialise(kab, "kecamatan", "63.06")
    try:
        dialog = RakorDialog(AppContext(kab, setup.identity(kab)))
        qtbot.addWidget(dialog)
        assert dialog.signer_title_edit.text() == "Kepala Dinas P3A"  # not "Camat"
        combo = dialog.area_combo
        assert combo is not None and combo.count() == 1 + 11
        assert combo.itemText(0) == "Seluruh Kabupaten Hulu Sungai Selatan"
        assert dialog.area() is None
        combo.setCurrentIndex(combo.findData("63.06.05"))
        assert dialog.area() == "63.06.05"
        assert combo.currentText() == "Kecamatan Kandangan (63.06.05)"
        window = open_window(kab, 2024)
        out = tmp_path / "kandangan.pdf"
        suggested: list[str] = []
        monkeypatch.setattr(report_actions, "ask_meeting", lambda _w: (MEETING, "63.06.05"))
        monkeypatch.setattr(report_actions, "ask_save_path",
                            lambda _w, _t, name, *a: suggested.append(name) or out)
        window.report_actions.action_pdf.trigger()
        _wait(qtbot, window)
        assert dialog_log.errors == []
        assert suggested == ["Bahan-Rakor-Kecamatan-Kandangan-2024.pdf"]
        cover = PdfReader(str(out)).pages[0].extract_text()
        assert "Kecamatan Kandangan" in cover and "0 dari 18 desa/kelurahan" in cover
    finally:
        kab.close()
