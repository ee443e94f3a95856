"""Taking in villages' bundles at the kecamatan: verify everything, then all or nothing.

Order of work for one file: open the zip safely, read and check the manifest, verify its
signature, check the area, the pinned key and the sequence, then read every member counting
bytes and hashing (attachments are staged to temporary files), check every record, and only then
replace the village's rows in ONE transaction, moving the staged files into the attachment
store just before the commit. Every attempt is written to ``import_log``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import os
import sqlite3
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from desa_layak.bundles import format as fmt
from desa_layak.bundles.format import BundleError, Manifest
from desa_layak.bundles.zipsafe import SafeZip, os_reason
from desa_layak.errors import describe_os_error
from desa_layak.storage.attachments import BlobStore
from desa_layak.storage.backup import backup_before_import
from desa_layak.storage.db import Store
from desa_layak.storage.files import fsync_dir
from desa_layak.storage.records import now_iso

IMPORTED = "diimpor"
ALREADY = "sudah_ada"
REFUSED = "ditolak"
RESULT_LABELS = {IMPORTED: "Diimpor", ALREADY: "Sudah pernah diimpor", REFUSED: "Ditolak"}

# village_sources.bundle_sha256 after an officer accepted a new key, until the first bundle
# signed with it arrives: that bundle is taken whatever its number (the reinstalled app counts
# from 1 again), while last_seq keeps the number of the last bundle actually received, which
# the recap and reports show.
KEY_ACCEPTED = ""

STAGING_DIR = "import-staging"
STALE_STAGING_SECONDS = 3600  # staged files older than this were left by a crash
# Stored attachments are read, hashed and written to the staging folder by the stage threads,
# one task per bundle, while the reading thread checks that bundle's records and goes on to the
# next file. A stage thread copies in chunks of STAGE_CHUNK through a buffer of its own, so the
# bytes in memory do not depend on the attachments' sizes; at most STAGE_PENDING tasks (lists
# of positions in a file, not bytes) wait. Deflated attachments are inflated, hashed and
# written by the reading thread itself.
STAGE_CHUNK = 256 * 1024
STAGE_PENDING = 8
STAGE_THREADS = 2
# Checked bundles waiting for the writer, written together as one group.
GROUP_MAX = 4
# The official list decides a village's name and area; a bundle only brings its profile.
OFFICIAL_VILLAGE_COLUMNS = frozenset({
    "id", "code", "name", "kind", "district_code", "district_name", "regency_code",
    "regency_name", "province_code", "province_name"})


@dataclass
class ImportResult:
    file_name: str
    status: str
    message: str
    village_code: str | None = None
    village_name: str = ""
    seq: int | None = None
    records: int = 0
    attachments: int = 0

    @property
    def ok(self) -> bool:
        return self.status in (IMPORTED, ALREADY)


@dataclass
class _Checked:
    """A bundle that passed every check and is ready to be written."""

    manifest: Manifest
    manifest_sha256: str
    file_name: str = ""
    village: dict = field(default_factory=dict)  # the village's own row
    rows: dict[str, dict[tuple[str, ...], list[tuple]]] = field(  # table -> keys -> values
        default_factory=dict)
    staged: dict[str, str] = field(default_factory=dict)  # sha256 -> staged file
    syncs: list = field(default_factory=list)  # futures of the staged files' fsync
    jobs: list[_StageJob] = field(default_factory=list)  # handed to the stage threads
    fds: list[int] = field(default_factory=list)  # staged files still open for writing
    attachment_count: int = 0
    tag: str = field(default_factory=lambda: uuid.uuid4().hex)  # staged files' name prefix
    shas: set[str] = field(default_factory=set)  # every attachment of the bundle
    moved: list[str] = field(default_factory=list)  # files this bundle put in the store
    placed: set[str] = field(default_factory=set)  # staged files no longer in the staging folder


# -- the checks -------------------------------------------------------------------------------

def _refuse(file_name: str, reason: str, manifest: Manifest | None = None) -> BundleError:
    return BundleError(
        f"Bundel '{file_name}' ditolak: {reason}.", file_name=file_name,
        village_code=manifest.village_code if manifest else None,
        seq=manifest.seq if manifest else None,
        public_key=manifest.public_key if manifest else "",
    )


def _area_label(store: Store) -> tuple[str, str]:
    from desa_layak.core.setup import require_identity

    cached = getattr(store, "_bundle_area", None)
    if cached is not None:
        return cached
    ident = require_identity(store)
    if ident.is_village:
        raise BundleError("Impor bundel hanya untuk instalasi kecamatan (atau kabupaten); "
                          "folder data ini milik sebuah desa/kelurahan.")
    # The role and area never change once set up, so one look per Store is enough.
    store._bundle_area = (ident.area_code, ident.area_name)
    return store._bundle_area


def _read_manifest(z: SafeZip) -> tuple[Manifest, bytes]:
    from desa_layak.bundles import keys

    names = set(z.names())
    if fmt.MANIFEST not in names:
        inner = [n for n in names if n.lower().endswith(fmt.EXTENSION)]
        if len(names) == 1 and inner:  # a chat app or a person zipped the bundle once more
            raise z.refuse(
                f"tidak ada manifes ({fmt.MANIFEST}) di dalamnya: berkas ini adalah zip yang "
                f"membungkus bundel '{inner[0].rsplit('/', 1)[-1][:80]}'. Ekstrak dulu berkas "
                "zip ini (klik kanan > Extract/Ekstrak), lalu impor berkas .dkla di dalamnya")
        raise z.refuse(f"tidak ada manifes ({fmt.MANIFEST}) di dalamnya")
    data = z.read(fmt.MANIFEST)
    manifest = fmt.parse_manifest(data, z.file_name)
    if fmt.SIGNATURE not in names:
        raise _refuse(z.file_name, f"tanda tangan ({fmt.SIGNATURE}) tidak ada, sehingga asal "
                      "bundel tidak dapat dipastikan", manifest)
    try:
        signature = z.read(fmt.SIGNATURE).decode("ascii")
    except UnicodeDecodeError:
        signature = ""
    if not keys.verify(manifest.public_key, signature, data):
        raise _refuse(z.file_name, "tanda tangan tidak sah (manifes telah diubah setelah "
                      "ditandatangani, atau bundel bukan dari aplikasi Desa Layak)", manifest)
    return manifest, data


def _check_members(z: SafeZip, manifest: Manifest) -> None:
    in_zip = set(z.names()) - {fmt.MANIFEST, fmt.SIGNATURE}
    listed = {m.name for m in manifest.members}
    extra = sorted(in_zip - listed)
    if extra:
        raise _refuse(z.file_name, f"anggota '{extra[0][:80]}' ada di arsip tetapi tidak "
                      "tercantum di manifes", manifest)
    missing = sorted(listed - in_zip)
    if missing:
        raise _refuse(z.file_name, f"anggota '{missing[0][:80]}' tercantum di manifes tetapi "
                      "tidak ada di arsip", manifest)
    for m in manifest.members:
        att = fmt.ATTACHMENT_RE.match(m.name)
        if att and att.group(1) != m.sha256:
            raise _refuse(z.file_name, f"nama lampiran '{m.name[:80]}' tidak sama dengan "
                          "sidik SHA-256-nya", manifest)


def _check_area(store: Store, manifest: Manifest, file_name: str) -> None:
    area_code, area_name = _area_label(store)
    if not manifest.village_code.startswith(area_code + "."):
        kec = f"Kecamatan {manifest.kecamatan_name}" if manifest.kecamatan_name else "kecamatan"
        raise _refuse(file_name, f"{manifest.village_label} dari {kec} "
                      f"({manifest.kecamatan_code}) bukan bagian dari {area_name} ({area_code})",
                      manifest)
    row = store.db.execute("SELECT 1 FROM villages WHERE code = ?",
                           [manifest.village_code]).fetchone()
    if row is None:
        raise _refuse(file_name, f"{manifest.village_label} tidak ada dalam daftar resmi "
                      f"desa/kelurahan {area_name}", manifest)


def _check_source(store: Store, manifest: Manifest, manifest_sha: str,
                  file_name: str) -> str | None:
    """Key pinning and sequence. Returns ALREADY when this very export is held already."""
    row = store.db.execute(
        "SELECT public_key, last_seq, bundle_sha256 FROM village_sources WHERE village_code = ?",
        [manifest.village_code]).fetchone()
    if row is None:
        return None
    pinned, last_seq, held_sha = row
    if pinned != manifest.public_key:
        raise _refuse(
            file_name,
            f"ditandatangani dengan kunci yang berbeda dari bundel-bundel sebelumnya dari "
            f"{manifest.village_label}. Biasanya ini terjadi karena aplikasi di desa dipasang "
            "ulang atau folder datanya diganti, tetapi bisa juga bundel palsu. Pastikan dulu "
            "dengan desa; bila benar, petugas dapat menerima kunci baru dengan sengaja "
            f"(menu Berkas > Terima kunci baru desa…, atau `desa-layak accept-key --village "
            f"{manifest.village_code} --reason \"...\"`), lalu impor lagi", manifest)
    if held_sha == KEY_ACCEPTED:  # the first bundle of a newly accepted key: any number
        return None
    if manifest_sha == held_sha or manifest.seq == last_seq:
        if manifest_sha != held_sha:
            raise _refuse(
                file_name, f"nomor urut {manifest.seq} sudah pernah diterima dari "
                f"{manifest.village_label} dengan isi yang berbeda (mungkin desa memulihkan "
                "cadangan lama). Minta desa mengekspor ulang agar nomor urutnya naik", manifest)
        return ALREADY
    if manifest.seq < last_seq:
        raise _refuse(
            file_name, f"bundel ini lebih lama (nomor urut {manifest.seq}) daripada yang sudah "
            f"diterima dari {manifest.village_label} (nomor urut {last_seq})", manifest)
    return None


_SCALARS = frozenset({str, int, float, bool, type(None)})  # what a JSON line may hold


@functools.cache
def _json_scanner() -> Callable[[str, int], tuple[object, int]]:
    """What ``json.loads`` runs for a value starting at an index: (value, index after it);
    StopIteration or ValueError when there is none."""
    from json.scanner import make_scanner

    return make_scanner(json.JSONDecoder())


def _parse_records(data: bytes, table: str, manifest: Manifest, file_name: str
                   ) -> tuple[list[dict], dict[tuple[str, ...], list[tuple]]]:
    """A table's rows (and the same rows as ``_by_keys`` groups), every one checked: an id,
    plain values, this village, and the column rules of ``format.SYNCED_COLUMNS``."""
    rows = []
    key = "code" if table == fmt.VILLAGE_TABLE else "village_code"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _refuse(file_name, f"data tabel '{table}' bukan UTF-8", manifest) from err
    scan = _json_scanner()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        line = line.strip(" \t\r\n")  # JSON's own white space, as json.loads allows
        try:  # json.loads(line), without its two extra calls per row
            row, end = scan(line, 0)
        except (StopIteration, ValueError, RecursionError) as err:
            raise _refuse(file_name, f"baris {n} data tabel '{table}' bukan JSON",
                          manifest) from err
        if end != len(line):  # more after the value: not one JSON value
            raise _refuse(file_name, f"baris {n} data tabel '{table}' bukan JSON", manifest)
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"]:
            raise _refuse(file_name, f"baris {n} data tabel '{table}' tidak punya id", manifest)
        if not _SCALARS.issuperset(map(type, row.values())):
            raise _refuse(file_name, f"baris {n} data tabel '{table}' berisi nilai bersarang",
                          manifest)
        if row.get(key) != manifest.village_code:
            raise _refuse(
                file_name, f"data tabel '{table}' memuat catatan milik wilayah lain "
                f"({str(row.get(key))[:20]}), padahal bundel ini dari "
                f"{manifest.village_label}", manifest)
        rows.append(row)
    groups = _by_keys(rows)
    problem = fmt.row_problem(table, rows, groups)
    if problem is not None:
        index, why = problem
        raise _refuse(file_name, f"baris {_line_of(text, index)} data tabel '{table}': {why}",
                      manifest)
    return rows, groups


def _line_of(text: str, index: int) -> int:
    """The line number of the ``index``-th row (blank lines hold no row)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if index == 0:
                return n
            index -= 1
    return 0


