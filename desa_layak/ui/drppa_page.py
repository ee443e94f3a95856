"""DRPPA's 10 indicators: the village judged on what it already entered (read-only, with
where each figure comes from), plus the few figures asked directly (editable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import drppa
from desa_layak.core.drppa import Indicator, IndicatorResult
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext

MET_STYLE = {
    True: ("Terpenuhi", "#2e7d32"),
    False: ("Belum terpenuhi", "#c62828"),
    None: ("Belum dapat dinilai", "#9e9e9e"),
}


class IndicatorCard(QFrame):
    """One indicator: status, summary, derived facts (read-only) and direct inputs."""

    def __init__(self, page: DrppaPage, ind: Indicator):
        super().__init__(page)
        self.page = page
        self.ind = ind
        self.setObjectName("indicatorCard")
        self.setStyleSheet("#indicatorCard { background: #ffffff; border: 1px solid #d5ddd8;"
                           " border-radius: 6px; }")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(f"{ind.number}. {self.tr(ind.title)}", self)
        title.setStyleSheet("font-weight: 600; color: #1f3b2d;")
        title.setWordWrap(True)
        self.chip = QLabel(self)
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chip.setMinimumWidth(150)
        head.addWidget(title, 1)
        head.addWidget(self.chip)
        layout.addLayout(head)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.facts = QGridLayout()
        self.facts.setColumnStretch(1, 1)
        layout.addLayout(self.facts)
        self.inputs: dict[str, QLineEdit] = {}
        self.save_button: QPushButton | None = None
        if ind.inputs:
            form = QFormLayout()
            for spec in ind.inputs:
                edit = QLineEdit(self)
                edit.setValidator(QIntValidator(0, drppa.MAX_INPUT, edit))
                edit.setMaximumWidth(120)
                edit.setAccessibleName(self.tr(spec.label))
                self.inputs[spec.key] = edit
                form.addRow(self.tr(spec.label), edit)
            self.save_button = QPushButton(self.tr("Simpan isian"), self)
            self.save_button.clicked.connect(self.save)
            row = QHBoxLayout()
            row.addWidget(self.save_button)
            row.addStretch(1)
            form.addRow("", row)
            note = QLabel(self.tr("Diisi langsung (tidak ada di data lain):"), self)
            note.setStyleSheet("color: #55615b;")
            layout.addWidget(note)
            layout.addLayout(form)

    def show_result(self, result: IndicatorResult) -> None:
        text, colour = MET_STYLE[result.met]
        self.chip.setText(self.tr(text))
        self.chip.setStyleSheet(f"background: {colour}; color: white; border-radius: 4px; "
                                "padding: 2px 8px; font-weight: 600;")
        self.summary.setText(result.summary)
        while self.facts.count():
            item = self.facts.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for row, fact in enumerate(result.facts):
            label = QLabel(fact.label, self)
            value = QLabel(f"<b>{fact.value}</b>", self)
            source = QLabel(self.tr("dari: {source}").format(source=fact.source), self)
            source.setStyleSheet("color: #55615b;")
            self.facts.addWidget(label, row, 0)
            self.facts.addWidget(value, row, 1)
            self.facts.addWidget(source, row, 2)
        for key, edit in self.inputs.items():
            value = result.answers.get(key)
            edit.setText("" if value is None else str(value))

    def save(self) -> bool:
        return self.page.save_answers(self.ind.number,
                                      {k: e.text() for k, e in self.inputs.items()})


class DrppaPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.results: list[IndicatorResult] = []
        outer = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3b2d;")
        outer.addWidget(self.title)
        self.count_label = QLabel(self)
        outer.addWidget(self.count_label)
        hint = QLabel(self.tr(
            "Sebagian besar indikator dihitung dari data yang sudah dicatat (Perdes, data pilah, "
            "anggaran, tim). Untuk mengubahnya, ubah data sumbernya. Hanya isian yang tidak ada "
            "di tempat lain diminta di sini."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #55615b;")
        outer.addWidget(hint)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        self.cards: dict[int, IndicatorCard] = {}
        for ind in drppa.INDICATORS:
            card = IndicatorCard(self, ind)
            self.cards[ind.number] = card
            layout.addWidget(card)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Indikator DRPPA")

    def refresh(self) -> None:
        self.title.setText(self.tr("Desa Ramah Perempuan dan Peduli Anak: 10 indikator, "
                                   "{year}").format(year=self.ctx.year))
        code = self.ctx.village_code
        if not code:
            return
        self.results = drppa.evaluate(self.ctx.store, code, self.ctx.year)
        for result in self.results:
            self.cards[result.indicator.number].show_result(result)
        met = sum(1 for r in self.results if r.met)
        self.count_label.setText(self.tr("{met} dari 10 indikator terpenuhi.").format(met=met))

    def result(self, number: int) -> IndicatorResult:
        return next(r for r in self.results if r.indicator.number == number)

    def save_answers(self, number: int, values: dict[str, str]) -> bool:
        try:
            drppa.set_answers(self.ctx.store, self.ctx.village_code, self.ctx.year, number,
                              values)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.ctx.data_changed.emit()
        self.refresh()
        self.ctx.status_message.emit(self.tr("Isian indikator {n} tersimpan").format(n=number))
        return True
