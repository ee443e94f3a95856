"""Every user-facing text in the Qt UI goes through Qt's translation functions: no bare string
literal is handed to a widget text setter (the app speaks Indonesian as the source language,
and another language is a .qm file away only if every string is extractable)."""

from __future__ import annotations

import ast
from pathlib import Path

import desa_layak.ui

UI_DIR = Path(desa_layak.ui.__file__).parent
SETTERS = {"setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "addTab", "setTitle",
           "addAction", "addMenu", "setStatusTip", "showMessage", "setAccessibleName",
           "insertTab", "setSpecialValueText", "addItem", "setHorizontalHeaderLabels",
           "setWhatsThis"}
WIDGETS = {"QLabel", "QPushButton", "QAction", "QGroupBox", "QCheckBox", "QRadioButton",
           "QToolButton", "QMenu"}
NOT_WORDS = {"Rp 0"}  # a format example, the same in every language


def _bare_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SETTERS and name not in WIDGETS:
            continue
        first = node.args[0]
        if (isinstance(first, ast.Constant) and isinstance(first.value, str)
                and any(c.isalpha() for c in first.value) and first.value not in NOT_WORDS):
            found.append(f"{path.name}:{node.lineno}: {name}({first.value!r})")
    return found


def test_no_untranslated_literals_in_the_ui():
    files = sorted(UI_DIR.glob("*.py"))
    assert len(files) > 5
    bare = [hit for path in files for hit in _bare_literals(path)]
    assert bare == [], "wrap these in self.tr()/QCoreApplication.translate():\n" + "\n".join(bare)


def test_the_checker_catches_a_bare_literal(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("label = QLabel('Simpan')\nlabel.setText(self.tr('Simpan'))\n")
    assert _bare_literals(sample) == ["sample.py:1: QLabel('Simpan')"]
