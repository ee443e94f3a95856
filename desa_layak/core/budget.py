"""Budget for children's rights (item G): the APBDes total and the lines for children.

Money is integer Rupiah everywhere (SQLite INTEGER is 64-bit, Python int is unbounded):
amounts in the billions are ordinary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desa_layak.core.checklist import check_year
from desa_layak.core.formatting import format_percent, format_rupiah, parse_rupiah
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import save_record, soft_delete, upsert_by_key

MAX_AMOUNT = 10**15  # Rp 1.000 triliun: far above any village budget, catches typing slips

# Suggestions offered in forms; other words are accepted.
BIDANG = (
    "Penyelenggaraan Pemerintahan Desa",
    "Pelaksanaan Pembangunan Desa",
    "Pembinaan Kemasyarakatan Desa",
    "Pemberdayaan Masyarakat Desa",
    "Penanggulangan Bencana, Keadaan Darurat dan Mendesak",
)
SOURCES = ("Dana Desa", "ADD", "PADes", "Bagi Hasil Pajak dan Retribusi",
           "Bantuan Keuangan Provinsi", "Bantuan Keuangan Kabupaten", "Lainnya")


@dataclass
class BudgetLine:
    id: str | None
    village_code: str
    year: int
    activity: str
    bidang: str = ""
    source: str = ""
    amount: int = 0
    realised: int = 0


@dataclass
class Budget:
    village_code: str
    year: int
    apbdes_total: int = 0
    lines: list[BudgetLine] = field(default_factory=list)

    @property
    def lines_total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def realised_total(self) -> int:
        return sum(line.realised for line in self.lines)

    @property
    def share(self) -> float | None:
        """Share of the APBDes that goes to children (None while the APBDes is unknown)."""
        if not self.apbdes_total:
            return None
        return self.lines_total / self.apbdes_total

    def share_text(self) -> str:
        share = self.share
        return "-" if share is None else format_percent(share, 2)

    def warnings(self) -> list[str]:
        out = []
        if self.lines and not self.apbdes_total:
            out.append("Total APBDes belum diisi, sehingga porsi anggaran anak belum dapat "
                       "dihitung.")
        elif self.apbdes_total and self.lines_total > self.apbdes_total:
            out.append(f"Jumlah kegiatan untuk anak ({format_rupiah(self.lines_total)}) melebihi "
                       f"total APBDes ({format_rupiah(self.apbdes_total)}).")
        return out


def parse_amount(raw: object, what: str = "Jumlah") -> int:
    """Integer Rupiah from an int or text such as ``Rp 12.500.000``; refuses the rest."""
    if isinstance(raw, bool):
        raise ValidationError(f"{what}: '{raw}' bukan jumlah rupiah.")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    else:
        text = str(raw).strip()
        if text.startswith("-"):
            raise ValidationError(f"{what} tidak boleh negatif.")
        try:
            value = parse_rupiah(text)
        except ValueError as err:  # its message says what was wrong and the accepted form
            raise ValidationError(f"{what}: {err}") from err
    if value < 0:
        raise ValidationError(f"{what} tidak boleh negatif.")
    if value > MAX_AMOUNT:
        raise ValidationError(
            f"{what} {format_rupiah(value)} terlalu besar; periksa lagi angkanya.")
    return value


def get_budget(store: Store, village_code: str, year: int) -> Budget:
    row = store.db.execute(
        "SELECT apbdes_total FROM budgets WHERE village_code = ? AND year = ? "
        "AND deleted_at IS NULL", [village_code, year]).fetchone()
    lines = [BudgetLine(*r) for r in store.db.execute(
        "SELECT id, village_code, year, activity, bidang, source, amount, realised "
        "FROM budget_lines WHERE village_code = ? AND year = ? AND deleted_at IS NULL "
        "ORDER BY created_at, activity", [village_code, year]).fetchall()]
    return Budget(village_code, year, row[0] if row else 0, lines)


def set_apbdes(store: Store, village_code: str, year: int, total: object) -> int:
    value = parse_amount(total, "Total APBDes")
    with store.atomic() as db:
        upsert_by_key(db, "budgets", {"village_code": village_code, "year": year},
                      {"apbdes_total": value})
    return value


def validate_line(line: BudgetLine) -> BudgetLine:
    line.activity = line.activity.strip()
    line.bidang = line.bidang.strip()
    line.source = line.source.strip()
    if not line.activity:
        raise ValidationError("Nama kegiatan wajib diisi.")
    line.amount = parse_amount(line.amount, "Anggaran")
    line.realised = parse_amount(line.realised, "Realisasi")
    if line.realised > line.amount:
        raise ValidationError(
            f"Realisasi ({format_rupiah(line.realised)}) tidak boleh melebihi anggaran "
            f"({format_rupiah(line.amount)}).")
    check_year(line.year)
    return line


def save_line(store: Store, line: BudgetLine) -> BudgetLine:
    """Insert or update one budget line (checked first)."""
    validate_line(line)
    values = {"activity": line.activity, "bidang": line.bidang, "source": line.source,
              "amount": line.amount, "realised": line.realised}
    with store.atomic() as db:
        line_id = save_record(db, "budget_lines", line.id, values,
                              {"village_code": line.village_code, "year": int(line.year)})
    line.id = line_id
    return get_line(store, line_id)


def get_line(store: Store, line_id: str) -> BudgetLine:
    row = store.db.execute(
        "SELECT id, village_code, year, activity, bidang, source, amount, realised "
        "FROM budget_lines WHERE id = ? AND deleted_at IS NULL", [line_id]).fetchone()
    if row is None:
        raise ValidationError(f"Kegiatan anggaran {line_id} tidak ditemukan.")
    return BudgetLine(*row)


def delete_line(store: Store, line_id: str) -> None:
    get_line(store, line_id)
    with store.atomic() as db:
        soft_delete(db, "budget_lines", line_id)


@dataclass(frozen=True)
class BudgetTotals:
    apbdes_total: int
    lines: int
    lines_total: int
    realised_total: int


def village_totals(store: Store, year: int,
                   village_codes: Iterable[str] | None = None) -> dict[str, BudgetTotals]:
    """Per village: APBDes, number and sums of the lines for children (kecamatan recap)."""
    wanted = set(village_codes) if village_codes is not None else None
    acc: dict[str, list[int]] = {}
    for code, total in store.db.execute(
            "SELECT village_code, apbdes_total FROM budgets WHERE year = ? "
            "AND deleted_at IS NULL", [year]).fetchall():
        acc.setdefault(code, [0, 0, 0, 0])[0] = total
    for code, n, amount, realised in store.db.execute(
            "SELECT village_code, count(*), sum(amount), sum(realised) FROM budget_lines "
            "WHERE year = ? AND deleted_at IS NULL GROUP BY village_code", [year]).fetchall():
        acc.setdefault(code, [0, 0, 0, 0])[1:] = [n, amount, realised]
    return {c: BudgetTotals(*v) for c, v in acc.items() if wanted is None or c in wanted}
