"""Hostile and broken bundles: each refused with a clear message naming the file and reason,
leaving every table and the attachment folder exactly as they were (one new log line aside)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest
from bundle_support import (
    OTHER_VILLAGE,
    assert_unchanged_except_log,
    dump,
    make_village,
    members,
    rebuild,
    write_zip,
)

from desa_layak.bundles import export, importer
from desa_layak.bundles import format as fmt
from desa_layak.bundles.format import BundleError


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(bundle, the village's keys folder, a second export) built once for the module."""
    root = tmp_path_factory.mktemp("hostile")
    village = make_village(root / "desa")
    out = root / "out"
    out.mkdir()
    first = export.export_bundle(village, out).path
    second = export.export_bundle(village, out).path
    village.close()
    return first, root / "desa" / "keys", second


@pytest.fixture
def kec(kecamatan_store, valid):
    """A kecamatan that already holds one earlier village bundle (so there is data to spoil)."""
    importer.import_bundle(kecamatan_store, valid[0])
    return kecamatan_store


def refused(kec, path: Path, *phrases: str) -> str:
    before = dump(kec)
    with pytest.raises(BundleError) as err:
        importer.import_bundle(kec, path)
    msg = str(err.value)
    assert f"Bundel '{path.name}' ditolak" in msg, msg
    for phrase in phrases:
        assert phrase in msg, msg
    assert_unchanged_except_log(before, dump(kec))
    (last,) = importer.history(kec, limit=1)
    assert last.result == "ditolak" and last.reason == msg and last.file_name == path.name
    return msg


def _central_entry(data: bytearray, name: bytes) -> int:
    """Offset of the central-directory header of member ``name``."""
    pos = data.find(b"PK\x01\x02")
    while data[pos + 46:pos + 46 + len(name)] != name:
        pos = data.find(b"PK\x01\x02", pos + 4)
        assert pos >= 0
    return pos


def _with_extra(valid, tmp_path, info: zipfile.ZipInfo | str, data: bytes = b"x") -> Path:
    return rebuild(valid[2], tmp_path / "hostile.dkla", extra=[(info, data)])


def test_not_a_zip(kec, tmp_path):
    path = tmp_path / "laporan.dkla"
    path.write_bytes(b"%PDF-1.4 this is a pdf, not a bundle\n" * 50)
    refused(kec, path, "bukan arsip zip")


