"""Derive the PNG and Windows ICO from resources/icons/desa-layak.svg (run after editing it).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    from PIL import Image

    svg = ICONS / "desa-layak.svg"
    png = ICONS / "desa-layak-256.png"
    render_png(svg, 256, png)
    with Image.open(png) as im:
        im.save(ICONS / "desa-layak.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {png.name} and desa-layak.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
