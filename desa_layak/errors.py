"""Errors the core raises, each with a message a person can read (Bahasa Indonesia)."""

from __future__ import annotations


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


class AttachmentError(DesaLayakError):
    pass


class AreaError(DesaLayakError):
    pass


class StorageError(DesaLayakError):
    """Writing failed: disk full, read-only folder, permission denied."""


def describe_os_error(err: OSError, what: str) -> StorageError:
    """Turn an OSError while saving into a plain-language message."""
    import errno

    if err.errno == errno.ENOSPC:
        reason = "ruang penyimpanan (disk) penuh"
    elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "folder data tidak dapat ditulisi (hanya-baca atau tanpa izin)"
    elif err.errno in (errno.ENOENT, errno.ENOTDIR):
        reason = "folder tujuannya tidak ada lagi (misalnya flash disk sudah dicabut)"
    else:
        reason = err.strerror or str(err)
    return StorageError(
        f"Gagal menyimpan {what}: {reason}. Data yang sudah tersimpan sebelumnya tetap aman."
    )
