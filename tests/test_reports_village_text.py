"""The village report's cells: numbers and dates whole, totals only of what is filled, and a
village that sent nothing for the year said to have sent nothing (text read back with pypdf)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from pdf_support import pages_text
from pypdf import PdfReader

from desa_layak.bundles.export import export_bundle
from desa_layak.bundles.importer import import_bundle
from desa_layak.core import checklist, data_pilah, demo, setup
from desa_layak.core.formatting import MONTHS
from desa_layak.reports.village_report import write_village_report
from desa_layak.storage.db import Store

NOW = dt.datetime(2024, 3, 27, 10, 15)



def runs(path: Path) -> list[str]:
    """Every piece of text as drawn: a word cut over two lines comes out as two pieces."""
    out: list[str] = []
    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=lambda t, *_: out.append(t.strip()) if t.strip() else None)
    return out


def test_numbers_and_dates_are_never_split(demo_store: Store, tmp_path: Path,
                                           today: dt.date) -> None:
    village = demo.DEMO_VILLAGE
    # the widest texts the columns can hold: "sejak 28 September 2023" in the period column,
    # five-digit totals in the data pilah table
    perdes = checklist.documents(demo_store, village, "A")[0]
    checklist.save_document(demo_store, dataclasses.replace(
        perdes, date_set="2023-09-28", valid_from=None, attachments=0))
    cat_cells = [(k, s, b) for (k, s, b) in data_pilah.values(demo_store, village, 2024)
                 if k == "anak"]
    data_pilah.set_values(demo_store, village, 2024, dict.fromkeys(cat_cells, 4999))
    out = tmp_path / "laporan.pdf"
    write_village_report(demo_store, village, 2024, out, on=today, now=NOW)
    whole = " ".join(pages_text(out))
    pieces = runs(out)

    assert "28 September 2023" in whole
    months = "|".join(MONTHS)
    for piece in pieces:  # a line of a cell, as drawn (the footer has times: 10.15)
        if piece.startswith("Dibuat "):
            continue
        assert not re.search(rf"\b(?:{months}) (?!\d{{4}}\b)\d", piece), piece  # year cut
        assert not re.search(r"(?<![\d.])\d{1,3}(?:\.\d{3})*\.(?:\d{1,2}(?!\d)|$)", piece), \
            piece  # a number cut inside its thousands
    tokens = " ".join(pieces).split()
    for total in ("4.999", "19.996", "39.992"):  # a cell, L or P, and L+P of "Jumlah anak"
        assert total in tokens, total
    # every date of the period column whole on one line
    for s in checklist.statuses(demo_store, village, 2024, on=today):
        if s.document is None:
            continue
        for date in re.findall(r"\d{1,2} \w+ \d{4}", _validity(s)):
            assert any(date in piece for piece in pieces), (s.item.code, date)


def _validity(status) -> str:  # noqa: ANN001
    from desa_layak.reports.data import validity_text

    return validity_text(status.document, status.item.validity)


def test_unfilled_rows_have_no_total_and_partial_ones_are_marked(
        demo_store: Store, tmp_path: Path, today: dt.date) -> None:
    village = demo.DEMO_VILLAGE
    table = data_pilah.values(demo_store, village, 2024)
    kia = [c for c in table if c[0] == "kia"]
    disabled = [c for c in table if c[0] == "disabilitas"]
    keep = next(c for c in kia if c[1] == "L" and c[2] == "0-4")
    changes: dict = dict.fromkeys(disabled + [c for c in kia if c != keep])
    changes[keep] = 12
    data_pilah.set_values(demo_store, village, 2024, changes)
    out = tmp_path / "laporan.pdf"
    write_village_report(demo_store, village, 2024, out, on=today, now=NOW)
    whole = " ".join(pages_text(out))
    section = whole[whole.index("3. Data pilah"):whole.index("Data tahunan")]
    row = section[section.index("Anak penyandang disabilitas"):]
    row = row[:row.index("Anak yang tidak")]
    # nothing filled: every cell and every total "-", no "0"
    assert row.split()[3:] == ["-"] * 11, row
    kia_row = section[section.index("(KIA)"):section.index("Anak penyandang")]
    # only one cell filled: its totals are marked as partial, P has no total at all
    assert kia_row.split()[1:] == ["12"] + ["-"] * 7 + ["12*", "-", "12*"], kia_row
    assert "* Jumlah sementara" in section
    complete = section[section.index("Jumlah anak"):section.index("Anak yang memiliki akta")]
    assert "*" not in complete


def test_a_village_that_sent_nothing_is_not_judged(tmp_path: Path, today: dt.date) -> None:
    kec = setup.open_store(tmp_path / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    out = tmp_path / "desa.pdf"
    code = demo.DEMO_VILLAGE
    write_village_report(kec, code, 2024, out, on=today, now=NOW)
    texts = pages_text(out)
    first = texts[0]
    head = first[:first.index("Butir yang akan dinilai")]
    assert "Desa Gambah Luar belum mengirim bundel data tahun 2024" in head
    assert "Belum pernah ada bundel data dari Desa Gambah Luar" in head
    assert "belum dapat dinilai" in head
    whole = " ".join(texts)
    assert "Terpenuhi" not in whole and "dari 8" not in whole
    assert "Belum ada" not in whole  # no item presented as judged "belum ada"
    assert "Yang perlu ditindaklanjuti" not in whole
    assert len(texts) == 1

    # once its bundle for the year is in, the report is the full one
    village = demo.build_demo(tmp_path / "desa", today=today)
    (tmp_path / "out").mkdir()
    bundle = export_bundle(village, tmp_path / "out").path
    import_bundle(kec, bundle)
    write_village_report(kec, code, 2024, out, on=today, now=NOW)
    whole = " ".join(pages_text(out))
    assert "belum mengirim" not in whole and "Terpenuhi" in whole
    # a bundle without 2019 in it: said so, with the bundle it was
    write_village_report(kec, code, 2019, out, on=today, now=NOW)
    head = pages_text(out)[0]
    assert "belum mengirim bundel data tahun 2019" in head
    assert re.search(r"Bundel terakhir dari Desa Gambah Luar \(ke-1, dibuat \d{1,2} \w+ \d{4}\) "
                     r"tidak memuat data tahun 2019", head), head
    village.close()
    kec.close()


def test_a_draft_is_never_shown_as_set_on_a_date(demo_store, today, capsys) -> None:  # noqa: ANN001
    """Found by an exploratory tester: a draft's planned date was printed under "Ditetapkan"
    in the village report, and 'status' printed "[, 5 Januari 2026]"."""
    from desa_layak import cli
    from desa_layak.core import checklist
    from desa_layak.core.states import ItemState
    from desa_layak.reports.data import ChecklistRow

    code, year = demo.DEMO_VILLAGE, today.year + 1
    checklist.open_year(demo_store, code, year)
    statuses = checklist.statuses(demo_store, code, year, on=today)
    item = next(s.item.code for s in statuses if s.state == ItemState.NOT_STARTED)
    checklist.save_document(demo_store, checklist.Document(
        None, code, item, year, status="draf", date_set=f"{year}-01-05"))
    status = {s.item.code: s for s in checklist.statuses(demo_store, code, year,
                                                         on=today)}[item]
    assert status.state == ItemState.IN_PROGRESS
    assert ChecklistRow.from_status(status).date_set == "draf"
    # nor given a period worked out from its planned date (it read "5 Januari – 31 Desember
    # 2028" for a draft SK in the report and the window)
    assert ChecklistRow.from_status(status).validity == "-"
    from desa_layak.ui.checklist_model import valid_until_text

    assert valid_until_text(status) == ""
    assert cli.main(["--data-dir", str(demo_store.data_dir), "status", "--year",
                     str(year)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines()
                if x.strip().startswith(f"{item}."))
    assert "[tanpa nomor, draf]" in line and "Januari" not in line
