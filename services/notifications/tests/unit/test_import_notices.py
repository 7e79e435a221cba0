"""Who hears of an import: owners it gave leads or returning customers, and its uploader."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from notifications.domain.import_notices import ImportFacts, import_items
from notifications.service_layer.import_drafts import facts_of
from salesos.events.v1 import leads_pb2

FACTS = ImportFacts(import_id="i-1", file_name="名单.csv", started_by="mgr", state="done",
                    error="", counts={"total": 2, "created": 2, "merged": 0, "failed": 0},
                    owners=(("rep-a", 2, 0), ("rep-b", 0, 0)))


def test_an_owner_the_import_gave_nothing_is_not_told() -> None:
    assert FACTS.people() == ("rep-a", "mgr")


def test_a_clean_import_offers_no_error_report_and_speaks_each_readers_language() -> None:
    ids = iter(["1", "2"])
    items = import_items(FACTS, event_id="e-1", now=datetime(2026, 11, 27, tzinfo=UTC),
                         languages={"rep-a": "en", "mgr": "zh-CN"}, new_id=lambda: next(ids))
    assert [(i.user_id, i.kind, i.link) for i in items] == [
        ("mgr", "lead_import_finished", "/leads/imports/i-1"),
        ("rep-a", "lead_import_assigned", "/leads")]
    assert items[0].body == "共 2 行：新建 2 条，合并到已有线索 0 条，失败 0 条。"
    assert items[1].title == "Leads from an import are yours: 名单.csv"


def test_the_uploader_is_told_how_many_new_leads_nobody_could_take() -> None:
    facts = replace(FACTS, counts={"total": 301, "created": 300, "merged": 0, "failed": 1,
                                   "unassigned": 50})
    ids = iter(["1", "2", "3", "4"])
    zh, en = (next(i for i in import_items(
        facts, event_id="e-1", now=datetime(2026, 11, 27, tzinfo=UTC),
        languages={"mgr": language}, new_id=lambda: next(ids)) if i.user_id == "mgr")
        for language in ("zh-CN", "en"))
    assert "其中 50 条新线索无人可分配，已通知相关经理手动分配。" in zh.body
    assert "50 of the new leads could not be assigned; their managers were told." in en.body


def test_the_uploader_hears_which_rows_came_in_without_a_cell_and_where_to_look() -> None:
    """Rows with a province 火星 or a budget "abc" are imported without that cell: the
    uploader is pointed at errors.xlsx even when no row failed."""
    facts = replace(FACTS, counts={"total": 10, "created": 10, "merged": 0, "failed": 0,
                                   "warned": 3})
    ids = iter(["1", "2", "3", "4"])
    zh, en = (next(i for i in import_items(
        facts, event_id="e-1", now=datetime(2026, 11, 27, tzinfo=UTC),
        languages={"mgr": language}, new_id=lambda: next(ids)) if i.user_id == "mgr")
        for language in ("zh-CN", "en"))
    assert zh.body.endswith("其中 3 行有单元格未导入（线索已导入），详见错误清单（errors.xlsx）。")
    assert "3 rows were imported without a cell that could not be read" in en.body
    assert "改正后只重新导入" not in zh.body  # nothing failed: nothing to re-import


def test_the_warned_rows_of_the_event_reach_the_summary() -> None:
    facts = facts_of(leads_pb2.LeadImportFinished(import_id="i-2", rows_total=5, created=5,
                                                  warned=2, state="done"))
    assert facts.counts["warned"] == 2
