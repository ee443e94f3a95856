"""The rakor handout's list of expiring documents never cuts a date."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Table

from desa_layak.reports import rakor as rakor_mod
from desa_layak.reports.data import Meeting, rakor_data
from desa_layak.reports.layout import CELL_PAD, text_width, widest_date
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.storage.db import Store

MEETING = Meeting(title="Rakor", date=dt.date(2024, 3, 27), place="Kandangan",
                  signer_name="Camat")


def test_expiry_date_column_holds_the_widest_date(kecamatan_store: Store,
                                                  today: dt.date) -> None:
    fill_sample_area(kecamatan_store, 2024, today)
    data = rakor_data(kecamatan_store, 2024, MEETING, on=today,
                      now=dt.datetime(2024, 3, 27, 10, 15))
    assert data.expiring
    tables = [f for f in rakor_mod._expiry(data, 500.0) if isinstance(f, Table)]
    assert tables
    need = text_width(widest_date()) + 2 * CELL_PAD
    for table in tables:
        assert table._cellvalues[0][4] == "Berlaku sampai"
        assert table._colWidths[4] >= need  # "28 September 2024" fits its cell
