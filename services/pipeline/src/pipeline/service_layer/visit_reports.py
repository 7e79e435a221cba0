"""A visit's report: the visitor files it, or a manager of the deal's region or a
director files it for them, saying so (on_behalf); it stays the visitor's report. A report
made with the visit itself goes through `add_report` too (visits.py)."""

from __future__ import annotations

from datetime import datetime

from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied
from servicekit.uow import UnitOfWork

from pipeline.adapters import accounts_repo, visits_repo
from pipeline.domain import visits as vd
from pipeline.domain.errors import InvalidField
from pipeline.domain.model import Opportunity
from pipeline.service_layer import field_messages
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.working import _workable


async def file_report(opportunity_id: str, visit_id: str, report: str, principal: Principal,
                      deps: Deps, *, on_behalf: bool = False) -> vd.Visit:
    """The visitor files their report; a manager of the deal's region (a manager sees
    only their regions' deals) or a director may file it for them, saying so."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp = await _workable(uow, opportunity_id, principal, deps)  # locks the deal: one `first`
        visit = await visit_of(uow, visit_id, opp.id, for_update=True)
        refusal = visit.refusal_to_file(user_id=principal.user_id, role=principal.role,
                                        on_behalf=on_behalf)
        if refusal == "not_yours":
            raise PermissionDenied(f"这是 {visit.rep_username} 的拜访，只有拜访人本人、"
                                   "所在区域的经理或总监可以提交报告")
        if refusal:
            raise InvalidField("on_behalf", f"这是 {visit.rep_username} 的拜访：代为提交"
                               "报告须注明代填（on_behalf），报告仍记在拜访人名下")
        filed = await add_report(uow, opp, visit, report, now=deps.clock(), by=principal)
        await uow.commit()
        return filed


async def add_report(uow: UnitOfWork, opp: Opportunity, visit: vd.Visit, text: str, *,
                     now: datetime, by: Principal) -> vd.Visit:
    """`visit` with `text` as its report, saved and announced (the deal's first report
    says so), in the caller's transaction; the same report again changes nothing."""
    first = not await visits_repo.any_reported(uow.session, opportunity_id=opp.id)
    filed = visit.file_report(text, now=now, first=first, by_id=by.user_id,
                              by_username=by.username)
    if filed is visit:  # the same report again: nothing to do
        return visit
    await visits_repo.save_report(uow.session, filed)
    account = await accounts_repo.get(uow.session, account_id=opp.account_id)
    people = await accounts_repo.contacts_of(uow.session, account_id=opp.account_id)
    phone = next((p["phone"] for p in people if p["phone"].startswith("+86")), "")
    field_messages.publish_visit_reported(uow, filed, opp, contact_phone=phone,
                                          account_name=account.name if account else "")
    return filed


async def visit_of(uow: UnitOfWork, visit_id: str, opportunity_id: str, *,
                   for_update: bool = False) -> vd.Visit:
    found = await visits_repo.get(uow.session, visit_id=visit_id, opportunity_id=opportunity_id,
                                  for_update=for_update)
    if found is None:
        raise NotFound("拜访不存在")
    return found
