"""The printed reports: text extracted from the real PDFs (pypdf) says what it must."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pdf_support import pages_text
from pypdf import PdfReader

from desa_layak.core import checklist, demo, setup
from desa_layak.core.states import STATE_LABELS
from desa_layak.reports import rakor as rakor_mod
from desa_layak.reports.data import Meeting, load_meeting, rakor_data, save_meeting
from desa_layak.reports.rakor import write_rakor
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.reports.village_report import write_village_report
from desa_layak.storage.db import Store

NOW = dt.datetime(2024, 3, 27, 10, 15)
MEETING = Meeting(title="Rapat Koordinasi Semester I", date=dt.date(2024, 3, 27),
                  place="Aula Kantor Camat Kandangan", signer_name="Drs. H. Muhammad Noor")



def item_segments(text: str, codes: list[str]) -> dict[str, str]:
    """The text from ``A. `` up to ``B. `` (and so on) in a checklist table."""
    out = {}
    for i, code in enumerate(codes):
        start = text.index(f"{code}. ")
        end = text.index(f"{codes[i + 1]}. ", start) if i + 1 < len(codes) else len(text)
        out[code] = text[start:end]
    return out


@pytest.fixture
def area_store(kecamatan_store: Store, today: dt.date) -> Store:
    fill_sample_area(kecamatan_store, 2024, today)
    return kecamatan_store


# -- village report -----------------------------------------------------------------------------

def test_village_report_contents(demo_store: Store, tmp_path: Path, today: dt.date) -> None:
    out = tmp_path / "laporan.pdf"
    pages = write_village_report(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today, now=NOW)
    texts = pages_text(out)
    assert pages == len(texts) >= 2
    first = texts[0]
    for line in ("PEMERINTAH KABUPATEN HULU SUNGAI SELATAN", "KECAMATAN KANDANGAN",
                 "DESA GAMBAH LUAR", "LAPORAN KELENGKAPAN DESA LAYAK ANAK DAN DRPPA",
                 "Tahun 2024", "keadaan per 27 Maret 2024"):
        assert line in first
    # every item with its state in words, as the core derives it
    statuses = checklist.statuses(demo_store, demo.DEMO_VILLAGE, 2024, on=today)
    table = first[first.index("1. Kelengkapan"):first.index("2. Yang perlu")]
    segments = item_segments(table, [s.item.code for s in statuses])
    for s in statuses:
        assert STATE_LABELS[s.state] in segments[s.item.code], s.item.code
        if s.document is not None:
            assert s.document.doc_number in segments[s.item.code]
    whole = " ".join(texts)
    # money, the figure sections, the signature and the footer on every page
    assert "Rp 1.875.400.000" in whole and "Rp 55.000.000" in whole
    for heading in ("3. Data pilah gender", "4. Anggaran", "5. Fasilitas", "6. Tim",
                    "7. Indikator Desa Ramah Perempuan"):
        assert heading in whole
    assert "Pojok Baca Balai Desa" in whole
    # DRPPA: a recorded violence case means "not met" although two answers are still empty,
    # and an empty answer reads "belum diisi", never a bare "-"
    drppa = whole[whole.index("7. Indikator"):]
    eight = drppa[drppa.index("8 Tidak ada kekerasan"):drppa.index("9 Tidak ada pekerja")]
    assert "Belum terpenuhi Masih ada kasus tercatat." in eight
    assert "dilaporkan: belum diisi" in eight and ": -" not in drppa
    six = drppa[drppa.index("6 Persentase"):drppa.index("7 Setiap anak")]
    assert "pelaku usaha perempuan" in six and "terwakili" not in six
    assert "Kandangan, 27 Maret 2024" in texts[-1]
    assert "Kepala Desa Gambah Luar" in texts[-1] and "H. Ahmad Rusdiansyah" in texts[-1]
    for n, text in enumerate(texts, start=1):
        assert f"Halaman {n} dari {pages}" in text
        assert "Dibuat 27 Maret 2024 10.15" in text
        assert "Data: belum pernah dikirim" in text
        body = text[:text.index("Dibuat 27 Maret")]
        assert not re.search(r"\d\. [A-Z][^.]*$", body.strip()), f"heading alone on page {n}"


@pytest.mark.parametrize(("room", "heading_page"), [(45, 2), (200, 1)])
def test_section_heading_keeps_to_its_table(tmp_path: Path, room: float,
                                            heading_page: int) -> None:
    """A section that does not fit starts on the next page when only a sliver is left (its
    heading would stand alone); with room for a few rows it starts here and splits."""
    from reportlab.platypus import Spacer

    from desa_layak.reports.layout import (
        Footer,
        KeepStart,
        P,
        ReportDoc,
        build,
        styles,
        table,
    )

    out = tmp_path / "keep.pdf"
    doc = ReportDoc(str(out), title="uji")
    width, height = doc.portrait_size
    rows = [["Kolom", "Nilai"]] + [[f"Baris {i}", str(i)] for i in range(80)]
    section = [P("4. Anggaran pemenuhan hak anak", styles().h2), P("APBDes", styles().body),
               table(rows, [width / 2, width / 2])]
    build(doc, [Spacer(1, height - room), KeepStart(section, 130)], Footer(NOW, "Data: uji"))
    texts = pages_text(out)
    where = next(i for i, t in enumerate(texts, start=1) if "4. Anggaran" in t)
    assert where == heading_page
    assert "Baris 0" in texts[heading_page - 1]  # the table starts under its heading


def test_village_report_embeds_the_shipped_font(demo_store: Store, tmp_path: Path,
                                                today: dt.date) -> None:
    out = tmp_path / "laporan.pdf"
    write_village_report(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today, now=NOW)
    reader = PdfReader(str(out))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fd = font.get("/FontDescriptor")
            if fd is not None:
                fd = fd.get_object()
                assert "/FontFile2" in fd, font["/BaseFont"]  # embedded TrueType
            names.add(str(font["/BaseFont"]))
    assert any("DejaVuSans" in n for n in names)
    assert not any("Helvetica" in n for n in names)


def test_village_report_footer_names_the_last_bundle(demo_store: Store, tmp_path: Path,
                                                     today: dt.date) -> None:
    from desa_layak.bundles import export

    demo_store.set_setting(export.SEQ_SETTING, "7")
    out = tmp_path / "laporan.pdf"
    write_village_report(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today, now=NOW)
    for text in pages_text(out):
        assert "Data: bundel terakhir ke-7; perubahan terakhir" in text


def test_village_report_past_year_states_as_of_year_end(demo_store: Store, tmp_path: Path,
                                                        today: dt.date) -> None:
    out = tmp_path / "lama.pdf"
    write_village_report(demo_store, demo.DEMO_VILLAGE, 2023, out, on=today, now=NOW)
    assert "keadaan per 31 Desember 2023" in pages_text(out)[0]


def test_failed_report_leaves_no_file(demo_store: Store, tmp_path: Path, today: dt.date,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from desa_layak.reports import village_report

    out = tmp_path / "laporan.pdf"
    out.write_bytes(b"old report")

    def broken(data, fh):  # noqa: ANN001
        fh.write(b"%PDF-1.4 half")
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(village_report, "render", broken)
    with pytest.raises(RuntimeError):
        write_village_report(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today)
    assert out.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".laporan")] == []


# -- rakor handout ------------------------------------------------------------------------------

def test_rakor_handout_kecamatan(area_store: Store, tmp_path: Path, today: dt.date) -> None:
    out = tmp_path / "rakor.pdf"
    pages = write_rakor(area_store, 2024, out, MEETING, on=today, now=NOW)
    texts = pages_text(out)
    assert pages == len(texts)
    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    names = [v.full_name for v in data.villages]
    assert len(names) == 18
    cover = texts[0]
    assert "RAPAT KOORDINASI SEMESTER I" in cover
    assert "27 Maret 2024" in cover and "Aula Kantor Camat Kandangan" in cover
    assert "Kandangan, 27 Maret 2024" in cover and "Camat Kandangan" in cover
    assert "Drs. H. Muhammad Noor" in cover
    # the cover's labels on one line each, the value on the same line
    runs: list[tuple[str, float]] = []
    PdfReader(str(out)).pages[0].extract_text(visitor_text=lambda t, cm, tm, *_: runs.append(
        (t.strip(), round(cm[5] + tm[5], 1))) if t.strip() else None)
    label = next(y for t, y in runs if t == "Rata-rata terpenuhi (yang mengirim)")
    value = next(y for t, y in runs if re.fullmatch(r"\d+,\d dari 8", t))
    assert label == value
    assert "1. Rekap kelengkapan" in texts[1]
    for v in data.villages:  # every village in the matrix
        assert v.name in texts[1]
    # one page per village, in order, at the end: page count = pages before + N
    first_village = next(i for i, t in enumerate(texts) if "5. Keadaan tiap desa" in t)
    assert pages == first_village + len(names)
    codes = [it.code for it in data.items]
    for v, text in zip(data.villages, texts[first_village:], strict=True):
        assert v.full_name in text
        if not v.sent:
            assert "belum menerima data tahun 2024" in text
            continue
        statuses = checklist.statuses(area_store, v.code, 2024, on=today)
        body = text[text.index("Butir Keadaan"):text.index("Yang masih perlu")]
        segments = item_segments(body, codes)
        for s in statuses:
            assert STATE_LABELS[s.state] in segments[s.item.code], (v.name, s.item.code)
    # counts per item and the lists
    whole = " ".join(texts)
    assert "2. Butir yang terpenuhi" in whole
    for c in data.counts:
        assert re.search(rf"{c.item.code}\. {re.escape(c.item.short)} {c.complete} ", whole)
    for e in data.expiring:
        assert e.row.doc_number in whole
    missing = data.not_sent
    assert missing, "sample data leaves some villages without a bundle"
    section = whole[whole.index("4. Desa/kelurahan yang belum mengirim"):]
    for v in missing:
        assert v.full_name in section
    for n, text in enumerate(texts, start=1):
        assert f"Halaman {n} dari {pages}" in text


def test_rakor_expiry_list_is_the_apps(area_store: Store, tmp_path: Path,
                                      today: dt.date) -> None:
    """Section 3 lists exactly core.recap's expiring documents (by state, not by date): a
    draft without a number ending next month is "dalam proses", not in the list."""
    from desa_layak.core import recap
    from desa_layak.core.states import ItemState

    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    village = next(v for v in data.villages
                   if v.sent and any(r.state == ItemState.NOT_STARTED for r in v.rows))
    item = next(r.item.code for r in village.rows if r.state == ItemState.NOT_STARTED)
    checklist.save_document(area_store, checklist.Document(
        None, village.code, item, 2024, status="draf", valid_until="2024-04-30"))
    app = recap.build(area_store, 2024, on=today).expiring
    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    assert {(e.document.village_code, e.document.item_code) for e in data.expiring} == \
        {(e.village_code, e.item_code) for e in app}
    assert (village.code, item) not in {(e.village.code, e.row.item.code)
                                        for e in data.expiring}
    states = {e.state for e in data.expiring}
    assert states == {ItemState.EXPIRED, ItemState.EXPIRING}
    out = tmp_path / "rakor.pdf"
    write_rakor(area_store, 2024, out, MEETING, on=today, now=NOW)
    whole = " ".join(pages_text(out))
    section = whole[whole.index("3. Dokumen kedaluwarsa"):whole.index("4. Desa/kelurahan")]
    assert f"{len(app)} dokumen, per 27 Maret 2024" in section
    for e in data.expiring:
        assert e.row.doc_number in section
    assert "Dalam proses" not in section and "Belum ada lampiran" not in section
    # the app's words: days left, or the day it stopped counting
    assert "Kedaluwarsa sejak 1 Januari 2024" in section
    soon = next(e for e in data.expiring if e.state == ItemState.EXPIRING)
    assert f"Berakhir {soon.document.days_left} hari lagi" in section
    assert section.count("Kedaluwarsa sejak") == sum(
        1 for e in data.expiring if e.state == ItemState.EXPIRED)


def test_report_words(demo_store: Store, area_store: Store, tmp_path: Path,
                      today: dt.date) -> None:
    """The app's words ("bundel"), en dashes in ranges, capitals in cells, A-H order."""
    out = tmp_path / "laporan.pdf"
    write_village_report(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today, now=NOW)
    whole = " ".join(pages_text(out))
    assert "0\u20134 tahun" in whole and "15\u201317 tahun" in whole and "0-4" not in whole
    assert re.search(r"\d{4} \u2013 \d{1,2} \w+ \d{4}", whole)  # 1 Januari 2024 – 31 ...
    assert not re.search(r"\d{4} - \d", whole)
    facilities = whole[whole.index("5. Fasilitas"):whole.index("6. Tim")]
    assert " Ya " in facilities and " ya " not in facilities
    assert "paket" not in whole.lower()

    out = tmp_path / "rakor.pdf"
    write_rakor(area_store, 2024, out, MEETING, on=today, now=NOW)
    texts = pages_text(out)
    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    sent = sum(1 for v in data.villages if v.bundle)
    for text in texts:
        assert f"Data: bundel {sent} dari 18 desa/kelurahan, impor terakhir" in text
        assert "paket" not in text.lower()
    first_village = next(i for i, t in enumerate(texts) if "5. Keadaan tiap desa" in t)
    checked = 0
    for v, text in zip(data.villages, texts[first_village:], strict=True):
        if not v.sent or len(v.needs) < 2:
            continue
        todo = text[text.index("Yang masih perlu dilengkapi"):]
        codes = [c for c in re.findall(r"\d+\. ([A-H])\. ", todo)]
        assert codes == sorted(codes) == [r.item.code for r in v.needs], v.name
        checked += 1
    assert checked


