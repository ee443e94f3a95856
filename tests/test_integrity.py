"""The integrity check: database, links, attachment files; problems in words; CLI exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from desa_layak import cli
from desa_layak.core import checklist, integrity
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage.db import Store

VILLAGE = "63.06.05.2005"


@pytest.fixture
def filled(store: Store, tmp_path: Path):  # noqa: ANN201
    doc = checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code="B", year=2024, doc_number="7/2024"))
    f = tmp_path / "sk-tim.pdf"
    f.write_bytes(make_pdf(["SK Tim"], padding=4000))
    att = checklist.add_attachment(store, VILLAGE, "document", doc.id, f)
    return store, doc, att


def test_a_healthy_folder_has_no_problems(filled, capsys) -> None:  # noqa: ANN001
    store, _doc, _att = filled
    for quick in (False, True):
        report = integrity.check(store, quick=quick)
        assert report.ok, report.lines()
        assert report.attachments_checked == 1
    assert integrity.check(store).files_checked == 1
    assert cli.main(["--data-dir", str(store.data_dir), "check"]) == 0
    assert "Tidak ada masalah" in capsys.readouterr().out


def test_missing_attachment_file_is_reported_and_exit_is_non_zero(filled, capsys) -> None:  # noqa: ANN001
    store, _doc, att = filled
    checklist.attachment_path(store, att).unlink()
    report = integrity.check(store, quick=True)
    assert [p.kind for p in report.problems] == ["attachment_missing"]
    assert "sk-tim.pdf" in report.problems[0].message
    assert "hilang" in report.problems[0].message
    assert cli.main(["--data-dir", str(store.data_dir), "check"]) == 1
    out = capsys.readouterr().out
    assert "1 masalah" in out and "sk-tim.pdf" in out


def test_damaged_attachment_found_by_hash_in_full_check(filled) -> None:  # noqa: ANN001
    store, _doc, att = filled
    path = checklist.attachment_path(store, att)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    assert integrity.check(store, quick=True).ok  # quick: presence and size only
    report = integrity.check(store)
    assert [p.kind for p in report.problems] == ["attachment_damaged"]
    assert "rusak" in report.problems[0].message and "sk-tim.pdf" in report.problems[0].message
    path.write_bytes(bytes(data[:-5]))  # a truncated file is seen even by the quick check
    assert [p.kind for p in integrity.check(store, quick=True).problems] == ["attachment_damaged"]


def test_unreferenced_file_under_a_wrong_hash_name_is_damaged(store: Store) -> None:
    bogus = store.attachments_dir / "ab" / ("ab" + "0" * 62)
    bogus.parent.mkdir(parents=True)
    bogus.write_bytes(b"half a file")
    report = integrity.check(store)
    assert [p.kind for p in report.problems] == ["attachment_damaged"]


def test_broken_links_between_records_are_reported(filled) -> None:  # noqa: ANN001
    store, doc, _att = filled
    conn = store.db.conn
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE documents SET village_code = '99.99.99.9999' WHERE id = ?", [doc.id])
    conn.execute("PRAGMA foreign_keys=ON")
    report = integrity.check(store)
    fk = [p for p in report.problems if p.kind == "foreign_key"]
    assert fk and "documents" in fk[0].message and "villages" in fk[0].message


def test_attachment_whose_owner_does_not_exist(filled) -> None:  # noqa: ANN001
    store, _doc, att = filled
    store.db.execute("UPDATE attachments SET owner_id = 'tidak-ada' WHERE id = ?", [att.id])
    report = integrity.check(store)
    assert [p.kind for p in report.problems] == ["attachment_owner"]
    assert "tidak ada" in report.problems[0].message


def _scribble(path: Path, offset: int, n: int) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(b"\x13" * n)


def test_a_corrupt_database_file_is_reported(filled) -> None:  # noqa: ANN001
    store, _doc, _att = filled
    # make several pages of documents, checkpoint, then scribble over the file's middle
    for i in range(300):
        checklist.save_document(store, Document(
            id=None, village_code=VILLAGE, item_code="C", year=2024,
            doc_number=f"{i}/2024", notes="catatan " * 40))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = store.db_path.stat().st_size
    _scribble(store.db_path, size // 2 - (size // 2) % 4096 + 8, 2000)
    report = integrity.check(Store(store.data_dir))
    assert report.problems and report.problems[0].kind == "database"
    assert "Pulihkan" in report.problems[0].message


def test_a_file_that_is_not_a_database_is_reported(store: Store, capsys) -> None:  # noqa: ANN001
    store.close()
    store.db_path.write_bytes(b"bukan basis data " * 1000)
    for suffix in ("-wal", "-shm"):
        Path(str(store.db_path) + suffix).unlink(missing_ok=True)
    report = integrity.check(Store(store.data_dir), quick=True)
    assert [p.kind for p in report.problems] == ["database"]
    assert "tidak dapat dibaca" in report.problems[0].message
    assert "bukan basis data Desa Layak" in report.problems[0].message
    assert "file is not a database" not in report.problems[0].message  # SQLite's English
    assert cli.main(["--data-dir", str(store.data_dir), "check", "--json"]) == 1
    assert '"ok": false' in capsys.readouterr().out
