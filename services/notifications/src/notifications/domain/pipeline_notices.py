"""Notices from the pipeline service's events (stream PIPELINE)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from notifications.domain import coded_texts, withdrawals
from notifications.domain.coded_texts import STAGES_EN
from notifications.domain.notices import Notice, Worded, local_time, unique, yuan
from notifications.domain.plurals import counted

STAGE_LABELS = {"lead": "线索", "first_visit": "初访", "needs_confirmed": "需求确认",
                "solution_design": "方案设计", "quote": "报价", "contract": "签约",
                "won": "赢单", "lost": "丢单"}
DECISIONS = {"approved": ("通过", "approved"), "rejected": ("驳回", "rejected")}


def _when(stamp: Any) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if stamp.seconds or stamp.nanos else None


def _deal(opportunity_id: str) -> str:
    return f"/opportunities/{opportunity_id}"


def stage_gate_blocked(e: Any) -> list[Notice]:
    """A refused move is published only by the move's own request (pipeline's
    ChangeStage), whose caller was answered 409 with the same unmet criteria: the owner
    hears only when someone else (a manager, a partner's token) tried to move their deal."""
    if e.by_user_id and e.by_user_id == e.owner_id:
        return []
    stage = STAGE_LABELS.get(e.to_stage, e.to_stage)
    params = {"to_stage": stage, "to_stage_en": STAGES_EN.get(e.to_stage, e.to_stage),
              "title": e.title or "-",
              "unmet": coded_texts.unmet(list(e.unmet), list(e.unmet_criteria))}
    return [Notice("stage_gate_blocked", params, _deal(e.opportunity_id),
                   users=unique([e.owner_id]))]


def quote_issued(e: Any) -> list[Notice]:
    params = {"account_name": e.account_name, "version": str(e.version),
              "total": yuan(e.total_fen), "discount": f"{e.discount_bp / 100:.2f}%",
              "issued_by": e.issued_by or "-"}
    # Finance sees every quote the moment it leaves sales: every finance user, by role.
    return [Notice("quote_issued", params, _deal(e.opportunity_id), roles=("finance",),
                   people={"issued_by": e.issued_by} if e.issued_by else {})]


def approval_requested(e: Any) -> list[Notice]:
    delegated = "（代他人审批）" if e.delegated_from else ""
    delegated_en = " (on behalf of a colleague who is away)" if e.delegated_from else ""
    params = {"account_name": e.account_name, "amount": yuan(e.amount_fen), "step": str(e.step),
              "due": local_time(_when(e.due_at)), "delegated": delegated,
              "delegated_en": delegated_en,
              # The step's reason is zh-CN only (the pipeline words it with the quote's
              # figures); English readers are pointed to the step instead.
              "reason": f"{e.reason}。" if e.reason else "",
              "reason_en": " The price is below the accepted quote: see the approval step."
              if e.reason else ""}
    return [Notice("approval_requested", params, _deal(e.opportunity_id),
                   users=unique([e.approver_id]), about=withdrawals.approval_step(e.step_id))]


def approval_decided(e: Any) -> list[Notice]:
    zh, en = DECISIONS.get(e.decision, (e.decision, e.decision))
    outcome = ("合同审批已全部完成。" if e.decision == "approved" else "合同已被驳回。") \
        if e.final else ""
    outcome_en = (" Every approval step is done." if e.decision == "approved"
                  else " The contract was rejected.") if e.final else ""
    params = {"account_name": e.account_name or "-", "decision": zh, "decision_en": en,
              "step": str(e.step), "comment": f"意见：{e.comment}。" if e.comment else "",
              "comment_en": f" Comment: {e.comment}." if e.comment else "",
              "outcome": outcome, "outcome_en": outcome_en}
    return [Notice("approval_decided", params, _deal(e.opportunity_id), users=unique([e.owner_id]))]


def approval_escalated(e: Any) -> list[Notice]:
    """Level 1 reminds the approver; level 2 goes to whom the chain escalates to, or the
    approver's manager when the event names nobody."""
    params = {"account_name": e.account_name or "-", "level": str(e.level), "step": str(e.step)}
    link, about = _deal(e.opportunity_id), withdrawals.approval_step(e.step_id)
    if e.level <= 1:
        return [Notice("approval_escalated", params, link, users=unique([e.approver_id]),
                       about=about)]
    if e.escalated_to_id:
        return [Notice("approval_escalated", params, link,
                       users=unique([e.escalated_to_id, e.approver_id]), urgent=True,
                       about=about)]
    return [Notice("approval_escalated", params, link, users=unique([e.approver_id]),
                   managers_of=unique([e.approver_id]), urgent=True, about=about)]


def signature_completed(e: Any) -> list[Notice]:
    params = {"account_name": e.account_name or "-", "signer_name": e.signer_name or "-",
              "signed_at": local_time(_when(e.signed_at))}
    return [Notice("signature_completed", params, _deal(e.opportunity_id),
                   users=unique([e.owner_id]))]


def deal_won(e: Any) -> list[Notice]:
    """A won deal is news for the people above its owner: the owner's manager, the
    managers of the deal's region and the directors; never the owner (they closed it) nor
    whoever moved it to won (a manager clicking it saw it). Named by its title, the
    customer for an event from before DealWon carried it."""
    days = max(1, -(-e.cycle_seconds // 86400))
    params = {"account_name": e.account_name or "-", "amount": yuan(e.amount_fen),
              "deal": e.title or e.account_name or "-",
              "deal_title": Worded(f"「{e.title}」", {"en": f" ({e.title})"}) if e.title
              else Worded(""),
              "owner": e.owner_id or "-", "days": str(days), "days_en": counted(days, "day")}
    return [Notice("deal_won", params, _deal(e.opportunity_id), roles=("director",),
                   managers_of=unique([e.owner_id]), region_managers=unique([e.region_id]),
                   people={"owner": e.owner_id} if e.owner_id else {},
                   not_to=unique([e.owner_id, e.by_user_id]))]


def deal_reopened(e: Any) -> list[Notice]:
    """A lost deal back in play: its owner resumes it, their reporting-line manager and the
    region's managers see it in their funnel again. Never whoever reopened it (a manager or
    director: they did it). The reason is the reopener's own words, shown as written."""
    reason = e.reason.strip()
    stage = STAGE_LABELS.get(e.to_stage, e.to_stage)
    params = {"deal": e.title or "-", "to_stage": stage,
              "to_stage_en": STAGES_EN.get(e.to_stage, e.to_stage),
              "reason": Worded(f"（{reason}）", {"en": f" ({reason})"}) if reason
              else Worded(""),
              "amount": yuan(e.amount_fen), "lost_reason": e.lost_reason.strip() or "-",
              "by": e.by_user_id or "-", "owner": e.owner_id or "-"}
    people = {p: uid for p, uid in (("by", e.by_user_id), ("owner", e.owner_id)) if uid}
    return [Notice("deal_reopened", params, _deal(e.opportunity_id),
                   users=unique([e.owner_id]), managers_of=unique([e.owner_id]),
                   region_managers=unique([e.region_id]), people=people,
                   not_to=unique([e.by_user_id]))]


def signature_requested(e: Any) -> list[Notice]:
    """The customer's signer gets the one-time code and link by SMS (no inbox: not a user).
    The link is a path; the service puts the public address in front."""
    if not e.signer_phone:
        return []
    params = {"account_name": e.account_name or "-", "signer_name": e.signer_name or "",
              "code": e.code, "link": f"/sign/{e.link_token}",
              "expires": local_time(_when(e.expires_at))}
    return [Notice("signature_requested", params, params["link"],
                   addresses={"sms": e.signer_phone})]


BY_TYPE = {
    "pipeline.stage_gate_blocked": stage_gate_blocked,
    "pipeline.quote_issued": quote_issued,
    "pipeline.approval_requested": approval_requested,
    "pipeline.approval_decided": approval_decided,
    "pipeline.approval_escalated": approval_escalated,
    "pipeline.signature_completed": signature_completed,
    "pipeline.signature_requested": signature_requested,
    "pipeline.deal_won": deal_won,
    "pipeline.deal_reopened": deal_reopened,
}
