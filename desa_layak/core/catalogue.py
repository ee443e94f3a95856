"""The checklist as data: versioned catalogue files in resources/catalogue/.

A catalogue file is ``<name>-<version>.json``. Adding ``checklist-2.json`` needs no code change:
the newest version is used for new years, and each year remembers the version it started with.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

from desa_layak.resources import resources_dir

VALIDITY_KINDS = ("yearly", "period", "standing")
RULES = ("document", "data_pilah", "budget", "facility")


class Validity(NamedTuple):
    kind: str  # yearly | period | standing
    years: int = 1


class ChecklistItem(NamedTuple):
    code: str
    title: str
    short: str
    evidence: str
    document: str
    validity: Validity
    rule: str


class Catalogue(NamedTuple):
    name: str
    version: int
    title: str
    items: tuple[ChecklistItem, ...]

    def item(self, code: str) -> ChecklistItem:
        for it in self.items:
            if it.code == code:
                return it
        raise KeyError(code)

    @property
    def codes(self) -> list[str]:
        return [it.code for it in self.items]


class CatalogueError(ValueError):
    pass


def _parse_item(raw: dict[str, Any]) -> ChecklistItem:
    validity = raw.get("validity") or {}
    kind = validity.get("kind")
    if kind not in VALIDITY_KINDS:
        raise CatalogueError(f"item {raw.get('code')}: validity kind {kind!r}")
    rule = raw.get("rule", "document")
    if rule not in RULES:
        raise CatalogueError(f"item {raw.get('code')}: rule {rule!r}")
    return ChecklistItem(
        code=str(raw["code"]),
        title=str(raw["title"]),
        short=str(raw.get("short") or raw["title"]),
        evidence=str(raw.get("evidence", "")),
        document=str(raw.get("document", "Dokumen")),
        validity=Validity(kind, int(validity.get("years", 1))),
        rule=rule,
    )


def parse(data: dict[str, Any]) -> Catalogue:
    return Catalogue(
        name=str(data["catalogue"]),
        version=int(data["version"]),
        title=str(data.get("title", "")),
        items=tuple(_parse_item(i) for i in data["items"]),
    )


@cache
def available_versions(name: str = "checklist") -> tuple[int, ...]:
    """The versions of a catalogue shipped with the app (they do not change while it runs)."""
    pattern = re.compile(rf"^{re.escape(name)}-(\d+)\.json$")
    folder = resources_dir() / "catalogue"
    return tuple(sorted(int(m.group(1)) for p in folder.iterdir()
                        if (m := pattern.match(p.name))))


@lru_cache(maxsize=16)
def load_raw(name: str, version: int | None = None) -> dict[str, Any]:
    """The catalogue file's JSON (newest version when ``version`` is None)."""
    versions = available_versions(name)
    if not versions:
        raise CatalogueError(f"tidak ada katalog {name}")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise CatalogueError(f"katalog {name} versi {chosen} tidak tersedia di aplikasi ini")
    path = resources_dir() / "catalogue" / f"{name}-{chosen}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def load(version: int | None = None) -> Catalogue:
    """The checklist catalogue (newest version when ``version`` is None)."""
    return _load_checklist(version)


@lru_cache(maxsize=8)
def _load_checklist(version: int | None) -> Catalogue:
    return parse(load_raw("checklist", version))
