"""Events the opportunity aggregate raises; service_layer/messages.py turns them into
protobuf for the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OpportunityOpened:
    opportunity_id: str
    opened_at: datetime


@dataclass(frozen=True)
class StageChanged:
    opportunity_id: str
    from_stage: str
    to_stage: str
    by_user_id: str
    reason: str
    changed_at: datetime
    seconds_in_from_stage: int


@dataclass(frozen=True)
class DealLost:
    opportunity_id: str
    from_stage: str
    reason: str
    by_user_id: str
    lost_at: datetime


@dataclass(frozen=True)
class DealReopened:
    opportunity_id: str
    to_stage: str
    reason: str
    by_user_id: str
    reopened_at: datetime
    lost_at: datetime
    lost_reason: str
