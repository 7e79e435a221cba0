"""Who sees an import: reps their own, managers those of their regions' people, the
director every one, on GET one, its failed rows and the list alike."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.errors import field_violations

from .conftest import OrgDouble
from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration


async def _one_csv(stub: leads_pb2_grpc.LeadServiceStub, who: Any) -> str:
    data = f"手机,省份\n{phone()},江苏\n12345,江苏\n".encode()
    return (await upload(stub, who, "客户.csv", data)).import_id


async def _listed(stub: leads_pb2_grpc.LeadServiceStub, who: Any, **page: Any) -> list[str]:
    reply = await stub.ListImports(leads_pb2.ListImportsRequest(**page), metadata=who)
    return [status.import_id for status in reply.imports]


async def test_a_manager_sees_the_imports_of_their_regions_people_and_no_others(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps,
    org: tuple[OrgDouble, str], auth: Any,
) -> None:
    double = org[0]
    east, south = double.add_region("华东", ["上海"]), double.add_region("华南", ["广东"])
    east_rep = double.add_user(east, "rep", "east-rep")
    gone_rep = double.add_user(east, "rep", "gone-rep", active=False)  # left; their work stays
    south_rep = double.add_user(south, "rep", "south-rep")
    manager = auth("manager", user_id=f"{east.id}-mgr", region_ids=(east.id,))
    mine, gone, theirs = [await _one_csv(leads_stub, auth("rep", user_id=u.id))
                          for u in (east_rep, gone_rep, south_rep)]
    await run_all(deps)

    for import_id in (mine, gone):
        ask = leads_pb2.GetImportRequest(import_id=import_id)
        status = await leads_stub.GetImport(ask, metadata=manager)
        assert status.rows_failed == 1 and status.created_by in (east_rep.id, gone_rep.id)
        assert [e.row_number async for e in leads_stub.ListImportErrors(ask, metadata=manager)
                ] == [3]
    ask = leads_pb2.GetImportRequest(import_id=theirs)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.GetImport(ask, metadata=manager)
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as error:
        [e async for e in leads_stub.ListImportErrors(ask, metadata=manager)]
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    assert await _listed(leads_stub, manager) == [gone, mine]  # newest first


async def test_a_rep_lists_their_own_imports_and_the_director_everyones_page_by_page(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any,
) -> None:
    rep, other = auth("rep", user_id="lister-1"), auth("rep", user_id="lister-2")
    first, second = await _one_csv(leads_stub, rep), await _one_csv(leads_stub, rep)
    elses = await _one_csv(leads_stub, other)
    assert await _listed(leads_stub, rep) == [second, first]
    page = await leads_stub.ListImports(leads_pb2.ListImportsRequest(page_size=1),
                                        metadata=rep)
    assert [s.import_id for s in page.imports] == [second] and page.next_page_token
    assert await _listed(leads_stub, rep, page_token=page.next_page_token) == [first]
    assert (await _listed(leads_stub, auth("director"), page_size=3)) == [elses, second, first]


async def test_a_bad_cursor_or_page_size_is_refused_naming_it(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any,
) -> None:
    for page, field in (({"page_token": "not-a-cursor"}, "cursor"), ({"page_size": 101}, "limit")):
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await _listed(leads_stub, auth("rep"), **page)
        assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert [name for name, _ in field_violations(error.value)] == [field]
