"""Reading an untrusted zip without trusting it: names, entry types, sizes and ratios.

Never ``extractall``: members are read one by one through ``SafeZip.stream`` which counts the
bytes actually produced (headers can lie) and stops at the limits in ``format``.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desa_layak.bundles import format as fmt
from desa_layak.bundles.format import BundleError

CHUNK = 1 << 20

# Everything zipfile/zlib may raise on a damaged archive.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
              NotImplementedError, ValueError, struct.error, RuntimeError, KeyError,
              IndexError, OverflowError, UnicodeDecodeError)


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name could escape or confuse the reader, or None if it is fine."""
    if not name:
        return "nama anggota kosong"
    if "\\" in name:
        return f"nama anggota '{name[:80]}' memakai garis miring terbalik (\\)"
    if name.startswith("/"):
        return f"nama anggota '{name[:80]}' adalah jalur mutlak"
    if ":" in name:
        return f"nama anggota '{name[:80]}' memuat huruf drive atau titik dua"
    parts = name.split("/")
    if any(p == ".." for p in parts):
        return f"nama anggota '{name[:80]}' memuat '..' (keluar dari folder)"
    if any(p in ("", ".") for p in parts):
        return f"nama anggota '{name[:80]}' tidak wajar"
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return f"nama anggota '{name[:80]!r}' memuat karakter kendali"
    return None


class SafeZip:
    """An opened bundle whose directory has been checked; read members with ``stream``."""

    def __init__(self, path: Path, file_name: str | None = None):
        self.path = Path(path)
        self.file_name = file_name or self.path.name
        self._fh: BinaryIO | None = None
        self.zf: zipfile.ZipFile | None = None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.total_read = 0

    def refuse(self, reason: str) -> BundleError:
        return BundleError(f"Bundel '{self.file_name}' ditolak: {reason}.",
                           file_name=self.file_name)

    # -- opening ----------------------------------------------------------------------------
    def __enter__(self) -> SafeZip:
        try:
            self._fh = self.path.open("rb")
        except OSError as err:
            raise self.refuse(f"berkas tidak dapat dibuka ({err.strerror or err})") from err
        try:
            head = self._fh.read(4)
            self._fh.seek(0)
            if not head.startswith(b"PK"):
                raise self.refuse("bukan berkas bundel Desa Layak (bukan arsip zip)")
            self.zf = zipfile.ZipFile(self._fh)
            self._check_directory(self.zf.infolist())
        except BundleError:
            self.close()
            raise
        except ZIP_ERRORS as err:
            self.close()
            raise self.refuse("arsip zip rusak atau terpotong (tidak lengkap)") from err
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > fmt.MAX_MEMBERS:
            raise self.refuse(f"terlalu banyak anggota ({len(infos)})")
        declared_total = 0
        for info in infos:
            name = info.filename
            # zipfile turns '\' into '/' on Windows only; look at the raw name too.
            raw_name = getattr(info, "orig_filename", name)
            for candidate in {name, raw_name}:
                reason = unsafe_name_reason(candidate)
                if reason:
                    raise self.refuse(reason)
            if name in self.infos:
                raise self.refuse(f"nama anggota '{name[:80]}' muncul dua kali")
            mode = (info.external_attr >> 16) & 0xFFFF
            if stat.S_ISLNK(mode):
                raise self.refuse(f"anggota '{name[:80]}' adalah tautan simbolik (symlink)")
            kind = stat.S_IFMT(mode)
            if info.is_dir() or (kind and kind != stat.S_IFREG):
                raise self.refuse(f"anggota '{name[:80]}' bukan berkas biasa")
            if info.flag_bits & 0x1:
                raise self.refuse(f"anggota '{name[:80]}' terenkripsi (berkata sandi)")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.refuse(
                    f"anggota '{name[:80]}' memakai cara pemadatan yang tidak didukung")
            self._check_size(name, info.file_size, info.compress_size)
            declared_total += info.file_size
            if declared_total > fmt.MAX_TOTAL_BYTES:
                raise self.refuse("ukuran total isi melebihi batas (kemungkinan bom zip)")
            self.infos[name] = info

    def _limit_for(self, name: str) -> int:
        if name == fmt.MANIFEST:
            return fmt.MAX_MANIFEST_BYTES
        if name == fmt.SIGNATURE:
            return fmt.MAX_SIGNATURE_BYTES
        if name.startswith(fmt.ATTACHMENTS_PREFIX):
            return fmt.MAX_ATTACHMENT_BYTES
        return fmt.MAX_RECORDS_MEMBER_BYTES

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > self._limit_for(name):
            raise self.refuse(f"anggota '{name[:80]}' terlalu besar ({size} byte)")
        if size > fmt.RATIO_FREE_BYTES and size > fmt.MAX_RATIO * max(compressed, 1):
            raise self.refuse(
                f"anggota '{name[:80]}' memadat tidak wajar (rasio lebih dari "
                f"{fmt.MAX_RATIO}:1, kemungkinan bom zip)")

    # -- reading ----------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self.infos)

    def stream(self, name: str) -> Iterator[bytes]:
        """The member's bytes in chunks, counted as they come; refuses past any limit."""
        info = self.infos[name]
        limit = min(self._limit_for(name), info.file_size)
        count = 0
        assert self.zf is not None
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    count += len(chunk)
                    self.total_read += len(chunk)
                    if count > limit:
                        raise self.refuse(
                            f"anggota '{name[:80]}' berisi lebih banyak data daripada yang "
                            "dinyatakan (kemungkinan bom zip)")
                    if count > fmt.RATIO_FREE_BYTES and \
                            count > fmt.MAX_RATIO * max(info.compress_size, 1):
                        raise self.refuse(
                            f"anggota '{name[:80]}' memadat tidak wajar (kemungkinan bom zip)")
                    if self.total_read > fmt.MAX_TOTAL_BYTES:
                        raise self.refuse("ukuran total isi melebihi batas (kemungkinan bom zip)")
                    yield chunk
        except BundleError:
            raise
        except ZIP_ERRORS as err:
            raise self.refuse(f"anggota '{name[:80]}' rusak atau terpotong") from err
        if count != info.file_size:
            raise self.refuse(f"anggota '{name[:80]}' tidak lengkap")

    def read(self, name: str) -> bytes:
        return b"".join(self.stream(name))
