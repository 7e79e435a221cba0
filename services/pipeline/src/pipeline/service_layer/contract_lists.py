"""Listing contracts: newest first, cursor pages, scoped like deals (and the caller's
approval work: `awaiting_me` is an approver's to-do list)."""

from __future__ import annotations

from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.paging import InvalidCursor, decode_cursor, encode_cursor

from pipeline.adapters import contract_queries, contracts_repo
from pipeline.domain.access import scope_for
from pipeline.domain.contracts import STATUS_LABELS
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.contracting import reply

DEFAULT_PAGE, MAX_PAGE = 20, 100


async def list_contracts(request: pb.ListContractsRequest, principal: Principal,
                         deps: ContractDeps) -> pb.ListContractsResponse:
    if not 0 <= request.page_size <= MAX_PAGE:
        raise FieldError("limit", f"每页条数应在 1 到 {MAX_PAGE} 之间")
    if request.status and request.status not in STATUS_LABELS:
        raise FieldError("status", "状态须为 " + "、".join(STATUS_LABELS))
    size = request.page_size or DEFAULT_PAGE
    try:
        after = decode_cursor(request.page_token) if request.page_token else None
    except InvalidCursor as error:
        raise FieldError("cursor", "分页游标无效") from error
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids)
    flt = contract_queries.ContractFilter(status=request.status,
                                          opportunity_id=request.opportunity_id,
                                          awaiting_me=request.awaiting_me)
    async with deps.base.sessions() as session:
        found = await contract_queries.page(session, scope=scope, user_id=principal.user_id,
                                            flt=flt, limit=size + 1, after=after)
        items = []
        for contract_id, _ in found[:size]:
            contract = await contracts_repo.get(session, contract_id=contract_id)
            assert contract is not None
            items.append(await reply(session, contract))
    more = len(found) > size
    return pb.ListContractsResponse(
        contracts=items,
        next_page_token=encode_cursor(found[size - 1][1], found[size - 1][0]) if more else "")
