"""Assignment protobuf messages <-> the gateway's JSON shapes."""

from __future__ import annotations

from salesos.leads.v1 import leads_pb2

from gateway.assignment_schemas import (
    AssignmentRuleRead,
    AssignmentRuleWrite,
    RepAssignmentSettingsRead,
    RuleMatch,
    RuleTarget,
)
from gateway.protoconv import _time


def rule_message(body: AssignmentRuleWrite, rule_id: str = "") -> leads_pb2.AssignmentRule:
    target = body.target
    # A person rule without a person sends none, so the service names target.user_id.
    users = ([target.user_id] if target.user_id else []) if target.kind == "person" \
        else target.user_ids
    return leads_pb2.AssignmentRule(
        id=rule_id, name=body.name, enabled=body.enabled,
        provinces=body.match.provinces, region_ids=body.match.region_ids,
        industries=body.match.industries, sources=body.match.sources,
        score_min=body.match.score_min, score_max=body.match.score_max,
        target_kind=target.kind, target_user_ids=users,
        target_region_id=target.region_id or "")


def rule_read(rule: leads_pb2.AssignmentRule) -> AssignmentRuleRead:
    person = rule.target_kind == "person"
    target = RuleTarget(
        kind=rule.target_kind,  # type: ignore[arg-type]
        user_ids=[] if person else list(rule.target_user_ids),
        user_id=rule.target_user_ids[0] if person and rule.target_user_ids else None,
        region_id=rule.target_region_id or None)
    match = RuleMatch(
        provinces=list(rule.provinces), region_ids=list(rule.region_ids),
        industries=list(rule.industries), sources=list(rule.sources),
        score_min=rule.score_min if rule.HasField("score_min") else None,
        score_max=rule.score_max if rule.HasField("score_max") else None)
    return AssignmentRuleRead(id=rule.id, name=rule.name, position=rule.position,
                              enabled=rule.enabled, match=match, target=target,
                              updated_at=_time(rule, "updated_at"))


def rep_settings_read(message: leads_pb2.RepAssignmentSettings) -> RepAssignmentSettingsRead:
    return RepAssignmentSettingsRead(
        user_id=message.user_id, capacity=message.capacity,
        daily_cap=message.daily_cap if message.HasField("daily_cap") else None,
        away=message.away, away_until=_time(message, "away_until"),
        assigned_today=message.assigned_today)
