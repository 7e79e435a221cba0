"""A director handed a 华东 customer to a 华南 rep: the lead keeps its region (the
customer's province), and the 华南 manager — the rep's manager — reads it, decides it and
may hand it on within his team. Another region's manager does not, and reps still read
only their own."""

from __future__ import annotations

from datetime import UTC, datetime

from leads.domain.access import can_read, needs_people
from leads.domain.assignment import Candidate, Decision
from leads.domain.assignment_access import may_reassign
from leads.domain.lifecycle import may_decide
from leads.domain.model import Lead

NOW = datetime(2026, 11, 27, 2, tzinfo=UTC)
SOUTH_TEAM = frozenset({"rep-south", "rep-south-2"})


def east_lead_of_a_south_rep() -> Lead:
    lead = Lead(id="L1", source="web_form", created_at=NOW, name="王伟", company="苏州精工",
                phone="+8613812345678", province="江苏")
    lead.assign(Decision(Candidate("rep-south", "rep_s"), "总监改派"), region_id="east",
                now=NOW)
    return lead


def test_the_owners_manager_reads_a_lead_of_another_region() -> None:
    lead = east_lead_of_a_south_rep()
    assert can_read(lead, role="manager", user_id="mgr-south", region_ids=("south",),
                    people=SOUTH_TEAM)
    assert not can_read(lead, role="manager", user_id="mgr-south", region_ids=("south",))
    assert not can_read(lead, role="manager", user_id="mgr-north", region_ids=("north",),
                        people={"rep-north"})


def test_the_regions_manager_still_reads_it_whoever_holds_it() -> None:
    lead = east_lead_of_a_south_rep()
    assert can_read(lead, role="manager", user_id="mgr-east", region_ids=("east",))


def test_a_teammate_rep_does_not_read_it() -> None:
    lead = east_lead_of_a_south_rep()
    assert not can_read(lead, role="rep", user_id="rep-south-2", region_ids=("south",),
                        people=SOUTH_TEAM)
    assert can_read(lead, role="rep", user_id="rep-south", region_ids=("south",))


def test_the_directory_is_asked_only_when_it_can_change_the_answer() -> None:
    lead = east_lead_of_a_south_rep()
    assert needs_people(lead, role="manager", region_ids=("south",))
    assert not needs_people(lead, role="manager", region_ids=("east",))  # his region
    for role in ("rep", "director", "admin", "engineer"):
        assert not needs_people(lead, role=role, region_ids=("south",))
    unowned = Lead(id="L2", source="web_form", created_at=NOW, region_id="east")
    assert not needs_people(unowned, role="manager", region_ids=("south",))


def test_the_owners_manager_may_decide_and_hand_it_on() -> None:
    lead = east_lead_of_a_south_rep()
    assert may_decide(lead, role="manager", user_id="mgr-south", region_ids=("south",),
                      people=SOUTH_TEAM)
    assert not may_decide(lead, role="manager", user_id="mgr-north", region_ids=("north",),
                          people={"rep-north"})
    assert may_reassign(role="manager", lead_region_id="east", region_ids=("south",),
                        lead_owner_id="rep-south", people=SOUTH_TEAM)
    assert not may_reassign(role="manager", lead_region_id="east", region_ids=("north",),
                            lead_owner_id="rep-south", people={"rep-north"})