def _check_hash(z: SafeZip, manifest: Manifest, m: fmt.MemberEntry, size: int,
                digest: hashlib._Hash) -> None:
    if size != m.size or digest.hexdigest() != m.sha256:
        raise _refuse(z.file_name, f"isi anggota '{m.name[:80]}' tidak cocok dengan sidik "
                      "SHA-256 di manifes (berkas rusak atau diubah)", manifest)


def _verify_members(z: SafeZip, manifest: Manifest, blobs: BlobStore, staging: str,
                    cancelled: Callable[[], bool] | None, checked: _Checked) -> _Checked:
    handoff: list[tuple[int, int, str, str, str]] = []  # stored attachments to stage
    raw: dict[str, bytes] = {}  # records members, as read
    for m in manifest.members:
        if cancelled and cancelled():
            raise BundleError(f"Impor '{z.file_name}' dibatalkan.", file_name=z.file_name)
        digest = hashlib.sha256()
        size = 0
        att = fmt.ATTACHMENT_RE.match(m.name)
        rec = fmt.RECORDS_RE.match(m.name)
        if att:
            target = None if blobs.has(m.sha256) else \
                os.path.join(staging, f"{checked.tag}-{len(checked.staged)}.{m.sha256}")
            info = z.infos[m.name]
            if target is not None and info.compress_type == zipfile.ZIP_STORED:
                # A stage thread reads, hashes and writes this attachment (and fsyncs it, when
                # there is no syncfs) while the next members are read here; the writer sees a
                # mismatch before it moves anything in.
                if info.file_size != m.size:
                    raise _refuse(z.file_name, f"isi anggota '{m.name[:80]}' tidak cocok dengan "
                                  "sidik SHA-256 di manifes (berkas rusak atau diubah)", manifest)
                handoff.append((z.claim_stored(m.name), m.size, m.name, m.sha256, target))
                checked.staged[m.sha256] = target
                checked.attachment_count += 1
                continue
            fd = None
            if target:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0), 0o644)
                checked.staged[m.sha256] = target
                checked.fds.append(fd)
            for chunk in z.stream(m.name, check_crc=False):  # SHA-256 checked below
                digest.update(chunk)
                size += len(chunk)
                if fd is not None:
                    _write_all(fd, chunk)
            if fd is not None:
                checked.fds.remove(fd)
                if _syncfs() is not None:  # made durable by the writer's syncfs
                    os.close(fd)
                else:  # durable in the background while the next member is read
                    checked.syncs.append(_sync_pool().submit(_fsync_close, [fd]))
            checked.attachment_count += 1
        else:
            data = b"".join(z.stream(m.name, check_crc=False))  # SHA-256 checked below
            digest.update(data)
            size = len(data)
            if rec:
                raw[rec.group(1)] = data  # parsed after the hash check
        _check_hash(z, manifest, m, size, digest)
    if handoff:  # one task for the bundle: its files are staged while its records are checked
        _slots().take()
        job = _StageJob(z.dup_handle(), handoff, _syncfs() is None)
        checked.jobs.append(job)
        try:
            checked.syncs.append(_stage_pool().submit(_stage_files, job))
        except BaseException:
            job.abandon()  # never started (if it starts after all, it gives all back itself)
            raise
    parsed = {table: _parse_records(data, table, manifest, z.file_name)
              for table, data in raw.items()}
    tables = {table: rows for table, (rows, _) in parsed.items()}
    villages = tables.get(fmt.VILLAGE_TABLE, [])
    if len(villages) != 1:
        raise _refuse(z.file_name, "data desa/kelurahan (tabel villages) tidak ada atau "
                      "lebih dari satu", manifest)
    in_bundle = checked.shas = {att.group(1) for m in manifest.members
                                if (att := fmt.ATTACHMENT_RE.match(m.name))}
    from desa_layak.core.integrity import OWNER_TABLES

    owners = {kind: {r.get("id") for r in tables.get(table, [])}
              for kind, table in OWNER_TABLES.items()}
    for row in tables.get("attachments", []):
        if row.get("deleted_at") is not None:
            continue
        name = str(row.get("file_name"))[:60]
        if row.get("sha256") not in in_bundle:
            raise _refuse(z.file_name, f"berkas lampiran '{name}' "
                          "tercatat tetapi tidak ikut di dalam bundel", manifest)
        known = owners.get(str(row.get("owner_kind")))
        if known is None or row.get("owner_id") not in known:
            raise _refuse(z.file_name, f"lampiran '{name}' menunjuk ke catatan "
                          f"({row.get('owner_kind')}) yang tidak ada di dalam bundel", manifest)
    # Checked: the writer gets the rows as value tuples grouped by their keys (what its
    # inserts take; lighter than the parsed dicts), and the manifest without its list.
    checked.village = villages[0]
    checked.rows = {table: groups for table, (_, groups) in parsed.items()
                    if table != fmt.VILLAGE_TABLE}
    checked.manifest = dataclasses.replace(manifest, members=(), raw={})
    return checked


