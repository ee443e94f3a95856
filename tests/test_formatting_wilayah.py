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
    ungroup_thousands,
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


@pytest.mark.parametrize("text,value", [
    ("12500000", 12_500_000),
    ("12.500.000", 12_500_000),
    ("Rp 12.500.000", 12_500_000),
    ("Rp. 12.500.000", 12_500_000),
    ("rp12500000", 12_500_000),
    ("  Rp 12.500.000,-  ", 12_500_000),
    ("12.500.000,00", 12_500_000),
    ("1.000", 1000),
    ("0", 0),
])
def test_parse_rupiah_accepts_whole_rupiah(text: str, value: int) -> None:
    assert parse_rupiah(text) == value


@pytest.mark.parametrize("text", [
    "12500000.50",  # a dot as the decimal point: was Rp 1.250.000.050
    "12.500.00",  # a misplaced group: was Rp 1.250.000
    "12.5",  # was Rp 125
    "1.2345",
    ".500",
    "12,500,000",  # commas as thousands
    "12,000",
    "12 500 000",
    "Rp",
    "",
    "²",
    "-5",
])
def test_parse_rupiah_refuses_what_is_not_whole_rupiah(text: str) -> None:
    with pytest.raises(ValueError, match="tanpa sen, misalnya 12.500.000"):
        parse_rupiah(text)


def test_parse_rupiah_refuses_sen() -> None:
    with pytest.raises(ValueError, match=r"memuat sen \(,50\).*misalnya 12.500.000"):
        parse_rupiah("Rp 12.500.000,50")


def test_ungroup_thousands_is_the_same_rule() -> None:
    assert ungroup_thousands("1.234.567") == "1234567"
    assert ungroup_thousands("2.5") == "2.5"  # left for the caller to refuse
    assert ungroup_thousands("12.500.00") == "12.500.00"
    assert ungroup_thousands("42") == "42"


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
