"""Rebuild resources/wilayah/wilayah.csv.gz from ../shared/data/wilayah (idn-area-data, ODbL).

Usage: python tools/build_wilayah.py [SOURCE_DIR]
One gzip'd CSV of ``code,name`` for every province, kabupaten/kota, kecamatan and
desa/kelurahan; the level follows from the code's shape (PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "wilayah"
    rows: list[tuple[str, str]] = []
    for name in ("provinces", "regencies", "districts", "villages"):
        with open(src / f"{name}.csv", newline="", encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                rows.append((rec["code"], rec["name"].strip()))
    rows.sort()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "name"])
    writer.writerows(rows)
    out = ROOT / "resources" / "wilayah" / "wilayah.csv.gz"
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    print(f"{out}: {len(rows)} areas, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