def test_rakor_kabupaten_groups_by_kecamatan(tmp_path: Path, today: dt.date) -> None:
    store = setup.open_store(tmp_path / "kab")
    setup.initialise(store, "kecamatan", "63.06")
    fill_sample_area(store, 2024, today)
    data = rakor_data(store, 2024, MEETING, on=today, now=NOW)
    assert len(data.villages) == 148 and data.is_kabupaten
    assert len(data.districts) == 11
    out = tmp_path / "kab.pdf"
    pages = write_rakor(store, 2024, out, MEETING, on=today, now=NOW)
    texts = pages_text(out)
    matrix = " ".join(t for t in texts[1:8] if "Jumlah" in t or "Kecamatan" in t)
    for _code, name, members in data.districts:
        assert f"Kecamatan {name}" in matrix
        sent = sum(1 for v in members if v.sent)
        assert f"Jumlah Kec. {name}" in matrix
        assert f"{sent}/{len(members)}" in matrix
    assert "Jumlah seluruhnya" in matrix
    matrix_pages = [t for t in texts[1:] if "Terpenuhi Bundel" in t]
    assert len(matrix_pages) >= 4  # 148 villages + 11 groups + 12 totals: 4 pages
    for text in matrix_pages:  # the header row repeats on every page of the matrix
        assert "No Desa/Kelurahan A B C D E F G H Terpenuhi Bundel" in text
    assert "Lengkap" in matrix_pages[0] and "Kedaluwarsa" in matrix_pages[0]  # legend
    first_village = next(i for i, t in enumerate(texts) if "5. Keadaan tiap desa" in t)
    assert pages == first_village + 148
    store.close()


