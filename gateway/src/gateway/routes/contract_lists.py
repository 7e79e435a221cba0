"""Contract lists and their .xlsx export (registered before routes/contracts.py, so
/contracts/export.xlsx is not read as a contract id). `awaiting=me` is an approver's
to-do list: the contracts whose pending step waits for the caller."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contract_protoconv import contract_read
from gateway.contract_schemas import ContractPage
from gateway.contracts_client import Contracts, ContractsClient
from gateway.deps import BearerToken, CurrentUser, Session
from gateway.export_rows import every_row
from gateway.org_names import named, region_names, user_names
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["contracts"])
Text = Annotated[str, Query(max_length=100)]
Awaiting = Annotated[Literal["me"] | None, Query(description="me: waiting for my decision")]
HEADERS = ["合同编号", "客户", "状态", "版本", "合同价格(元)", "付款条件", "交货日期", "质保期(月)",
           "当前审批人", "销售", "区域", "创建时间", "签署时间"]


def _request(status: str, opportunity_id: str, awaiting: str | None, limit: int,
             cursor: str, number: str = "") -> pb.ListContractsRequest:
    return pb.ListContractsRequest(status=status, opportunity_id=opportunity_id,
                                   awaiting_me=awaiting == "me", page_size=limit,
                                   page_token=cursor, number=number)


@router.get("/contracts", response_model=ContractPage)
async def list_contracts(
    _: CurrentUser, token: BearerToken, contracts: Contracts, status: Text = "",
    opportunity_id: Text = "", awaiting: Awaiting = None,
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    number: Annotated[str, Query(max_length=40, description="合同编号, e.g. HT-2026-00042")] = "",
) -> ContractPage:
    """Newest first; a rep sees their deals' contracts, a manager their regions', directors
    and admins all, finance every submitted one — and everyone the contracts whose approval
    involves them."""
    reply = await contracts.call("ListContracts",
                                 _request(status, opportunity_id, awaiting, limit, cursor,
                                          number),
                                 user_token=token)
    return ContractPage(items=[contract_read(c) for c in reply.contracts],
                        next_cursor=reply.next_page_token or None)


@router.get("/contracts/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}},
                       422: {"description": "`export_too_large`: over 10,000 contracts"}})
async def export_contracts(_: CurrentUser, token: BearerToken, contracts: Contracts,
                           session: Session, status: Text = "", opportunity_id: Text = "",
                           awaiting: Awaiting = None) -> StreamingResponse:
    """The same filters and scope as the list, zh-CN headers, amounts in 元; the approver,
    the rep and the region by name (one directory read per kind for the whole sheet)."""
    found = await _every(contracts, token, status, opportunity_id, awaiting)
    people = await user_names(session, {i for c in found for i in (
        c.owner_id, *(s.approver_id for s in c.approval))})
    regions = await region_names(session, {c.region_id for c in found})

    def build() -> Sheet:
        sheet = Sheet("合同", HEADERS)
        for c in found:
            sheet.append(_row(sheet, c, people, regions))
        return sheet

    return await xlsx_download(build, "contracts", "合同")


def _row(sheet: Sheet, c: pb.Contract, people: dict[str, str],
         regions: dict[str, str]) -> list[Any]:
    pending = next((s for s in c.approval if s.status == "pending"), None)
    return [c.number or c.id, c.account_name, c.status_label, c.current_version,
            sheet.money(c.terms.price_fen), c.terms.payment_terms,
            c.terms.delivery_date, c.terms.warranty_months,
            f"{pending.label} {named(people, pending.approver_id)}" if pending else "",
            named(people, c.owner_id), named(regions, c.region_id),
            _local(sheet, c, "created_at"), _local(sheet, c, "signed_at")]


def _local(sheet: Sheet, contract: pb.Contract, field: str) -> Any:
    return sheet.time(getattr(contract, field) if contract.HasField(field) else None)


async def _every(contracts: ContractsClient, token: str, status: str, opportunity_id: str,
                 awaiting: str | None) -> list[pb.Contract]:
    async def page(cursor: str) -> tuple[Sequence[pb.Contract], str]:
        reply = await contracts.call("ListContracts", _request(
            status, opportunity_id, awaiting, 100, cursor), user_token=token)
        return reply.contracts, reply.next_page_token

    return await every_row(page, noun="合同", narrow="状态或商机")
