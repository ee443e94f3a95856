"""The checklist service on a real database: documents, years, carry-forward, attachments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_jpeg, make_pdf
from desa_layak.core.states import ItemState
from desa_layak.errors import AreaError, AttachmentError, ValidationError
from desa_layak.storage.db import Store

V = "63.06.05.2005"


def add(store: Store, item: str, year: int, **kw) -> Document:
    kw.setdefault("doc_number", f"{item}/{year}")
    return checklist.save_document(store, Document(id=None, village_code=V, item_code=item,
                                                   year=year, **kw))


def pdf(tmp_path: Path, name: str = "sk.pdf") -> Path:
    p = tmp_path / name
    p.write_bytes(make_pdf(["SK"]))
    return p


def test_initialise_copies_area_and_refuses_bad_codes(store: Store, tmp_path: Path) -> None:
    prof = setup.village_profile(store, V)
    assert (prof.name, prof.kind, prof.district_name) == ("Gambah Luar", "desa", "Kandangan")
    assert prof.regency_name == "Kabupaten Hulu Sungai Selatan"
    other = setup.open_store(tmp_path / "x")
    with pytest.raises(AreaError, match="tidak ada dalam daftar resmi"):
        setup.initialise(other, "desa", "63.06.05.2001")
    with pytest.raises(AreaError, match="kode desa/kelurahan"):
        setup.initialise(other, "desa", "63.06.05")
    with pytest.raises(AreaError, match="tidak sah"):
        setup.initialise(other, "desa", "63-06")
    assert setup.identity(other) is None


def test_kecamatan_init_lists_all_villages(kecamatan_store: Store) -> None:
    n = kecamatan_store.db.execute("SELECT count(*) FROM villages").fetchone()[0]
    assert n == 18
    assert setup.identity(kecamatan_store).area_name == "Kecamatan Kandangan"


def test_save_edit_delete_document(store: Store, tmp_path: Path, today) -> None:
    d = add(store, "B", 2024, date_set="2024-01-10", valid_until="2024-12-31")
    assert d.rev == 1
    d.notes = "ditandatangani Kades"
    d = checklist.save_document(store, d)
    assert d.rev == 2
    states = {s.item.code: s.state for s in checklist.statuses(store, V, 2024, today)}
    assert states["B"] == ItemState.NO_ATTACHMENT
    checklist.add_attachment(store, V, "document", d.id, pdf(tmp_path))
    states = {s.item.code: s.state for s in checklist.statuses(store, V, 2024, today)}
    assert states["B"] == ItemState.COMPLETE
    checklist.delete_document(store, d.id)
    states = {s.item.code: s.state for s in checklist.statuses(store, V, 2024, today)}
    assert states["B"] == ItemState.NOT_STARTED
    # Tombstones remain for the attachment too.
    assert store.db.execute("SELECT count(*) FROM attachments WHERE deleted_at IS NOT NULL"
                            ).fetchone()[0] == 1


def test_validation_messages(store: Store) -> None:
    with pytest.raises(ValidationError, match="Nomor dokumen wajib"):
        add(store, "B", 2024, doc_number=" ")
    with pytest.raises(ValidationError, match="tidak boleh sebelum"):
        add(store, "D", 2024, valid_from="2025-01-01", valid_until="2024-01-01")
    with pytest.raises(ValidationError, match="bukan tanggal"):
        add(store, "D", 2024, date_set="27/03/2024")
    add(store, "B", 2024, status="draf", doc_number="")  # a draft may have no number yet


def test_impossible_document_dates_are_refused(store: Store) -> None:
    # set years ahead of its checklist year: a typo, and it would count for no year recorded
    with pytest.raises(ValidationError, match="Tanggal penetapan 5 Januari 2062 masih akan "
                       "datang dan sesudah tahun 2026.*paling lambat 31 Desember 2026"):
        add(store, "C", 2026, date_set="2062-01-05")
    # set after the end of its own validity
    with pytest.raises(ValidationError, match="Tanggal penetapan 1 Agustus 2026 sesudah masa "
                       r"berlakunya berakhir \(30 Juni 2026\)"):
        add(store, "B", 2026, date_set="2026-08-01", valid_until="2026-06-30")
    with pytest.raises(ValidationError, match=r"\(1 Januari 2024\) tidak boleh sebelum "
                       r"'berlaku mulai' \(1 Januari 2025\)"):
        add(store, "D", 2024, valid_from="2025-01-01", valid_until="2024-01-01")
    assert checklist.documents(store, V) == []
    # what a secretary does enter: a decree set late in the previous year, or on its last day
    add(store, "C", 2026, date_set="2025-12-20", valid_from="2026-01-01",
        valid_until="2026-12-31")
    add(store, "B", 2026, date_set="2026-06-30", valid_until="2026-06-30")
    add(store, "A", 2026, date_set="2019-04-02")  # a Perdes of years ago
    assert len(checklist.documents(store, V)) == 3


def test_new_year_carries_forward_valid_documents(store: Store, tmp_path: Path) -> None:
    patbm = add(store, "D", 2023, valid_from="2023-01-01", valid_until="2025-12-31")
    checklist.add_attachment(store, V, "document", patbm.id, pdf(tmp_path))
    add(store, "B", 2023)
    carried = checklist.open_year(store, V, 2024)
    assert [s.item.code for s in carried] == ["D"]
    assert checklist.years(store, V) == [2024, 2023]
    on = dt.date(2024, 5, 1)
    states = {s.item.code: s for s in checklist.statuses(store, V, 2024, on)}
    assert states["D"].state == ItemState.COMPLETE and states["D"].carried_from == 2023
    assert states["B"].state == ItemState.EXPIRED
    assert [d.id for d in checklist.documents_for_year(store, V, "D", 2024)] == [patbm.id]
    # Previous years stay readable.
    old = {s.item.code: s.state for s in checklist.statuses(store, V, 2023, on)}
    assert old["B"] == ItemState.NO_ATTACHMENT


def test_attachments_are_content_addressed_and_stored_once(store: Store, tmp_path: Path) -> None:
    d1, d2 = add(store, "B", 2024), add(store, "C", 2024)
    p = pdf(tmp_path)
    a1 = checklist.add_attachment(store, V, "document", d1.id, p)
    a2 = checklist.add_attachment(store, V, "document", d2.id, p)
    assert a1.sha256 == a2.sha256 and a1.id != a2.id
    path = checklist.attachment_path(store, a1)
    assert path.read_bytes() == p.read_bytes()
    assert path.parent.name == a1.sha256[:2]
    assert len(list(store.attachments_dir.glob("*/*"))) == 1
    assert a1.pages == 1 and a1.mime == "application/pdf"


def test_the_same_file_twice_on_one_document_is_refused(store: Store, tmp_path: Path) -> None:
    d = add(store, "B", 2024)
    p = pdf(tmp_path)
    first = checklist.add_attachment(store, V, "document", d.id, p)
    copy = tmp_path / "salinan.pdf"
    copy.write_bytes(p.read_bytes())
    with pytest.raises(AttachmentError, match="sudah terlampir.*sama persis"):
        checklist.add_attachment(store, V, "document", d.id, copy)
    assert [a.id for a in checklist.attachments_of(store, "document", d.id)] == [first.id]
    # once removed, the same file may be attached again
    checklist.remove_attachment(store, first.id)
    again = checklist.add_attachment(store, V, "document", d.id, p)
    assert [a.id for a in checklist.attachments_of(store, "document", d.id)] == [again.id]


def test_large_photo_scaled_down(store: Store, tmp_path: Path) -> None:
    d = add(store, "E", 2024)
    p = tmp_path / "foto.png"
    from PIL import Image

    Image.open(__import__("io").BytesIO(make_jpeg(3000, 1500, seed=1))).save(p, "PNG")
    a = checklist.add_attachment(store, V, "document", d.id, p)
    assert (a.width, a.height) == (2000, 1000)
    assert a.mime == "image/jpeg" and a.file_name == "foto.jpg"
    assert a.size < a.original_size


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "kosong"),
        ("teks.pdf", b"bukan pdf sama sekali", "bukan PDF, JPG atau PNG"),
        ("rusak.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "tidak dapat dibaca"),
        ("potong.pdf", make_pdf(["x"])[:200], "tidak lengkap"),
    ],
)
def test_bad_files_refused_and_nothing_stored(store: Store, tmp_path: Path, name, content,
                                              message) -> None:
    d = add(store, "B", 2024)
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(AttachmentError, match=message):
        checklist.add_attachment(store, V, "document", d.id, p)
    assert checklist.attachments_of(store, "document", d.id) == []
    assert not store.attachments_dir.exists() or not list(store.attachments_dir.glob("*/*"))


def test_too_large_file_refused(store: Store, tmp_path: Path, monkeypatch) -> None:
    from desa_layak.storage import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 1000)
    d = add(store, "B", 2024)
    p = tmp_path / "besar.pdf"
    p.write_bytes(make_pdf(["x"], padding=5000))
    with pytest.raises(AttachmentError, match="terlalu besar"):
        checklist.add_attachment(store, V, "document", d.id, p)


def test_missing_file_refused(store: Store, tmp_path: Path) -> None:
    d = add(store, "B", 2024)
    with pytest.raises(AttachmentError, match="tidak ditemukan"):
        checklist.add_attachment(store, V, "document", d.id, tmp_path / "hilang.pdf")


def test_profile_update(store: Store) -> None:
    setup.update_profile(store, V, head_name="H. Ahmad", report_place="Kandangan")
    prof = setup.village_profile(store, V)
    assert (prof.head_name, prof.head_title, prof.report_place) == (
        "H. Ahmad", "Kepala Desa", "Kandangan")


def test_a_new_year_says_only_enacted_documents_are_still_in_force(store: Store) -> None:
    """Found by an exploratory tester: "2 dokumen masih berlaku dan ikut terbawa" named a
    draft SK, which is in force from nothing yet."""
    add(store, "D", 2023, valid_from="2023-01-01", valid_until="2025-12-31")
    add(store, "E", 2023, status="draf", doc_number="", date_set="2023-11-01")
    carried = checklist.open_year(store, V, 2024)
    assert [s.item.code for s in carried] == ["D"]
