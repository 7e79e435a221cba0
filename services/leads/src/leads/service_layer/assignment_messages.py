"""Assignment rules and rep settings to and from their protobuf contracts."""

from __future__ import annotations

from salesos.leads.v1 import leads_pb2

from leads.domain.rules import Rule
from leads.service_layer.reps import RepView

_LISTS = ("provinces", "region_ids", "industries", "sources", "target_user_ids")


def rule_from_proto(message: leads_pb2.AssignmentRule) -> Rule:
    return Rule(
        id=message.id, name=message.name, enabled=message.enabled,
        score_min=message.score_min if message.HasField("score_min") else None,
        score_max=message.score_max if message.HasField("score_max") else None,
        target_kind=message.target_kind, target_region_id=message.target_region_id,
        **{name: tuple(getattr(message, name)) for name in _LISTS},
    )


def rule_to_proto(rule: Rule) -> leads_pb2.AssignmentRule:
    message = leads_pb2.AssignmentRule(
        id=rule.id, name=rule.name, position=rule.position, enabled=rule.enabled,
        score_min=rule.score_min, score_max=rule.score_max, target_kind=rule.target_kind,
        target_region_id=rule.target_region_id,
        **{name: list(getattr(rule, name)) for name in _LISTS},
    )
    if rule.updated_at is not None:
        message.updated_at.FromDatetime(rule.updated_at)
    return message


def rep_view_to_proto(view: RepView) -> leads_pb2.RepAssignmentSettings:
    settings = view.settings
    message = leads_pb2.RepAssignmentSettings(
        user_id=settings.user_id, capacity=settings.capacity, daily_cap=settings.daily_cap,
        away=settings.away, assigned_today=view.assigned_today)
    if settings.away and settings.away_until is not None:
        message.away_until.FromDatetime(settings.away_until)
    return message