def test_truncated_file(kec, valid, tmp_path):
    data = valid[2].read_bytes()
    path = tmp_path / "terpotong.dkla"
    path.write_bytes(data[: len(data) // 2])
    refused(kec, path, "rusak atau terpotong")


def test_absolute_member_path(kec, valid, tmp_path):
    refused(kec, _with_extra(valid, tmp_path, "/etc/passwd"), "jalur mutlak")


def test_dotdot_member_path(kec, valid, tmp_path):
    refused(kec, _with_extra(valid, tmp_path, "attachments/../../evil.txt"), "'..'")


def test_drive_letter_member_path(kec, valid, tmp_path):
    refused(kec, _with_extra(valid, tmp_path, "C:/Windows/evil.txt"), "huruf drive")


def test_backslash_member_path(kec, valid, tmp_path):
    refused(kec, _with_extra(valid, tmp_path, "records\\villages.jsonl"),
            "garis miring terbalik")


def test_symlink_entry(kec, valid, tmp_path):
    info = zipfile.ZipInfo("attachments/link")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    refused(kec, _with_extra(valid, tmp_path, info, b"/etc/passwd"), "tautan simbolik")


def test_duplicate_member_names(kec, valid, tmp_path):
    path = rebuild(valid[2], tmp_path / "ganda.dkla",
                   extra=[("records/documents.jsonl", b"{}\n")])
    refused(kec, path, "muncul dua kali")


def test_encrypted_member(kec, valid, tmp_path):
    path = rebuild(valid[2], tmp_path / "sandi.dkla")
    data = bytearray(path.read_bytes())
    name = b"records/documents.jsonl"
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name.decode()).header_offset
    data[local + 6] |= 0x1  # general purpose flag bit 0: encrypted (local header)
    pos = _central_entry(data, name)
    data[pos + 8] |= 0x1  # ... and in the central directory
    path.write_bytes(bytes(data))
    refused(kec, path, "'records/documents.jsonl' terenkripsi")


def test_zip_bomb_by_ratio(kec, valid, tmp_path):
    info = zipfile.ZipInfo("records/bomb.jsonl")
    info.compress_type = zipfile.ZIP_DEFLATED
    refused(kec, _with_extra(valid, tmp_path, info, b"\x00" * (20 * 1024 * 1024)),
            "kemungkinan bom zip")


def test_zip_bomb_total_size(kec, valid, tmp_path, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_TOTAL_BYTES", 2_000)
    refused(kec, valid[2], "ukuran total isi melebihi batas")


def test_zip_bomb_with_lying_headers_is_caught_while_reading(kec, valid, tmp_path):
    """The directory says the member is small; the bytes are counted, not trusted."""
    src = rebuild(valid[2], tmp_path / "src.dkla")
    data = bytearray(src.read_bytes())
    # Shrink the declared uncompressed size of records/documents.jsonl in both headers.
    name = b"records/documents.jsonl"
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(name.decode())
    true_size = info.file_size
    lie = struct.pack("<I", 10)
    local = info.header_offset
    data[local + 22:local + 26] = lie
    pos = _central_entry(data, name)
    assert struct.unpack("<I", bytes(data[pos + 24:pos + 28]))[0] == true_size
    data[pos + 24:pos + 28] = lie
    path = tmp_path / "bohong.dkla"
    path.write_bytes(bytes(data))
    refused(kec, path, "anggota 'records/documents.jsonl' berisi lebih banyak data daripada "
            "yang dinyatakan")


def test_member_missing_from_manifest(kec, valid, tmp_path):
    refused(kec, _with_extra(valid, tmp_path, "records/surplus.jsonl", b"{}\n"),
            "'records/surplus.jsonl' ada di arsip tetapi tidak tercantum di manifes")


def test_manifest_entry_missing_from_zip(kec, valid, tmp_path):
    att = next(i.filename for i, _ in members(valid[2]) if i.filename.startswith("attach"))
    path = rebuild(valid[2], tmp_path / "kurang.dkla", drop=(att,))
    refused(kec, path, f"'{att}' tercantum di manifes tetapi tidak ada di arsip")


def test_hash_mismatch(kec, valid, tmp_path):
    path = rebuild(valid[2], tmp_path / "diubah.dkla",
                   replace={"records/budget_lines.jsonl": b'{"id":"x"}\n'})
    refused(kec, path, "'records/budget_lines.jsonl' tidak cocok dengan sidik SHA-256")


def test_attachment_hash_mismatch(kec, valid, tmp_path):
    att, data = next((i.filename, d) for i, d in members(valid[2])
                     if i.filename.startswith("attach"))
    path = rebuild(valid[2], tmp_path / "pindaian.dkla", replace={att: data[:-10] + b"0" * 10})
    refused(kec, path, f"'{att}' tidak cocok")


def test_bad_signature(kec, valid, tmp_path):
    def bump(m: dict) -> None:
        m["seq"] = 99  # a forged sequence number, not signed again
    refused(kec, rebuild(valid[2], tmp_path / "palsu.dkla", edit_manifest=bump),
            "tanda tangan tidak sah")


def test_missing_signature(kec, valid, tmp_path):
    path = rebuild(valid[2], tmp_path / "tanpa-ttd.dkla", drop=(fmt.SIGNATURE,))
    refused(kec, path, "tanda tangan (manifest.sig) tidak ada")


def test_manifest_not_json(kec, valid, tmp_path):
    path = rebuild(valid[2], tmp_path / "rusak.dkla", replace={fmt.MANIFEST: b"{'seq': 1,"})
    refused(kec, path, "manifes tidak sah (bukan JSON yang benar)")


def test_manifest_wrong_types(kec, valid, tmp_path):
    manifest = json.loads(dict((i.filename, d) for i, d in members(valid[2]))[fmt.MANIFEST])
    manifest["seq"] = "7"
    path = rebuild(valid[2], tmp_path / "tipe.dkla",
                   replace={fmt.MANIFEST: json.dumps(manifest).encode()})
    refused(kec, path, "'seq' harus bilangan bulat positif")


def test_unknown_newer_format_version(kec, valid, tmp_path):
    def newer(m: dict) -> None:
        m["format_version"] = fmt.FORMAT_VERSION + 1
    path = rebuild(valid[2], tmp_path / "baru.dkla", edit_manifest=newer)
    refused(kec, path, f"format bundel versi {fmt.FORMAT_VERSION + 1}",
            "Perbarui aplikasi Desa Layak")


def test_records_naming_another_village(kec, valid, tmp_path):
    docs = dict((i.filename, d) for i, d in members(valid[2]))["records/documents.jsonl"]
    rows = [json.loads(line) for line in docs.splitlines()]
    rows[0]["village_code"] = OTHER_VILLAGE
    forged = "".join(json.dumps(r) + "\n" for r in rows).encode()
    path = rebuild(valid[2], tmp_path / "curang.dkla", keys_dir=valid[1],
                   replace={"records/documents.jsonl": forged})
    refused(kec, path, f"catatan milik wilayah lain ({OTHER_VILLAGE})",
            "Desa Gambah Luar (63.06.05.2005)")


@pytest.mark.parametrize("bad_line", [
    '{"id": "x"',  # cut off
    '{"id": "x"} {"id": "y"}',  # two values on one line
    '{"id": "x"} tail',  # something after the value
    "\u00a0{}".replace("{}", '{"id": "x"}'),  # white space JSON does not know
])
def test_records_line_that_is_not_one_json_value(kec, valid, tmp_path, bad_line):
    docs = dict((i.filename, d) for i, d in members(valid[2]))["records/documents.jsonl"]
    lines = docs.decode().splitlines()
    lines.insert(1, bad_line)
    path = rebuild(valid[2], tmp_path / "baris.dkla", keys_dir=valid[1],
                   replace={"records/documents.jsonl": ("\n".join(lines) + "\n").encode()})
    refused(kec, path, "baris 2 data tabel 'documents' bukan JSON")


def test_records_lines_with_json_white_space_around_them_are_read(kec, valid, tmp_path):
    """Blank lines and JSON's own white space around a row are allowed, as json.loads allows."""
    docs = dict((i.filename, d) for i, d in members(valid[2]))["records/documents.jsonl"]
    lines = docs.decode().splitlines()
    spaced = "\n\n".join(f" \t{line}\r" for line in lines) + "\n \n"
    path = rebuild(valid[2], tmp_path / "longgar.dkla", keys_dir=valid[1],
                   replace={"records/documents.jsonl": spaced.encode()})
    result = importer.import_bundle(kec, path)
    assert result.status == importer.IMPORTED
    assert kec.db.execute("SELECT count(*) FROM documents WHERE village_code = ?",
                          [result.village_code]).fetchone()[0] == len(lines)


def test_forged_bundle_is_signed_well_but_ids_of_another_village_collide(kec, valid, tmp_path):
    """A well-signed bundle reusing ids that another village's rows hold cannot overwrite them."""
    other = make_village(tmp_path / "other", OTHER_VILLAGE)
    out = tmp_path / "o"
    out.mkdir()
    importer.import_bundle(kec, export.export_bundle(other, out).path)
    other_doc_id = other.db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    files = dict((i.filename, d) for i, d in members(valid[2]))
    rows = [json.loads(line) for line in files["records/documents.jsonl"].splitlines()]
    old_id, rows[0]["id"] = rows[0]["id"], other_doc_id
    atts = [json.loads(line) for line in files["records/attachments.jsonl"].splitlines()]
    for att in atts:  # keep the bundle consistent: its attachments follow the new id
        if att["owner_id"] == old_id:
            att["owner_id"] = other_doc_id

    def jsonl(items: list[dict]) -> bytes:
        return "".join(json.dumps(r) + "\n" for r in items).encode()

    path = rebuild(valid[2], tmp_path / "tabrak.dkla", keys_dir=valid[1],
                   replace={"records/documents.jsonl": jsonl(rows),
                            "records/attachments.jsonl": jsonl(atts)})
    msg = refused(kec, path, "catatan tabel 'documents' tidak dapat disimpan",
                  f"id '{other_doc_id}' sudah dipakai catatan Gambah Luar Muka ({OTHER_VILLAGE})")
    assert "UNIQUE" not in msg and "constraint" not in msg


def test_attachment_pointing_at_a_record_not_in_the_bundle(kec, valid, tmp_path):
    """Signed by the village's own key, but an attachment's document is missing: refused, so
    the kecamatan never holds an attachment without its record (found by fuzzing)."""
    files = dict((i.filename, d) for i, d in members(valid[2]))
    atts = [json.loads(line) for line in files["records/attachments.jsonl"].splitlines()]
    atts[0]["owner_id"] = "00000000-0000-4000-8000-000000000000"
    forged = "".join(json.dumps(r) + "\n" for r in atts).encode()
    path = rebuild(valid[2], tmp_path / "yatim.dkla", keys_dir=valid[1],
                   replace={"records/attachments.jsonl": forged})
    refused(kec, path, "menunjuk ke catatan", "tidak ada di dalam bundel")


def test_empty_zip(kec, tmp_path):
    refused(kec, write_zip(tmp_path / "kosong.dkla", []), "tidak ada manifes")


def test_a_folder_or_a_missing_file_is_refused_in_plain_indonesian(kec, tmp_path):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    msg = refused(kec, folder, "yang dipilih adalah folder, bukan berkas bundel")
    assert "Is a directory" not in msg
    msg = refused(kec, tmp_path / "hilang.dkla", "berkasnya tidak ada")
    assert "No such file" not in msg


def test_a_bundle_zipped_once_more_is_refused_with_the_hint_to_extract_it(kec, valid, tmp_path):
    wrapped = write_zip(tmp_path / "Bundel Gambah Luar.zip", [(valid[2].name,
                                                               valid[2].read_bytes())])
    refused(kec, wrapped, "tidak ada manifes (manifest.json)",
            f"membungkus bundel '{valid[2].name}'", "Ekstrak dulu")
    # Two files in it: no guessing, the plain reason.
    two = write_zip(tmp_path / "dua.zip", [(valid[2].name, valid[2].read_bytes()),
                                           ("catatan.txt", b"halo")])
    msg = refused(kec, two, "tidak ada manifes")
    assert "Ekstrak" not in msg


def test_a_database_kept_busy_by_another_program_is_said_in_indonesian(kec, valid,
                                                                      monkeypatch):
    """Another program holds the write lock while the rows are written: refused (nothing
    changed) with a sentence, not SQLite's "database is locked"."""
    import sqlite3

    write_rows = importer._write_rows

    def while_locked(store, checked):  # noqa: ANN001, ANN202
        other = sqlite3.connect(store.db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        store.db.execute("PRAGMA busy_timeout = 0")
        try:
            return write_rows(store, checked)
        finally:
            other.execute("ROLLBACK")
            other.close()
            store.db.execute("PRAGMA busy_timeout = 30000")

    monkeypatch.setattr(importer, "_write_rows", while_locked)
    msg = refused(kec, valid[2], "sedang dipakai program lain", "tidak ada yang berubah",
                  "impor lagi")
    assert "locked" not in msg
