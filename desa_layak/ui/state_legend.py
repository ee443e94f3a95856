"""What the state colours mean: a coloured dot and a word per state, wrapping like text.

Painted by hand rather than as a label with markup: a rich-text label lays out a whole text
document several times per layout pass, which cost the first window a few milliseconds."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

DOT, GAP, SPACING = 9, 5, 16  # dot diameter, dot-to-word gap, space between entries (px)


class StateLegend(QWidget):
    def __init__(self, entries: list[tuple[str, str]], parent: QWidget | None = None):
        """``entries``: (colour, word) per state, in the order shown."""
        super().__init__(parent)
        self.entries = list(entries)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleDescription(", ".join(word for _, word in self.entries))

    def _places(self, width: int) -> tuple[list[tuple[float, float]], int]:
        """Where each entry starts (x, y of its line) at ``width``, and the height needed."""
        fm = self.fontMetrics()
        line = fm.height() + 4
        x = y = 0.0
        places = []
        for _, word in self.entries:
            need = DOT + GAP + fm.horizontalAdvance(word)
            if x > 0 and x + need > width:
                x, y = 0.0, y + line
            places.append((x, y))
            x += need + SPACING
        return places, int(y + line)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self._places(width)[1]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        fm = self.fontMetrics()
        one_line = sum(DOT + GAP + fm.horizontalAdvance(w) + SPACING for _, w in self.entries)
        return QSize(one_line, fm.height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(DOT * 4, self.fontMetrics().height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        places, _ = self._places(self.width())
        fm = self.fontMetrics()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        for (colour, word), (x, y) in zip(self.entries, places, strict=True):
            middle = y + 2 + fm.height() / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(x + DOT / 2, middle), DOT / 2, DOT / 2)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x + DOT + GAP, y + 2, self.width(), fm.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             word)
        painter.end()