def _by_keys(rows: list[dict]) -> dict[tuple[str, ...], list[tuple]]:
    """Rows as value tuples, grouped by their keys (rows of one table may differ in keys:
    columns added by a newer app, or left out by an older one)."""
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(tuple(row.values()))
    return groups


# -- writing ----------------------------------------------------------------------------------

_POOL = None
_SCHEMA: dict[tuple[str, int], tuple[list[str], dict[str, list[str]]]] = {}


def _sync_pool():  # noqa: ANN202 - concurrent.futures.ThreadPoolExecutor
    """Threads for fsync: several at once let the file system commit them together."""
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="dkla-fsync")
    return _POOL


def _stage_pool():  # noqa: ANN202 - concurrent.futures.ThreadPoolExecutor
    """Threads that stage attachments. Hashing, reading and writing let go of the GIL, so two
    keep both cores of an old laptop busy next to the reading thread; without syncfs each file
    is fsync'd by the thread that wrote it, and more threads let the file system commit those
    together."""
    global _STAGE_POOL
    if _STAGE_POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _STAGE_POOL = ThreadPoolExecutor(max_workers=STAGE_THREADS if _syncfs() is not None else 8,
                                         thread_name_prefix="dkla-stage")
    return _STAGE_POOL


_STAGE_POOL = None


class _Slots:
    """Stage tasks handed to the stage threads and not yet done: the reading thread waits when
    ``limit`` are pending (what waits is where the attachments lie in a file, not their
    bytes)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self.cond = threading.Condition()

    def take(self) -> None:
        with self.cond:
            self.cond.wait_for(lambda: self.used < self.limit)
            self.used += 1

    def give(self) -> None:
        with self.cond:
            self.used -= 1
            self.cond.notify()


_SLOTS: _Slots | None = None


def _slots() -> _Slots:
    global _SLOTS
    if _SLOTS is None:
        _SLOTS = _Slots(STAGE_PENDING)
    return _SLOTS


_STAGE_BUFFER = threading.local()
_PREADV = getattr(os, "preadv", None)  # reads by position: the handle's offset is shared


_SYNCFS: list = []


def _syncfs() -> Callable[[Path], None] | None:
    """Linux 5.8 or later: a function that makes every file of the file system holding a
    folder durable, data and metadata, with one cache flush, and reports write errors (older
    kernels do not report them). None elsewhere: then each file and folder is fsync'd."""
    if not _SYNCFS:
        _SYNCFS.append(_load_syncfs())
    return _SYNCFS[0]


def _load_syncfs() -> Callable[[Path], None] | None:
    import sys

    if sys.platform != "linux" or os.environ.get("DESA_LAYAK_NO_SYNCFS"):
        return None
    try:
        major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    except ValueError:
        return None
    if (major, minor) < (5, 8):
        return None
    import ctypes

    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int]

    def syncfs(folder: Path) -> None:
        with _WATCH_LOCK:
            watched = _WATCHED.get(str(folder))
        fd = watched[0] if watched else os.open(folder, os.O_RDONLY)
        try:
            if call(fd) != 0:
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err))
        finally:
            if not watched:
                os.close(fd)

    return syncfs


