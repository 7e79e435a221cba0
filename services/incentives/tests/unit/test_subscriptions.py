"""Incentives asks JetStream only for the events that score or issue a survey."""

from __future__ import annotations

from incentives.entrypoints.consumers import subjects, touch_of
from incentives.recorded import week_48
from incentives.service_layer.fact_mapping import facts_of


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
