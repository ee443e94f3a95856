"""Indonesian formats: ``27 Maret 2024``, ``Rp 12.500.000``."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def format_date(value: str | dt.date | None, empty: str = "-") -> str:
    """``2024-03-27`` -> ``27 Maret 2024``."""
    d = parse_date(value)
    if d is None:
        return empty
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_datetime(value: dt.datetime) -> str:
    """``27 Maret 2024 10.15`` (Indonesian uses a dot between hours and minutes)."""
    return f"{format_date(value.date())} {value.hour:02d}.{value.minute:02d}"


def format_number(value: int) -> str:
    """Thousands separated by dots: 12500000 -> ``12.500.000``."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_rupiah(value: int | None, empty: str = "-") -> str:
    """Integer Rupiah -> ``Rp 12.500.000`` (negative: ``-Rp 5.000``)."""
    if value is None:
        return empty
    if value < 0:
        return "-Rp " + format_number(-value)
    return "Rp " + format_number(value)


def parse_rupiah(text: str) -> int:
    """Accepts ``Rp 12.500.000``, ``12500000``, ``12.500.000``; refuses decimals and junk."""
    cleaned = text.strip().removeprefix("Rp").removeprefix("rp").strip().replace(".", "")
    cleaned = cleaned.replace(" ", "")
    if not cleaned.isdigit():
        raise ValueError(f"'{text}' bukan jumlah rupiah yang sah (hanya angka bulat)")
    return int(cleaned)


def format_percent(value: float, digits: int = 1) -> str:
    """0.125 -> ``12,5%`` (decimal comma)."""
    return f"{value * 100:.{digits}f}".replace(".", ",") + "%"


def format_size(size: int) -> str:
    """Bytes -> ``1,2 MB`` / ``340 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} B"