# syncfs reports the write errors that happened after the handle it is given was opened. An
# import opens one handle on the data folder before it stages any file (``_syncfs_watch``) and
# every syncfs of that import goes through it, so an error while a staged file was being
# written out in the background is reported too. Folder -> [handle, number of imports using it].
_WATCHED: dict[str, list[int]] = {}
_WATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def _syncfs_watch(folder: Path) -> Iterator[None]:
    if _syncfs() is None:
        yield
        return
    key = str(folder)
    with _WATCH_LOCK:
        if key in _WATCHED:
            _WATCHED[key][1] += 1
        else:
            _WATCHED[key] = [os.open(folder, os.O_RDONLY), 1]
    try:
        yield
    finally:
        with _WATCH_LOCK:
            entry = _WATCHED[key]
            entry[1] -= 1
            if entry[1] == 0:
                del _WATCHED[key]
                os.close(entry[0])


class _StageJob:
    """One bundle's stored attachments, ``(offset, size, name, sha256, target)`` each, for a
    stage thread, read through a handle of its own on the checked bundle (``fd``). The stage
    slot and the handle are given back exactly once: by the task when it ends, or by
    ``abandon`` if the task never started. ``stopped`` (set when the bundle is discarded)
    ends the copying early."""

    def __init__(self, fd: int, files: list[tuple[int, int, str, str, str]], fsync: bool):
        self.fd = fd
        self.files = files
        self.fsync = fsync
        self.stopped = False
        self.state = "waiting"  # -> "running" (the task) or "abandoned" (abandon)
        self.lock = threading.Lock()

    def start(self) -> bool:
        with self.lock:
            if self.state != "waiting":
                return False
            self.state = "running"
            return True

    def abandon(self) -> None:
        with self.lock:
            if self.state != "waiting":
                return
            self.state = "abandoned"
        os.close(self.fd)
        _slots().give()


def _stage_files(job: _StageJob) -> str | None:
    """A stage thread: copy a bundle's stored attachments to their staged files chunk by chunk
    through this thread's buffer, hashing as it goes (and fsync each, unless the writer uses
    syncfs). Returns why the bundle must be refused (the first attachment that does not match
    its SHA-256 or cannot be read from the bundle; that file is removed again, so it never
    reaches the store, and the rest go when the bundle is refused), or None. An error writing
    a staged file (a full disk) is raised: it stops the batch."""
    if not job.start():
        return None
    try:
        buffer = getattr(_STAGE_BUFFER, "buffer", None)
        if buffer is None:
            buffer = _STAGE_BUFFER.buffer = memoryview(bytearray(STAGE_CHUNK))
        with open(job.fd, "rb", buffering=0) as src:  # closes the handle
            for offset, size, name, sha256, target in job.files:
                if job.stopped:
                    return None
                reason = _stage_one(job, src, buffer, offset, size, name, sha256, target)
                if reason:
                    return reason
        return None
    finally:
        _slots().give()


def _stage_one(job: _StageJob, src: io.RawIOBase, buffer: memoryview, offset: int, size: int,
               name: str, sha256: str, target: str) -> str | None:
    digest = hashlib.sha256()
    done = 0
    reason = None
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o644)
    try:
        if _PREADV is None:  # Windows: the handle is this thread's alone, seek is safe
            try:
                src.seek(offset)
            except OSError as err:
                reason = _unreadable(name, err)
        while reason is None and done < size and not job.stopped:
            try:
                chunk = buffer[:min(STAGE_CHUNK, size - done)]
                n = src.readinto(chunk) if _PREADV is None else \
                    _PREADV(job.fd, [chunk], offset + done)
            except OSError as err:  # the bundle's medium, not this disk: refuse the bundle
                reason = _unreadable(name, err)
                break
            if not n:
                reason = f"anggota '{name[:80]}' rusak atau terpotong"
                break
            digest.update(buffer[:n])
            _write_all(fd, buffer[:n])
            done += n
        if reason is None and done == size and digest.hexdigest() != sha256:
            reason = (f"isi anggota '{name[:80]}' tidak cocok dengan sidik SHA-256 di manifes "
                      "(berkas rusak atau diubah)")
        if reason is None and done == size and job.fsync:
            os.fsync(fd)  # else the writer's syncfs makes it durable with the others
    finally:
        os.close(fd)
    if reason is not None:
        with contextlib.suppress(OSError):
            os.unlink(target)
    return reason


def _unreadable(name: str, err: OSError) -> str:
    return (f"anggota '{name[:80]}' tidak dapat dibaca dari berkas bundel: {os_reason(err)}; "
            "salin ulang berkasnya lalu impor lagi")


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_close(fds: list[int]) -> None:
    try:
        for fd in fds:
            os.fsync(fd)
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _schema(db) -> tuple[list[str], dict[str, list[str]]]:  # noqa: ANN001
    """The synced tables and their columns, cached while the schema does not change."""
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    key = (str(db.execute("PRAGMA database_list").fetchone()[2]), version)
    if key not in _SCHEMA:
        tables = fmt.synced_tables(db)
        _SCHEMA[key] = (tables, {t: fmt.table_columns(db, t) for t in tables})
    return _SCHEMA[key]

@functools.cache
def _holding_sql(tables: tuple[str, ...]) -> str:
    """One query for the tables that hold rows of a village (a first import deletes nothing)."""
    return " UNION ALL ".join(
        f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\" WHERE village_code = ?)"
        for t in tables)


def _wait_staged(checked: _Checked) -> None:
    """Wait until every staged file of the bundle is written (and, without syncfs, fsync'd);
    an attachment that did not match its hash, or could not be read from the bundle, refuses
    the bundle."""
    for future in checked.syncs:
        reason = future.result()
        if reason:
            raise _refuse(checked.file_name, reason, checked.manifest)


def _move_in(checked: _Checked, blobs: BlobStore) -> set[str]:
    """Move the staged (already durable) files to their place in the attachment store;
    returns the folders whose new entries must be made durable. Content-addressed, so an early
    move is harmless; a refusal after this point takes them out again (only files that were
    not there before are ever staged). On an error its own files are taken out again."""
    folders: set[str] = set()  # plain strings, like the staged files: hundreds per batch
    try:
        for sha, staged in checked.staged.items():
            dest = blobs.file_for(sha)
            if os.path.isfile(dest):  # already there (staged twice in one batch): keep it
                os.unlink(staged)
                checked.placed.add(sha)
                continue
            folder = os.path.dirname(dest)
            try:
                os.replace(staged, dest)
            except FileNotFoundError:  # first file of this prefix folder
                os.makedirs(folder, exist_ok=True)
                os.replace(staged, dest)
                folders.add(os.path.dirname(folder))  # the new folder's name, too
            checked.placed.add(sha)
            checked.moved.append(dest)
            folders.add(folder)
    except OSError:
        _take_out(checked.moved)
        raise
    return folders


def _take_out(moved: list[str]) -> None:
    for dest in moved:
        with contextlib.suppress(OSError):
            os.unlink(dest)
    moved.clear()


