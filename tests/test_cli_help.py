"""The command line's help says what the commands accept, in Bahasa Indonesia."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from desa_layak.cli import build_parser, main
from desa_layak.core import budget, data_pilah, drppa, figure_catalogue


def _helps(parser: argparse.ArgumentParser, path: str = "desa-layak"
           ) -> dict[str, str]:
    found: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.update(_helps(child, f"{path} {name}"))
        elif action.help:
            found[f"{path} {'/'.join(action.option_strings) or action.dest}"] = action.help
    return found


def test_no_help_text_is_argparse_english() -> None:
    markers = ("show program", "show this", " and exit", "version number")
    english = {where: text for where, text in _helps(build_parser()).items()
               if any(w in text for w in markers)}
    assert english == {}


def test_positional_year_is_not_described_as_defaulting() -> None:
    helps = _helps(build_parser())
    assert "bawaan" not in helps["desa-layak year year"]


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desa_layak", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=120)


def test_the_examples_in_the_help_are_accepted(tmp_path: Path) -> None:
    helps = _helps(build_parser())
    values_help = helps["desa-layak data-pilah set values"]
    assert "anak.L.0-4=12" in values_help
    assert _run("demo", data_dir=tmp_path).returncode == 0
    pilah = _run("data-pilah", "set", "anak.L.0-4=12", data_dir=tmp_path)
    assert pilah.returncode == 0, pilah.stderr
    drppa = _run("drppa", "set", "5", "perangkat_p=3", data_dir=tmp_path)
    assert drppa.returncode == 0, drppa.stderr
    team_help = helps["desa-layak team set team"]
    for key in ("tim_dla", "tim_drppa", "patbm", "forum_anak"):
        assert key in team_help
    team = _run("team", "set", "patbm", "--members-l", "3", "--members-p", "4",
                data_dir=tmp_path)
    assert team.returncode == 0, team.stderr


# a KODE=NILAI pair as the help writes them: anak.L.0-4=12, perkawinan_anak=0, akta.L.0-4=
_PAIR = re.compile(r"\b[a-z_]+(?:\.[A-Z]\.[0-9-]+)?=[0-9]*")


def test_data_pilah_values_help_names_what_data_pilah_accepts(store, data_dir) -> None:
    text = _helps(build_parser())["desa-layak data-pilah set values"]
    cat = figure_catalogue.load()
    for word in ([f.key for f in cat.figures] + [s.code for s in cat.sexes]
                 + [b.code for b in cat.age_bands]):
        assert word in text, word
    inputs = [spec.key for ind in drppa.INDICATORS for spec in ind.inputs]
    assert not any(key in text for key in inputs)  # drppa's keys: refused by data-pilah
    examples = _PAIR.findall(text)
    assert len(examples) >= 3
    d = ["--data-dir", str(data_dir), "data-pilah", "set", "--year", "2026"]
    for example in examples:
        assert main([*d, example]) == 0, example
    assert data_pilah.values(store, "63.06.05.2005", 2026)[("anak", "L", "0-4")] == 12


def test_drppa_values_help_names_each_indicators_inputs(store, data_dir) -> None:
    helps = _helps(build_parser())
    text = helps["desa-layak drppa set values"]
    assert "anak.L" not in text  # data pilah's codes: refused by drppa set
    asked = [ind for ind in drppa.INDICATORS if ind.inputs]
    for ind in asked:
        keys = ", ".join(spec.key for spec in ind.inputs)
        assert f"{ind.number} {keys}" in text, ind.number
    numbers = helps["desa-layak drppa set indicator"]
    assert "1, 5, 6 atau 8" in numbers and [i.number for i in asked] == [1, 5, 6, 8]
    example = re.search(r"mis\. (\d+) ((?:[a-z_]+=\d+ ?)+)", text)
    assert example is not None
    number, pairs = example.group(1), example.group(2).split()
    assert main(["--data-dir", str(data_dir), "drppa", "set", "--year", "2026", number,
                 *pairs]) == 0
    assert drppa.answers(store, "63.06.05.2005", 2026)[int(number)] == {
        k: int(v) for k, v in (p.split("=") for p in pairs)}


def test_amount_help_examples_are_accepted(store, data_dir) -> None:
    text = _helps(build_parser())["desa-layak budget set-apbdes amount"]
    examples = re.findall(r"(?:Rp )?[0-9][0-9.]*[0-9]", text)
    assert examples == ["12500000", "Rp 12.500.000"]
    for example in examples:
        assert main(["--data-dir", str(data_dir), "budget", "set-apbdes", "--year", "2026",
                     example]) == 0
        assert budget.get_budget(store, "63.06.05.2005", 2026).apbdes_total == 12_500_000


def test_data_pilah_export_asks_for_a_file_not_a_folder() -> None:
    text = _helps(build_parser())["desa-layak data-pilah export --out"]
    assert "folder" not in text and ".xlsx" in text and ".csv" in text
