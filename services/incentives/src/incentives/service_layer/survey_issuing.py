"""Issuing satisfaction surveys for service touches, a consumer batch's worth at once.

One insert for all the batch's touches (`ON CONFLICT DO NOTHING`: a touch that already has
its survey gets none again), then one `incentives.survey_issued` per survey actually
created. Only the token's SHA-256 is stored; the link in the event carries the token.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from salesos.events.v1 import incentives_pb2 as ev
from servicekit.bulk import arrays, unnest_insert
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from incentives.adapters.orm import surveys
from incentives.service_layer.deps import Deps
from incentives.service_layer.surveys import token_hash


@dataclass(frozen=True)
class Touch:
    subject_type: str
    subject_id: str
    rep_id: str
    region_id: str
    account_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class Issued:
    touch: Touch
    survey_id: str
    token: str
    expires_at: datetime


_COLUMNS = ("id", "token_sha256", "subject_type", "subject_id", "rep_id", "region_id",
            "account_name", "issued_at", "expires_at")
_INSERT = unnest_insert(surveys, _COLUMNS, on_conflict="ON CONFLICT DO NOTHING",
                        returning=("id",))


async def issue_all(uow: UnitOfWork, deps: Deps, touches: list[Touch]) -> list[Issued | None]:
    """Stores a survey per touch; per touch, in order, what was issued (None: the touch
    already had one, or names no rep or subject). Announce each with `announce`."""
    now = deps.clock()
    planned = [Issued(t, str(uuid.uuid4()), secrets.token_urlsafe(24), now + deps.survey_valid)
               if t.rep_id and t.subject_id else None for t in touches]
    rows = [{"id": p.survey_id, "token_sha256": token_hash(p.token),
             "subject_type": p.touch.subject_type, "subject_id": p.touch.subject_id,
             "rep_id": p.touch.rep_id, "region_id": p.touch.region_id,
             "account_name": p.touch.account_name, "issued_at": now,
             "expires_at": p.expires_at} for p in planned if p is not None]
    if not rows:
        return planned
    created = set((await uow.session.execute(_INSERT, arrays(rows, _COLUMNS))).scalars())
    return [p if p is not None and p.survey_id in created else None for p in planned]


def announce(uow: UnitOfWork, deps: Deps, issued: Issued) -> None:
    """Stages incentives.survey_issued (in the current trace: the touch's event's)."""
    t = issued.touch
    uow.publish(ev.SurveyIssued(
        survey_id=issued.survey_id, link=deps.survey_link.format(token=issued.token),
        subject_type=t.subject_type, subject_id=t.subject_id, rep_id=t.rep_id,
        contact_phone=t.contact_phone, expires_at=ts(issued.expires_at)),
        type="incentives.survey_issued", aggregate_id=issued.survey_id)
