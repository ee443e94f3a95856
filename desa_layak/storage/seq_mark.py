"""The last bundle sequence number this installation handed out, in a file of its own.

The number lives in the database (``settings.bundle_seq``), but a database can be damaged and
restored from an older backup, and the kecamatan refuses a bundle whose number it has already
seen. So each export first writes the number it is about to use here, beside the database
(never in a backup file), and a restore takes the larger of this and what it can still read.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from desa_layak.storage.files import atomic_write_bytes

SEQ_FILE = "nomor-bundel-terakhir.txt"


def noted_seq(data_dir: Path | str) -> int:
    """The number noted for this data folder (0 when none, or when the file is unreadable)."""
    with contextlib.suppress(OSError, ValueError):
        return max(0, int((Path(data_dir) / SEQ_FILE).read_text(encoding="ascii").strip()))
    return 0


def note_seq(data_dir: Path | str, seq: int) -> None:
    """Note ``seq`` before it is used (durably: written whole, then renamed, then synced);
    a smaller number never replaces a larger one."""
    if seq > noted_seq(data_dir):
        atomic_write_bytes(Path(data_dir) / SEQ_FILE, f"{seq}\n".encode("ascii"))
