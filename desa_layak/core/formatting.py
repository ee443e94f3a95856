"""Indonesian formats: ``27 Maret 2024``, ``Rp 12.500.000``."""

from __future__ import annotations

import datetime as dt
import re

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


# Thousands grouped by dots, the Indonesian way (``12.500.000``); a dot is never a decimal
# point. One rule for money (``parse_rupiah``) and for counts pasted from a spreadsheet.
THOUSANDS_PATTERN = r"[0-9]{1,3}(?:\.[0-9]{3})+"
_THOUSANDS = re.compile(THOUSANDS_PATTERN)
_RUPIAH = re.compile(
    r"(?:rp\.?)?\s*(?P<number>[0-9]+|" + THOUSANDS_PATTERN + r")(?P<sen>,-|,[0-9]{2})?",
    re.IGNORECASE)
RUPIAH_EXAMPLE = "12.500.000"


def ungroup_thousands(text: str) -> str:
    """``1.234.567`` -> ``1234567`` when the dots group thousands exactly; any other text is
    returned unchanged for the caller to judge (``2.5`` stays ``2.5``)."""
    if _THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    return text


def parse_rupiah(text: str) -> int:
    """Whole Rupiah from ``12500000``, ``12.500.000``, ``Rp 12.500.000``, ``Rp. 12.500.000,-``
    or ``12.500.000,00``. Refuses a dot used as a decimal point (``12.5``), misplaced groups
    (``12.500.00``), commas as thousands (``12,500,000``), sen (``12.500.000,50``) and junk,
    with a message that shows the accepted form (a ``ValueError``)."""
    stripped = text.strip()
    match = _RUPIAH.fullmatch(stripped)
    if match is None:
        raise ValueError(
            f"'{stripped}' bukan jumlah rupiah yang sah. Tulis jumlah rupiah tanpa sen, "
            f"misalnya {RUPIAH_EXAMPLE} atau Rp {RUPIAH_EXAMPLE} (titik hanya sebagai "
            "pemisah ribuan).")
    sen = match["sen"]
    if sen is not None and sen not in (",-", ",00"):
        raise ValueError(
            f"'{stripped}' memuat sen ({sen}); tulis jumlah rupiah tanpa sen, misalnya "
            f"{RUPIAH_EXAMPLE} atau {RUPIAH_EXAMPLE},-.")
    return int(match["number"].replace(".", ""))


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
