"""A rep's import: its new leads are the rep's, placed with them in the batch's own
transaction the way `intake_inline` places leads by the rules, without the rules.

Like a rep's manual entry (intake.py, 「销售手工录入，归录入人跟进」): the rep owns each
new lead (「销售导入，归导入人跟进」), in the rep's home region, with the first-contact
clock started. No directory question and no turns: the rep's daily cap counts leads the
rules hand out, not the rep's own customers, so it neither limits nor counts them. A row
that is a customer we already know is still a touch on that lead, whose owner is told.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.assignment import Candidate, Decision, Why
from leads.domain.import_uploader import OWN_REASON, Uploader
from leads.domain.model import Lead
from leads.service_layer.clock_rules import deadlines_of
from leads.service_layer.handlers import Deps
from leads.service_layer.intake_inline import Placed


async def own_and_start(session: AsyncSession, leads: Sequence[Lead], uploader: Uploader,
                        deps: Deps) -> Placed:
    """Assigns the new leads to the uploader (their leads.assigned recorded on them) and
    returns their clocks to write (one calendar read for the batch)."""
    if not leads:
        return Placed()
    now = deps.clock()
    mine = Decision(Candidate(uploader.user_id, uploader.username), OWN_REASON,
                    whys=(Why("self_imported"),))
    for lead in leads:
        lead.assign(mine, region_id=uploader.region_id, now=now)
    due = await deadlines_of(session, deps.clock_rules, [(lead, now) for lead in leads])
    placed = Placed()
    for lead in leads:
        lead.first_contact_due_at = due[lead.id][-1].due_at
        placed.clocks[lead.id] = (lead.owner_id, now, due[lead.id])
    return placed
