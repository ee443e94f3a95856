"""Data pilah as a spreadsheet template (xlsx or CSV): export it, fill it in Excel, import it.

Layout (see docs/figures.md): one header row ``Kode | Data | Jenis kelamin | 0-4 | 5-9 |
10-14 | 15-17 | Jumlah``, then one row per figure and sex (L, P) for figures split by age, and
one row per yearly count with its value in ``Jumlah``. The ``Jumlah`` of a split row is only
a help for the reader and is ignored on import.

Import is all or nothing: every row and cell is checked first; any fault refuses the file
with the row and column named, and the database is left as it was. Only then the whole
year's table is written in one transaction (an empty cell clears that figure).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from desa_layak.core import data_pilah, figure_catalogue
from desa_layak.core.checklist import check_year
from desa_layak.core.figure_catalogue import Cell, FigureCatalogue
from desa_layak.errors import DesaLayakError, ValidationError, describe_os_error
from desa_layak.storage.db import Store
from desa_layak.storage.files import atomic_write

SHEET = "Data Pilah"
MAX_LISTED = 12
FORMATS = (".xlsx", ".csv")


class TemplateError(ValidationError):
    """A template refused; ``faults`` lists (row, column letter, text) of every fault
    (row 0: the file as a whole, e.g. a missing row)."""

    def __init__(self, faults: list[tuple[int, str, str]]):
        self.faults = faults
        lines = [f"Baris {r}, kolom {c}: {t}" if c else f"Baris {r}: {t}" if r else t
                 for r, c, t in faults]
        shown = lines[:MAX_LISTED]
        more = len(lines) - len(shown)
        text = ("Berkas data pilah ditolak; tidak ada angka yang diubah. Perbaiki:\n"
                + "\n".join(f"- {line}" for line in shown))
        if more:
            text += f"\n- ... dan {more} kesalahan lain."
        super().__init__(text)


@dataclass
class ImportResult:
    changed: int
    filled: int
    required: int
    warnings: list[str] = field(default_factory=list)


def headers(cat: FigureCatalogue | None = None) -> list[str]:
    cat = cat or figure_catalogue.load()
    return ["Kode", "Data", "Jenis kelamin", *[b.code for b in cat.age_bands], "Jumlah"]


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def template_rows(table: dict[Cell, int], cat: FigureCatalogue | None = None
                  ) -> list[list[object]]:
    """The template's data rows (without header) filled with ``table``; totals as numbers."""
    cat = cat or figure_catalogue.load()
    rows: list[list[object]] = []
    for fig in cat.figures:
        if fig.is_split:
            for sex in cat.sexes:
                vals = [table.get((fig.key, sex.code, b.code)) for b in cat.age_bands]
                present = [v for v in vals if v is not None]
                rows.append([fig.key, fig.label, sex.code, *vals,
                             sum(present) if present else None])
        else:
            rows.append([fig.key, fig.label, "", *[None] * len(cat.age_bands),
                         table.get((fig.key, "", ""))])
    return rows


def _check_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(
            f"Format berkas '{Path(path).name}' tidak didukung; pakai .xlsx atau .csv.")
    return suffix


def export_template(store: Store, village_code: str, year: int, path: Path) -> Path:
    """Write the year's table (empty cells where nothing is filled) to ``path``."""
    path = Path(path)
    suffix = _check_format(path)
    cat = figure_catalogue.load()
    rows = template_rows(data_pilah.values(store, village_code, year), cat)
    data = (_xlsx_bytes(store, village_code, year, cat, rows) if suffix == ".xlsx"
            else _csv_bytes(cat, rows))
    try:
        with atomic_write(path) as fh:
            fh.write(data)
    except OSError as err:
        raise describe_os_error(err, f"templat {path.name}") from err
    return path


