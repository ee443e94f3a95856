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


@pytest.mark.parametrize("text", ["²", "--5", "١٢", "３"])
def test_digits_that_int_cannot_read_are_a_plain_refusal(text: str) -> None:
    with pytest.raises(ValidationError, match="bukan bilangan bulat"):
        data_pilah.parse_value(text)


def test_a_template_cell_with_a_superscript_is_refused_by_row_and_column(
        store: Store, tmp_path: Path) -> None:
    path = tmp_path / "data-pilah.csv"
    figures_io.export_template(store, VILLAGE, 2024, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[3] = "²"
    lines[1] = ";".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    with pytest.raises(ValidationError, match="Baris 2, kolom D"):
        figures_io.import_template(store, VILLAGE, 2024, path)
