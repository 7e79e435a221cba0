"""Notices of a quote's discount beyond its author's limit (stream PIPELINE): the ask to
whoever may decide it, and the decision to the quote's author. The ask is about the
quote's discount (`withdrawals.quote_discount`): withdrawn when someone decides it, the
quote is revised, the deal is lost or sent back before 方案设计 (service_layer/
withdrawals.py). Its reminder and escalation are about it too. Pure; no I/O."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from notifications.domain import withdrawals
from notifications.domain.notices import Notice, unique, yuan

DISCOUNT_DECISIONS = {"approved": ("批准", "approved"), "rejected": ("驳回", "rejected")}


def _quote(quote_id: str) -> str:
    return f"/quotes/{quote_id}"


def _asked(e: Any) -> dict[str, str]:
    return {"account_name": e.account_name or "-", "version": str(e.version),
            "discount": f"{e.discount_bp / 100:.2f}%", "total": yuan(e.total_fen),
            "author": e.created_by or "-"}


def _deciders(e: Any) -> dict[str, Any]:
    """The managers of the deal's region (the directors when it has none) for a manager's
    discount, the directors for a director's."""
    return ({"roles": ("director",)} if e.approval_role == "director"
            else {"region_managers": (e.region_id,)})


def _about(e: Any, kind: str, params: dict[str, str] | None = None, **more: Any) -> Notice:
    return Notice(kind, _asked(e) | (params or {}), _quote(e.quote_id),
                  users=unique(list(e.delegate_ids)), **(_deciders(e) | more),
                  people={"author": e.created_by} if e.created_by else {},
                  not_to=unique([e.owner_id, e.created_by]),
                  about=withdrawals.quote_discount(e.quote_id))


def discount_approval_requested(e: Any) -> list[Notice]:
    """A discount beyond its author's limit asks whoever may decide it (`_deciders`) and
    the delegates the pipeline names as holding it for an away approver. Never the deal's
    owner nor the quote's author. `handed_on` (a delegation set, moved or ended since):
    only the delegates holding it now — notify leaves out those already asked."""
    notice = _about(e, "discount_approval_requested")
    return [replace(notice, region_managers=(), roles=()) if e.handed_on else notice]


def still_deciding(e: Any) -> Notice:
    """Whom a discount's items stay with when its holders change: its approvers, the
    directors (who may decide any discount within their limit, and hear its escalation)
    and the delegates holding it now — resolved as a notice's recipients are."""
    return replace(_about(e, "discount_approval_requested"), roles=("director",))


def discount_escalated(e: Any) -> list[Notice]:
    """Level 1 reminds whoever it asked; level 2 tells the directors too (urgent: pushed
    in quiet hours), the next level up from the managers — for a director's discount, a
    second reminder to the directors. Withdrawn with the ask."""
    if e.level <= 1:
        return [_about(e, "discount_escalated", {"level": "1"})]
    return [_about(e, "discount_escalated", {"level": str(e.level)}, roles=("director",),
                   urgent=True)]


def discount_decided(e: Any) -> list[Notice]:
    """The quote's author (and the deal's owner, when someone else wrote it) hears the
    decision: they may issue it now, or must revise it. Not the decider."""
    zh, en = DISCOUNT_DECISIONS.get(e.decision, (e.decision, e.decision))
    approved = e.decision == "approved"
    params = {"account_name": e.account_name or "-", "version": str(e.version),
              "decision": zh, "decision_en": en, "decided_by": e.decided_by or "-",
              "comment": f"意见：{e.comment}。" if e.comment else "",
              "comment_en": f" Comment: {e.comment}." if e.comment else "",
              "next": "现在可以发出报价。" if approved else "请调整后新建报价版本。",
              "next_en": " The quote can now be issued." if approved
              else " Adjust it in a new quote version."}
    return [Notice("discount_decided", params, _quote(e.quote_id),
                   users=unique([e.created_by, e.owner_id]),
                   people={"decided_by": e.decided_by} if e.decided_by else {},
                   not_to=unique([e.decided_by]))]


BY_TYPE = {
    "pipeline.discount_approval_requested": discount_approval_requested,
    "pipeline.discount_decided": discount_decided,
    "pipeline.discount_escalated": discount_escalated,
}
