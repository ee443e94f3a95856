"""Content-addressed attachment store: ``attachments/ab/abcdef...`` named by SHA-256.

Files are checked by content (PDF, JPEG, PNG), size-limited, large photos scaled down, and
written atomically; the same bytes are stored once however often they are attached.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from desa_layak.errors import AttachmentError, describe_os_error, read_error_reason
from desa_layak.storage.files import atomic_write_bytes

MAX_BYTES = 25 * 1024 * 1024
MAX_SIDE = 2000
JPEG_QUALITY = 85

MIME_BY_KIND = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True)
class PreparedFile:
    """A file checked and ready to store."""

    data: bytes
    sha256: str
    mime: str
    file_name: str
    original_size: int
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(head: bytes) -> str | None:
    """The file type judged by its first bytes, not by its name."""
    if head.startswith(b"%PDF-"):
        return MIME_BY_KIND["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return MIME_BY_KIND["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MIME_BY_KIND["png"]
    return None


_PAGE_RE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def count_pdf_pages(data: bytes) -> int | None:
    """A cheap page count (objects of type /Page); None when the file hides them (streams)."""
    n = len(_PAGE_RE.findall(data))
    return n or None


def _prepare_image(data: bytes, mime: str, name: str) -> tuple[bytes, str, str, int, int]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        raise AttachmentError(
            f"Gambar '{name}' tidak dapat dibaca (berkas rusak atau tidak lengkap)."
        ) from err
    img = ImageOps.exif_transpose(img) or img
    width, height = img.size
    if max(width, height) <= MAX_SIDE:
        return data, mime, name, width, height
    img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    has_alpha = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
    if mime == "image/png" and has_alpha:
        img.save(out, "PNG", optimize=True)
        new_mime = "image/png"
    else:
        img.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        new_mime = "image/jpeg"
        name = str(Path(name).with_suffix(".jpg"))
    return out.getvalue(), new_mime, name, img.size[0], img.size[1]


def prepare(path: Path) -> PreparedFile:
    """Check a file a person picked and turn it into what will be stored."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise AttachmentError(f"Berkas '{name}' tidak ditemukan.") from err
    except OSError as err:
        raise AttachmentError(
            f"Berkas '{name}' tidak dapat dibuka: {read_error_reason(err)}.") from err
    if size == 0:
        raise AttachmentError(f"Berkas '{name}' kosong (0 byte).")
    if size > MAX_BYTES:
        raise AttachmentError(
            f"Berkas '{name}' terlalu besar ({size / 1048576:.1f} MB); batasnya "
            f"{MAX_BYTES // 1048576} MB. Pindai ulang dengan resolusi lebih rendah."
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise AttachmentError(
            f"Berkas '{name}' tidak dapat dibaca: {read_error_reason(err)}.") from err
    mime = sniff(data[:16])
    if mime is None:
        raise AttachmentError(
            f"Berkas '{name}' bukan PDF, JPG atau PNG (dinilai dari isinya). "
            "Simpan pindaian sebagai PDF atau foto JPG/PNG."
        )
    width = height = pages = None
    if mime == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise AttachmentError(f"PDF '{name}' tidak lengkap atau rusak (akhir berkas hilang).")
        pages = count_pdf_pages(data)
    else:
        data, mime, name, width, height = _prepare_image(data, mime, name)
    return PreparedFile(
        data=data,
        sha256=_sha256(data).hexdigest(),
        mime=mime,
        file_name=name,
        original_size=size,
        width=width,
        height=height,
        pages=pages,
    )


def _sha256(data: bytes = b""):  # noqa: ANN202 - hashlib's private hash type
    """A SHA-256 hasher; hashlib is imported here, off the start-up path (~4 ms)."""
    import hashlib

    return hashlib.sha256(data)


_SHA256_RE = re.compile(r"[0-9a-f]{64}")


class BlobStore:
    """The folder of attachment files, named by their SHA-256."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._root = os.fspath(self.root)

    def file_for(self, sha256: str) -> str:
        """``path_for`` as a plain string: an import asks for hundreds of these, and pathlib's
        joins cost more than the lookup itself."""
        if not _SHA256_RE.fullmatch(sha256):
            raise ValueError(f"bad sha256: {sha256!r}")
        return os.path.join(self._root, sha256[:2], sha256)

    def path_for(self, sha256: str) -> Path:
        return Path(self.file_for(sha256))

    def has(self, sha256: str) -> bool:
        return os.path.isfile(self.file_for(sha256))

    def put(self, data: bytes, sha256: str | None = None) -> str:
        digest = sha256 or _sha256(data).hexdigest()
        dest = self.path_for(digest)
        if dest.is_file() and dest.stat().st_size == len(data):
            return digest
        try:
            atomic_write_bytes(dest, data)
        except OSError as err:
            raise describe_os_error(err, "lampiran", target=self.root) from err
        return digest

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        """True if the stored file exists and still matches its name."""
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        h = _sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest() == sha256

    def all_hashes(self) -> set[str]:
        if not self.root.exists():
            return set()
        return {p.name for p in self.root.glob("??/*") if re.fullmatch(r"[0-9a-f]{64}", p.name)}
