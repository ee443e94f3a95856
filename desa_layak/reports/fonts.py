"""The TrueType fonts embedded in every report (DejaVu, shipped in resources/fonts/).

Registered with reportlab once per process; reports then use the family names below.
"""

from __future__ import annotations

import threading

from desa_layak.resources import resource_path

REGULAR = "DL-Sans"
BOLD = "DL-Sans-Bold"
CONDENSED = "DL-SansCond"
CONDENSED_BOLD = "DL-SansCond-Bold"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the fonts and their bold pairs with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        for regular, bold in ((REGULAR, BOLD), (CONDENSED, CONDENSED_BOLD)):
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
        _registered = True
