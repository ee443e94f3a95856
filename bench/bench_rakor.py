"""Benchmark: the rakor handout for the 148 villages of Kabupaten Hulu Sungai Selatan against a
plain reportlab document with the same number of pages and table cells and no styling.

Both are built in the same run, in interleaved rounds; the least CPU time of each and their
ratio are printed.
Two figures: the handout's full cost (reading the database + layout) and its layout alone.

    .venv/bin/python bench/bench_rakor.py [--runs 3] [--data DIR] [--pdf OUT.pdf]

Without ``--data`` a kabupaten data folder is made in a temporary folder and filled with
``reports.sample_area`` (every village with documents; 75% with a bundle). With ``--data`` an
existing kecamatan-mode folder is used as it is (e.g. one that imported ``demo-bundles``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desa_layak.core import setup  # noqa: E402
from desa_layak.reports import rakor  # noqa: E402
from desa_layak.reports.data import Meeting, rakor_data  # noqa: E402
from desa_layak.reports.layout import Footer, ReportDoc, footer_canvas  # noqa: E402
from desa_layak.reports.sample_area import fill_sample_area  # noqa: E402

TODAY = dt.date(2024, 3, 27)
MEETING = Meeting(title="Rapat Koordinasi Kabupaten Layak Anak", date=TODAY,
                  place="Aula Kantor Bupati", signer_name="H. Ahmad Fikri, S.Sos",
                  signer_title="Kepala Dinas PPPA")


def count_cells(flowables: list) -> int:
    """Table cells in a story, looking inside KeepTogether and nested tables."""
    from reportlab.platypus import Table

    total = 0
    for f in flowables:
        if isinstance(f, Table):
            cells = f._cellvalues
            total += sum(len(row) for row in cells)
            for row in cells:
                for value in row:
                    if isinstance(value, list):
                        total += count_cells(value)
                    elif isinstance(value, Table):
                        total += count_cells([value])
        content = getattr(f, "_content", None)
        if isinstance(content, list):
            total += count_cells(content)
    return total


def handout(data, out: io.BytesIO) -> tuple[int, int]:  # noqa: ANN001
    """Lay out the handout; returns (pages, cells)."""
    doc = ReportDoc(out, title="bench")
    width, height = doc.portrait_size
    story = rakor.story(data, width, height)
    cells = count_cells(story)
    doc.build(story, canvasmaker=footer_canvas(Footer(data.generated_at, data.data_state)))
    return doc.page, cells


def plain(pages: int, cells: int, out: io.BytesIO) -> int:
    """The same number of pages and table cells: one unstyled table of short strings per page,
    default font, no colours, no footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

    cols = 8
    story: list = []
    for p in range(pages):
        n = cells * (p + 1) // pages - cells * p // pages
        rows = [[f"Desa {p}.{r}.{c}" for c in range(cols)] for r in range(-(-n // cols))]
        if rows:
            story.append(Table(rows))
        if p + 1 < pages:
            story.append(PageBreak())
    doc = SimpleDocTemplate(out, pagesize=A4)
    doc.build(story)
    return doc.page


def interleaved(fns: dict[str, object], runs: int) -> dict[str, float]:
    """Run each function once per round, ``runs`` rounds; the least CPU time of each.

    CPU time of this process (not wall time): the machine is shared, and other processes'
    load must not count against either side."""
    best = {name: float("inf") for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="existing kecamatan-mode data folder")
    parser.add_argument("--year", type=int, default=TODAY.year)
    parser.add_argument("--pdf", type=Path, help="also write the handout here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.data:
            store = setup.open_store(args.data)
        else:
            store = setup.open_store(Path(tmp) / "hss")
            setup.initialise(store, "kecamatan", "63.06")
            fill_sample_area(store, args.year, TODAY)
        on = TODAY if not args.data else None
        data = rakor_data(store, args.year, MEETING, on=on)
        print(f"villages: {len(data.villages)} in {len(data.districts)} kecamatan")

        # warm-up: fonts registered, modules imported, for both sides alike
        pages, cells = handout(data, io.BytesIO())
        plain(pages, cells, io.BytesIO())

        def full() -> tuple[int, int]:
            d = rakor_data(store, args.year, MEETING, on=on)
            return handout(d, io.BytesIO())

        plain_pages = plain(pages, cells, io.BytesIO())
        best = interleaved({
            "full": full,
            "layout": lambda: handout(data, io.BytesIO()),
            "plain": lambda: plain(pages, cells, io.BytesIO()),
        }, args.runs)
        t_full, t_layout, t_plain = best["full"], best["layout"], best["plain"]
        if args.pdf:
            with args.pdf.open("wb") as fh:
                handout(data, fh)
        store.close()

    print(f"handout: {pages} pages, {cells} table cells")
    print(f"plain reportlab document: {plain_pages} pages, {cells} table cells")
    print(f"handout, data + layout : {t_full:6.2f} s CPU")
    print(f"handout, layout only   : {t_layout:6.2f} s CPU")
    print(f"plain document         : {t_plain:6.2f} s CPU")
    print(f"ratio full/plain   = {t_full / t_plain:.2f}x (target <= 2x)")
    print(f"ratio layout/plain = {t_layout / t_plain:.2f}x")
    return 0 if t_full / t_plain <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
