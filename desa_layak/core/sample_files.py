"""Small but real files for demos, tests and benchmarks: one-page PDFs and JPEG photos.

Written by hand (PDF) and with Pillow (JPEG) so that no heavy library is needed.
"""

from __future__ import annotations

import io
import random


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str], *, padding: int = 0, seed: int = 0) -> bytes:
    """A valid one-page A4 PDF showing ``lines``; ``padding`` adds bytes (a scan's weight)."""
    text_ops = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    for line in lines:
        text_ops.append(f"({_pdf_escape(line)}) Tj T*")
    text_ops.append("ET")
    if padding:
        rng = random.Random(seed)
        # An invisible comment stream of random digits stands in for scanned image data.
        noise = "".join(rng.choice("0123456789abcdef") for _ in range(padding))
        text_ops.append("% " + noise)
    content = "\n".join(text_ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def make_jpeg(width: int = 800, height: int = 600, *, seed: int = 0, label: str = "",
              noise: bool = True, quality: int = 85) -> bytes:
    """A photo-like JPEG: coloured blocks and noise, so it compresses like a real photo."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("RGB", (width, height), (rng.randrange(60, 200),) * 3)
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(20, width // 2), y0 + rng.randrange(20, height // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle([x0, y0, x1, y1], fill=colour)
    if noise:
        grain = Image.effect_noise((width, height), 40).convert("RGB")
        img = Image.blend(img, grain, 0.25)
        draw = ImageDraw.Draw(img)
    if label:
        draw.rectangle([10, 10, 10 + 8 * len(label), 32], fill=(255, 255, 255))
        draw.text((14, 14), label, fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()
