"""How a handover's counts read (domain/handover_notices.py): what a person took from the
leaver, and who took what for the leaver's manager, in zh-CN and English. Pure; no I/O.

Leads and deals always read as they did before work orders moved with a handover ("2 条
线索、0 个商机"): admins and people know that line. Work orders are added only when there
are some, and a leaver who had only work orders (an engineer) reads as just that, not as
"0 条线索、0 个商机、2 个工单"."""

from __future__ import annotations

from collections.abc import Mapping

from notifications.domain.notices import Worded
from notifications.domain.plurals import counted

Counts = tuple[int, int, int]  # leads, opportunities, work orders
RULES = "rules"  # the manager's part the assignment rules placed (no successor named)
QUEUE = "queue"  # the manager's part of orders back in their departments' queues
UNPLACED = {RULES: Worded("分配规则", {"en": "the assignment rules"}),
            QUEUE: Worded("部门待指派队列", {"en": "their departments' queues"})}


def took(counts: Counts) -> Worded:
    """「2 条线索、1 个商机、3 个工单」: what a part holds."""
    leads, deals, orders = counts
    if not leads and not deals and orders:
        return Worded(f"{orders} 个工单", {"en": _orders_en(orders)})
    zh, en = f"{leads} 条线索、{deals} 个商机", [counted(leads, "lead"), counted(deals, "deal")]
    if orders:
        zh, en = f"{zh}、{orders} 个工单", [*en, _orders_en(orders)]
    return Worded(zh, {"en": ", ".join(en[:-1]) + " and " + en[-1]})


def follow_up(counts: Counts) -> Worded:
    """The successor's body: what now waits for them."""
    leads, deals, orders = counts
    zh, en = [], []
    if leads or deals or not orders:
        zh.append("这些线索和商机现在由您跟进；尚未首次联系的线索已重新开始计时。")
        en.append("they are yours to follow up; leads not yet contacted have a fresh "
                  "first-contact deadline.")
    if orders:
        zh.append("接手的工单已转到您名下：您发起的由您验收，您处理的请继续处理（见工单列表）。")
        en.append(("the work orders" if not en else " The work orders") +
                  " are yours now: review the ones you requested, carry on with the ones "
                  "you work on (see the work order list).")
    return Worded("".join(zh), {"en": "".join(en)})


def queue_note(queued: Counts) -> Worded:
    """The manager's body when orders went back to a queue: someone must assign them."""
    if not queued[2]:
        return Worded("")
    return Worded("退回部门队列的工单待部门主管指派处理人（见链接）。",
                  {"en": " The work orders back in the queue wait for their department's "
                         "supervisor to assign them (see the link)."})


def receivers(parts: Mapping[str, Counts], names: Mapping[str, str]) -> Worded:
    """Who took the leaver's work, for the manager: one successor by name; several (a
    successor's deals and the rules' leads), each with what they took."""
    order = sorted((p for p in parts if p not in UNPLACED), key=lambda p: names.get(p, p))
    order += [p for p in UNPLACED if p in parts]

    def name(part: str, language: str) -> str:
        return UNPLACED[part].styled(language) if part in UNPLACED else names.get(part, part)

    if len(order) == 1:
        return Worded(name(order[0], "zh-CN"), {"en": name(order[0], "en")})
    zh = "、".join(f"{name(p, 'zh-CN')}（{_counted_zh(parts[p])}）" for p in order)
    en = " and ".join(f"{name(p, 'en')} ({_counted_en(parts[p])})" for p in order)
    return Worded(zh, {"en": en})


def _counted_zh(counts: Counts) -> str:
    leads, deals, orders = counts
    said = [f"{leads} 条线索" if leads else "", f"{deals} 个商机" if deals else "",
            f"{orders} 个工单" if orders else ""]
    return "、".join(s for s in said if s)


def _counted_en(counts: Counts) -> str:
    leads, deals, orders = counts
    said = [counted(leads, "lead") if leads else "", counted(deals, "deal") if deals else "",
            _orders_en(orders) if orders else ""]
    return ", ".join(s for s in said if s)


def _orders_en(orders: int) -> str:
    return counted(orders, "work order")
