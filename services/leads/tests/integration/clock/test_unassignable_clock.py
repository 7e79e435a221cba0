"""A lead nobody can take has no first-contact clock: its last owner rejected it and no
one else is left, so nobody is reminded of it and no due time is shown on it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.service_layer import clock, handover
from servicekit.auth import Principal

pytestmark = pytest.mark.integration


async def test_a_lead_rejected_by_the_only_rep_is_unassignable_with_its_clock_stopped(
    deps: Any, org: Any, rules: clock.ClockRules, steps: Any,
) -> None:
    double, _ = org
    region = double.add_region("黑龙江", ["黑龙江"])  # one rep and no manager
    rep = double.add_user(region, "rep", f"rep-{uuid.uuid4().hex[:6]}")
    lead = await steps.assigned_lead(deps, rules, province="黑龙江")
    assert lead.owner_id == rep.id and lead.first_contact_due_at is not None

    await handover.reject_lead(lead.id, reason="不做这个行业", deps=deps,
                               principal=Principal(user_id=rep.id, username=rep.username,
                                                   role="rep"))
    after = await steps.load(deps, lead.id)
    assert (after.status, after.owner_id, after.first_contact_due_at) == (
        "unassignable", "", None)
    pending = [r.kind for r in await steps.deadline_rows(deps, lead.id)
               if r.fired_at is None and r.cancelled_at is None]
    assert pending == []
