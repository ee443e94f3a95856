"""The desa-layak command line, run as a real subprocess, and the Qt-free core."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desa_layak.core.sample_files import make_pdf


def run(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "desa_layak"]
    if data_dir:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120)


def test_core_storage_and_cli_never_import_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, desa_layak\n"
        "import desa_layak.cli as cli\n"
        "cli.build_parser()\n"
        "for m in pkgutil.walk_packages(desa_layak.__path__, 'desa_layak.'):\n"
        "    if '.ui' not in m.name and not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(bad)\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_startup_does_not_import_heavy_modules() -> None:
    code = (
        "import sys, desa_layak.cli as cli\n"
        "cli.build_parser()\n"
        "heavy = [m for m in ('reportlab', 'openpyxl', 'cryptography', 'PIL')\n"
        "         if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("desa-layak ")


def test_init_says_what_the_folder_is_for(tmp_path: Path) -> None:
    village = run("init", "--role", "desa", "--area", "63.06.05.2005", data_dir=tmp_path / "d")
    assert "siap untuk Desa Gambah Luar (63.06.05.2005)" in village.stdout
    regency = run("init", "--role", "kecamatan", "--area", "63.06", data_dir=tmp_path / "k")
    assert "siap menerima bundel desa/kelurahan se-Kabupaten Hulu Sungai Selatan (63.06)" \
        in regency.stdout
    assert "kecamatan: Kabupaten" not in regency.stdout


def test_init_refuses_unknown_or_wrong_level_code(tmp_path: Path) -> None:
    bad = run("init", "--role", "desa", "--area", "63.06.05.2001", data_dir=tmp_path)
    assert bad.returncode == 2
    assert "tidak ada dalam daftar resmi" in bad.stderr
    wrong = run("init", "--role", "kecamatan", "--area", "63.06.05.2005", data_dir=tmp_path)
    assert wrong.returncode == 2 and "kode kecamatan" in wrong.stderr
    assert run("status", data_dir=tmp_path).returncode == 1  # not set up: clear refusal


def test_env_var_selects_data_dir(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "DESA_LAYAK_HOME": str(tmp_path / "home")}
    subprocess.run([sys.executable, "-m", "desa_layak", "init", "--role", "kecamatan",
                    "--area", "63.06"], check=True, env=env, capture_output=True)
    assert (tmp_path / "home" / "desa-layak.sqlite3").is_file()
    assert (tmp_path / "home" / "keys" / "ed25519-public.txt").is_file()


def test_record_document_with_attachment_and_status(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run("init", "--role", "desa", "--area", "63.06.05.2005", data_dir=data).returncode == 0
    scan = tmp_path / "sk.pdf"
    scan.write_bytes(make_pdf(["SK PATBM"]))
    added = run("doc", "add", "D", "--year", "2024", "--number", "141/21/SK/2024",
                "--valid-from", "2024-01-01", "--valid-until", "2026-12-31",
                "--attach", str(scan), data_dir=data)
    assert added.returncode == 0, added.stderr
    status = run("status", "--year", "2025", "--json", data_dir=data)
    items = {i["item"]: i for i in json.loads(status.stdout)}
    assert items["D"]["state"] == "lengkap" and items["D"]["carried_from"] == 2024
    assert items["A"]["state"] == "belum"
    doc_id = added.stdout.strip().rsplit("id: ", 1)[1]
    listed = run("doc", "list", data_dir=data)
    assert "berlaku 1 Januari 2024 s.d. 31 Desember 2026" in listed.stdout  # as people write
    assert "2024-01-01" not in listed.stdout
    # the enactment date under its own word, never the start of validity (found by an
    # exploratory tester: "ditetapkan 1 Januari 2026" for an SK set on 10 Januari)
    run("doc", "add", "B", "--year", "2024", "--number", "141/05/SK/2024", "--date-set",
        "2024-01-10", "--valid-from", "2024-01-01", "--valid-until", "2024-12-31",
        data_dir=data)
    run("doc", "add", "C", "--year", "2025", "--status", "draf", data_dir=data)
    listed = run("doc", "list", data_dir=data).stdout
    line_b = next(x for x in listed.splitlines() if "141/05/SK/2024" in x)
    assert "ditetapkan 10 Januari 2024" in line_b and "berlaku 1 Januari 2024" in line_b
    line_c = next(x for x in listed.splitlines() if " C 2025 " in x)
    assert " draf " in line_c and "ditetapkan" not in line_c
    only = run("doc", "list", "--year", "2025", data_dir=data).stdout
    assert " C 2025 " in only and "141/05/SK/2024" not in only
    refused = run("attach", doc_id, str(tmp_path / "nope.pdf"), data_dir=data)
    assert refused.returncode == 1 and "tidak ditemukan" in refused.stderr
    # A year outside 2000-2100 is a usage error (2) for status, a refusal (1) for a record.
    far = run("status", "--year", "1999", data_dir=data)
    assert far.returncode == 2 and "Tahun 1999 di luar jangkauan (2000-2100)." in far.stderr
    far_doc = run("doc", "add", "D", "--year", "2101", "--number", "1", data_dir=data)
    assert far_doc.returncode == 1 and "Tahun 2101 di luar jangkauan" in far_doc.stderr


def test_refused_attachment_saves_no_document(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("init", "--role", "desa", "--area", "63.06.05.2005", data_dir=data)
    failed = run("doc", "add", "D", "--year", "2024", "--number", "141/21/SK/2024",
                 "--attach", str(tmp_path / "belum-dipindai.pdf"), data_dir=data)
    assert failed.returncode == 1 and "tidak ditemukan" in failed.stderr
    assert json.loads(run("doc", "list", "--json", data_dir=data).stdout) == []


def test_unknown_ids_and_items_are_plain_refusals(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("init", "--role", "desa", "--area", "63.06.05.2005", data_dir=data)
    for args, words in (
        (("doc", "edit", "1234", "--number", "5"), "Dokumen dengan id '1234' tidak ada"),
        (("doc", "delete", "1234"), "tidak ada"),
        (("detach", "1234"), "Lampiran dengan id '1234' tidak ada"),
        (("doc", "add", "Z", "--number", "1"), "Butir 'Z' tidak dikenal"),
    ):
        result = run(*args, data_dir=data)
        assert result.returncode == 1, args
        assert words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_failed_init_leaves_no_database(tmp_path: Path) -> None:
    assert run("init", "--role", "desa", "--area", "63.06.05.9999",
               data_dir=tmp_path / "d").returncode == 2
    assert not (tmp_path / "d" / "desa-layak.sqlite3").exists()


def test_demo_has_expected_states(tmp_path: Path) -> None:
    assert run("demo", data_dir=tmp_path / "demo").returncode == 0
    items = {i["item"]: i["state"] for i in json.loads(
        run("status", "--json", data_dir=tmp_path / "demo").stdout)}
    assert items["A"] == "lengkap"
    assert items["C"] == "tanpa_lampiran"
    assert items["D"] == "kedaluwarsa"
    assert items["H"] == "lengkap"
    # a folder that already holds data (the demo's, or a village's own) is left alone
    docs = run("doc", "list", "--json", data_dir=tmp_path / "demo").stdout
    again = run("demo", data_dir=tmp_path / "demo")
    assert again.returncode == 2 and "sudah berisi data" in again.stderr
    assert run("doc", "list", "--json", data_dir=tmp_path / "demo").stdout == docs


def test_help_and_usage_errors_speak_indonesian() -> None:
    helped = run("demo-bundles", "--help")
    assert helped.returncode == 0
    assert "pemakaian:" in helped.stdout and "tampilkan bantuan ini" in helped.stdout
    assert "usage:" not in helped.stdout and "show this help" not in helped.stdout
    wrong = run("init", "--role", "camat", "--area", "63.06")
    assert wrong.returncode == 2
    assert "galat: argumen --role: pilihan tidak sah" in wrong.stderr


def test_every_option_has_help() -> None:
    import argparse

    from desa_layak.cli import build_parser

    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}")
            elif not action.help:
                missing.append(f"{path} {action.dest}")

    walk(build_parser(), "desa-layak")
    assert missing == []


def test_wilayah_search_names_the_parents() -> None:
    found = run("wilayah", "gambah luar")
    assert found.returncode == 0
    assert "63.06.05.2005\tGambah Luar\t(Kec. Kandangan, Kabupaten Hulu Sungai Selatan" in (
        found.stdout)
    nothing = run("wilayah", "zzqq")
    assert nothing.returncode == 1 and "Tidak ada wilayah" in nothing.stderr


def test_year_already_open_is_said_so(tmp_path: Path) -> None:
    assert run("init", "--role", "desa", "--area", "63.06.05.2005",
               data_dir=tmp_path).returncode == 0
    first = run("year", "2027", data_dir=tmp_path)
    assert first.returncode == 0 and "Tahun 2027 dibuka" in first.stdout
    again = run("year", "2027", data_dir=tmp_path)
    assert again.returncode == 0 and "sudah dibuka sebelumnya" in again.stdout
    assert "ikut terbawa" not in again.stdout


def test_a_command_on_a_folder_never_set_up_makes_nothing_there(tmp_path: Path) -> None:
    folder = tmp_path / "baru"
    for args in (("backup", "--out", str(tmp_path / "x.dlbak")), ("status",), ("doc", "list")):
        result = run(*args, data_dir=folder)
        assert result.returncode == 1 and "belum disiapkan" in result.stderr, args
    assert not (folder / "desa-layak.sqlite3").exists()
    assert run("demo", data_dir=folder).returncode == 0  # still free for the demo or init
