"""A handover reads with people's names, and the manager's one line says who took what:
the named successor, the assignment rules (worded in the reader's language), or both."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from notifications.domain.handover_notices import HandoverFacts, handover_items

NOW = datetime(2026, 11, 27, 8, tzinfo=UTC)
NAMES = {"u-left": "唐欣", "u-heir": "李明", "u-mgr": "王经理"}


def _facts(to: str, *, leads: int = 0, deals: int = 0) -> HandoverFacts:
    return HandoverFacts(handover_id="h1", from_user_id="u-left", from_username="rep21",
                         to_user_id=to, to_username="分配规则" if not to else "rep22",
                         manager_id="u-mgr", reason="离职", leads=leads, opportunities=deals)


def _items(facts: HandoverFacts, counts: dict[str, dict[str, tuple[int, int, int]]],
           language: str = "zh-CN") -> dict[tuple[str, str], str]:
    ids = count()
    made = handover_items(facts, facts.rows(), counts, names=NAMES,
                          languages={"u-heir": language, "u-mgr": language}, now=NOW,
                          new_id=lambda: f"i{next(ids)}")
    return {(i.user_id, i.event_id): i.title for i in made}


def test_the_successors_deals_and_rules_leads_are_one_row_per_leaver() -> None:
    leads, deals = _facts("u-heir", leads=1), _facts("u-heir", deals=1)
    assert leads.rows()[0] == deals.rows()[0] == ("u-left:took", "u-heir")
    assert leads.event_key("u-left:took") == "handover:u-left:took"
    # the manager's parts stay apart, so the line can say who took what
    assert _facts("", leads=2).rows() == [("u-left:told:rules", "u-mgr")]


def test_the_successor_reads_the_leavers_display_name_not_the_username() -> None:
    facts = _facts("u-heir", deals=1)
    counts = {"u-heir": {"u-left:took": (1, 1, 0)}, "u-mgr": {"u-left:told:u-heir": (0, 1, 0)}}
    assert _items(facts, counts) == {
        ("u-heir", "handover:u-left:took"): "您接手了 唐欣 的 1 条线索、1 个商机",
        ("u-mgr", "handover:u-left:told"): "唐欣 的 0 条线索、1 个商机已交接给 李明"}


def test_the_manager_reads_one_line_for_the_rules_leads_and_the_successors_deals() -> None:
    facts = _facts("u-heir", deals=1)
    counts = {"u-mgr": {"u-left:told:u-heir": (0, 1, 0), "u-left:told:rules": (2, 0, 0)}}
    titles = _items(facts, counts)
    assert titles[("u-mgr", "handover:u-left:told")] == (
        "唐欣 的 2 条线索、1 个商机已交接给 李明（1 个商机）、分配规则（2 条线索）")
    english = _items(facts, counts, "en")
    assert english[("u-mgr", "handover:u-left:told")] == (
        "唐欣's 2 leads and 1 deal handed over to 李明 (1 deal) and the assignment rules "
        "(2 leads)")


def test_an_english_manager_reads_the_rules_not_fen_pei_gui_ze() -> None:
    facts = _facts("", leads=2)
    titles = _items(facts, {"u-mgr": {"u-left:told:rules": (2, 0, 0)}}, "en")
    assert titles == {("u-mgr", "handover:u-left:told"):
                      "唐欣's 2 leads and 0 deals handed over to the assignment rules"}


def test_the_successor_reads_the_work_orders_they_took_beside_leads_and_deals() -> None:
    facts = _facts("u-heir", leads=1)
    counts = {"u-heir": {"u-left:took": (3, 2, 1)}, "u-mgr": {"u-left:told:u-heir": (3, 2, 1)}}
    assert _items(facts, counts) == {
        ("u-heir", "handover:u-left:took"): "您接手了 唐欣 的 3 条线索、2 个商机、1 个工单",
        ("u-mgr", "handover:u-left:told"): "唐欣 的 3 条线索、2 个商机、1 个工单已交接给 李明"}
    assert _items(facts, counts, "en")[("u-heir", "handover:u-left:took")] == (
        "You took over 3 leads, 2 deals and 1 work order from 唐欣")


def test_an_engineer_leavers_orders_read_as_orders_alone_and_lead_to_the_order_list() -> None:
    """An engineer had no leads or deals: "0 条线索、0 个商机" would be noise."""
    facts = HandoverFacts(handover_id="h1", from_user_id="u-left", from_username="eng7",
                          to_user_id="u-heir", to_username="eng8", manager_id="u-mgr",
                          reason="", leads=0, opportunities=0, workorders=1)
    made = handover_items(facts, facts.rows(), {"u-heir": {"u-left:took": (0, 0, 2)}},
                          names=NAMES, languages={}, now=NOW, new_id=lambda: "i")
    [item] = [i for i in made if i.user_id == "u-heir"]
    assert (item.title, item.link) == ("您接手了 唐欣 的 2 个工单", "/workorders")
    assert "线索" not in item.body and "工单" in item.body


def test_the_manager_reads_orders_back_in_the_queue_as_their_own_part() -> None:
    facts = HandoverFacts(handover_id="h1", from_user_id="u-left", from_username="rep21",
                          to_user_id="", to_username="", manager_id="u-mgr", reason="离职",
                          leads=0, opportunities=0, workorders=1, unplaced="queue")
    assert facts.rows() == [("u-left:told:queue", "u-mgr")]
    counts = {"u-mgr": {"u-left:told:u-heir": (4, 1, 1), "u-left:told:queue": (0, 0, 2)}}
    assert _items(facts, counts) == {("u-mgr", "handover:u-left:told"): (
        "唐欣 的 4 条线索、1 个商机、3 个工单已交接给 李明（4 条线索、1 个商机、1 个工单）、"
        "部门待指派队列（2 个工单）")}
    assert _items(facts, counts, "en")[("u-mgr", "handover:u-left:told")].endswith(
        "李明 (4 leads, 1 deal, 1 work order) and their departments' queues (2 work orders)")


def _queued(order_id: str = "w1") -> HandoverFacts:
    return HandoverFacts(handover_id="h1", from_user_id="u-left", from_username="eng7",
                         to_user_id="", to_username="", manager_id="u-mgr", reason="离职",
                         leads=0, opportunities=0, workorders=1, unplaced="queue",
                         order_id=order_id)


def test_the_managers_line_links_to_the_one_order_back_in_the_queue() -> None:
    """The leaver's manager who supervises the department reads this one item (no
    "back in queue" beside it): it must open the order and ask for an assignee."""
    facts = _queued()
    [item] = handover_items(facts, facts.rows(), {"u-mgr": {"u-left:told:queue": (0, 0, 1)}},
                            names=NAMES, languages={}, now=NOW, new_id=lambda: "i")
    assert item.link == "/workorders/w1"
    assert "指派" in item.body


def test_the_managers_line_links_to_the_queue_filtered_to_the_leavers_orders() -> None:
    facts = _queued("w3")
    [item] = handover_items(facts, facts.rows(), {"u-mgr": {"u-left:told:queue": (0, 0, 3)}},
                            names=NAMES, languages={"u-mgr": "en"}, now=NOW,
                            new_id=lambda: "i")
    assert item.link == "/workorders?requeued_from=u-left"
    assert "assign" in item.body
