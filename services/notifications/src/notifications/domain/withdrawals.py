"""Items that ask someone to act, and what they say once that no longer waits.

An approver's 「合同待您审批」 (and the step's reminders and escalations) is about the step
(`about`: `approval_step:<id>`). When the contract's round ends before the step is decided
— its deal sent back before 报价, its terms revised, the contract void — the pipeline says
so (pipeline.approval_withdrawn) and the item is withdrawn: read, tagged 「【已撤回】」 in its
title, its body opened with why, so it leaves the open inbox and the history keeps it.
Acting on it would have been a 409. So is an item of someone the step has since gone
away from (`handed_on`: a delegate named, the step handed back, a handover moving it up):
their decision would be 403. And the item of whoever else held a step once it is decided
(`decided_by_other`: the away approver back early decided it, or their delegate did):
theirs would be 409. A quote's discount waiting beyond its author's limit asks its
approvers the same way (`quote_discount:<id>`), withdrawn once it is decided by someone
else, the quote revised or the deal lost. Pure; no I/O."""

from __future__ import annotations

from notifications.domain.templates import DEFAULT_LANGUAGE

_STEP, _DISCOUNT = "approval_step:", "quote_discount:"
TAGS = {"zh-CN": "【已撤回】", "en": "[Withdrawn] "}
NOTES = {
    "deal_sent_back": {"zh-CN": "已撤回：商机已退回，合同退回草稿，待重新提交审批",
                       "en": "Withdrawn: the deal was sent back and the contract is a draft "
                             "again, to be submitted anew"},
    "terms_revised": {"zh-CN": "已撤回：合同条款已修改，合同退回草稿，待重新提交审批",
                      "en": "Withdrawn: the contract's terms changed; it is a draft again, "
                            "to be submitted anew"},
    "contract_cancelled": {"zh-CN": "已撤回：合同已作废",
                           "en": "Withdrawn: the contract is void"},
    # the step went on to someone else (a delegate, its approver back, a manager)
    "handed_on": {"zh-CN": "已撤回：该审批步骤已转由他人处理",
                  "en": "Withdrawn: this approval step is now someone else's to decide"},
    # the other holder of the step (the away approver back early, or their delegate)
    # decided it first; `{by}` names them
    "decided_by_other": {"zh-CN": "已撤回：该审批步骤已由 {by} 处理",
                         "en": "Withdrawn: {by} has already decided this approval step"},
    # quote discounts (`quote_discount:<quote id>`)
    "discount_decided": {"zh-CN": "已撤回：该折扣已由 {by} 处理",
                         "en": "Withdrawn: {by} has already decided this discount"},
    "quote_revised": {"zh-CN": "已撤回：报价已有新版本，该折扣无需再审批",
                      "en": "Withdrawn: a newer version replaced the quote; its discount "
                            "needs no decision"},
    "deal_lost": {"zh-CN": "已撤回：商机已丢单，该折扣无需再审批",
                  "en": "Withdrawn: the deal was lost; the discount needs no decision"},
    # the delegates holding it changed: a delegate named instead, or the delegation over
    "discount_handed_on": {"zh-CN": "已撤回：该折扣已转由他人审批",
                           "en": "Withdrawn: this discount is now someone else's to decide"},
    # the deal went back before 方案设计: the discount waits, undecidable, until it comes
    # forward (then it is asked again)
    "discount_on_hold": {"zh-CN": "已撤回：商机已退回，折扣审批暂停",
                         "en": "Withdrawn: the deal was sent back; the discount approval "
                               "is paused"},
}
# A discount's `why` that names a contract's reason too, read as the discount's.
DISCOUNT_WHYS = {"deal_sent_back": "discount_on_hold"}
HANDED_ON, DECIDED_BY_OTHER, DISCOUNT_DECIDED, DISCOUNT_HANDED_ON = (
    "handed_on", "decided_by_other", "discount_decided", "discount_handed_on")
_ANY = {"zh-CN": "已撤回：该合同已不再等待审批",
        "en": "Withdrawn: the contract no longer waits for approval"}


def approval_step(step_id: str) -> str:
    """What an approval step's items are about; "" for an event from before step ids."""
    return f"{_STEP}{step_id}" if step_id else ""


def quote_discount(quote_id: str) -> str:
    """What the items asking to decide a quote's discount are about."""
    return f"{_DISCOUNT}{quote_id}" if quote_id else ""


def note(why: str, language: str, *, by: str = "") -> str:
    """Why, in the reader's language; `by`: who decided instead (a name)."""
    words = NOTES.get(why, _ANY)
    return words.get(language, words[DEFAULT_LANGUAGE]).replace("{by}", by or "-")


def withdrawn_text(title: str, body: str, *, why: str, language: str,
                   by: str = "") -> tuple[str, str]:
    """The item's title and body once withdrawn (what it said stays, after why)."""
    stop = ". " if language == "en" else "。"
    tag = TAGS.get(language, TAGS[DEFAULT_LANGUAGE])
    return f"{tag}{title}", f"{note(why, language, by=by)}{stop}{body}"
