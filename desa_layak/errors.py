"""Errors the core raises, each with a message a person can read (Bahasa Indonesia)."""

from __future__ import annotations

import errno as _errno
import os


class DesaLayakError(Exception):
    """Base class: ``str(err)`` is a complete sentence fit to show the user."""


class NewerDatabaseError(DesaLayakError):
    pass


class NotInitialisedError(DesaLayakError):
    pass


class ValidationError(DesaLayakError):
    pass


class NotFoundError(DesaLayakError, KeyError):
    """A record asked for by id does not exist (also a KeyError for older callers)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class RecordDeletedError(NotFoundError):
    """A change was aimed at a record that has been deleted meanwhile (a tombstone)."""


class AttachmentError(DesaLayakError):
    pass


class AreaError(DesaLayakError):
    pass


class StorageError(DesaLayakError):
    """Writing failed: disk full, read-only folder, permission denied."""


class DatabaseDamagedError(DesaLayakError):
    """The database file cannot be read: damaged, or not a SQLite database at all."""


class ReadOnlyFolderError(StorageError):
    """The data folder is write-protected: reading works, writing does not."""

    def __init__(self, message: str, data_dir: str = ""):
        super().__init__(message)
        self.data_dir = data_dir


class DataFolderBusyError(DesaLayakError):
    """Another window or command of Desa Layak is writing in this data folder."""


def _place(target: object) -> str:
    return f"'{target}'" if target not in (None, "") else "tujuannya"


# errno -> what went wrong and what to do, with {place} the file or folder written to.
_REASONS: dict[int, str] = {
    _errno.ENOSPC: "ruang penyimpanan (disk) penuh saat menulis ke {place}; kosongkan sebagian "
                   "ruang atau pilih tempat lain, lalu coba lagi",
    _errno.EROFS: "{place} tidak dapat ditulisi karena medianya hanya-baca (misalnya flash "
                  "disk yang dikunci); pilih tempat lain atau buka kunci tulisnya",
    _errno.EACCES: "{place} tidak dapat ditulisi (tanpa izin menulis); pilih folder lain "
                   "atau minta izin kepada pengelola komputer",
    _errno.ENOENT: "{place} tidak ada (mungkin flash disk sudah dicabut atau foldernya "
                   "dipindah); periksa tujuannya lalu coba lagi",
    _errno.EEXIST: "{place} sudah ada; pilih nama lain",
    _errno.EISDIR: "{place} adalah folder, bukan berkas; tuliskan nama berkas tujuannya",
    _errno.ENOTDIR: "sebagian dari jalur {place} adalah berkas, bukan folder; periksa "
                    "tujuannya",
    _errno.ENAMETOOLONG: "nama atau jalur {place} terlalu panjang; pilih nama yang lebih "
                         "pendek atau folder yang lebih dekat",
    _errno.EIO: "terjadi galat baca/tulis perangkat pada {place} (disk atau flash disk "
                "mungkin rusak atau tercabut); coba lagi atau gunakan media lain",
    _errno.EBUSY: "{place} sedang dipakai program lain; tutup program itu (misalnya "
                  "penampil PDF) lalu coba lagi",
    _errno.EMFILE: "terlalu banyak berkas terbuka sekaligus sehingga {place} tidak dapat "
                   "ditulis; tutup program lain lalu coba lagi",
}
_REASONS[_errno.EPERM] = _REASONS[_errno.EACCES]
_REASONS[_errno.ENFILE] = _REASONS[_errno.EMFILE]
if hasattr(_errno, "ETXTBSY"):  # not on Windows
    _REASONS[_errno.ETXTBSY] = _REASONS[_errno.EBUSY]
if hasattr(_errno, "EDQUOT"):  # a quota counts as full
    _REASONS[_errno.EDQUOT] = _REASONS[_errno.ENOSPC]
_WINDOWS_IN_USE = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def os_error_reason(err: OSError, target: str | os.PathLike[str] | None = None) -> str:
    """What went wrong and what to do, in Bahasa Indonesia (no English strerror), naming
    ``target`` (or the file the error names)."""
    if target is None:
        target = err.filename if err.filename not in (None, "") else None
    place = _place(os.fspath(target) if isinstance(target, os.PathLike) else target)
    code = err.errno
    if getattr(err, "winerror", None) in _WINDOWS_IN_USE:
        code = _errno.EBUSY
    template = _REASONS.get(code) if code is not None else None
    if template is None:
        number = f" nomor {code}" if code is not None else ""
        return (f"terjadi galat sistem{number} saat menulis ke {place}; coba lagi atau pilih "
                "tempat lain")
    return template.format(place=place)


_READ_REASONS: dict[int, str] = {
    _errno.ENOENT: "berkasnya tidak ditemukan (mungkin sudah dipindah, atau flash disk sudah "
                   "dicabut)",
    _errno.EACCES: "tidak ada izin membacanya",
    _errno.EISDIR: "itu folder, bukan berkas",
    _errno.EIO: "terjadi galat baca perangkat (disk atau flash disk mungkin rusak atau "
                "tercabut)",
    _errno.EBUSY: "berkasnya sedang dipakai program lain; tutup program itu lalu coba lagi",
    _errno.EMFILE: "terlalu banyak berkas terbuka sekaligus; tutup program lain lalu coba lagi",
    _errno.ENAMETOOLONG: "nama atau jalurnya terlalu panjang",
}
_READ_REASONS[_errno.EPERM] = _READ_REASONS[_errno.EACCES]
_READ_REASONS[_errno.ENOTDIR] = _READ_REASONS[_errno.ENOENT]
_READ_REASONS[_errno.ENFILE] = _READ_REASONS[_errno.EMFILE]


def read_error_reason(err: OSError) -> str:
    """Why a file could not be read, in Bahasa Indonesia (never English strerror)."""
    code = _errno.EBUSY if getattr(err, "winerror", None) in _WINDOWS_IN_USE else err.errno
    reason = _READ_REASONS.get(code) if code is not None else None
    if reason is None:
        return f"terjadi galat sistem nomor {code}" if code is not None else \
            "terjadi galat sistem"
    return reason


def describe_os_error(err: OSError, what: str,
                      target: str | os.PathLike[str] | None = None) -> StorageError:
    """Turn an OSError while saving ``what`` into a plain-language message.

    ``target`` is the file or folder that was being written (for a report: the PDF the person
    chose; for a backup: the flash drive's file); without it the file the error names is
    used. The message says which place failed, why, and what to do."""
    reason = os_error_reason(err, target)
    return StorageError(
        f"Gagal menyimpan {what}: {reason}. Data yang sudah tersimpan sebelumnya tetap aman."
    )


def log_unexpected(exc: BaseException) -> str | None:
    """Append the traceback of an error the program did not expect to the error log
    (``desa-layak-galat.log`` in the user's log folder, else the temporary folder); returns
    the log's path, or None when no log could be written. For the message the person reads:
    a short sentence, with the details where they can be sent to whoever maintains the app."""
    import datetime as dt
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    folders = []
    env = os.environ.get("DESA_LAYAK_LOG_DIR")
    if env:
        folders.append(env)
    else:
        try:
            import platformdirs

            folders.append(platformdirs.user_log_dir("DesaLayak", appauthor=False))
        except Exception:  # noqa: BLE001, S110 - no log folder: try the next place
            pass
    folders.append(tempfile.gettempdir())
    for folder in folders:
        path = os.path.join(folder, "desa-layak-galat.log")
        try:
            os.makedirs(folder, exist_ok=True)
            mode = "w" if os.path.exists(path) and os.path.getsize(path) > 1_000_000 else "a"
            with open(path, mode, encoding="utf-8") as fh:
                fh.write(f"--- {stamp}\n{text}\n")
        except OSError:
            continue
        return path
    return None


def unexpected_message(exc: BaseException, log: str | None) -> str:
    """The sentence for an error the program did not expect (a fault in the program)."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    name = type(exc).__name__ + (f": {detail}" if detail else "")
    where = f" Rinciannya dicatat di {log}; kirimkan berkas itu kepada pengelola aplikasi." \
        if log else ""
    return (f"Terjadi kesalahan program ({name}). Perintah ini tidak diselesaikan; data yang "
            f"sudah tersimpan tetap aman.{where}")
