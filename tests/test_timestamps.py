"""Recorded UTC moments are shown in the laptop's own time zone."""

from __future__ import annotations

from desa_layak.core.timestamps import format_stamp


def test_utc_stamps_are_shown_in_local_time(jakarta: None) -> None:
    assert format_stamp("2026-12-06T05:17:13+00:00") == "6 Desember 2026 12.17"
    # just before midnight UTC is already the next morning in Jakarta
    assert format_stamp("2026-12-31T23:30:00Z") == "1 Januari 2027 06.30"


def test_dates_local_stamps_and_rubbish(jakarta: None) -> None:
    assert format_stamp("2026-12-06") == "6 Desember 2026"
    assert format_stamp("2026-12-06T09:05:00") == "6 Desember 2026 09.05"  # no zone: local
    assert format_stamp(None) == "-" and format_stamp("", empty="") == ""
    assert format_stamp("kemarin") == "kemarin"
