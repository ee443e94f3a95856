"""Regressions for faults found by the long fuzz run (bench/fuzz_importers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desa_layak.core import data_pilah, figures_io
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store

VILLAGE = "63.06.05.2005"


@pytest.mark.parametrize("raw", [b"\r\x00", b"a\rb\x00;c", b"x" * 200_000 + b";;;"])
def test_unreadable_csv_is_a_plain_refusal(store: Store, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "data-pilah.csv"
    path.write_bytes(raw)
    with pytest.raises(ValidationError, match="CSV"):
        figures_io.import_template(store, VILLAGE, 2024, path)
    assert data_pilah.values(store, VILLAGE, 2024) == {}
