"""Incentives asks JetStream only for the events that score or issue a survey."""

from __future__ import annotations

from incentives.entrypoints.consumers import subjects, touch_of
from incentives.recorded import week_48
from incentives.service_layer.fact_mapping import facts_of
from salesos.events.v1 import pipeline_pb2 as pe
from servicekit.envelope import new_envelope


def test_a_web_forms_lead_events_never_reach_incentives() -> None:
    assert subjects("leads.") == ("leads.contact_logged", "leads.first_contact_overdue")
    assert "leads.created" not in subjects("leads.")
    assert "leads.assigned" not in subjects("leads.")


def test_every_event_that_scores_or_issues_a_survey_is_subscribed() -> None:
    wanted = {e.type for e, payload in week_48() if facts_of(e, payload) or touch_of(payload)}
    subscribed = {s for prefix in ("leads.", "pipeline.", "workorders.")
                  for s in subjects(prefix)}
    assert wanted <= subscribed
    assert {"workorders.accepted", "workorders.closed"} <= subscribed


def test_a_demo_deals_told_history_is_scored_as_its_events_were_live() -> None:
    """The demo's past arrives as one pipeline.deal_history_recorded per deal: each event
    it carries makes the very fact it would have made live (its id, time and value), and
    the history type is asked for, while no survey is issued for a past visit."""
    live = [(e, p) for e, p in week_48() if e.type.startswith("pipeline.")]
    told = pe.DealHistoryRecorded(opportunity_id="o1", events=[e for e, _ in live])
    history = new_envelope(told, type="pipeline.deal_history_recorded", source="pipeline",
                           aggregate_id="o1")
    scored = facts_of(history, told)
    assert scored and scored == [x for e, p in live for x in facts_of(e, p)]
    assert "pipeline.deal_history_recorded" in subjects("pipeline.")
    assert touch_of(told) is None
