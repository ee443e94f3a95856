"""Qt's own texts that users see (text field and scroll bar menus, standard buttons) speak
Indonesian through resources/i18n/qtbase_id.qm, which matches its .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPlainTextEdit

from desa_layak.resources import resources_dir
from desa_layak.ui.app import ensure_app

I18N = resources_dir() / "i18n"


def _texts(menu) -> list[str]:  # noqa: ANN001
    return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_text_field_menus_and_buttons_are_indonesian(qtbot) -> None:  # noqa: ANN001
    ensure_app()  # the app's QApplication, with its translators
    edit = QLineEdit()
    qtbot.addWidget(edit)
    assert _texts(edit.createStandardContextMenu()) == [
        "&Urungkan", "&Ulangi", "Po&tong", "&Salin", "T&empel", "Hapus", "Pilih Semua"]
    text = QPlainTextEdit()
    qtbot.addWidget(text)
    assert "&Salin" in _texts(text.createStandardContextMenu())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["Batal", "OK"]
    bar = text.verticalScrollBar()
    assert bar.tr("Scroll here") == "Gulir ke sini"


@pytest.mark.skipif(shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
                    is None, reason="pyside6-lrelease not installed")
def test_the_shipped_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    built = tmp_path / "qtbase_id.qm"
    subprocess.run([lrelease, str(I18N / "qtbase_id.ts"), "-qm", str(built)], check=True,
                   capture_output=True)
    assert built.read_bytes() == (I18N / "qtbase_id.qm").read_bytes(), \
        "run: .venv/bin/pyside6-lrelease resources/i18n/qtbase_id.ts"
