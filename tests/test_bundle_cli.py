"""The bundle commands: export, import (one line per file, exit 0/1/2), history, accept-key,
recap, demo-bundles (repeatable with --seed)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from bundle_support import VILLAGE, make_village

from desa_layak.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def exported(tmp_path: Path, capsys) -> Path:  # noqa: ANN001
    make_village(tmp_path / "desa").close()
    out = tmp_path / "kirim"
    out.mkdir()
    code, text, _ = run(capsys, "--data-dir", tmp_path / "desa", "export", "--out", out)
    assert code == 0
    (path,) = out.glob("*.dkla")
    assert path.name in text and "KB" in text and "nomor urut 1" in text
    return path


@pytest.fixture
def kec(tmp_path: Path, capsys) -> Path:  # noqa: ANN001
    d = tmp_path / "kec"
    assert run(capsys, "--data-dir", d, "init", "--role", "kecamatan", "--area", "63.06.05")[0] == 0
    return d


def test_import_exit_codes_and_one_line_per_file(capsys, exported, kec, tmp_path):
    junk = tmp_path / "rusak.dkla"
    junk.write_bytes(b"bukan zip")
    code, out, _ = run(capsys, "--data-dir", kec, "import", exported)
    assert code == 0 and out.startswith("DIIMPOR") and out.count("\n") == 1
    code, out, _ = run(capsys, "--data-dir", kec, "import", exported)
    assert code == 0 and "sudah pernah diimpor" in out
    code, out, _ = run(capsys, "--data-dir", kec, "import", exported, junk)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith("SUDAH ADA") and lines[1].startswith("DITOLAK")
    assert "rusak.dkla" in lines[1] and "bukan arsip zip" in lines[1]
    with pytest.raises(SystemExit) as err:
        main(["--data-dir", str(kec), "import"])
    assert err.value.code == 2
    code, _, err_text = run(capsys, "--data-dir", tmp_path / "desa", "import", exported)
    assert code == 2 and "hanya untuk instalasi kecamatan" in err_text
    code, out, _ = run(capsys, "--data-dir", kec, "history")
    assert code == 0 and out.count("Ditolak") == 1 and out.count("Diimpor") == 1


def test_export_refused_in_kecamatan_mode(capsys, kec):
    code, _, err = run(capsys, "--data-dir", kec, "export")
    assert code == 2 and "hanya untuk instalasi desa" in err


def test_recap_json(capsys, exported, kec):
    run(capsys, "--data-dir", kec, "import", exported)
    code, out, _ = run(capsys, "--data-dir", kec, "recap", "--year", "2024", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data["villages"]) == 18 and len(data["not_sent"]) == 17
    (gambah,) = [v for v in data["villages"] if v["code"] == VILLAGE]
    assert gambah["sent"] and gambah["items"]["C"] == "belum" and gambah["seq"] == 1
    code, out, _ = run(capsys, "--data-dir", kec, "recap", "--year", "2024")
    assert "Belum mengirim: 17 dari 18" in out


def test_accept_key_from_the_command_line(capsys, exported, kec, tmp_path):
    run(capsys, "--data-dir", kec, "import", exported)
    make_village(tmp_path / "baru").close()  # reinstalled: a new key
    out_dir = tmp_path / "kirim2"
    out_dir.mkdir()
    run(capsys, "--data-dir", tmp_path / "baru", "export", "--out", out_dir)
    (again,) = out_dir.glob("*.dkla")
    code, out, _ = run(capsys, "--data-dir", kec, "import", again)
    assert code == 1 and "kunci yang berbeda" in out
    code, out, _ = run(capsys, "--data-dir", kec, "accept-key", "--village", VILLAGE,
                       "--reason", "laptop desa diganti, dikonfirmasi Sekdes")
    assert code == 0 and "diterima" in out
    assert run(capsys, "--data-dir", kec, "import", again)[0] == 0


def test_demo_bundles_are_signed_varied_and_repeatable(capsys, tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        code, text, _ = run(capsys, "demo-bundles", "--area", "63.06.05", "--out", out,
                            "--attachments", "2", "--seed", "7", "--limit", "4")
        assert code == 0 and text.count(".dkla") == 4
        outs.append(out)
    first, second = (sorted(o.glob("*.dkla")) for o in outs)
    for a, b in zip(first, second, strict=True):
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            ma, mb = json.loads(za.read("manifest.json")), json.loads(zb.read("manifest.json"))
            atts = [n for n in za.namelist() if n.startswith("attachments/")]
            assert len(atts) == 2
            assert sum(za.getinfo(n).file_size for n in atts) > 400_000  # ~300 KB each
        assert ma["public_key"] == mb["public_key"]  # the same village key for the same seed
        assert ma["tables"] == mb["tables"]
        assert sorted(atts) == sorted(n for n in zipfile.ZipFile(b).namelist()
                                      if n.startswith("attachments/"))
    kec = tmp_path / "kec"
    run(capsys, "--data-dir", kec, "init", "--role", "kecamatan", "--area", "63.06.05")
    code, out, _ = run(capsys, "--data-dir", kec, "import", *first)
    assert code == 0 and out.count("DIIMPOR") == 4
    code, out, _ = run(capsys, "--data-dir", kec, "recap", "--json")
    data = json.loads(out)
    patterns = {tuple(v["items"].values()) for v in data["villages"] if v["sent"]}
    assert len(patterns) >= 3  # varied states, not four copies of one village
    tables = [json.loads(zipfile.ZipFile(p).read("manifest.json"))["tables"] for p in first]
    for table in ("data_pilah_values", "budget_lines", "teams"):
        assert any(t.get(table) for t in tables), table


def test_export_to_a_write_protected_place_says_so(capsys, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked flash drive: one Indonesian sentence naming the file, exit 1, no file."""
    import contextlib
    import errno

    from desa_layak.bundles import export

    @contextlib.contextmanager
    def read_only(path: Path):  # noqa: ANN202
        raise OSError(errno.EROFS, "Read-only file system", str(path))
        yield

    make_village(tmp_path / "desa").close()
    monkeypatch.setattr(export, "atomic_write", read_only)
    target = tmp_path / "flashdisk" / "kirim.dkla"
    code, out, err = run(capsys, "--data-dir", tmp_path / "desa", "export", "--out", target)
    assert code == 1 and out == ""
    assert "Gagal menyimpan bundel" in err and "kirim.dkla" in err and "hanya-baca" in err
    assert "Read-only" not in err and "Traceback" not in err
    assert not target.exists()


def test_demo_figures_never_have_a_part_larger_than_its_whole() -> None:
    """Found by an exploratory tester: demo bundles said 281 boys aged 0-4 had a birth
    certificate out of 5, and the rakor printed both numbers side by side."""
    import random

    from desa_layak.bundles.demo_bundles import _consistent_figures
    from desa_layak.core import data_pilah, figure_catalogue

    cat = figure_catalogue.load()
    for seed in range(30):
        rng = random.Random(seed)
        cells = cat.required() or cat.cells()
        some = rng.sample(cells, rng.randrange(1, len(cells) + 1))
        for chosen in (cells, some):
            table = _consistent_figures(rng, cat, chosen)
            assert set(table) == set(chosen)
            assert data_pilah.problems(table, cat) == [], seed