def _csv_bytes(cat: FigureCatalogue, rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    # Semicolons: what Excel expects in an Indonesian (decimal comma) setting.
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(cat))
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_bytes(store: Store, village_code: str, year: int, cat: FigureCatalogue,
                rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from desa_layak.core.setup import village_profile

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers(cat))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    first_band, last_band = col_letter(3), col_letter(2 + len(cat.age_bands))
    total_col = 3 + len(cat.age_bands)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for i, row in enumerate(rows, start=2):
        out = list(row)
        if row[2]:  # split row: the total is a formula that follows the user's edits
            out[total_col] = f"=SUM({first_band}{i}:{last_band}{i})"
        ws.append(out)
        if row[2]:
            ws.cell(i, total_col + 1).fill = grey
        else:
            for c in range(4, total_col + 1):
                ws.cell(i, c).fill = grey
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 58
    ws.column_dimensions["C"].width = 14
    for c in range(3, total_col + 1):
        ws.column_dimensions[col_letter(c)].width = 10
    info = wb.create_sheet("Petunjuk")
    try:
        prof = village_profile(store, village_code)
        where = f"{prof.full_name} ({prof.code}), Kec. {prof.district_name}"
    except DesaLayakError:
        where = village_code
    for line in (
        ["Templat data pilah gender", f"katalog versi {cat.version}"],
        ["Desa/kelurahan", where],
        ["Tahun", year],
        [],
        ["Cara mengisi"],
        ["Isi angka bulat 0 atau lebih di lembar 'Data Pilah'. Kosongkan jika belum tahu."],
        ["Jangan mengubah baris judul, kolom Kode dan kolom Jenis kelamin."],
        ["Kolom Jumlah pada baris L/P dihitung sendiri; untuk data tahunan (tanpa jenis "
         "kelamin) isi angkanya di kolom Jumlah."],
        ["Bagian (misalnya anak dengan akta) tidak boleh melebihi jumlah anak pada sel yang "
         "sama."],
    ):
        info.append(line)
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 50
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- import -----------------------------------------------------------------------------------

def _read_rows(path: Path, suffix: str) -> list[list[object]]:
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=False)
        except Exception as err:  # noqa: BLE001 - any unreadable workbook
            raise ValidationError(
                f"Berkas {path.name} tidak dapat dibaca sebagai lembar kerja Excel (.xlsx).") \
                from err
        try:
            ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
            return [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as err:  # stray NUL/CR, a giant field (found by bench/fuzz_importers.py)
        raise ValidationError(
            f"Berkas {path.name} tidak dapat dibaca sebagai CSV ({err}). Simpan ulang dari "
            "Excel/LibreOffice sebagai CSV, atau pakai templat .xlsx.") from err


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def parse_rows(rows: list[list[object]], cat: FigureCatalogue | None = None
               ) -> dict[Cell, int | None]:
    """Check a whole template; returns every cell of the catalogue (None = empty).
    Raises TemplateError naming each bad row/column."""
    cat = cat or figure_catalogue.load()
    want = headers(cat)
    faults: list[tuple[int, str, str]] = []
    if not rows:
        raise TemplateError([(1, "", "berkas kosong; baris judul tidak ada.")])
    head = [("" if v is None else str(v).strip()) for v in rows[0]]
    head += [""] * (len(want) - len(head))
    for i, name in enumerate(want):
        if head[i].lower() != name.lower():
            faults.append((1, col_letter(i), f"judul kolom seharusnya '{name}', "
                                             f"tertulis '{head[i]}'."))
    for i in range(len(want), len(head)):
        if head[i]:
            faults.append((1, col_letter(i), f"kolom '{head[i]}' tidak dikenal."))
    if faults:
        raise TemplateError(faults)

    n_bands = len(cat.age_bands)
    total_i = 3 + n_bands
    sexes = {s.code for s in cat.sexes}
    table: dict[Cell, int | None] = {c: None for c in cat.cells()}
    seen: dict[tuple[str, str], int] = {}
    for r, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(want) - len(row))
        if all(_blank(v) for v in row):
            continue
        for i in range(len(want), len(row)):
            if not _blank(row[i]):
                faults.append((r, col_letter(i), "ada isian di luar kolom templat."))
        key = "" if row[0] is None else str(row[0]).strip()
        try:
            fig = cat.figure(key)
        except KeyError:
            faults.append((r, "A", f"'{key}' bukan kode data pilah yang dikenal."))
            continue
        sex = "" if row[2] is None else str(row[2]).strip().upper()
        if fig.is_split and sex not in sexes:
            faults.append((r, "C", f"jenis kelamin '{row[2] or ''}' harus L atau P."))
            continue
        if not fig.is_split and sex:
            faults.append((r, "C", f"{fig.label} tidak dipilah menurut jenis kelamin; "
                                   "kosongkan kolom ini."))
            continue
        if (key, sex) in seen:
            faults.append((r, "A", f"baris {key} {sex} sudah ada di baris {seen[key, sex]}."))
            continue
        seen[key, sex] = r

        def value(i: int, row: list = row, r: int = r) -> int | None:
            try:
                return data_pilah.parse_value(row[i], f"isian {want[i]}")
            except ValidationError as err:
                faults.append((r, col_letter(i), str(err)))
                return None

        if fig.is_split:
            for j, band in enumerate(cat.age_bands):
                table[key, sex, band.code] = value(3 + j)
        else:
            for j in range(n_bands):
                if not _blank(row[3 + j]):
                    faults.append((r, col_letter(3 + j),
                                   f"{fig.label} diisi di kolom {want[total_i]} saja."))
            table[key, "", ""] = value(total_i)
    if faults:
        raise TemplateError(faults)
    for fig in cat.figures:
        for sex in ([s.code for s in cat.sexes] if fig.is_split else [""]):
            if (fig.key, sex) not in seen:
                faults.append((0, "", f"Baris {fig.key} {sex}".rstrip()
                               + " tidak ada di berkas."))
    if faults:
        raise TemplateError(faults)
    return table


