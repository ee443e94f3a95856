"""The checklist page (desa mode): progress, items A-H, what needs action, the item's detail."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desa_layak.ui.context import AppContext


class ChecklistPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        layout.addWidget(self.label)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Kelengkapan A–H")

    def refresh(self) -> None:
        self.label.setText(str(self.ctx.year))
