"""DRPPA's 10 indicators, filled from what the village already entered where possible.

Derived (never typed twice): Perdes (item A) -> 3, data pilah -> 2 and 7, the budget -> 4,
the teams -> 1, the yearly counts of violence, child labour and child marriage -> 8, 9, 10.
Asked directly (``drppa_answers``, one JSON object per indicator and year) only for what the
app cannot know: women's groups, women in the village government and BPD, women
entrepreneurs, violence against women and trafficking victims.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from desa_layak.core import budget as budget_mod
from desa_layak.core import data_pilah, figure_catalogue, teams
from desa_layak.core.formatting import format_number, format_percent, format_rupiah
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import upsert_by_key

MAX_INPUT = 10_000_000
EMPTY = "belum diisi"  # a figure nobody has entered yet
PARTIAL = "belum lengkap"  # a figure with some of its cells still empty


@dataclass(frozen=True)
class InputSpec:
    """A figure asked directly (whole number >= 0); ``part_of`` names its whole."""

    key: str
    label: str
    part_of: str | None = None


@dataclass(frozen=True)
class Indicator:
    number: int
    title: str
    source: str  # where the derived part comes from ('' when asked directly only)
    inputs: tuple[InputSpec, ...] = ()


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "Perempuan dan anak terorganisir di desa", "Tim dan Forum Anak (halaman Tim)",
              (InputSpec("kelompok_perempuan",
                         "Kelompok/organisasi perempuan yang aktif (PKK, KWT, dll.)"),)),
    Indicator(2, "Data desa memuat data pilah perempuan dan anak", "Data pilah gender (butir F)"),
    Indicator(3, "Ada Perdes tentang DRPPA", "Dokumen Perdes (butir A)"),
    Indicator(4, "Dana dan aset desa membiayai DRPPA", "Anggaran (butir G)"),
    Indicator(5, "Keterwakilan perempuan di pemerintahan desa, BPD dan lembaga desa", "", (
        InputSpec("perangkat_p", "Perangkat desa perempuan", "perangkat_total"),
        InputSpec("perangkat_total", "Seluruh perangkat desa"),
        InputSpec("bpd_p", "Anggota BPD perempuan", "bpd_total"),
        InputSpec("bpd_total", "Seluruh anggota BPD"),
    )),
    Indicator(6, "Persentase perempuan wirausaha", "", (
        InputSpec("wirausaha_p", "Pelaku usaha perempuan", "wirausaha_total"),
        InputSpec("wirausaha_total", "Seluruh pelaku usaha di desa"),
    )),
    Indicator(7, "Setiap anak mendapat pengasuhan berbasis hak anak",
              "Data pilah gender: akta kelahiran, KIA, anak tidak sekolah"),
    Indicator(8, "Tidak ada kekerasan terhadap perempuan dan anak, dan tidak ada korban TPPO",
              "Data pilah gender: kasus kekerasan terhadap anak", (
                  InputSpec("kekerasan_perempuan",
                            "Kasus kekerasan terhadap perempuan yang dilaporkan"),
                  InputSpec("korban_tppo", "Korban perdagangan orang (TPPO)"),
              )),
    Indicator(9, "Tidak ada pekerja anak", "Data pilah gender: anak yang bekerja"),
    Indicator(10, "Tidak ada perkawinan anak (di bawah 19 tahun)",
              "Data pilah gender: perkawinan anak"),
)


def indicator(number: int) -> Indicator:
    for ind in INDICATORS:
        if ind.number == number:
            return ind
    raise ValidationError(f"Indikator DRPPA {number} tidak ada (1-10).")


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str


@dataclass
class IndicatorResult:
    indicator: Indicator
    met: bool | None  # None: not enough figures to judge
    summary: str
    facts: list[Fact] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)


# -- direct answers ---------------------------------------------------------------------------

def answers(store: Store, village_code: str, year: int) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for number, value in store.db.execute(
            "SELECT indicator, value FROM drppa_answers WHERE village_code = ? AND year = ? "
            "AND deleted_at IS NULL", [village_code, year]).fetchall():
        try:
            data = json.loads(value) if value else {}
        except json.JSONDecodeError:
            data = {}
        out[number] = {k: int(v) for k, v in data.items() if isinstance(v, int)}
    return out


def _parse_input(spec: InputSpec, raw: object) -> int | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    text = str(raw).strip()
    if isinstance(raw, bool) or not (text.isascii() and text.lstrip("-").isdigit()
                                     and text.count("-") <= 1):
        raise ValidationError(f"{spec.label}: '{text}' bukan bilangan bulat.")
    value = int(text)
    if value < 0:
        raise ValidationError(f"{spec.label} tidak boleh negatif.")
    if value > MAX_INPUT:
        raise ValidationError(f"{spec.label}: {value} terlalu besar.")
    return value


def set_answers(store: Store, village_code: str, year: int, number: int,
                changes: Mapping[str, object]) -> dict[str, int]:
    """Change some direct inputs of one indicator (None/'' clears one). Refuses a derived
    indicator, unknown keys, non-numbers, and a part larger than its whole."""
    ind = indicator(number)
    specs = {s.key: s for s in ind.inputs}
    if not specs:
        raise ValidationError(
            f"Indikator {number} dihitung dari data yang sudah ada ({ind.source}); "
            "ubah data sumbernya, bukan indikatornya.")
    current = dict(answers(store, village_code, year).get(number, {}))
    for key, raw in changes.items():
        if key not in specs:
            raise ValidationError(
                f"Isian '{key}' tidak ada di indikator {number}; pilih: {', '.join(specs)}.")
        value = _parse_input(specs[key], raw)
        if value is None:
            current.pop(key, None)
        else:
            current[key] = value
    for spec in ind.inputs:
        if spec.part_of and spec.key in current and spec.part_of in current \
                and current[spec.key] > current[spec.part_of]:
            raise ValidationError(
                f"{spec.label} ({current[spec.key]}) tidak boleh melebihi "
                f"{specs[spec.part_of].label.lower()} ({current[spec.part_of]}).")
    with store.atomic() as db:
        upsert_by_key(db, "drppa_answers",
                      {"village_code": village_code, "year": year, "indicator": number},
                      {"value": json.dumps(current, sort_keys=True)})
    return current


# -- evaluation -------------------------------------------------------------------------------

def _share(part: int | None, whole: int | None) -> str:
    if part is None or not whole:
        return "-"
    return format_percent(part / whole)


def evaluate(store: Store, village_code: str, year: int,
             on: dt.date | None = None) -> list[IndicatorResult]:
    """The village against the 10 indicators for one year."""
    from desa_layak.core import checklist

    cat = figure_catalogue.load()
    table = data_pilah.values(store, village_code, year)
    done, required = data_pilah.filled(table, cat)
    given = answers(store, village_code, year)
    team_list = {t.key: t for t in teams.get_teams(store, village_code, year)}
    recorded_teams = teams.recorded_keys(store, village_code, year)
    bud = budget_mod.get_budget(store, village_code, year)
    item_a = next(s for s in checklist.statuses(store, village_code, year, on)
                  if s.item.code == "A")

    def figure(key: str) -> tuple[int | None, str]:
        """A data pilah figure's total, only when every cell of it is filled (a total of
        some cells is no figure to judge by), and how to say it."""
        cells = cat.cells_of(cat.figure(key))
        got = [table[c] for c in cells if c in table]
        if len(got) == len(cells):
            return sum(got), format_number(sum(got))
        if not got:
            return None, EMPTY
        return None, f"{PARTIAL}, {len(got)} dari {len(cells)} isian"

    def num(v: int | None) -> str:
        return EMPTY if v is None else format_number(v)

    def ratio(part: int | None, whole: int | None, part_text: str = EMPTY,
              whole_text: str = EMPTY) -> str:
        """``3 dari 11 (27,3%)``; says which figure is still empty or incomplete."""
        if part is None and whole is None:
            if part_text == EMPTY and whole_text == EMPTY:
                return EMPTY
            return f"{part_text} (jumlah seluruhnya {whole_text})"
        if part is None:
            return f"{part_text} (dari {format_number(whole)})"
        if whole is None:
            return f"{format_number(part)} (jumlah seluruhnya {whole_text})"
        return f"{format_number(part)} dari {format_number(whole)} ({_share(part, whole)})"

    results: list[IndicatorResult] = []
    for ind in INDICATORS:
        ans = given.get(ind.number, {})
        facts: list[Fact] = []
        n = ind.number
        if n == 1:
            fa = team_list["forum_anak"]
            women = sum(t.members_p for t in team_list.values())
            forum_known = fa.key in recorded_teams
            facts = [Fact("Anggota Forum Anak",
                          format_number(fa.members) if forum_known else EMPTY,
                          "Tim Forum Anak"),
                     Fact("Anggota perempuan di keempat tim", format_number(women), "Tim")]
            groups = ans.get("kelompok_perempuan")
            # A village without women's groups, or with a Forum Anak of no members, does not
            # meet it; one not yet filled in cannot be judged.
            if groups == 0 or (forum_known and fa.members == 0):
                met = False
            elif groups is None or not forum_known:
                met = None
            else:
                met = True
            summary = ("Forum Anak dan kelompok perempuan ada." if met else
                       "Forum Anak atau kelompok perempuan belum ada." if met is False else
                       "Isi jumlah kelompok perempuan yang aktif." if forum_known else
                       "Isi jumlah anggota Forum Anak (halaman Tim)." if groups is not None else
                       "Isi jumlah anggota Forum Anak (halaman Tim) dan jumlah kelompok "
                       "perempuan yang aktif.")
        elif n == 2:
            facts = [Fact("Isian data pilah terisi", f"{done} dari {required}",
                          "Data pilah gender")]
            met = required > 0 and done >= required
            summary = ("Data pilah tahun ini lengkap." if met else
                       f"Data pilah baru terisi {done} dari {required} isian.")
        elif n == 3:
            doc = item_a.document
            facts = [Fact("Perdes", doc.doc_number if doc and doc.doc_number else "belum ada",
                          "Butir A")]
            met = item_a.fulfilled
            summary = item_a.reason
        elif n == 4:
            facts = [Fact("Kegiatan untuk anak", format_number(len(bud.lines)), "Anggaran"),
                     Fact("Jumlah anggaran", format_rupiah(bud.lines_total), "Anggaran"),
                     Fact("Porsi dari APBDes", bud.share_text(), "Anggaran")]
            if not bud.lines and not bud.apbdes_total:  # nothing of the budget entered yet
                met, summary = None, "Anggaran desa tahun ini belum diisi."
            else:
                met = bud.lines_total > 0
                summary = ("Ada anggaran desa untuk anak dan perempuan." if met else
                           "Belum ada kegiatan anggaran untuk anak.")
        elif n in (5, 6):
            pairs = ([("perangkat_p", "perangkat_total", "Perempuan di perangkat desa"),
                      ("bpd_p", "bpd_total", "Perempuan di BPD")] if n == 5 else
                     [("wirausaha_p", "wirausaha_total", "Perempuan di antara pelaku usaha")])
            facts = [Fact(label, ratio(ans.get(p), ans.get(w)), "Isian langsung")
                     for p, w, label in pairs]
            parts = [ans.get(p) for p, _, _ in pairs]
            met = None if any(v is None for v in parts) else all(v > 0 for v in parts)
            if met is None:
                summary = "Belum diisi."
            elif n == 5:
                summary = ("Perempuan terwakili." if met else
                           "Belum ada perempuan di perangkat desa atau BPD.")
            else:  # the share itself is in the facts
                summary = ("Ada pelaku usaha perempuan di desa." if met else
                           "Belum ada pelaku usaha perempuan.")
        elif n == 7:
            anak, anak_text = figure("anak")
            akta, akta_text = figure("akta")
            kia, kia_text = figure("kia")
            facts = [Fact("Anak dengan akta kelahiran", ratio(akta, anak, akta_text, anak_text),
                          "Data pilah"),
                     Fact("Anak dengan KIA", ratio(kia, anak, kia_text, anak_text),
                          "Data pilah"),
                     Fact("Anak tidak bersekolah", figure("tidak_sekolah")[1], "Data pilah")]
            if anak is None or akta is None:
                # judged only when every age band of both sexes is filled in
                met = None
                if anak_text == EMPTY and akta_text == EMPTY:
                    summary = "Belum ada data jumlah anak dan akta kelahiran."
                else:
                    needed = [c for key in ("anak", "akta")
                              for c in cat.cells_of(cat.figure(key))]
                    have = sum(1 for c in needed if c in table)
                    summary = (f"Data jumlah anak dan akta kelahiran belum lengkap: "
                               f"{have} dari {len(needed)} isian terisi.")
            elif not anak:
                met, summary = None, "Jumlah anak tercatat 0."
            else:
                # counted per sex and age band: a band with more akta than children does
                # not make up for one with fewer
                without = sum(max(table[("anak", s, b)] - table[("akta", s, b)], 0)
                              for _, s, b in cat.cells_of(cat.figure("anak")))
                met = without == 0
                summary = ("Semua anak memiliki akta kelahiran." if met else
                           f"{format_number(without)} anak belum memiliki akta kelahiran.")
        else:
            key = {8: "kekerasan_anak", 9: "pekerja_anak", 10: "perkawinan_anak"}[n]
            value, value_text = figure(key)
            facts = [Fact(cat.figure(key).label, value_text, "Data pilah")]
            counts = [value]
            for spec in ind.inputs:
                facts.append(Fact(spec.label, num(ans.get(spec.key)), "Isian langsung"))
                counts.append(ans.get(spec.key))
            known = [v for v in counts if v is not None]
            # One recorded case is enough to say "not met", whatever is still empty.
            if any(v > 0 for v in known):
                met = False
                summary = "Masih ada kasus tercatat."
            elif len(known) == len(counts):
                met, summary = True, "Tidak ada kasus tercatat."
            else:
                met = None
                summary = "Belum diisi." if not known else "Belum diisi lengkap."
        results.append(IndicatorResult(ind, met, summary, facts, ans))
    return results