def template_origin(path: Path) -> tuple[int | None, str | None, str]:
    """The year and village code a template was exported for (its 'Petunjuk' sheet), and
    how it names the village; (None, None, '') for a CSV or a workbook without that sheet."""
    import re

    if Path(path).suffix.lower() != ".xlsx":
        return None, None, ""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - unreadable: read_template says so in its own words
        return None, None, ""
    try:
        if "Petunjuk" not in wb.sheetnames:
            return None, None, ""
        year = code = None
        where = ""
        for row in wb["Petunjuk"].iter_rows(max_row=10, max_col=2, values_only=True):
            label, value = (list(row) + [None, None])[:2]
            if label == "Tahun" and str(value).strip().isdigit():
                year = int(str(value).strip())
            elif label == "Desa/kelurahan" and value:
                where = str(value)
                found = re.search(r"\((\d{2}\.\d{2}\.\d{2}\.\d{4})\)", where)
                code = found.group(1) if found else None
        return year, code, where
    finally:
        wb.close()


def check_origin(path: Path, village_code: str, year: int) -> None:
    """Refuse a template exported for another year or another village: imported as it is,
    it would replace this year's figures with another year's (or empty them)."""
    file_year, file_code, where = template_origin(path)
    name = Path(path).name
    if file_code is not None and file_code != village_code:
        raise ValidationError(
            f"Berkas {name} adalah templat data pilah untuk {where}, bukan untuk "
            f"desa/kelurahan ini ({village_code}). Tidak ada yang diubah.")
    if file_year is not None and file_year != year:
        raise ValidationError(
            f"Berkas {name} adalah templat data pilah tahun {file_year}, bukan tahun {year}. "
            f"Pilih tahun {file_year} lalu impor lagi, atau ekspor templat tahun {year} dan "
            "isi yang itu. Tidak ada yang diubah.")


def _emptied(current: dict[Cell, int], table: dict[Cell, int | None]) -> int:
    return sum(1 for cell in current if table.get(cell) is None)


def cells_emptied(store: Store, village_code: str, year: int, path: Path) -> int:
    """How many filled cells of the year the file would empty (read, nothing written)."""
    return _emptied(data_pilah.values(store, village_code, year), read_template(path))


def read_import(store: Store, village_code: str, year: int, path: Path
                ) -> tuple[dict[Cell, int | None], int]:
    """A template read and checked for this village and year (nothing written): its table,
    and how many filled cells it would empty. Write it with ``import_table``."""
    check_year(year)
    table = read_template(path)
    check_origin(path, village_code, year)
    return table, _emptied(data_pilah.values(store, village_code, year), table)


def read_template(path: Path) -> dict[Cell, int | None]:
    """Read and check a template file without touching the database."""
    path = Path(path)
    suffix = _check_format(path)
    if not path.is_file():
        raise ValidationError(f"Berkas {path} tidak ditemukan.")
    return parse_rows(_read_rows(path, suffix))


def import_template(store: Store, village_code: str, year: int, path: Path) -> ImportResult:
    """Check the whole file first, then replace the year's table in ONE transaction."""
    table, _emptied_cells = read_import(store, village_code, year, path)
    return import_table(store, village_code, year, table)


def import_table(store: Store, village_code: str, year: int,
                 table: dict[Cell, int | None]) -> ImportResult:
    """Replace the year's table with one ``read_import`` returned, in ONE transaction."""
    cat = figure_catalogue.load()
    with store.atomic() as db:
        current = data_pilah.values(store, village_code, year)
        changed = data_pilah.replace_year(db, cat, village_code, year, table, current)
    clean = {c: v for c, v in table.items() if v is not None}
    done, required = data_pilah.filled(clean, cat)
    return ImportResult(changed, done, required,
                        [p.text for p in data_pilah.problems(clean, cat)])
