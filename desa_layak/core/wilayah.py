"""The official list of Indonesian areas (Kemendagri codes), shipped compact in resources/.

Codes have four levels: ``63`` province, ``63.06`` kabupaten/kota, ``63.06.05`` kecamatan,
``63.06.05.2005`` desa/kelurahan (a village number starting with 1 is a kelurahan, 2 a desa).
Loaded lazily: start-up never needs it (the chosen area is copied into the database at set-up).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from desa_layak.errors import AreaError
from desa_layak.resources import resource_path

ATTRIBUTION = "Data wilayah Indonesia: idn-area-data, ODbL 1.0"

_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
LEVELS = {1: "provinsi", 2: "kabupaten", 3: "kecamatan", 4: "desa"}
_KEEP_UPPER = {"DKI", "DI", "II"}


@dataclass(frozen=True)
class Area:
    code: str
    name: str

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def village_kind(self) -> str:
        """'kelurahan' or 'desa' (only meaningful for level 4)."""
        return "kelurahan" if self.code.rsplit(".", 1)[-1].startswith("1") else "desa"


def tidy_name(name: str) -> str:
    """'KABUPATEN HULU SUNGAI SELATAN' -> 'Kabupaten Hulu Sungai Selatan'; mixed case kept."""
    if name != name.upper():
        return name
    words = []
    for word in name.split():
        words.append(word if word in _KEEP_UPPER else word.capitalize())
    return " ".join(words)


@lru_cache(maxsize=1)
def _all() -> dict[str, str]:
    raw = gzip.decompress(resource_path("wilayah", "wilayah.csv.gz").read_bytes())
    reader = csv.reader(io.StringIO(raw.decode("utf-8")))
    next(reader)
    return {code: tidy_name(name) for code, name in reader}


def is_valid_code_shape(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def get(code: str) -> Area:
    """The area with this code, or AreaError with a message that says what was wrong."""
    code = code.strip()
    if not is_valid_code_shape(code):
        raise AreaError(
            f"Kode wilayah '{code}' tidak sah. Bentuknya PP, PP.KK, PP.KK.CC atau "
            "PP.KK.CC.DDDD, misalnya 63.06.05.2005."
        )
    name = _all().get(code)
    if name is None:
        raise AreaError(f"Kode wilayah '{code}' tidak ada dalam daftar resmi wilayah Indonesia.")
    return Area(code, name)


def children(code: str | None) -> list[Area]:
    """Areas one level below ``code`` (provinces when ``code`` is None), sorted by code."""
    prefix = "" if code is None else code + "."
    depth = 1 if code is None else code.count(".") + 2
    return [
        Area(c, n)
        for c, n in _all().items()
        if c.startswith(prefix) and c.count(".") + 1 == depth
    ]


def villages_in(code: str) -> list[Area]:
    """Every desa/kelurahan inside a province, kabupaten or kecamatan (or the village itself)."""
    area = get(code)
    if area.level == 4:
        return [area]
    prefix = code + "."
    return [Area(c, n) for c, n in _all().items() if c.startswith(prefix) and c.count(".") == 3]


def lineage(code: str) -> list[Area]:
    """The area and its parents, from the province down."""
    parts = code.split(".")
    return [get(".".join(parts[: i + 1])) for i in range(len(parts))]


def search(
    text: str, *, level: int | None = None, within: str | None = None, limit: int = 50
) -> list[Area]:
    """Type-to-search by name (case-insensitive substring) or code prefix."""
    needle = text.strip().lower()
    out: list[Area] = []
    for c, n in _all().items():
        if within and not c.startswith(within + "."):
            continue
        if level and c.count(".") + 1 != level:
            continue
        if needle and needle not in n.lower() and not c.startswith(needle):
            continue
        out.append(Area(c, n))
        if len(out) >= limit:
            break
    return out