def test_rakor_landscape_when_many_items(area_store: Store, tmp_path: Path,
                                         today: dt.date) -> None:
    from dataclasses import replace

    from desa_layak.reports.data import item_counts

    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    assert not rakor_mod.needs_landscape(data)
    # a catalogue with 12 items: the matrix pages turn sideways, the rest stays upright
    extra = tuple(it._replace(code=f"{it.code}2") for it in data.items[:4])
    villages = tuple(replace(v, rows=v.rows + v.rows[:4]) if v.rows else v
                     for v in data.villages)
    wide = replace(data, items=data.items + extra, villages=villages,
                   counts=item_counts(data.items + extra, villages))
    assert rakor_mod.needs_landscape(wide)
    out = tmp_path / "lebar.pdf"
    with out.open("wb") as fh:
        rakor_mod.render(wide, fh)
    reader = PdfReader(str(out))
    shapes = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    assert shapes[0] is False  # cover
    assert shapes[1] is True and "A2" in (reader.pages[1].extract_text() or "")
    assert shapes[-1] is False  # village pages


def test_meeting_values_remembered(kecamatan_store: Store) -> None:
    first = load_meeting(kecamatan_store)
    assert first.title and first.place == ""
    save_meeting(kecamatan_store, MEETING)
    again = load_meeting(kecamatan_store)
    assert again == MEETING


