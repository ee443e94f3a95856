"""Village export -> kecamatan import -> recap, and what happens on the second, third send."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from bundle_support import OTHER_VILLAGE, VILLAGE, YEAR, assert_unchanged_except_log, dump
from bundle_support import make_village as _make_village

from desa_layak.bundles import export, importer
from desa_layak.bundles.format import BundleError
from desa_layak.core import checklist, recap, setup
from desa_layak.core.states import ItemState

ON = dt.date(2024, 3, 27)


@pytest.fixture
def village(tmp_path: Path):
    s = _make_village(tmp_path / "desa")
    yield s
    s.close()


def _export(village, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return export.export_bundle(village, out).path


def test_round_trip_recap_shows_what_the_village_entered(village, kecamatan_store, tmp_path):
    path = _export(village, tmp_path)
    assert path.name.startswith(f"Gambah-Luar_{VILLAGE}_")
    assert path.name.endswith("_seq0001.dkla")
    result = importer.import_bundle(kecamatan_store, path)
    assert result.status == importer.IMPORTED
    # The same rows, ids, revisions and tombstones on both sides.
    for table in ("documents", "attachments", "budget_lines", "checklist_years"):
        src = list(village.db.query(f"SELECT * FROM {table} ORDER BY id"))
        dst = list(kecamatan_store.db.query(
            f"SELECT * FROM {table} WHERE village_code = ? ORDER BY id", [VILLAGE]))
        assert src == dst and src
    want = [(s.item.code, s.state) for s in checklist.statuses(village, VILLAGE, YEAR, on=ON)]
    rec = recap.build(kecamatan_store, YEAR, on=ON)
    assert len(rec.villages) == 18  # every village of Kecamatan Kandangan, sent or not
    gambah = next(v for v in rec.villages if v.code == VILLAGE)
    assert gambah.sent and gambah.source.seq == 1
    assert [(s.item.code, s.state) for s in gambah.statuses] == want
    assert gambah.state_of("B") == ItemState.COMPLETE
    assert gambah.state_of("C") == ItemState.NOT_STARTED  # the deleted document stays deleted
    assert len(rec.not_sent) == 17
    assert rec.counts["B"][ItemState.COMPLETE] == 1
    # The scan arrived, byte for byte.
    detail = recap.village_detail(kecamatan_store, VILLAGE, YEAR, on=ON)
    (att,) = [a for d in detail.documents for a in d.attachments]
    assert checklist.attachment_path(kecamatan_store, att).read_bytes() == \
        checklist.attachment_path(village, att).read_bytes()
    assert detail.profile.head_name == "H. Ahmad Rusdiansyah"
    assert detail.figures["budget_amount"] == 12_500_000


def test_newer_replaces_and_deletion_travels(village, kecamatan_store, tmp_path):
    importer.import_bundle(kecamatan_store, _export(village, tmp_path))
    (b,) = checklist.documents(village, VILLAGE, "B")
    checklist.delete_document(village, b.id)
    checklist.save_document(village, checklist.Document(
        id=None, village_code=VILLAGE, item_code="E", year=YEAR, doc_number="141/30/SK/2023",
        date_set="2023-07-23", valid_from="2023-07-23", valid_until="2025-12-31"))
    second = _export(village, tmp_path)
    assert second.name.endswith("_seq0002.dkla")
    assert importer.import_bundle(kecamatan_store, second).status == importer.IMPORTED
    assert checklist.documents(kecamatan_store, VILLAGE, "B") == []
    tomb = kecamatan_store.db.execute("SELECT deleted_at FROM documents WHERE id = ?",
                                      [b.id]).fetchone()
    assert tomb[0] is not None  # the tombstone itself travelled
    assert [d.doc_number for d in checklist.documents(kecamatan_store, VILLAGE, "E")] == \
        ["141/30/SK/2023"]
    rec = recap.build(kecamatan_store, YEAR, on=ON)
    gambah = next(v for v in rec.villages if v.code == VILLAGE)
    assert gambah.source.seq == 2
    assert gambah.state_of("B") == ItemState.NOT_STARTED
    assert gambah.state_of("E") == ItemState.NO_ATTACHMENT


def test_reimport_is_a_no_op(village, kecamatan_store, tmp_path):
    path = _export(village, tmp_path)
    importer.import_bundle(kecamatan_store, path)
    before = dump(kecamatan_store)
    again = importer.import_bundle(kecamatan_store, path)
    assert again.status == importer.ALREADY
    assert "sudah pernah diimpor" in again.message
    assert_unchanged_except_log(before, dump(kecamatan_store), importer.ALREADY)


def test_older_is_refused(village, kecamatan_store, tmp_path):
    first = _export(village, tmp_path)
    second = _export(village, tmp_path)
    importer.import_bundle(kecamatan_store, second)
    before = dump(kecamatan_store)
    with pytest.raises(BundleError, match=r"lebih lama \(nomor urut 1\).*nomor urut 2"):
        importer.import_bundle(kecamatan_store, first)
    assert_unchanged_except_log(before, dump(kecamatan_store))


def test_rows_of_other_villages_are_untouched(village, kecamatan_store, tmp_path):
    other = _make_village(tmp_path / "other", OTHER_VILLAGE)
    importer.import_bundle(kecamatan_store, _export(other, tmp_path))
    importer.import_bundle(kecamatan_store, _export(village, tmp_path))
    (b,) = checklist.documents(village, VILLAGE, "B")
    checklist.delete_document(village, b.id)
    importer.import_bundle(kecamatan_store, _export(village, tmp_path))
    assert len(checklist.documents(kecamatan_store, OTHER_VILLAGE)) == 1
    assert checklist.documents(kecamatan_store, VILLAGE, "B") == []


def test_village_outside_the_area_is_refused_by_name(tmp_path):
    far = _make_village(tmp_path / "far", "63.07.01.2001")
    path = _export(far, tmp_path)
    kec = setup.open_store(tmp_path / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    before = dump(kec)
    with pytest.raises(BundleError) as err:
        importer.import_bundle(kec, path)
    msg = str(err.value)
    assert path.name in msg and "63.07.01.2001" in msg and "bukan bagian dari Kecamatan " \
        "Kandangan (63.06.05)" in msg
    assert_unchanged_except_log(before, dump(kec))


def test_kabupaten_area_takes_villages_of_every_kecamatan(village, tmp_path):
    kab = setup.open_store(tmp_path / "kab")
    setup.initialise(kab, "kecamatan", "63.06")
    assert importer.import_bundle(kab, _export(village, tmp_path)).ok
    rec = recap.build(kab, YEAR, on=ON)
    assert len(rec.villages) == 148 and len(rec.not_sent) == 147


def test_new_key_is_refused_until_an_officer_accepts_it(village, kecamatan_store, tmp_path):
    importer.import_bundle(kecamatan_store, _export(village, tmp_path))
    reinstalled = _make_village(tmp_path / "reinstalled")  # same village, new key, seq 1 again
    path = _export(reinstalled, tmp_path)
    before = dump(kecamatan_store)
    with pytest.raises(BundleError) as err:
        importer.import_bundle(kecamatan_store, path)
    assert "kunci yang berbeda" in str(err.value) and "dipasang ulang" in str(err.value)
    assert f"accept-key --village {VILLAGE}" in str(err.value)
    assert_unchanged_except_log(before, dump(kecamatan_store))
    with pytest.raises(BundleError, match="alasan"):
        importer.accept_key(kecamatan_store, VILLAGE, "")
    key = importer.accept_key(kecamatan_store, VILLAGE, "Aplikasi desa dipasang ulang (telp.)")
    assert key == reinstalled.keys_dir.joinpath("ed25519-public.txt").read_text().strip()
    (change,) = importer.key_changes(kecamatan_store)
    assert change[1] == VILLAGE and change[4].startswith("Aplikasi desa")
    assert importer.import_bundle(kecamatan_store, path).status == importer.IMPORTED


def test_import_many_continues_after_a_refusal_and_can_cancel(village, kecamatan_store,
                                                              tmp_path):
    good = _export(village, tmp_path)
    junk = tmp_path / "junk.dkla"
    junk.write_bytes(b"not a zip at all")
    results = importer.import_many(kecamatan_store, [junk, good])
    assert [r.status for r in results] == [importer.REFUSED, importer.IMPORTED]
    seen = []
    results = importer.import_many(kecamatan_store, [good, junk],
                                   report=lambda d, t, n: seen.append(n) or d < 1)
    assert [r.status for r in results] == [importer.ALREADY]  # cancelled before the second
    hist = importer.history(kecamatan_store)
    assert [h.result for h in hist] == ["sudah_ada", "diimpor", "ditolak"]
    assert hist[2].file_name == "junk.dkla" and "bukan" in hist[2].reason


def test_bundle_layout(village, tmp_path):
    path = _export(village, tmp_path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert names[:2] == ["manifest.json", "manifest.sig"]
    assert "records/villages.jsonl" in names and "records/documents.jsonl" in names
    assert sum(n.startswith("attachments/") for n in names) == 1


def test_newer_writer_extra_fields_and_older_writer_missing_columns_are_tolerated(
        village, kecamatan_store, tmp_path):
    """A later app adds a column and a table; an older one lacks an optional column."""
    import json

    from bundle_support import members, rebuild

    path = _export(village, tmp_path)
    by_name = {i.filename: d for i, d in members(path)}
    docs = [json.loads(line) for line in by_name["records/documents.jsonl"].splitlines()]
    for row in docs:
        row["signed_by_camat"] = True  # a column this app does not know
        del row["notes"]  # a column an older app did not have (it has a default)

    def future(m: dict) -> None:
        m["compression_hint"] = {"zstd": False}

    edited = rebuild(
        path, tmp_path / "campuran.dkla", keys_dir=village.keys_dir,
        replace={"records/documents.jsonl":
                 "".join(json.dumps(r) + "\n" for r in docs).encode()},
        extra=[("records/future_things.jsonl",
                json.dumps({"id": "x", "village_code": VILLAGE}).encode() + b"\n")],
        edit_manifest=future)
    result = importer.import_bundle(kecamatan_store, edited)
    assert result.status == importer.IMPORTED
    got = list(kecamatan_store.db.query("SELECT doc_number, notes FROM documents WHERE "
                                        "village_code = ? ORDER BY id", [VILLAGE]))
    assert {r["doc_number"] for r in got} == {d["doc_number"] for d in docs}
    assert all(r["notes"] == "" for r in got)


def test_batch_with_the_same_village_twice_keeps_order_and_history(village, kecamatan_store,
                                                                    tmp_path):
    """Reading file N+1 overlaps writing file N: the same village twice must still be seen in
    order, and the history must follow the files."""
    other = _make_village(tmp_path / "other", OTHER_VILLAGE)
    first, second = _export(village, tmp_path), _export(village, tmp_path)
    third = _export(other, tmp_path)
    junk = tmp_path / "junk.dkla"
    junk.write_bytes(b"junk")
    results = importer.import_many(kecamatan_store, [first, second, third, first, junk, second])
    assert [r.status for r in results] == [importer.IMPORTED, importer.IMPORTED,
                                           importer.IMPORTED, importer.REFUSED,
                                           importer.REFUSED, importer.ALREADY]
    assert "lebih lama" in results[3].message
    log = list(reversed(importer.history(kecamatan_store)))
    assert [e.file_name for e in log] == [p.name for p in (first, second, third, first, junk,
                                                           second)]
    assert [e.result for e in log] == [r.status for r in results]
    src = kecamatan_store.db.execute("SELECT last_seq FROM village_sources WHERE "
                                     "village_code = ?", [VILLAGE]).fetchone()
    assert src[0] == 2


def test_a_bundle_cannot_rename_or_move_its_village(village, kecamatan_store, tmp_path):
    import json

    from bundle_support import members, rebuild

    path = _export(village, tmp_path)
    row = json.loads(dict((i.filename, d) for i, d in members(path))["records/villages.jsonl"])
    row.update(name="Desa Palsu", district_code="63.07.01", head_name="Hj. Siti Rahmah")
    forged = rebuild(path, tmp_path / "nama.dkla", keys_dir=village.keys_dir,
                     replace={"records/villages.jsonl": json.dumps(row).encode() + b"\n"})
    assert importer.import_bundle(kecamatan_store, forged).ok
    got = kecamatan_store.db.execute("SELECT name, district_code, head_name FROM villages "
                                     "WHERE code = ?", [VILLAGE]).fetchone()
    assert got == ("Gambah Luar", "63.06.05", "Hj. Siti Rahmah")  # the profile travels only


def test_two_villages_with_the_same_file_in_one_batch(village, kecamatan_store, tmp_path):
    """The same scan attached in two villages is stored once and serves both."""
    from desa_layak.core.sample_files import make_pdf

    other = _make_village(tmp_path / "other", OTHER_VILLAGE)
    shared = tmp_path / "edaran-camat.pdf"
    shared.write_bytes(make_pdf(["Surat Edaran Camat Kandangan"], padding=5000, seed=9))
    for store, code in ((village, VILLAGE), (other, OTHER_VILLAGE)):
        (doc,) = checklist.documents(store, code, "B")
        checklist.add_attachment(store, code, "document", doc.id, shared)
    results = importer.import_many(kecamatan_store, [_export(village, tmp_path),
                                                     _export(other, tmp_path)])
    assert [r.status for r in results] == [importer.IMPORTED, importer.IMPORTED]
    for code in (VILLAGE, OTHER_VILLAGE):
        (doc,) = checklist.documents(kecamatan_store, code, "B")
        atts = checklist.attachments_of(kecamatan_store, "document", doc.id)
        assert len(atts) == 2
        for a in atts:
            assert checklist.blob_store(kecamatan_store).verify(a.sha256)
    assert not list((kecamatan_store.data_dir / "import-staging").iterdir())
