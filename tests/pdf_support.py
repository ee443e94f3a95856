"""Reading the reports back: the text of each page of a real PDF (pypdf)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader


def pages_text(path: Path) -> list[str]:
    """Each page's text with its whitespace made single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]
