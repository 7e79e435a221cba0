"""The dead-letter list of deliveries, and retrying one (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from servicekit.errors import Conflict, NotFound
from servicekit.uow import UnitOfWork

from notifications.adapters import delivery_repo, preferences_repo
from notifications.domain.delivery import FAILED, PENDING
from notifications.service_layer import paging
from notifications.service_layer.deps import SOURCE, Deps


@dataclass(frozen=True)
class FailedPage:
    rows: list[sa.RowMapping]
    next_page_token: str


async def list_failed(deps: Deps, *, page_size: int, page_token: str) -> FailedPage:
    size = paging.page_size(page_size)
    after = paging.decode_cursor(page_token) if page_token else None
    async with deps.sessions() as session:
        rows = await delivery_repo.failed_page(session, after=after, limit=size + 1)
    page = rows[:size]
    token = paging.encode_cursor(page[-1]["updated_at"], page[-1]["id"]) \
        if len(rows) > size else ""
    return FailedPage(page, token)


STATE_ZH = {"pending": "待发送", "sent": "已发送", "held": "免打扰期间暂存",
            "digested": "已并入免打扰摘要", "withdrawn": "已撤回（所通知的审批已不再等待）"}


async def retry(deps: Deps, *, delivery_id: str) -> sa.RowMapping:
    """Back to pending with a fresh set of attempts, due now; the address is taken anew
    from the person's preferences, so fixing a webhook and retrying is enough."""
    now = deps.clock()
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        row = await delivery_repo.lock(uow.session, delivery_id)
        if row is None:
            raise NotFound("投递记录不存在")
        if row["state"] != FAILED:
            state = STATE_ZH.get(row["state"], row["state"])
            raise Conflict(f"只能重试已失败的投递（当前状态：{state}）")
        prefs = await preferences_repo.load(uow.session, row["recipient"])
        target = prefs.target(row["channel"]) or row["target"]
        await delivery_repo.update(uow.session, delivery_id, state=PENDING, attempts=0,
                                   target=dict(target), updated_at=now)
        await delivery_repo.schedule_attempt(uow.session, delivery_id, now)
        fresh = await delivery_repo.lock(uow.session, delivery_id)
        await uow.commit()
    assert fresh is not None
    return fresh
