"""The list of figures a village keeps (data pilah), as a versioned catalogue in resources/.

A catalogue file is ``resources/catalogue/data-pilah-<version>.json`` (see docs/figures.md).
Each figure is either split by sex (L/P) and age band (``"split": "sex_age"``) or a single
yearly count (``"split": "none"``). A figure with ``"part_of"`` names its whole: at every cell
its value may not exceed the whole's value (more children with akta than children).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from desa_layak.core.catalogue import CatalogueError, load_raw

NAME = "data-pilah"
SPLITS = ("sex_age", "none")

# A cell of the table: (figure key, sex code or '', age band code or '').
Cell = tuple[str, str, str]


class Option(NamedTuple):
    code: str
    label: str


class Figure(NamedTuple):
    key: str
    label: str
    split: str  # 'sex_age' | 'none'
    part_of: str | None = None
    required: bool = True

    @property
    def is_split(self) -> bool:
        return self.split == "sex_age"


class FigureCatalogue(NamedTuple):
    version: int
    title: str
    sexes: tuple[Option, ...]
    age_bands: tuple[Option, ...]
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)

    def cells_of(self, figure: Figure) -> list[Cell]:
        if figure.is_split:
            return [(figure.key, s.code, b.code) for s in self.sexes for b in self.age_bands]
        return [(figure.key, "", "")]

    def cells(self) -> list[Cell]:
        return [c for f in self.figures for c in self.cells_of(f)]

    def required(self) -> list[Cell]:
        return [c for f in self.figures if f.required for c in self.cells_of(f)]

    def is_cell(self, cell: Cell) -> bool:
        key, sex, band = cell
        try:
            fig = self.figure(key)
        except KeyError:
            return False
        if fig.is_split:
            return (sex in {s.code for s in self.sexes}
                    and band in {b.code for b in self.age_bands})
        return sex == "" and band == ""

    def sex_label(self, code: str) -> str:
        return next((s.label for s in self.sexes if s.code == code), code)

    def band_label(self, code: str) -> str:
        return next((b.label for b in self.age_bands if b.code == code), code)

    def cell_label(self, cell: Cell) -> str:
        """``Anak yang memiliki akta kelahiran, Perempuan 5-9 tahun``."""
        key, sex, band = cell
        fig = self.figure(key)
        if not fig.is_split:
            return fig.label
        return f"{fig.label}, {self.sex_label(sex)} {self.band_label(band)}"


def parse(data: dict[str, Any]) -> FigureCatalogue:
    sexes = tuple(Option(str(s["code"]), str(s["label"])) for s in data["sexes"])
    bands = tuple(Option(str(b["code"]), str(b["label"])) for b in data["age_bands"])
    figures = []
    for raw in data["figures"]:
        split = raw.get("split", "sex_age")
        if split not in SPLITS:
            raise CatalogueError(f"figure {raw.get('key')}: split {split!r}")
        figures.append(Figure(str(raw["key"]), str(raw["label"]), split,
                              raw.get("part_of"), bool(raw.get("required", True))))
    keys = {f.key for f in figures}
    for f in figures:
        if f.part_of is not None:
            if f.part_of not in keys:
                raise CatalogueError(f"figure {f.key}: part_of {f.part_of!r} unknown")
            whole = next(w for w in figures if w.key == f.part_of)
            if whole.split != f.split:
                raise CatalogueError(f"figure {f.key}: part and whole split differently")
    return FigureCatalogue(int(data["version"]), str(data.get("title", "")), sexes, bands,
                           tuple(figures))


@lru_cache(maxsize=8)
def load(version: int | None = None) -> FigureCatalogue:
    """The figures catalogue (newest version when ``version`` is None)."""
    return parse(load_raw(NAME, version))


def required_cells() -> int:
    """How many cells item F asks for in a year (used by core/checklist.figure_facts_for)."""
    return len(load().required())


def part_pairs() -> tuple[tuple[str, str], ...]:
    """(part, whole) figure keys: at every cell (sex, age band) a part is at most its whole
    (used by core/checklist.figure_facts_for, like data_pilah.problems)."""
    return tuple((f.key, f.part_of) for f in load().figures if f.part_of)
