"""Moments the app records (in UTC, ISO 8601, e.g. ``2026-12-06T05:17:13+00:00``) shown as
people read them: in the computer's own time zone, ``6 Desember 2026 12.17`` (WIB, WITA or
WIT, whatever the laptop is set to)."""

from __future__ import annotations

import datetime as dt

from desa_layak.core.formatting import format_date, format_datetime


def local_time(stamp: str | dt.datetime) -> dt.datetime:
    """The moment in local time. A stamp without a zone is taken as local already (the
    app's own local stamps, e.g. a backup's creation time); ``ValueError`` if unreadable."""
    when = stamp if isinstance(stamp, dt.datetime) else \
        dt.datetime.fromisoformat(str(stamp).strip().replace("Z", "+00:00"))
    return when.astimezone() if when.tzinfo is not None else when


def format_stamp(stamp: str | dt.datetime | None, empty: str = "-") -> str:
    """``6 Desember 2026 12.17`` in local time; a date alone stays a date; a value that is no
    time at all is shown as it is (data from a bundle is never trusted to be well formed)."""
    if stamp is None or stamp == "":
        return empty
    if isinstance(stamp, str) and len(stamp.strip()) == 10:
        try:
            return format_date(stamp.strip())
        except ValueError:
            return stamp
    try:
        return format_datetime(local_time(stamp))
    except (ValueError, TypeError, OverflowError):
        return str(stamp)


def local_date(stamp: str | None) -> str:
    """The local day of a recorded UTC moment: ``6 Desember 2026`` (``-`` when missing)."""
    if not stamp:
        return "-"
    if len(stamp.strip()) == 10:  # a date alone stays that date
        return format_stamp(stamp)
    try:
        return format_date(local_time(stamp).date())
    except (ValueError, TypeError, OverflowError):
        return str(stamp)  # data from a bundle is never trusted to be well formed