def _hand_on(refused: _Checked, later: list[_Checked],
             orphans: list[str] | None = None) -> None:
    """A refused bundle's files go out of the store, except those a later bundle of the same
    group found already there (and so did not move in itself): they become that bundle's.
    With ``orphans`` (import_many: the next bundle may be read already, and may have found the
    file there) they are only noted, and removed at the end unless a row needs them."""
    for dest in refused.moved:
        heir = next((c for c in later if os.path.basename(dest) in c.shas), None)
        if heir is not None:
            heir.moved.append(dest)
        elif orphans is not None:
            orphans.append(dest)
        else:
            with contextlib.suppress(OSError):
                os.unlink(dest)
    refused.moved.clear()


def _write_rows(store: Store, checked: _Checked) -> int:
    """Replace the village's rows in one transaction (its files are durably in place)."""
    m = checked.manifest
    code = m.village_code
    count = 1  # the village's own row (updated in place): counted as the export counts it
    try:
        with store.atomic() as db:
            local_tables, columns = _schema(db)
            others = tuple(t for t in local_tables if t != fmt.VILLAGE_TABLE)
            for (table,) in db.execute(_holding_sql(others), [code] * len(others)).fetchall():
                db.execute(f'DELETE FROM "{table}" WHERE village_code = ?', [code])
            vrow = checked.village
            vcols = [c for c in columns[fmt.VILLAGE_TABLE]
                     if c in vrow and c not in OFFICIAL_VILLAGE_COLUMNS]
            if vcols:
                db.execute(
                    f'UPDATE villages SET {", ".join(f"{chr(34)}{c}{chr(34)} = ?" for c in vcols)}'
                    " WHERE code = ?", [vrow[c] for c in vcols] + [code])
            for table, groups in checked.rows.items():
                if table not in local_tables:
                    continue  # unknown tables come from a newer app: ignored
                cols = set(columns[table])
                for keys, values in groups.items():
                    # columns of a newer app are ignored; every row has an "id", never empty
                    keep = [i for i, c in enumerate(keys) if c in cols]
                    if len(keep) < len(keys):
                        pick = itemgetter(*keep)
                        values = [pick(v) if len(keep) > 1 else (pick(v),) for v in values]
                    names = ", ".join(f'"{keys[i]}"' for i in keep)
                    db.conn.executemany(
                        f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(keep))})',
                        values)
                    count += len(values)
            stamp = now_iso()
            db.execute(
                "INSERT INTO village_sources(village_code, public_key, last_seq, bundle_sha256, "
                "exported_at, imported_at, app_version) VALUES(?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(village_code) DO UPDATE SET public_key = excluded.public_key, "
                "last_seq = excluded.last_seq, bundle_sha256 = excluded.bundle_sha256, "
                "exported_at = excluded.exported_at, imported_at = excluded.imported_at, "
                "app_version = excluded.app_version",
                [code, m.public_key, m.seq, checked.manifest_sha256, m.exported_at, stamp,
                 m.app_version])
            _log(db, checked.file_name, code, m.seq, IMPORTED,
                 f"{count} catatan, {checked.attachment_count} lampiran", m.public_key,
                 checked.manifest_sha256)
    except (sqlite3.Error, OverflowError, ValueError, TypeError) as err:
        # The English detail goes to the log only; the message says it in Indonesian.
        _logger().info("bundel %s tidak dapat disimpan: %r", checked.file_name, err)
        raise _refuse(checked.file_name, _unsaved_reason(store, checked, err), m) from err
    return count


def _logger():  # noqa: ANN202 - logging.Logger
    import logging

    return logging.getLogger(__name__)


def _unsaved_reason(store: Store, checked: _Checked, err: BaseException) -> str:
    """Why the rows could not be written, in words (the row checks leave little: an id that
    another village's row holds, a database that another program keeps busy)."""
    text = str(err)
    if isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return ("basis data kecamatan sedang dipakai program lain (mungkin impor lain yang "
                "sedang berjalan), sehingga catatannya tidak dapat disimpan; tidak ada yang "
                "berubah. Tunggu sampai selesai, lalu impor lagi")
    if isinstance(err, sqlite3.IntegrityError) and text.startswith("UNIQUE constraint failed:"):
        taken = _taken_id(store, checked, text)
        if taken is not None:
            table, record_id, owner = taken
            return (f"catatan tabel '{table}' tidak dapat disimpan: id '{record_id[:40]}' "
                    f"sudah dipakai catatan {owner} di basis data kecamatan (bundel disunting, "
                    "atau datanya disalin dari desa lain)")
    return ("catatan di dalamnya tidak dapat disimpan ke basis data kecamatan (isinya tidak "
            "sesuai dengan susunan basis data); tidak ada yang berubah")


def _taken_id(store: Store, checked: _Checked, text: str) -> tuple[str, str, str] | None:
    """(table, id, owning village) of a row id of the bundle that another village holds."""
    columns = text.split(":", 1)[1].strip()
    table = columns.split(".", 1)[0]
    if columns != f"{table}.id" or table not in checked.rows:
        return None
    code = checked.manifest.village_code
    with contextlib.suppress(sqlite3.Error):
        for keys, values in checked.rows[table].items():
            at = keys.index("id")
            for start in range(0, len(values), 500):
                ids = [v[at] for v in values[start:start + 500]]
                row = store.db.execute(
                    f'SELECT t.id, t.village_code, coalesce(v.name, \'\') FROM "{table}" t '
                    "LEFT JOIN villages v ON v.code = t.village_code WHERE t.id IN "
                    f'({", ".join("?" * len(ids))}) AND t.village_code != ? LIMIT 1',
                    [*ids, code]).fetchone()
                if row is not None:
                    return table, row[0], f"{row[2]} ({row[1]})".strip()
    return None


def _imported(checked: _Checked, count: int) -> ImportResult:
    m, file_name = checked.manifest, checked.file_name
    return ImportResult(
        file_name, IMPORTED,
        f"{file_name}: diimpor ({m.village_label}, nomor urut {m.seq}, "
        f"{count} catatan, {checked.attachment_count} lampiran).",
        m.village_code, m.village_name, m.seq, count, checked.attachment_count)


def _synchronous(store: Store, full: bool) -> None:
    store.db.execute(f"PRAGMA synchronous={'FULL' if full else 'NORMAL'}")


Outcome = ImportResult | BundleError


def _commit_group(store: Store, group: list[_Checked], backup: _BackupOnce,
                  log_refusals: bool, orphans: list[str] | None = None,
                  ) -> tuple[list[Outcome | None], BaseException | None]:
    """Write checked bundles, each in ONE transaction of its own, in order.

    Durability is paid once per group instead of once per bundle: (1) every staged file of
    the group is made durable (one syncfs, or the fsyncs the stage threads did) and moved in;
    (2) the new names are made durable, all at once (``_place_files``); (3) only then the
    transactions run (``_write_group``), so no row can ever reach the disk before the file it
    names. Their commits are not synced one by one (``synchronous=NORMAL``: each is still all
    or nothing, and the WAL keeps them in order) except the group's last write (a commit, or
    the log line of a refusal), which is synced (``FULL``) and with it every commit before
    it. So when this returns, all of the group is on disk.

    Returns an outcome per bundle (None: not written because of the fatal error returned
    second, e.g. a full disk, raised by the caller). Refusals are logged here, in file order,
    when ``log_refusals``."""
    try:
        placed = _place_files(store, group, backup)
    except BaseException:
        _abandon(group)
        raise
    return _write_group(store, group, placed, log_refusals, orphans)


