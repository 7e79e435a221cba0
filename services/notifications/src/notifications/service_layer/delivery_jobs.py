"""The due rows of delivery: an attempt on one channel, and the morning digest.

Both run inside servicekit.scheduler's transaction, which claimed the due row with
SKIP LOCKED; the delivery row itself is locked too, so an admin's retry and a backoff
attempt never send the same delivery twice at once. A send that succeeded just before a
crash (before the commit) is sent again: external channels get at-least-once."""

from __future__ import annotations

import logging
from typing import Any

from servicekit.uow import UnitOfWork

from notifications.adapters import delivery_repo, preferences_repo, templates_repo
from notifications.adapters.metrics import ATTEMPTS
from notifications.domain import templates
from notifications.domain.delivery import (
    DIGESTED,
    FAILED,
    PENDING,
    SENT,
    DeliveryFailed,
    OutgoingMessage,
    absolute,
    digest_lines,
)
from notifications.domain.plurals import counted
from notifications.service_layer.deps import Deps

log = logging.getLogger(__name__)


async def attempt(deps: Deps, uow: UnitOfWork, job: Any) -> None:
    row = await delivery_repo.lock(uow.session, job.delivery_id)
    if row is None or row["state"] != PENDING:
        return  # sent, dead or digested meanwhile
    now, attempts = deps.clock(), row["attempts"] + 1
    channel = deps.channels.get(row["channel"])
    try:
        if channel is None:
            raise DeliveryFailed(f"no channel {row['channel']!r} in this process")
        await channel.send(row["target"], OutgoingMessage(
            row["title"], row["body"], absolute(row["link"], deps.public_url)))
    except Exception as error:  # whatever the endpoint did, it is recorded, not lost
        reason = str(error) if isinstance(error, DeliveryFailed) else \
            f"{type(error).__name__}: {error}"
        wait = deps.policy.after_failure(attempts)
        await delivery_repo.update(uow.session, row["id"], attempts=attempts,
                                   last_error=reason[:500], updated_at=now,
                                   state=PENDING if wait else FAILED)
        if wait is not None:
            await delivery_repo.schedule_attempt(uow.session, row["id"], now + wait)
        ATTEMPTS.labels(row["channel"], "retry" if wait else "dead").inc()
        log.warning("delivery %s (%s) attempt %d failed: %s", row["id"], row["channel"],
                    attempts, reason)
        return
    await delivery_repo.update(uow.session, row["id"], attempts=attempts, state=SENT,
                               sent_at=now, updated_at=now, last_error="")
    ATTEMPTS.labels(row["channel"], "sent").inc()


async def digest(deps: Deps, uow: UnitOfWork, job: Any) -> None:
    """Everything held for this person on this channel, as one message."""
    held = await delivery_repo.take_held(uow.session, user_id=job.user_id, channel=job.channel,
                                         due_at=job.due_at)
    if not held:
        return
    prefs = await preferences_repo.load(uow.session, job.user_id)
    message = templates.render("digest", {
        "count": str(len(held)), "notifications_en": counted(len(held), "notification"),
        "lines": digest_lines([r["title"] for r in held])},
        prefs.language, await templates_repo.book(uow.session))
    now = deps.clock()
    digest_id = await delivery_repo.add(uow.session, now=now, values={
        "event_id": f"digest:{job.id}", "recipient": job.user_id, "channel": job.channel,
        "kind": "digest", "title": message.title, "body": message.body, "link": "",
        "target": prefs.target(job.channel) or dict(held[-1]["target"]), "state": PENDING})
    if digest_id is None:
        return
    for row in held:
        await delivery_repo.update(uow.session, row["id"], state=DIGESTED, digest_id=digest_id,
                                   updated_at=now)
    await delivery_repo.schedule_attempt(uow.session, digest_id, now)
