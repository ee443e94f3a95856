"""Indonesian formats and the official area list."""

from __future__ import annotations

import pytest

from desa_layak.core import wilayah
from desa_layak.core.formatting import (
    format_date,
    format_percent,
    format_rupiah,
    format_size,
    parse_rupiah,
)
from desa_layak.errors import AreaError


def test_dates_and_money() -> None:
    assert format_date("2024-03-27") == "27 Maret 2024"
    assert format_date(None) == "-"
    assert format_rupiah(12_500_000) == "Rp 12.500.000"
    assert format_rupiah(3_456_789_012_345) == "Rp 3.456.789.012.345"  # beyond 32 bits
    assert format_rupiah(0) == "Rp 0"
    assert parse_rupiah("Rp 12.500.000") == 12_500_000
    with pytest.raises(ValueError):
        parse_rupiah("12,5 juta")
    assert format_percent(0.125) == "12,5%"
    assert format_size(340 * 1024) == "340 KB"


def test_area_lookup_and_levels() -> None:
    assert wilayah.get("63.06").name == "Kabupaten Hulu Sungai Selatan"
    assert wilayah.get("63").name == "Kalimantan Selatan"
    assert wilayah.get("63.06.05.1001").village_kind == "kelurahan"
    assert wilayah.get("63.06.05.2005").village_kind == "desa"
    assert len(wilayah.villages_in("63.06")) == 148
    assert len(wilayah.villages_in("33.06.06")) == 25
    assert len(wilayah.children("63.06")) == 11
    assert [a.name for a in wilayah.lineage("63.06.05.2005")] == [
        "Kalimantan Selatan", "Kabupaten Hulu Sungai Selatan", "Kandangan", "Gambah Luar"]
    assert wilayah.search("gambah luar", level=4)[0].code == "63.06.05.2005"
    with pytest.raises(AreaError):
        wilayah.get("63.06.05.2001")