@dataclass
class _Placed:
    """What ``_place_files`` did with a group: the bundles before ``stop`` have their files
    durably in the store (or an outcome already: refused); ``fatal`` stops the batch."""

    outcomes: list[Outcome | None]
    stop: int
    fatal: BaseException | None


def _place_files(store: Store, group: list[_Checked], backup: _BackupOnce) -> _Placed:
    """Steps (1) and (2) of ``_commit_group``: the group's staged files durably in place."""
    outcomes: list[Outcome | None] = [None] * len(group)
    fatal: BaseException | None = None
    blobs = BlobStore(store.attachments_dir)
    folders: set[str] = set()
    stop = 0  # the bundles before this one are placed (or refused)
    syncfs = _syncfs()
    try:
        backup(store)
        for i, checked in enumerate(group):
            try:
                _wait_staged(checked)
            except BundleError as err:  # an attachment did not match its hash
                outcomes[i] = err
            stop = i + 1
    except OSError as err:
        fatal = describe_os_error(err, f"bundel '{group[stop].file_name}'")
    except BaseException as err:  # noqa: BLE001 - the bundles before it still go in
        fatal = err
    try:
        if syncfs is not None and any(c.staged for c in group[:stop]):
            syncfs(store.data_dir)  # the staged files' bytes, before any gets its name
        placed = 0
        for i in range(stop):
            if outcomes[i] is None:
                folders |= _move_in(group[i], blobs)
            placed = i + 1
    except OSError as err:
        fatal = fatal or describe_os_error(err, f"bundel '{group[placed].file_name}'")
        stop = placed
    try:
        if syncfs is not None:
            if folders:
                syncfs(store.data_dir)  # the new names
        else:
            for future in [_sync_pool().submit(fsync_dir, f) for f in folders]:
                future.result()  # wait for all, whatever happens
    except OSError as err:
        fatal = fatal or describe_os_error(err, f"bundel '{group[0].file_name}'")
        stop = 0
    for checked in group[stop:]:
        _take_out(checked.moved)
    return _Placed(outcomes, stop, fatal)


def _write_group(store: Store, group: list[_Checked], placed: _Placed, log_refusals: bool,
                 orphans: list[str] | None = None,
                 ) -> tuple[list[Outcome | None], BaseException | None]:
    """Step (3) of ``_commit_group``: one transaction per placed bundle, the last one synced;
    then the group's leftovers (staged files never moved in) go."""
    outcomes, stop, fatal = placed.outcomes, placed.stop, placed.fatal
    try:
        unsynced = False
        i = 0
        try:
            for i in range(stop):
                checked = group[i]
                last = i == stop - 1
                if stop > 1:
                    _synchronous(store, full=last)
                err = outcomes[i]
                if err is None:
                    try:
                        outcomes[i] = _imported(checked, _write_rows(store, checked))
                        unsynced = not last
                        continue
                    except BundleError as refused:
                        _hand_on(checked, [c for c, o in zip(group[i + 1:stop],
                                                             outcomes[i + 1:stop],
                                                             strict=True) if o is None],
                                 orphans)
                        outcomes[i] = err = refused
                if log_refusals:
                    with store.atomic() as db:
                        _log(db, checked.file_name, err.village_code, err.seq, REFUSED,
                             str(err), err.public_key)
                    unsynced = not last
        except BaseException as err:  # noqa: BLE001 - a full disk, or worse: stop here
            fatal = fatal or (describe_os_error(err, "bundel") if isinstance(err, OSError)
                              else err)
            for j in range(i, len(group)):  # this bundle and the ones after it: not written
                _take_out(group[j].moved)
                outcomes[j] = None
        finally:
            if len(group) > 1:
                with contextlib.suppress(sqlite3.Error):
                    _synchronous(store, full=True)
                    if unsynced:  # the synced last write did not happen
                        store.db.execute("PRAGMA wal_checkpoint(FULL)")
    finally:
        _release(group)
    return outcomes, fatal


def _release(group: list[_Checked]) -> None:
    for checked in group:
        _discard(checked)
        checked.rows = {}
        checked.village = {}


def _abandon(group: list[_Checked]) -> None:
    """A group that will not be written: the files it put in the store go out again."""
    for checked in group:
        _take_out(checked.moved)
    _release(group)


def _log(db, file_name: str, code: str | None, seq: int | None, result: str,  # noqa: ANN001
         reason: str, public_key: str = "", bundle_sha: str = "") -> None:
    db.execute(
        "INSERT INTO import_log(at, file_name, village_code, seq, result, reason, public_key, "
        "bundle_sha256) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
        [now_iso(), file_name, code, seq, result, reason, public_key, bundle_sha])


# -- public -----------------------------------------------------------------------------------

