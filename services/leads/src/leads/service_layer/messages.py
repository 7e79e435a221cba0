"""Domain events and leads to their protobuf contracts, and subjects per event type."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.leads.v1 import leads_pb2
from servicekit.uow import UnitOfWork

from leads.domain import events
from leads.domain.model import Lead

# The subject of LeadUnassignable follows the comment in proto/salesos/events/v1/leads.proto.
SUBJECTS: dict[type[events.Event], str] = {
    events.LeadCreated: "leads.created",
    events.LeadAssigned: "leads.assigned",
    events.LeadUnassignable: "leads.unassigned",
    events.LeadReassigned: "leads.reassigned",
    events.LeadRejected: "leads.rejected",
}


def to_message(event: events.Event) -> Message:
    """The event's protobuf twin (same name in salesos.events.v1); datetimes to Timestamps.
    Events are flat, so their fields are read as they are (`asdict` copies recursively,
    a visible cost at two events per web form), in one C call per event, and the
    Timestamps go in as constructor arguments (the generic pass over every field cost
    about as much as building the message: ~8 of ~18 us per leads.assigned)."""
    kind, names, values_of, coded = _shape(type(event))
    values = dict(zip(names, values_of(event), strict=True))
    if coded:  # repeated Coded
        values["reasons"] = [{"code": why.code, "params": dict(why.params)}
                             for why in values["reasons"]]
    for name, value in values.items():
        if isinstance(value, datetime):
            values[name] = _stamp(value)  # copied into the message, never shared
    return kind(**values)


@cache
def _shape(event: type[events.Event]
           ) -> tuple[type[Message], tuple[str, ...], Callable[[Any], tuple[Any, ...]], bool]:
    """An event class's protobuf class, field names, a getter of all of them at once, and
    whether it carries reasons as codes; looked up once."""
    names = tuple(f.name for f in fields(event))
    return getattr(events_pb2, event.__name__), names, attrgetter(*names), "reasons" in names


@lru_cache(maxsize=64)
def _stamp(moment: datetime) -> Timestamp:
    """A batch's leads are assigned at one moment: its Timestamp is made once
    (FromDatetime per event was ~4 % of the leads process during an import)."""
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def publish_events(uow: UnitOfWork, lead: Lead,
                   done_for: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, str]]:
    """Stages the lead's new events in the unit of work's outbox, in its transaction;
    returns their (event id, subject). `done_for`: per subject, the durables whose work
    for it this transaction has done (UnitOfWork.publish)."""
    staged = []
    while lead.events:
        event = lead.events.pop(0)
        subject = SUBJECTS[type(event)]
        staged.append((uow.publish(to_message(event), type=subject, aggregate_id=lead.id,
                                   done_for=(done_for or {}).get(subject, ())), subject))
    return staged


def lead_to_proto(lead: Lead) -> leads_pb2.Lead:
    message = leads_pb2.Lead(
        id=lead.id, status=lead.status, owner_id=lead.owner_id,
        owner_username=lead.owner_username, source=lead.source, name=lead.name,
        company=lead.company, phone=lead.phone, email=lead.email, province=lead.province,
        province_source=lead.province_origin, region_id=lead.region_id,
        industry=lead.industry, message=lead.message,
        wechat_id=lead.wechat_id, title=lead.title, event=lead.event, booth=lead.booth,
        assignment_reason=lead.assignment_reason,
        assignment_rule_id=lead.assignment_rule_id,
        company_scale=lead.company_scale, pain_point=lead.pain_point,
        decision_chain=[leads_pb2.DecisionMaker(name=m.name, title=m.title, role=m.role)
                        for m in lead.decision_chain],
        urgency=lead.urgency, tags=lead.tags, score=lead.score,
        score_factors=[leads_pb2.ScoreFactor(factor=f.factor, points=f.points,
                                             reason_zh=f.reason_zh)
                       for f in lead.score_factors],
    )
    if lead.budget_fen is not None:
        message.budget_fen = lead.budget_fen
    message.created_at.FromDatetime(lead.created_at)
    if lead.assigned_at is not None:
        message.assigned_at.FromDatetime(lead.assigned_at)
    for name in ("first_contact_due_at", "first_contacted_at"):  # first-contact clock
        if (moment := getattr(lead, name)) is not None:
            getattr(message, name).FromDatetime(moment)
    message.disqualified_reason = lead.disqualified_reason
    return message
