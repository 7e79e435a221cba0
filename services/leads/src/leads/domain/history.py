"""Touches (each arrival of a customer) and manual merges, as plain values; the merge
rules. Pure; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leads.domain.lifecycle import QUALIFIED
from leads.domain.normalise import InvalidField

MERGE_ROLES = frozenset({"manager", "director", "admin"})
_SUMMARY_LIMIT = 300


@dataclass(frozen=True)
class Touch:
    id: str
    lead_id: str
    source: str
    channel: str
    summary: str
    touched_at: datetime
    match_reason: str = ""  # empty for the arrival that created the lead
    idempotency_key: str | None = None
    request_hash: str | None = None  # fingerprint(...) of a keyed arrival
    filled: tuple[str, ...] = ()  # the lead's empty fields it filled (domain/gap_fill.py)


@dataclass(frozen=True)
class Merge:
    id: str
    survivor_id: str
    merged_id: str
    merged_by: str
    merged_at: datetime
    undone_by: str = ""
    undone_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


class MergeConflict(Exception):
    """The merge cannot happen as asked (a lead is already merged elsewhere)."""


def summarise(*, company: str, name: str, title: str = "", event: str = "", booth: str = "",
              message: str = "", notes: tuple[str, ...] = ()) -> str:
    """What arrived, in one line for the history, e.g.
    「精工机械 王伟 采购经理 @2026工博会 A12：想要报价」; intake's notes follow in brackets
    (「…【分机 801；客户填写的省份「火星」无法识别】」) and are never cut off: the message is."""
    who = " ".join(part for part in (company, name, title) if part)
    where = " ".join(part for part in (event, booth) if part)
    text = who + (f" @{where}" if where else "")
    first_line = message.split("\n", 1)[0] if message else ""
    if first_line:
        text += f"：{first_line}"
    noted = f"【{'；'.join(notes)}】" if notes else ""
    return text[:max(_SUMMARY_LIMIT - len(noted), 0)] + noted[:_SUMMARY_LIMIT]


def check_merge(*, survivor_id: str, survivor_merged_into: str, other_id: str,
                other_merged_into: str, other_status: str = "") -> None:
    """Raises when the merge is not allowed; an identical active merge is not checked here.

    A lead that became a deal (qualified) is not merged away: it would leave every list
    while its deal goes on under another rep, one customer then showing as a merged lead
    and two open deals. It can survive the merge instead."""
    if survivor_id == other_id:
        raise InvalidField("other_lead_id", "不能把线索与自身合并")
    if survivor_merged_into:
        raise MergeConflict("保留的线索已被合并到其他线索，请先撤销那次合并")
    if other_merged_into:
        raise MergeConflict("要合并的线索已被合并到其他线索，请先撤销那次合并")
    if other_status == QUALIFIED:
        raise MergeConflict("要合并的线索已转为商机，不能被合并：请反过来把另一条线索合并到它；"
                            "两条都已转商机时，请把重复的商机标记为丢单")