class _BackupOnce:
    """An online snapshot before the first bundle of a batch replaces rows (not one per file:
    a kabupaten imports 148 bundles at once)."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self, store: Store) -> None:
        if not self.done:
            backup_before_import(store)  # kecamatan: online snapshot before rows are replaced
            self.done = True


def import_bundle(store: Store, path: Path | str, *,
                  cancelled: Callable[[], bool] | None = None,
                  backup: _BackupOnce | None = None) -> ImportResult:
    """Import one bundle. Returns the result (imported / already held); raises BundleError
    (after logging the refusal) when the file is refused. Nothing is changed on refusal."""
    path = Path(path)
    _clear_stale_staging(store)
    with _syncfs_watch(store.data_dir), _logging_refusal(store, path.name):
        staged = _check_and_stage(store, path, cancelled)
        if isinstance(staged, ImportResult):
            return staged
        return _commit(store, staged, backup or _BackupOnce())


@contextlib.contextmanager
def _logging_refusal(store: Store, file_name: str) -> Iterator[None]:
    try:
        yield
    except BundleError as err:
        if not err.file_name:
            err.file_name = file_name
        with store.atomic() as db:
            _log(db, file_name, err.village_code, err.seq, REFUSED, str(err), err.public_key)
        raise


def _check_and_stage(store: Store, path: Path, cancelled: Callable[[], bool] | None = None,
                     before_source_check: Callable[[str], None] | None = None,
                     before_log: Callable[[], None] | None = None) -> ImportResult | _Checked:
    """Every check, with the new attachment files staged (and being made durable). Returns
    the result when the bundle is already held, else what ``_commit`` writes."""
    _area_label(store)
    blobs = BlobStore(store.attachments_dir)
    with SafeZip(path) as z:
        manifest, manifest_bytes = _read_manifest(z)
        manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
        _check_members(z, manifest)
        _check_area(store, manifest, z.file_name)
        if before_source_check:
            before_source_check(manifest.village_code)
        if _check_source(store, manifest, manifest_sha, z.file_name) == ALREADY:
            if before_log:
                before_log()
            with store.atomic() as db:
                _log(db, z.file_name, manifest.village_code, manifest.seq, ALREADY,
                     "sudah pernah diimpor; tidak ada yang berubah", manifest.public_key,
                     manifest_sha)
            return ImportResult(z.file_name, ALREADY,
                                f"{z.file_name}: sudah pernah diimpor ({manifest.village_label}, "
                                f"nomor urut {manifest.seq}); tidak ada yang berubah.",
                                manifest.village_code, manifest.village_name, manifest.seq)
        staging = os.path.join(store.data_dir, STAGING_DIR)
        os.makedirs(staging, exist_ok=True)
        checked = _Checked(manifest, manifest_sha, file_name=z.file_name)
        try:
            return _verify_members(z, manifest, blobs, staging, cancelled, checked)
        except OSError as err:
            _discard(checked)
            raise describe_os_error(err, f"bundel '{z.file_name}'") from err
        except BaseException:
            _discard(checked)
            raise


def _clear_stale_staging(store: Store) -> None:
    """Staged files left by a crash or a kill (never moved in) go at the next import; only old
    ones, as another app on the same data folder may be importing right now."""
    import time

    limit = time.time() - STALE_STAGING_SECONDS
    with contextlib.suppress(OSError), os.scandir(store.data_dir / STAGING_DIR) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and \
                        entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)


def _discard(checked: _Checked) -> None:
    """Close, wait for and remove whatever is still staged (the files not moved in)."""
    for fd in checked.fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    checked.fds = []
    for job in checked.jobs:
        job.stopped = True  # not going in: stop copying
        job.abandon()  # if its task never started
    for future in checked.syncs:
        with contextlib.suppress(OSError):
            future.result()
    for sha, staged in checked.staged.items():
        if sha not in checked.placed:
            with contextlib.suppress(OSError):
                os.unlink(staged)


def _commit(store: Store, checked: _Checked, backup: _BackupOnce) -> ImportResult:
    """Write one checked bundle: the village's rows replaced in one (synced) transaction."""
    (outcome,), fatal = _commit_group(store, [checked], backup, log_refusals=False)
    if fatal is not None:
        raise fatal
    if isinstance(outcome, BundleError):
        raise outcome
    assert outcome is not None
    return outcome


ProgressFn = Callable[[int, int, str], bool]


class _Writer:
    """Commits checked bundles in a thread of its own, so that the next files are read and
    hashed while earlier ones are written. Bundles that wait are written as one group
    (``_commit_group``: one transaction each, durability paid once); at most GROUP_MAX wait."""

    def __init__(self, store: Store):
        import queue
        import threading

        self.store = store
        self.backup = _BackupOnce()
        self.jobs: queue.Queue = queue.Queue(maxsize=GROUP_MAX)
        self.done: dict[int, ImportResult] = {}
        self.failure: BaseException | None = None
        self.failed = False  # stays set once raised: nothing is written after a failure
        self.pending: set[str] = set()
        self.orphans: list[str] = []  # files of bundles refused while writing (_hand_on)
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.thread = threading.Thread(target=self._run, name="dkla-import-writer", daemon=True)
        self.thread.start()

    def submit(self, index: int, checked: _Checked) -> None:
        try:
            self._raise_failure()
        except BaseException:
            _discard(checked)  # never handed over: its staged files go now
            raise
        with self.lock:
            self.pending.add(checked.manifest.village_code)
        self.jobs.put((index, checked))

    def drain(self) -> None:
        """Wait until every submitted bundle is written (before reading what it changes)."""
        with self.idle:
            self.idle.wait_for(lambda: not self.pending)
        self._raise_failure()

    def wait_for_village(self, code: str) -> None:
        with self.lock:
            busy = code in self.pending
        if busy:
            self.drain()

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        self._raise_failure()

    def drop_orphans(self) -> None:
        """After the last group: a refused bundle's file goes unless a row points at it."""
        for dest in self.orphans:
            with contextlib.suppress(OSError, sqlite3.Error):
                if self.store.db.execute("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1",
                                         [os.path.basename(dest)]).fetchone() is None:
                    os.unlink(dest)
        self.orphans = []

    def _raise_failure(self) -> None:
        if self.failure is not None:
            err, self.failure = self.failure, None
            raise err

    def _run(self) -> None:
        import queue

        from desa_layak.storage.db import close_thread_connections

        try:
            more = True
            while more:
                job = self.jobs.get()
                if job is None:
                    break
                group = [job]
                while len(group) < GROUP_MAX:  # whatever else is waiting: one group
                    try:
                        job = self.jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        more = False
                        break
                    group.append(job)
                self._write(group)
                del group, job  # written: let them go before waiting for the next ones
        finally:
            close_thread_connections()

    def _write(self, group: list[tuple[int, _Checked]]) -> None:
        checked = [c for _, c in group]
        try:
            if self.failed:
                for c in checked:
                    _discard(c)
                return
            outcomes, fatal = _commit_group(self.store, checked, self.backup,
                                            log_refusals=True, orphans=self.orphans)
            for (index, c), outcome in zip(group, outcomes, strict=True):
                if isinstance(outcome, ImportResult):
                    self.done[index] = outcome
                elif isinstance(outcome, BundleError):
                    self.done[index] = ImportResult(
                        c.file_name, REFUSED, str(outcome), outcome.village_code,
                        c.manifest.village_name, outcome.seq)
            if fatal is not None:
                self.failed = True
                self.failure = fatal
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            self.failed = True
            self.failure = err
        finally:
            with self.idle:
                for c in checked:
                    self.pending.discard(c.manifest.village_code)
                self.idle.notify_all()


def import_many(store: Store, paths: Iterable[Path | str],
                report: ProgressFn | None = None) -> list[ImportResult]:
    """Import files one after another; a refusal does not stop the others. ``report(done,
    total, text)`` returning False cancels before the next file (a file is never half
    imported). Each file is still one transaction; reading file N+1 overlaps writing file N."""
    from desa_layak.storage import lock

    paths = [Path(p) for p in paths]
    # The batch is one writing job: the data folder's lock is taken once for all of it (each
    # transaction then finds it held), as the window and the command line already hold it.
    with lock.holding(store.data_dir), _syncfs_watch(store.data_dir):
        return _import_many(store, paths, report)


