"""The colour legend under the checklist: every state with its colour, wrapping like text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from desa_layak.core.states import STATE_COLOURS, ItemState
from desa_layak.ui.state_legend import StateLegend


def test_legend_wraps_and_paints_every_colour(qtbot) -> None:
    entries = [(STATE_COLOURS[s], s.name.title()) for s in ItemState]
    legend = StateLegend(entries)
    qtbot.addWidget(legend)
    one_line = legend.heightForWidth(2000)
    assert legend.heightForWidth(legend.sizeHint().width()) == one_line
    assert legend.heightForWidth(150) >= 3 * one_line  # narrow: an entry or two per line
    assert legend.accessibleDescription() == ", ".join(w for _, w in entries)

    legend.resize(legend.sizeHint().width(), one_line)
    image = QImage(legend.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    legend.render(image)
    seen = {QColor(image.pixel(x, y)).name() for x in range(image.width())
            for y in range(image.height())}
    for colour, _ in entries:  # each dot's centre is drawn in its own colour
        assert QColor(colour).name() in seen
