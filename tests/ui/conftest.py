"""Fixtures for tests that drive the real window: message boxes never block."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QMessageBox

from desa_layak.ui import dialogs


@dataclass
class DialogLog:
    """What the window said to the person, and what the 'person' answers."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    confirms: list[str] = field(default_factory=list)
    unsaved: list[str] = field(default_factory=list)
    choices: list[tuple[str, list[str]]] = field(default_factory=list)  # (text, options)
    confirm_answer: bool = True
    unsaved_answer: str = "cancel"
    choose_answers: list[int | None] = field(default_factory=list)  # None: box closed


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    log = DialogLog()

    # Same signatures as desa_layak.ui.dialogs (callers may pass title=... by keyword).
    def error(parent, text, title=None):  # noqa: ANN001, ANN202, ARG001
        log.errors.append(text)

    def info(parent, text, title=None):  # noqa: ANN001, ANN202, ARG001
        log.infos.append(text)

    def confirm(parent, text, yes, title=None):  # noqa: ANN001, ANN202, ARG001
        log.confirms.append(text)
        return log.confirm_answer

    def ask_unsaved(parent, what):  # noqa: ANN001, ANN202, ARG001
        log.unsaved.append(what)
        return log.unsaved_answer

    def choose(parent, text, options, title, warning=False):  # noqa: ANN001, ANN202, ARG001
        log.choices.append((text, list(options)))
        return log.choose_answers.pop(0) if log.choose_answers else None

    monkeypatch.setattr(dialogs, "choose", choose)
    monkeypatch.setattr(dialogs, "error", error)
    monkeypatch.setattr(dialogs, "info", info)
    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_unsaved", ask_unsaved)
    # Anything else that would open a modal box fails loudly instead of blocking.
    def refuse(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("unexpected modal message box")

    for name in ("ask_int", "ask_item", "ask_text"):  # a test answers these itself
        monkeypatch.setattr(dialogs, name, refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    return log


@pytest.fixture
def indonesian_dates():
    """The app's locale (ui/i18n.install_translators): month names in Indonesian."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    yield
    QLocale.setDefault(before)
