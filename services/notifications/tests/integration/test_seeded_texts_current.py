"""Every text the database was seeded with and nobody edited reads as the code's current
text: a seeded row wins over the code's default, so a default improved without a
revision for its row never reached anyone. An approver read 「第 1 级审批，请在 … 前处理。」
without the reason the step was asked for (the price below the accepted quote), and an
English owner read "Step 1 approved. 意见：价格合理。" with no word of the outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from notifications.adapters import templates_repo
from notifications.domain import templates
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration


async def test_no_seeded_text_nobody_edited_lags_behind_the_codes(
        db_session: Callable[[str], Awaitable[AsyncSession]]) -> None:
    rows = await templates_repo.rows(await db_session("notifications"))
    stale = {(r.kind, r.language): (r.title, r.body) for r in rows
             if not r.updated_by and (code := templates.TEMPLATES.get(r.kind, {}).get(
                 r.language)) is not None and (r.title, r.body) != (code.title, code.body)}
    assert stale == {}


async def test_an_approver_reads_why_the_step_was_asked_for_and_an_owner_the_outcome(
        db_session: Callable[[str], Awaitable[AsyncSession]]) -> None:
    templates_repo.forget()
    book = await templates_repo.book(await db_session("notifications"))
    templates_repo.forget()
    asked = templates.render("approval_requested", {
        "account_name": "苏州精工", "amount": "¥1,000.00", "step": "1", "due": "12月1日 10:00",
        "delegated": "", "delegated_en": "", "reason": "价格低于已接受的报价。",
        "reason_en": " The price is below the accepted quote: see the approval step."},
        "zh-CN", book)
    assert asked.body == "第 1 级审批，请在 12月1日 10:00 前处理。价格低于已接受的报价。"
    decided = templates.render("approval_decided", {
        "account_name": "苏州精工", "decision": "通过", "decision_en": "approved", "step": "2",
        "comment": "意见：价格合理。", "comment_en": " Comment: 价格合理.",
        "outcome": "合同审批已全部完成。", "outcome_en": " Every approval step is done."},
        "en", book)
    assert decided.body == "Step 2 approved. Comment: 价格合理. Every approval step is done."
