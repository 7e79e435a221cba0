"""Listing contracts: newest first, cursor pages, scoped like deals (and the caller's
approval work: `awaiting_me` is an approver's to-do list)."""

from __future__ import annotations

from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.pages import page_window
from servicekit.paging import encode_cursor

from pipeline.adapters import contract_queries, contracts_repo
from pipeline.domain.access import FINANCE
from pipeline.domain.contracts import STATUS_LABELS
from pipeline.service_layer import contracting, reach
from pipeline.service_layer.contract_deps import ContractDeps


async def list_contracts(request: pb.ListContractsRequest, principal: Principal,
                         deps: ContractDeps) -> pb.ListContractsResponse:
    size, after = page_window(request.page_size, request.page_token)
    if request.status and request.status not in STATUS_LABELS:
        raise FieldError("status", "状态须为 " + "、".join(STATUS_LABELS))
    scope = await reach.deal_scope(principal, deps.org)  # a manager: his people's too
    flt = contract_queries.ContractFilter(status=request.status,
                                          opportunity_id=request.opportunity_id,
                                          number=request.number,
                                          awaiting_me=request.awaiting_me)
    async with deps.base.sessions() as session:
        found = await contract_queries.page(session, scope=scope, user_id=principal.user_id,
                                            flt=flt, limit=size + 1, after=after,
                                            submitted=principal.role == FINANCE)
        # The whole page in a handful of statements, not four per contract.
        items = await contracting.replies(session, await contracts_repo.get_many(
            session, contract_ids=[contract_id for contract_id, _ in found[:size]]))
    more = len(found) > size
    return pb.ListContractsResponse(
        contracts=items,
        next_page_token=encode_cursor(found[size - 1][1], found[size - 1][0]) if more else "")

