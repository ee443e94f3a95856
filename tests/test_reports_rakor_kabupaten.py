"""The kabupaten handout: kecamatan where no village sent anything take one line each in a
list, not a page per village; a kecamatan handout keeps its page per village."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pdf_support import pages_text

from desa_layak.core import setup
from desa_layak.reports.data import Meeting, rakor_data
from desa_layak.reports.rakor import silent_districts, write_rakor
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.storage.db import Store

NOW = dt.datetime(2024, 3, 27, 10, 15)
MEETING = Meeting(title="Rapat Koordinasi Kabupaten", date=dt.date(2024, 3, 27))



def test_kecamatan_that_sent_nothing_share_one_list(tmp_path: Path, today: dt.date) -> None:
    store = setup.open_store(tmp_path / "kab")
    setup.initialise(store, "kecamatan", "63.06")
    fill_sample_area(store, 2024, today)
    data = rakor_data(store, 2024, MEETING, on=today, now=NOW)
    assert not silent_districts(data)  # 75% of every kecamatan sent
    # no bundle from any village of two kecamatan
    quiet = [data.districts[0], data.districts[3]]
    with store.atomic() as db:
        for code, _, _ in quiet:
            db.execute("DELETE FROM village_sources WHERE village_code LIKE ?", [code + ".%"])
    data = rakor_data(store, 2024, MEETING, on=today, now=NOW)
    assert [c for c, _, _ in silent_districts(data)] == [c for c, _, _ in quiet]
    quiet_villages = {v.code for _, _, members in quiet for v in members}

    out = tmp_path / "kab.pdf"
    pages = write_rakor(store, 2024, out, MEETING, on=today, now=NOW)
    texts = pages_text(out)
    assert pages == len(texts)
    first = next(i for i, t in enumerate(texts) if "5. Keadaan tiap desa" in t)
    listing = texts[first]
    assert (f"tahun 2024: 2 kecamatan, {len(quiet_villages)} desa/kelurahan" in listing)
    for code, name, members in quiet:
        assert f"Kecamatan {name} {code} {len(members)} belum ada" in listing
    # one page per village of the other kecamatan, none for the quiet ones
    assert pages == first + 1 + len(data.villages) - len(quiet_villages)
    pages_of = " ".join(texts[first + 1:])
    for v in data.villages:
        assert (v.code in pages_of) == (v.code not in quiet_villages), v.code
    # the quiet villages are still named in the list of villages that sent nothing
    section4 = " ".join(texts[:first])
    section4 = section4[section4.index("4. Desa/kelurahan yang belum mengirim"):]
    for code in quiet_villages:
        assert code in section4
    store.close()


def test_kecamatan_handout_keeps_a_page_per_village(kecamatan_store: Store, tmp_path: Path,
                                                    today: dt.date) -> None:
    fill_sample_area(kecamatan_store, 2024, today)
    kecamatan_store.db.execute("DELETE FROM village_sources")  # nobody sent anything
    data = rakor_data(kecamatan_store, 2024, MEETING, on=today, now=NOW)
    assert not silent_districts(data)
    out = tmp_path / "kec.pdf"
    pages = write_rakor(kecamatan_store, 2024, out, MEETING, on=today, now=NOW)
    texts = pages_text(out)
    first = next(i for i, t in enumerate(texts) if "5. Keadaan tiap desa" in t)
    assert pages == first + len(data.villages)
    assert sum("belum menerima data tahun 2024" in t for t in texts) == len(data.villages)
