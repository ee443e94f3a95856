"""Shared fixtures: every test gets a fresh data folder with a real SQLite file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desa_layak.core import setup  # noqa: E402
from desa_layak.storage.db import Store  # noqa: E402

VILLAGE = "63.06.05.2005"  # Desa Gambah Luar, Kec. Kandangan, Kab. Hulu Sungai Selatan
KECAMATAN = "63.06.05"  # Kecamatan Kandangan (18 desa/kelurahan)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Store:
    """A desa installation for Desa Gambah Luar."""
    s = setup.open_store(data_dir)
    setup.initialise(s, "desa", VILLAGE)
    yield s
    s.close()


@pytest.fixture
def kecamatan_store(tmp_path: Path) -> Store:
    s = setup.open_store(tmp_path / "kecamatan")
    setup.initialise(s, "kecamatan", KECAMATAN)
    yield s
    s.close()


@pytest.fixture
def today() -> dt.date:
    return dt.date(2024, 3, 27)


@pytest.fixture
def jakarta(monkeypatch: pytest.MonkeyPatch) -> None:
    """The laptop's clock in Western Indonesia Time (UTC+7), as in Purworejo or Kandangan."""
    import time

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def demo_store(tmp_path: Path, today: dt.date) -> Store:
    """The demo village, built as on ``today``."""
    from desa_layak.core import demo

    s = demo.build_demo(tmp_path / "demo", today=today)
    yield s
    s.close()
