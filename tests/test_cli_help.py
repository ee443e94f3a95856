"""The command line's help says what the commands accept, in Bahasa Indonesia."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from desa_layak.cli import build_parser


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
    assert "anak.L.0-4=12" in values_help and "perangkat_p=3" in values_help
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