def _import_many(store: Store, paths: list[Path], report: ProgressFn | None
                 ) -> list[ImportResult]:
    _clear_stale_staging(store)
    results: list[ImportResult | None] = []
    writer = _Writer(store)
    try:
        for i, path in enumerate(paths):
            if report and not report(i, len(paths), path.name):
                break
            results.append(None)
            try:
                staged = _check_and_stage(store, path,
                                          before_source_check=writer.wait_for_village,
                                          before_log=writer.drain)
            except BundleError as err:
                writer.drain()  # keep the history in file order
                if not err.file_name:
                    err.file_name = path.name
                with store.atomic() as db:
                    _log(db, path.name, err.village_code, err.seq, REFUSED, str(err),
                         err.public_key)
                results[i] = ImportResult(path.name, REFUSED, str(err), err.village_code, "",
                                          err.seq)
                continue
            if isinstance(staged, ImportResult):
                results[i] = staged
            else:
                writer.submit(i, staged)
    finally:
        try:
            writer.close()
        finally:
            writer.drop_orphans()
    for i, result in writer.done.items():
        results[i] = result
    final = [r for r in results if r is not None]
    if report:
        report(len(final), len(paths), "")
    return final


# -- keys and history -------------------------------------------------------------------------

@dataclass(frozen=True)
class LogEntry:
    id: int
    at: str
    file_name: str
    village_code: str | None
    village_name: str
    seq: int | None
    result: str
    reason: str

    @property
    def result_label(self) -> str:
        return RESULT_LABELS.get(self.result, self.result)

    @property
    def short_reason(self) -> str:
        """The reason without the "Bundel '<file>' ditolak: " the message starts with (the
        file has a column of its own), first letter capitalised."""
        head = f"Bundel '{self.file_name}' ditolak: "
        text = self.reason[len(head):] if self.reason.startswith(head) else self.reason
        return text[:1].upper() + text[1:]


def history(store: Store, limit: int | None = None) -> list[LogEntry]:
    sql = ("SELECT l.id, l.at, l.file_name, l.village_code, coalesce(v.name, ''), l.seq, "
           "l.result, l.reason FROM import_log l LEFT JOIN villages v ON v.code = l.village_code "
           "ORDER BY l.id DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    entries = [LogEntry(*row) for row in store.db.execute(sql).fetchall()]
    if any(e.village_code and not e.village_name for e in entries):
        names = _official_names({e.village_code for e in entries
                                 if e.village_code and not e.village_name})
        entries = [dataclasses.replace(e, village_name=names.get(e.village_code, ""))
                   if e.village_code and not e.village_name else e for e in entries]
    return entries


def _official_names(codes: set[str]) -> dict[str, str]:
    """Names from the official list for villages this installation does not hold (a bundle
    refused because it came from another kecamatan)."""
    from desa_layak.core import wilayah
    from desa_layak.errors import AreaError

    out = {}
    for code in codes:
        with contextlib.suppress(AreaError):
            out[code] = wilayah.get(code).name
    return out


def pending_key(store: Store, village_code: str) -> str | None:
    """The key of the latest refused bundle of this village that differs from the pinned one."""
    pinned = store.db.execute("SELECT public_key FROM village_sources WHERE village_code = ?",
                              [village_code]).fetchone()
    if pinned is None:
        return None
    row = store.db.execute(
        "SELECT public_key FROM import_log WHERE village_code = ? AND result = ? AND "
        "public_key != '' AND public_key != ? ORDER BY id DESC LIMIT 1",
        [village_code, REFUSED, pinned[0]]).fetchone()
    return row[0] if row else None


def accept_key(store: Store, village_code: str, reason: str,
               new_key: str | None = None) -> str:
    """An officer accepts a village's new key on purpose (recorded with the reason). The next
    bundle signed with it is taken whatever its sequence number; until then the recap keeps
    showing the number of the last bundle received. Returns the accepted key."""
    reason = reason.strip()
    if len(reason) < 5:
        raise BundleError("Tuliskan alasan menerima kunci baru (misalnya: 'aplikasi desa "
                          "dipasang ulang, sudah dikonfirmasi lewat telepon').")
    if new_key is not None:
        new_key = new_key.strip()
        if not fmt.is_public_key(new_key):
            raise BundleError(
                f"'{new_key[:60]}' bukan kunci publik Ed25519 yang sah. Kunci ditulis dalam "
                "base64 dari 32 byte (44 karakter, diakhiri '='), sama seperti 'public_key' "
                "di manifest.json bundel desa. Tanpa --key, kunci diambil dari bundel terakhir "
                "desa itu yang ditolak karena kunci berbeda.")
    row = store.db.execute("SELECT public_key FROM village_sources WHERE village_code = ?",
                           [village_code]).fetchone()
    if row is None:
        raise BundleError(f"Belum ada bundel yang diterima dari {village_code}; kunci pertama "
                          "dipakai otomatis, tidak perlu diterima.")
    key = new_key or pending_key(store, village_code)
    if not key:
        raise BundleError(f"Tidak ada bundel dari {village_code} yang ditolak karena kunci "
                          "berbeda. Impor dulu bundel barunya, lalu terima kuncinya.")
    if key == row[0]:
        raise BundleError(f"Kunci itu sudah menjadi kunci {village_code} (sidik "
                          f"{fingerprint(key)}); tidak ada yang perlu diterima.")
    with store.atomic() as db:
        db.execute("INSERT INTO key_changes(at, village_code, old_key, new_key, reason) "
                   "VALUES(?, ?, ?, ?, ?)", [now_iso(), village_code, row[0], key, reason])
        db.execute("UPDATE village_sources SET public_key = ?, bundle_sha256 = ? "
                   "WHERE village_code = ?", [key, KEY_ACCEPTED, village_code])
    return key


def fingerprint(public_key: str) -> str:
    """A key as people compare it, e.g. on the telephone: the first 16 hex digits of the
    SHA-256 of its 32 bytes, in fours (``3f2a 9c1b 77d0 e415``)."""
    try:
        raw = base64.b64decode(public_key, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:  # not a key (recorded by an older version): shown as it is
        return public_key[:20]
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


class KeyChange(NamedTuple):
    """A new key an officer accepted: when, for which village, the keys and why."""

    at: str
    village_code: str
    old_key: str
    new_key: str
    reason: str
    village_name: str = ""

    @property
    def old_fingerprint(self) -> str:
        return fingerprint(self.old_key)

    @property
    def new_fingerprint(self) -> str:
        return fingerprint(self.new_key)


def key_changes(store: Store) -> list[KeyChange]:
    """Every accepted key, newest first."""
    rows = store.db.execute(
        "SELECT k.at, k.village_code, k.old_key, k.new_key, k.reason, coalesce(v.name, '') "
        "FROM key_changes k LEFT JOIN villages v ON v.code = k.village_code "
        "ORDER BY k.id DESC").fetchall()
    return [KeyChange(*row) for row in rows]


def villages_with_pending_key(store: Store) -> list[tuple[str, str]]:
    """(code, name) of villages whose latest bundle was refused for a different key."""
    out = []
    for code, name in store.db.execute(
            "SELECT s.village_code, coalesce(v.name, '') FROM village_sources s "
            "LEFT JOIN villages v ON v.code = s.village_code ORDER BY s.village_code").fetchall():
        if pending_key(store, code):
            out.append((code, name))
    return out
