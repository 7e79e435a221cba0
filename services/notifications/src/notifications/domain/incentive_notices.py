"""Notices from the incentives service's events (stream INCENTIVES): the survey a
customer receives (SMS or email to the customer, no inbox) and a rep's reward."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from notifications.domain.notices import Notice, Worded, local_time, unique, yuan


def _when(stamp: Any) -> datetime | None:
    return stamp.ToDatetime(tzinfo=UTC) if stamp.seconds or stamp.nanos else None


def survey_issued(e: Any) -> list[Notice]:
    addresses = {channel: value for channel, value in
                 (("sms", e.contact_phone), ("email", e.contact_email)) if value}
    params = {"link": e.link, "expires": local_time(_when(e.expires_at))}
    return [Notice("survey_issued", params, e.link, addresses=addresses)] if addresses else []


def reward_granted(e: Any) -> list[Notice]:
    amount = Worded(f"（{yuan(e.amount_fen)}）", {"en": f" ({yuan(e.amount_fen)})"}) \
        if e.amount_fen else ""
    params = {"label": e.label or e.kind, "amount": amount}
    return [Notice("reward_granted", params, "/rewards", users=unique([e.user_id]))]


BY_TYPE = {
    "incentives.survey_issued": survey_issued,
    "incentives.reward_granted": reward_granted,
}
