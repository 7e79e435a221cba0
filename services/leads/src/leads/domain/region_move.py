"""A lead follows its customer's province to that province's region.

A lead whose province was unknown (none, or only inferred from the phone number or the
company name) was placed in some region — perhaps 其他, which nobody works. When the
customer's province becomes known or changes (a rep or manager sets it, or a returning
customer gives it: gap fill), the lead moves to the province's region: its list, its
manager, its reports. Its owner stays (someone is already working the customer; moving the
lead again would drop that work); only a lead nobody could take (`unassignable`) is
offered to assignment again, now in the new region. A lead not yet placed (`new`, no
region) needs no move: its assignment reads the province when it comes. Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from leads.domain.assignment import Decision
from leads.domain.model import NEW, UNASSIGNABLE, Lead

CHANNEL = "region_moved"  # the history entry's channel (a touch of its own)
SOURCE = "system"  # nobody arrived: the lead moved


@dataclass(frozen=True)
class Move:
    province: str
    from_region: str  # names, as the directory shows them
    to_region: str
    by: str  # who set the province (as people know them); "" for a returning customer
    reoffered: bool  # nobody held it: assignment runs again in the new region

    @property
    def line(self) -> str:
        """The history line: 「郑浩 将省份改为 广东：线索由 其他 转入 华南，负责人不变」."""
        said = f"{self.by} 将省份改为 {self.province}" if self.by else \
            f"客户补全省份 {self.province}"
        then = "重新分配" if self.reoffered else "负责人不变"
        return f"{said}：线索由 {self.from_region} 转入 {self.to_region}，{then}"


def must_move(lead: Lead, province_region_id: str) -> bool:
    """Placed in a region other than its province's. A lead without a region yet (new) is
    placed by its province when it is assigned; a lead without a province has no other
    region to go to."""
    return bool(lead.province and lead.region_id and province_region_id
                and province_region_id != lead.region_id)


def move(lead: Lead, *, region_id: str) -> bool:
    """Puts the lead in its province's region; True when it is to be assigned again (it was
    `unassignable`: it now awaits assignment, `Lead.assign`)."""
    lead.region_id = region_id
    if lead.status != UNASSIGNABLE:
        return False
    lead.status = NEW
    return True


def moved_reason(decision: Decision, moved: Move) -> Decision:
    """The new assignment's reason says first why it happened (zh; the codes stay the
    assignment's own, so English readers see those)."""
    said = f"省份改为 {moved.province}，由 {moved.from_region} 转入 {moved.to_region}"
    return replace(decision, reason=f"{said}；{decision.reason}")
