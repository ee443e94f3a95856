"""SafeZip's direct reading of stored members: the same checks as zipfile, without its cost."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desa_layak.bundles.format import BundleError
from desa_layak.bundles.zipsafe import SafeZip

PAYLOAD = bytes(range(256)) * 5000  # 1.28 MB: more than one 1 MB chunk


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("records/a.jsonl", b'{"id": "x"}\n' * 100, zipfile.ZIP_DEFLATED)
        zf.writestr("attachments/blob", PAYLOAD, zipfile.ZIP_STORED)
        zf.writestr("small", b"abc", zipfile.ZIP_STORED)
    return path


def _data_offset(path: Path, name: str) -> int:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    n = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    m = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    return info.header_offset + 30 + n + m


def _flip(path: Path, member: str, at: int, mask: int) -> None:
    """Damage one byte of a member's data in place."""
    data = bytearray(path.read_bytes())
    data[_data_offset(path, member) + at] ^= mask
    path.write_bytes(bytes(data))


def test_stored_and_deflated_members_read_back_exactly(tmp_path):
    path = _zip(tmp_path / "b.zip")
    with SafeZip(path) as z:
        chunks = list(z.stream("attachments/blob", check_crc=False))
        assert len(chunks) == 2 and b"".join(chunks) == PAYLOAD
        assert z.read("attachments/blob") == PAYLOAD
        assert z.read("small") == b"abc"
        assert z.read("records/a.jsonl") == b'{"id": "x"}\n' * 100


def test_stored_member_with_a_flipped_byte_fails_the_crc_unless_the_caller_hashes(tmp_path):
    path = _zip(tmp_path / "b.zip")
    _flip(path, "attachments/blob", 1000, 0xFF)
    with SafeZip(path) as z, pytest.raises(BundleError, match="rusak atau terpotong"):
        z.read("attachments/blob")
    with SafeZip(path) as z:  # the importer compares SHA-256 itself: it sees the damage there
        assert b"".join(z.stream("attachments/blob", check_crc=False)) != PAYLOAD


def test_local_header_naming_another_member_is_refused(tmp_path):
    path = _zip(tmp_path / "b.zip")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo("small").header_offset
    assert data[offset + 30:offset + 35] == b"small"
    data[offset + 30:offset + 35] = b"smell"
    path.write_bytes(bytes(data))
    with SafeZip(path) as z, pytest.raises(BundleError, match="'small' rusak atau terpotong"):
        z.read("small")


def test_stored_member_cut_short_is_refused(tmp_path):
    """The directory is intact (copied back after the cut) but the member's bytes end early."""
    path = _zip(tmp_path / "b.zip")
    raw = path.read_bytes()
    start = _data_offset(path, "attachments/blob")
    central = raw.index(b"PK\x01\x02")
    cut = raw[:start + 5000] + raw[central:]
    # the central directory now lies: point its offset to where it really is
    eocd = cut.rindex(b"PK\x05\x06")
    fixed = bytearray(cut)
    fixed[eocd + 16:eocd + 20] = (start + 5000).to_bytes(4, "little")
    path.write_bytes(bytes(fixed))
    with SafeZip(path) as z, pytest.raises(BundleError, match="attachments/blob"):
        z.read("attachments/blob")


def test_deflated_member_with_a_flipped_byte_is_refused(tmp_path):
    path = _zip(tmp_path / "b.zip")
    _flip(path, "records/a.jsonl", 5, 0x55)
    with SafeZip(path) as z, pytest.raises(BundleError, match="'records/a.jsonl' rusak"):
        z.read("records/a.jsonl")


def test_deflated_member_is_inflated_in_bounded_steps(tmp_path):
    path = tmp_path / "z.zip"
    lines = "".join(f'{{"id": "{i * 7919 % 100003}"}}\n' for i in range(150_000)).encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("records/many.jsonl", lines, zipfile.ZIP_DEFLATED)
    with SafeZip(path) as z:
        chunks = list(z.stream("records/many.jsonl"))
    assert len(lines) > 2 << 20
    assert max(len(c) for c in chunks) <= 1 << 20 and b"".join(chunks) == lines
