"""Data pilah gender (item F): the village's children by sex and age band, per year.

Values are whole numbers >= 0, one record per cell (``data_pilah_values``). An empty cell has
no record; clearing a cell tombstones its record. A part larger than its whole is not refused
(figures are often typed in any order) but reported by :func:`problems`, in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desa_layak.core import figure_catalogue
from desa_layak.core.checklist import check_year
from desa_layak.core.figure_catalogue import Cell, FigureCatalogue
from desa_layak.core.formatting import ungroup_thousands
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import soft_delete, upsert_by_key

MAX_VALUE = 10_000_000  # no village has more children than this; catches typing slips


def parse_value(raw: object, where: str = "Isian") -> int | None:
    """A typed/imported value -> int, or None for an empty cell. Refuses everything else."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(f"{where}: '{raw}' bukan bilangan bulat.")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationError(f"{where}: {raw} bukan bilangan bulat (tanpa koma).")
        value = int(raw)
    else:
        text = ungroup_thousands(str(raw).strip())  # 1.234: thousands dots, as people write
        if text == "":
            return None
        # ASCII digits only: '²' or '--5' pass str.isdigit() but int() refuses them
        # (found by bench/fuzz_importers.py)
        if not (text.isascii() and text.lstrip("-").isdigit() and text.count("-") <= 1
                and not text.endswith("-")):
            raise ValidationError(
                f"{where}: '{text}' bukan bilangan bulat; isi dengan angka 0 atau lebih.")
        value = int(text)
    if value < 0:
        raise ValidationError(f"{where}: {value} tidak boleh negatif; isi 0 atau lebih.")
    if value > MAX_VALUE:
        raise ValidationError(f"{where}: {value} terlalu besar untuk jumlah anak satu desa.")
    return value


def values(store: Store, village_code: str, year: int) -> dict[Cell, int]:
    """The year's table: every filled cell and its value."""
    rows = store.db.execute(
        "SELECT figure_key, sex, age_band, value FROM data_pilah_values "
        "WHERE village_code = ? AND year = ? AND deleted_at IS NULL", [village_code, year])
    return {(k, s, b): v for k, s, b, v in rows.fetchall()}


def _check_cell(cat: FigureCatalogue, cell: Cell) -> None:
    if not cat.is_cell(cell):
        key, sex, band = cell
        raise ValidationError(
            f"Isian data pilah '{key}' (jenis kelamin '{sex}', umur '{band}') tidak dikenal.")


def set_values(store: Store, village_code: str, year: int,
               changes: Mapping[Cell, object]) -> int:
    """Write several cells in one transaction (None or '' clears a cell). Every value is
    checked before anything is written. Returns the number of cells changed."""
    check_year(year)
    cat = figure_catalogue.load()
    clean: dict[Cell, int | None] = {}
    for cell, raw in changes.items():
        _check_cell(cat, cell)
        clean[cell] = parse_value(raw, cat.cell_label(cell))
    current = values(store, village_code, year)
    with store.atomic() as db:
        return sum(_write(db, village_code, year, cell, value)
                   for cell, value in clean.items() if current.get(cell) != value)


def set_value(store: Store, village_code: str, year: int, cell: Cell, value: object) -> int:
    return set_values(store, village_code, year, {cell: value})


def replace_year(db, cat: FigureCatalogue, village_code: str, year: int,  # noqa: ANN001
                 table: Mapping[Cell, int | None], current: Mapping[Cell, int]) -> int:
    """Inside an open transaction: make the year's table equal ``table`` (already checked)."""
    return sum(_write(db, village_code, year, cell, table.get(cell))
               for cell in cat.cells() if current.get(cell) != table.get(cell))


def _write(db, village_code: str, year: int, cell: Cell, value: int | None) -> int:  # noqa: ANN001
    """Set or clear one cell; 1 if something changed."""
    key = {"village_code": village_code, "year": year, "figure_key": cell[0],
           "sex": cell[1], "age_band": cell[2]}
    if value is None:
        row = db.execute(
            "SELECT id FROM data_pilah_values WHERE village_code = ? AND year = ? "
            "AND figure_key = ? AND sex = ? AND age_band = ?", list(key.values())).fetchone()
        return int(row is not None and soft_delete(db, "data_pilah_values", row[0]))
    upsert_by_key(db, "data_pilah_values", key, {"value": value})
    return 1


# -- checks and sums --------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """A part that exceeds its whole at one cell."""

    cell: Cell
    whole_cell: Cell
    value: int
    whole: int
    text: str


def problems(table: Mapping[Cell, int], cat: FigureCatalogue | None = None) -> list[Problem]:
    """Every cell where a part is larger than its whole, described in words."""
    cat = cat or figure_catalogue.load()
    out = []
    for fig in cat.figures:
        if not fig.part_of:
            continue
        whole_fig = cat.figure(fig.part_of)
        for cell in cat.cells_of(fig):
            whole_cell = (whole_fig.key, cell[1], cell[2])
            part, whole = table.get(cell), table.get(whole_cell)
            if part is None or whole is None or part <= whole:
                continue
            where = ""
            if fig.is_split:
                where = f" ({cat.sex_label(cell[1])}, {cat.band_label(cell[2])})"
            out.append(Problem(cell, whole_cell, part, whole,
                               f"{fig.label}{where}: {part} melebihi {whole_fig.label.lower()} "
                               f"({whole})."))
    return out


def filled(table: Mapping[Cell, int], cat: FigureCatalogue | None = None) -> tuple[int, int]:
    """(required cells filled, required cells)."""
    cat = cat or figure_catalogue.load()
    req = cat.required()
    return sum(1 for c in req if c in table), len(req)


def figure_total(table: Mapping[Cell, int], key: str, sex: str | None = None,
                 band: str | None = None) -> int | None:
    """Sum of a figure's filled cells (optionally of one sex / band); None if none filled."""
    picked = [v for (k, s, b), v in table.items()
              if k == key and (sex is None or s == sex) and (band is None or b == band)]
    return sum(picked) if picked else None


@dataclass(frozen=True)
class FigureTotals:
    """One figure of one village for one year: total and split by sex."""

    l: int  # noqa: E741 - L/P are the official abbreviations
    p: int
    total: int


def village_totals(store: Store, year: int,
                   village_codes: Iterable[str] | None = None
                   ) -> dict[str, dict[str, FigureTotals]]:
    """Per village: each figure's totals for the year (for the kecamatan recap).
    Villages with no figures are left out."""
    sql = ("SELECT village_code, figure_key, sex, sum(value) FROM data_pilah_values "
           "WHERE year = ? AND deleted_at IS NULL GROUP BY village_code, figure_key, sex")
    wanted = set(village_codes) if village_codes is not None else None
    acc: dict[str, dict[str, list[int]]] = {}
    for code, key, sex, total in store.db.execute(sql, [year]).fetchall():
        if wanted is not None and code not in wanted:
            continue
        slot = acc.setdefault(code, {}).setdefault(key, [0, 0, 0])
        if sex == "L":
            slot[0] += total
        elif sex == "P":
            slot[1] += total
        slot[2] += total
    return {code: {k: FigureTotals(*v) for k, v in figs.items()} for code, figs in acc.items()}
