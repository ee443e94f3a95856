"""Validity rules and derived states across year boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from desa_layak.core import catalogue
from desa_layak.core.states import (
    DocumentFacts,
    FigureFacts,
    ItemState,
    action_order,
    covers_year,
    derive_state,
    document_state,
    effective_period,
)

CAT = catalogue.load()
A, B, D, F, G, H = (CAT.item(c) for c in "ABDFGH")


def doc(item: str, year: int, **kw) -> DocumentFacts:
    kw.setdefault("attachments", 1)
    kw.setdefault("doc_number", "1/2024")
    return DocumentFacts(id=f"{item}{year}", item_code=item, year=year, **kw)


def test_catalogue_has_items_a_to_h_with_validity_rules() -> None:
    assert CAT.codes == list("ABCDEFGH")
    assert [CAT.item(c).validity.kind for c in "ABCDE"] == [
        "standing", "yearly", "yearly", "period", "period"]
    assert D.validity.years == 3
    assert catalogue.available_versions() == (1,)


def test_yearly_sk_covers_only_its_year() -> None:
    sk = doc("B", 2023)
    assert effective_period(sk, B.validity) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert covers_year(sk, B.validity, 2023)
    assert not covers_year(sk, B.validity, 2024)


def test_period_sk_carries_forward_without_reentry() -> None:
    patbm = doc("D", 2023, valid_from="2023-01-01", valid_until="2025-12-31")
    for year in (2023, 2024, 2025):
        status = document_state(D, [patbm], year, dt.date(2024, 3, 27))
        assert status.state == ItemState.COMPLETE, year
    assert document_state(D, [patbm], 2024, dt.date(2024, 3, 27)).carried_from == 2023
    assert document_state(D, [patbm], 2026, dt.date(2026, 3, 1)).state == ItemState.EXPIRED


def test_period_without_end_date_uses_catalogue_length() -> None:
    patbm = doc("D", 2023, valid_from="2023-02-01")
    assert effective_period(patbm, D.validity)[1] == dt.date(2025, 12, 31)


def test_yearly_sk_missing_next_year_is_expired_not_started() -> None:
    sk = doc("B", 2023)
    assert document_state(B, [sk], 2024, dt.date(2024, 3, 27)).state == ItemState.EXPIRED
    assert document_state(B, [], 2024, dt.date(2024, 3, 27)).state == ItemState.NOT_STARTED


def test_expiring_within_90_days_only_in_current_year() -> None:
    sk = doc("B", 2024)
    assert document_state(B, [sk], 2024, dt.date(2024, 10, 15)).state == ItemState.EXPIRING
    assert document_state(B, [sk], 2024, dt.date(2024, 10, 15)).days_left == 77
    assert document_state(B, [sk], 2024, dt.date(2024, 9, 1)).state == ItemState.COMPLETE
    # Looking back at 2024 from 2025, the year was covered: no expiry warning.
    assert document_state(B, [sk], 2024, dt.date(2025, 2, 1)).state == ItemState.COMPLETE


def test_expired_mid_year_in_current_year() -> None:
    sk = doc("D", 2022, valid_from="2022-04-01", valid_until="2024-03-31")
    assert document_state(D, [sk], 2024, dt.date(2024, 3, 27)).state == ItemState.EXPIRING
    expired = document_state(D, [sk], 2024, dt.date(2024, 4, 2))
    assert expired.state == ItemState.EXPIRED
    # the reason is read by a person (window header, status, the PDF): never an ISO date
    assert expired.reason == "SK sudah tidak berlaku sejak 31 Maret 2024."


def test_no_attachment_and_draft() -> None:
    today = dt.date(2024, 3, 27)
    assert document_state(B, [doc("B", 2024, attachments=0)], 2024, today).state == (
        ItemState.NO_ATTACHMENT)
    assert document_state(B, [doc("B", 2024, status="draf")], 2024, today).state == (
        ItemState.IN_PROGRESS)


def test_standing_perdes_replaced_by_newer_one() -> None:
    old = doc("A", 2019, date_set="2019-05-01")
    new = doc("A", 2023, date_set="2023-06-12", attachments=0)
    status = document_state(A, [old, new], 2024, dt.date(2024, 3, 27))
    assert status.document.id == "A2023"
    assert status.state == ItemState.NO_ATTACHMENT
    assert document_state(A, [old, new], 2020, dt.date(2024, 3, 27)).document.id == "A2019"


def test_a_draft_revision_leaves_the_enacted_perdes_in_force() -> None:
    """Writing down the draft of a revised Perdes must not make the signed one stop counting
    (found by an exploratory tester: item A fell to 'Dalam proses' in recap, PDF and xlsx)."""
    signed = doc("A", 2024, date_set="2024-03-01")
    draft = doc("A", 2026, status="draf", doc_number="", attachments=0)
    status = document_state(A, [signed, draft], 2026, dt.date(2026, 12, 6))
    assert status.state == ItemState.COMPLETE and status.document.id == "A2024"
    only_draft = document_state(A, [draft], 2026, dt.date(2026, 12, 6))
    assert only_draft.state == ItemState.IN_PROGRESS  # nothing enacted: the draft speaks


def test_best_document_prefers_enacted_with_attachment() -> None:
    a = doc("B", 2024, attachments=0)
    b = DocumentFacts(id="other", item_code="B", year=2024, doc_number="2", attachments=2)
    assert document_state(B, [a, b], 2024, dt.date(2024, 3, 1)).document.id == "other"


@pytest.mark.parametrize(
    ("facts", "docs", "expected"),
    [
        (FigureFacts(data_pilah_cells=0, data_pilah_required=40), [], ItemState.NOT_STARTED),
        (FigureFacts(data_pilah_cells=10, data_pilah_required=40), [], ItemState.IN_PROGRESS),
        (FigureFacts(data_pilah_cells=40, data_pilah_required=40), [], ItemState.COMPLETE),
        (FigureFacts(data_pilah_cells=40, data_pilah_required=40),
         [doc("F", 2024, attachments=0)], ItemState.NO_ATTACHMENT),
    ],
)
def test_data_pilah_rule(facts, docs, expected) -> None:
    assert derive_state(F, docs, facts, 2024, dt.date(2024, 3, 27)).state == expected


def test_budget_rule_needs_lines_and_attached_apbdes() -> None:
    today = dt.date(2024, 3, 27)
    lines = FigureFacts(budget_lines=2)
    assert derive_state(G, [], FigureFacts(), 2024, today).state == ItemState.NOT_STARTED
    assert derive_state(G, [], lines, 2024, today).state == ItemState.NO_ATTACHMENT
    assert derive_state(G, [doc("G", 2024)], FigureFacts(), 2024, today).state == (
        ItemState.IN_PROGRESS)
    assert derive_state(G, [doc("G", 2024, attachments=0)], lines, 2024, today).state == (
        ItemState.NO_ATTACHMENT)
    assert derive_state(G, [doc("G", 2024)], lines, 2024, today).state == ItemState.COMPLETE


def test_facility_rule_needs_active_facility_with_photo() -> None:
    today = dt.date(2024, 3, 27)
    assert derive_state(H, [], FigureFacts(), 2024, today).state == ItemState.NOT_STARTED
    assert derive_state(H, [], FigureFacts(active_facilities=1), 2024, today).state == (
        ItemState.NO_ATTACHMENT)
    assert derive_state(H, [], FigureFacts(active_facilities=1, active_facilities_with_photo=1),
                        2024, today).state == ItemState.COMPLETE


def test_action_order_most_urgent_first() -> None:
    today = dt.date(2024, 10, 15)
    statuses = [
        document_state(B, [doc("B", 2024)], 2024, today),  # expiring
        document_state(D, [doc("D", 2020)], 2024, today),  # expired
        document_state(A, [], 2024, today),  # not started
    ]
    assert [s.item.code for s in action_order(statuses)] == ["D", "A", "B"]


def test_data_pilah_with_a_part_larger_than_its_whole_is_not_complete(
        demo_store, today: dt.date) -> None:  # noqa: ANN001
    """Found by an exploratory tester: item F read "Lengkap" while 281 boys aged 0-4 had a
    birth certificate out of 5, and the reports printed both numbers side by side."""
    import random

    from desa_layak.core import checklist, data_pilah, demo, figure_catalogue

    code, year, on = demo.DEMO_VILLAGE, today.year, today
    table = data_pilah.values(demo_store, code, year)
    assert not data_pilah.problems(table)

    def state_of_f() -> ItemState:
        return {s.item.code: s for s in checklist.statuses(demo_store, code, year, on=on)}["F"]

    assert state_of_f().state == ItemState.COMPLETE
    cat = figure_catalogue.load()
    part = next(c for c in table if cat.figure(c[0]).part_of == "anak")
    whole = ("anak", part[1], part[2])
    data_pilah.set_values(demo_store, code, year, {part: table[whole] + 1})
    f = state_of_f()
    assert f.state == ItemState.IN_PROGRESS and "1 isian lebih besar" in f.reason
    # the count is the one data_pilah.problems finds, for any figures
    rng = random.Random(7)
    for _ in range(5):
        noisy = {c: rng.randrange(0, 50) for c in table}
        data_pilah.set_values(demo_store, code, year, noisy)
        found = len(data_pilah.problems(data_pilah.values(demo_store, code, year)))
        facts = checklist.figure_facts_for(demo_store, [code], year)[code]
        assert facts.data_pilah_conflicts == found
