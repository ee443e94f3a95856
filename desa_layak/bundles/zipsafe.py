"""Reading an untrusted zip without trusting it: names, entry types, sizes and ratios.

Never ``extractall``: members are read one by one through ``SafeZip.stream`` which counts the
bytes actually produced (headers can lie) and stops at the limits in ``format``.
"""

from __future__ import annotations

import os
import re
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
_PREAD = getattr(os, "pread", None)
_CONTROL_RE = re.compile("[\x00-\x1f]")

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
    if ".." in parts:
        return f"nama anggota '{name[:80]}' memuat '..' (keluar dari folder)"
    if "" in parts or "." in parts:
        return f"nama anggota '{name[:80]}' tidak wajar"
    if _CONTROL_RE.search(name):
        return f"nama anggota '{name[:80]!r}' memuat karakter kendali"
    return None


def os_reason(err: OSError) -> str:
    """Why a file could not be read, in words (the system's own text is English)."""
    import errno

    if isinstance(err, FileNotFoundError) or err.errno == errno.ENOENT:
        return "berkasnya tidak ada (mungkin sudah dipindah, diganti namanya atau dihapus)"
    if isinstance(err, IsADirectoryError) or err.errno == errno.EISDIR:
        return "yang dipilih adalah folder, bukan berkas bundel"
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM):
        return "tidak ada izin untuk membacanya"
    if err.errno == errno.EIO:
        return ("terjadi kesalahan baca pada media penyimpanannya (flash disk rusak atau "
                "tercabut?)")
    code = errno.errorcode.get(err.errno or 0, "")
    return f"kesalahan sistem saat membaca{f' ({code})' if code else ''}"


def _cp437(name: str | bytes) -> str:
    """The codec for a name zip stores as CP437: "ascii" when it is plain ASCII (the same bytes
    in CP437, and a codec written in C instead of a Python charmap; bundle names are ASCII)."""
    return "ascii" if name.isascii() else "cp437"


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
            raise self.refuse(f"berkas tidak dapat dibuka: {os_reason(err)}") from err
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

    def dup_handle(self) -> int:
        """A handle of its own on the opened (and checked) bundle, for a reader in another
        thread; the caller closes it. Reads through it see the same file even if a file of the
        same name replaces this one meanwhile."""
        assert self._fh is not None
        return os.dup(self._fh.fileno())

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

    def stream(self, name: str, *, check_crc: bool = True) -> Iterator[bytes]:
        """The member's bytes in chunks, counted as they come; refuses past any limit.

        Members are read straight from the file (positioned reads of up to 1 MB, inflated
        here for deflated ones), without zipfile's per-read overhead, after the same checks of
        the local header. ``check_crc=False`` skips the zip CRC-32: only for a caller that
        checks a stronger hash of the bytes itself (the importer compares every member with
        the SHA-256 in the signed manifest)."""
        info = self.infos[name]
        limit = min(self._limit_for(name), info.file_size)
        count = 0
        assert self.zf is not None
        try:
            if info.compress_type == zipfile.ZIP_STORED:
                chunks = self._stored_chunks(info, check_crc)
            else:
                chunks = self._inflated_chunks(info, check_crc)
            for chunk in chunks:
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

    def claim_stored(self, name: str) -> int:
        """For a caller that reads a stored member itself (by position, e.g. in another
        thread): where its bytes start, after the local header checks, with its size counted
        against the limits as if read. The caller must check what it reads (its length and a
        hash): the file may be cut short or change."""
        info = self.infos[name]
        try:
            if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
                raise zipfile.BadZipFile("not a stored member")
            offset = self._data_offset(info)
        except ZIP_ERRORS as err:
            raise self.refuse(f"anggota '{name[:80]}' rusak atau terpotong") from err
        self.total_read += info.file_size
        if self.total_read > fmt.MAX_TOTAL_BYTES:
            raise self.refuse("ukuran total isi melebihi batas (kemungkinan bom zip)")
        return offset

    def _data_offset(self, info: zipfile.ZipInfo) -> int:
        """Where the member's data starts, after the checks of its local header that zipfile
        makes (signature, the same name as in the directory, no encryption)."""
        utf8 = bool(info.flag_bits & 0x800)
        expected = getattr(info, "orig_filename", info.filename)
        size = zipfile.sizeFileHeader + len(expected.encode("utf-8" if utf8 else _cp437(expected)))
        head = self._pread(info.header_offset, size)
        if len(head) != size:
            raise zipfile.BadZipFile("truncated file header")
        (signature, _, _, flags, method, _, _, _, _, _, name_len,
         extra_len) = struct.unpack(zipfile.structFileHeader, head[:zipfile.sizeFileHeader])
        if signature != zipfile.stringFileHeader or method != info.compress_type:
            raise zipfile.BadZipFile("bad local file header")
        if flags & 0x1 or info.flag_bits & 0x1:
            raise zipfile.BadZipFile("encrypted member")
        raw_name = head[zipfile.sizeFileHeader:]
        if name_len != len(raw_name) or \
                raw_name.decode("utf-8" if flags & 0x800 else _cp437(raw_name)) != expected:
            raise zipfile.BadZipFile("file name in directory and header differ")
        return info.header_offset + size + extra_len

    def _raw_chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member's bytes as stored in the file (compressed or not)."""
        pos = self._data_offset(info)
        left = info.compress_size
        while left > 0:
            chunk = self._pread(pos, min(left, CHUNK))
            if not chunk:
                raise EOFError("member cut short")
            pos += len(chunk)
            left -= len(chunk)
            yield chunk

    def _stored_chunks(self, info: zipfile.ZipInfo, check_crc: bool) -> Iterator[bytes]:
        if info.compress_size != info.file_size:
            raise zipfile.BadZipFile("stored member with two sizes")
        crc = 0
        for chunk in self._raw_chunks(info):
            if check_crc:
                crc = zlib.crc32(chunk, crc)
            yield chunk
        if check_crc and crc != info.CRC:
            raise zipfile.BadZipFile("bad CRC-32")

    def _inflated_chunks(self, info: zipfile.ZipInfo, check_crc: bool) -> Iterator[bytes]:
        """Deflate, never more than CHUNK bytes out per step (the caller counts them)."""
        inflate = zlib.decompressobj(-15)
        raw = self._raw_chunks(info)
        crc = 0
        while not inflate.eof:
            data = inflate.unconsumed_tail or next(raw, b"")
            out = inflate.decompress(data, CHUNK)
            if not out and not data:
                raise EOFError("deflate stream cut short")
            if out:
                if check_crc:
                    crc = zlib.crc32(out, crc)
                yield out
        if check_crc and crc != info.CRC:
            raise zipfile.BadZipFile("bad CRC-32")

    def _pread(self, offset: int, size: int) -> bytes:
        assert self._fh is not None
        if _PREAD is not None:
            return _PREAD(self._fh.fileno(), size, offset)
        # Windows: no pread; zipfile seeks before each of its own reads, so this is safe.
        self._fh.seek(offset)
        return self._fh.read(size)

    def read(self, name: str) -> bytes:
        return b"".join(self.stream(name))
