"""English readers count in the right number: "1 lead", "2 leads", "1 day". The bare
numbers stay parameters too, so an admin's earlier edit (with `{count}`) keeps rendering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from notifications.domain import templates
from notifications.domain.handover_texts import took
from notifications.domain.import_clock import ImportClockFacts, Share, item
from notifications.domain.import_notices import ImportFacts, import_items
from notifications.domain.pipeline_notices import deal_won
from notifications.domain.plurals import counted
from notifications.domain.template_edits import check_edit
from salesos.events.v1 import pipeline_pb2

NOW = datetime(2026, 11, 27, 8, tzinfo=UTC)


@pytest.mark.parametrize(("n", "said"), [(0, "0 leads"), (1, "1 lead"), (2, "2 leads")])
def test_a_count_takes_the_nouns_number(n: int, said: str) -> None:
    assert counted(n, "lead") == said


def test_a_handover_of_one_lead_and_one_deal_reads_singular() -> None:
    assert took((1, 1, 0)).styled("en") == "1 lead and 1 deal"
    assert took((2, 0, 1)).styled("en") == "2 leads, 0 deals and 1 work order"
    assert took((1, 1, 0)).styled("zh-CN") == "1 条线索、1 个商机"


def _summary(language: str, **counts: int) -> str:
    facts = ImportFacts(import_id="i-1", file_name="名单.xlsx", started_by="mgr", state="done",
                        error="", counts={"created": 0, "merged": 0, "failed": 0} | counts,
                        owners=())
    [told] = import_items(facts, event_id="e", now=NOW, languages={"mgr": language},
                          new_id=lambda: "1")
    return told.body


def test_an_import_of_one_row_with_one_unread_cell_reads_singular() -> None:
    body = _summary("en", total=1, created=1, warned=1)
    assert body.startswith("1 row: 1 new,")
    assert "1 row was imported without a cell that could not be read; errors.xlsx lists it." \
        in body
    many = _summary("en", total=3, created=3, warned=2)
    assert many.startswith("3 rows: 3 new,") and "2 rows were imported" in many
    assert "lists them." in many


def _clock(language: str, *leads: int, overdue: bool = False) -> str:
    shares = [Share(f"u{n}", f"rep{n}", n, NOW, NOW) for n in leads]
    facts = ImportClockFacts(import_id="i-1", file_name="名单.xlsx",
                             kind="overdue" if overdue else "reminder_50", share=shares[0],
                             manager_ids=(), as_of=NOW)
    made = item(facts, "mgr", shares, item_id="1", now=NOW, language=language)
    return f"{made.title} | {made.body}"


def test_an_imports_first_contact_items_count_leads_in_the_right_number() -> None:
    assert _clock("en", 1).startswith("1 lead from import 名单.xlsx: 0% of first-contact")
    assert _clock("en", 2).startswith("2 leads from import 名单.xlsx")
    overdue = _clock("en", 1, 2, overdue=True)
    assert overdue.startswith("Overdue for first contact: 3 leads from import 名单.xlsx | ")
    assert "rep2 (2 leads), rep1 (1 lead): not contacted by" in overdue
    assert _clock("zh-CN", 1, overdue=True).startswith("导入「名单.xlsx」中 1 条线索首次联系已超时")


def test_a_deal_won_in_a_day_says_one_day() -> None:
    def body(seconds: int) -> str:
        [notice] = deal_won(pipeline_pb2.DealWon(opportunity_id="o", account_name="华东机械",
                                                 amount_fen=100, cycle_seconds=seconds))
        return templates.render("deal_won", notice.params, "en").body

    assert "1 day from deal to signature" in body(3600)
    assert "3 days from deal to signature" in body(3 * 86400)


@pytest.mark.parametrize(("kind", "params", "one", "many"), [
    ("digest", {"lines": "-"}, "1 notification from your quiet hours",
     "2 notifications from your quiet hours"),
    ("lead_import_unassignable", {"file": "名单.xlsx"},
     "1 lead of an import could not be assigned: 名单.xlsx",
     "2 leads of an import could not be assigned: 名单.xlsx")])
def test_counted_titles_read_right_for_one_and_many(kind: str, params: dict[str, str],
                                                     one: str, many: str) -> None:
    """The service layer gives these `{count}` and the English `_en` count side by side."""
    noun = "notification" if kind == "digest" else "lead"
    for n, title in ((1, one), (2, many)):
        said = params | {"count": str(n), f"{noun}s_en": counted(n, noun)}
        assert templates.render(kind, said, "en").title == title


def test_an_admins_earlier_english_edit_with_the_bare_count_still_renders() -> None:
    edited = check_edit("digest", "en", "Held for you: {count}", "{lines}")
    book = {"digest": {"en": edited}}
    params = {"count": "1", "notifications_en": "1 notification", "lines": "-"}
    assert templates.render("digest", params, "en", book).title == "Held for you: 1"
    assert check_edit("digest", "en", "{notifications_en} held", "{lines}")  # the new one too


def test_the_zh_texts_keep_their_bare_numbers() -> None:
    params = {"count": "1", "notifications_en": "1 notification", "lines": "-"}
    assert templates.render("digest", params).title == "免打扰期间的 1 条通知"