def test_cancelled_handout_writes_nothing(area_store: Store, tmp_path: Path,
                                          today: dt.date) -> None:
    from desa_layak.errors import DesaLayakError

    calls: list[int] = []

    def cancel_midway(done: int, total: int, text: str) -> bool:
        calls.append(done)
        return len(calls) < 3  # the third report says stop (while laying out villages)

    folder = tmp_path / "keluar"
    out = folder / "rakor.pdf"
    with pytest.raises(DesaLayakError, match="dibatalkan"):
        write_rakor(area_store, 2024, out, MEETING, on=today, progress=cancel_midway)
    assert len(calls) == 3
    assert not folder.exists() or list(folder.iterdir()) == []  # no half file, no temp file


def test_a_document_ending_soon_is_listed_even_without_its_scan(area_store: Store,
                                                                today: dt.date) -> None:
    """"Dokumen kedaluwarsa atau berakhir dalam 90 hari" lists a signed document that ends
    next month whatever its scan: its state says "Belum ada lampiran", and it used to be left
    out of the list, the window and the rakor (found by an exploratory tester)."""
    from desa_layak.core import recap
    from desa_layak.core.states import ItemState

    data = rakor_data(area_store, 2024, MEETING, on=today, now=NOW)
    village = next(v for v in data.villages
                   if v.sent and any(r.state == ItemState.NOT_STARTED for r in v.rows))
    item = next(r.item.code for r in village.rows if r.state == ItemState.NOT_STARTED)
    checklist.save_document(area_store, checklist.Document(
        None, village.code, item, 2024, doc_number="9/2024", date_set="2024-01-10",
        valid_from="2024-01-10", valid_until="2024-05-15"))
    state = {s.item.code: s for s in checklist.statuses(area_store, village.code, 2024,
                                                         on=today)}[item]
    assert state.state == ItemState.NO_ATTACHMENT and state.days_left == 49
    listed = {(e.village_code, e.item_code): e for e in recap.build(area_store, 2024,
                                                                       on=today).expiring}
    entry = listed[(village.code, item)]
    assert entry.state == ItemState.EXPIRING and entry.days_left == 49
