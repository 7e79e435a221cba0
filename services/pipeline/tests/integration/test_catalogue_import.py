"""ImportProducts with real tokens and PostgreSQL: a catalogue file is written whole in one
transaction or not at all, answers what it created, updated and left unchanged, and
quotes already made keep their prices."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer.deps import Deps
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from salesos.pipeline.v1 import quotes_pb2_grpc
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving

from .deal_stages import reach

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def quotes(deps: Deps) -> AsyncIterator[quotes_pb2_grpc.QuoteServiceStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(deps), server)
        return [QUOTE_SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="pipeline")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield quotes_pb2_grpc.QuoteServiceStub(channel)


def codes() -> tuple[str, str, str]:
    """A main product, an option and a service of this test's own."""
    tag = uuid.uuid4().hex[:6].upper()
    return f"IMP-{tag}", f"OPT-{tag}", f"SVC-{tag}"


def row(n: int, code: str, kind: str, price: int, *fits: str, **kw: Any) -> qpb.ProductImportRow:
    return qpb.ProductImportRow(row=n, code=code, kind=kind, name=kw.pop("name", code),
                                list_price_fen=price, fits=fits, **kw)


async def imported(quotes: Any, auth: Any, *rows: qpb.ProductImportRow
                   ) -> qpb.ImportProductsResponse:
    return await quotes.ImportProducts(qpb.ImportProductsRequest(rows=rows),
                                       metadata=auth("admin"))


async def price_of(quotes: Any, auth: Any, code: str) -> int | None:
    try:
        found = await quotes.GetProduct(qpb.GetProductRequest(code=code), metadata=auth("rep"))
    except grpc.aio.AioRpcError:
        return None
    return found.list_price_fen


async def test_a_file_with_one_bad_row_writes_nothing_and_names_every_bad_row(
    quotes, auth,
) -> None:
    machine, option, service = codes()
    assert (await imported(quotes, auth, row(2, machine, "主机产品", 100_00))).created == 1
    answer = await imported(
        quotes, auth,
        row(2, machine, "主机产品", 120_00),                   # a good change ...
        row(3, service, "服务包", 5_00),                       # ... and a good new row
        row(4, option, "选配", 1_00, "NO-SUCH-CODE"),          # fits nothing known
        row(5, service.lower(), "服务包", 5_00),               # the code of row 3 again
        row(6, f"{option}-X", "配件", 1_00))                   # no such kind
    assert [(e.row, e.field) for e in answer.errors] == [(4, "fits"), (5, "code"), (6, "kind")]
    assert answer.error_count == 3 and "第 3 行" in answer.errors[1].message
    assert (answer.created, answer.updated) == (0, 0)
    assert await price_of(quotes, auth, machine) == 100_00   # the good rows were not written
    assert await price_of(quotes, auth, service) is None


async def test_counts_then_the_same_file_again_changes_nothing_and_quotes_keep_prices(
    stub, quotes, auth,
) -> None:
    machine, option, service = codes()
    catalogue = [row(2, option, "选配", 2_000_00, machine, unit="套"),  # fits a later row
                 row(3, machine, "主机产品", 300_000_00), row(4, service, "service", 800_00)]
    first = await imported(quotes, auth, *catalogue)
    assert (first.created, first.updated, first.unchanged, first.error_count) == (3, 0, 0, 0)
    again = await imported(quotes, auth, *catalogue)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(f"r-{uuid.uuid4()}",))
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"常州精工{uuid.uuid4().hex[:6]}有限公司", title="产线"), metadata=rep)
    await reach(opp.id, "solution_design")
    old = await quotes.CreateQuote(qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=[
        qpb.QuoteLineRequest(product_code=machine, quantity=1)]), metadata=rep)
    catalogue[1] = row(3, machine, "主机产品", 320_000_00)
    changed = await imported(quotes, auth, *catalogue)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    kept = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=old.id), metadata=rep)
    assert kept.lines[0].unit_price_fen == 300_000_00 and kept.total_fen == 300_000_00


async def test_retiring_a_main_product_its_active_extras_still_fit_is_refused(
    quotes, auth,
) -> None:
    machine, option, _ = codes()
    await imported(quotes, auth, row(2, machine, "主机产品", 100_00),
                   row(3, option, "选配", 10_00, machine))
    refused = await imported(quotes, auth, row(7, machine, "主机产品", 100_00, active=False))
    assert [(e.row, e.field) for e in refused.errors] == [(7, "active")]
    assert option in refused.errors[0].message
    both = await imported(quotes, auth, row(2, machine, "主机产品", 100_00, active=False),
                          row(3, option, "选配", 10_00, machine, active=False))
    assert (both.updated, both.error_count) == (2, 0)
    # an empty 在售 keeps the retired state: re-importing the export does not revive them
    kept = await imported(quotes, auth, row(2, machine, "主机产品", 100_00))
    assert (kept.unchanged, kept.updated) == (1, 0)


async def test_only_admins_import_and_a_kind_is_never_changed(quotes, auth) -> None:
    machine, _, _ = codes()
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await quotes.ImportProducts(qpb.ImportProductsRequest(
            rows=[row(2, machine, "product", 1)]), metadata=auth("director"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    await imported(quotes, auth, row(2, machine, "product", 1))
    changed = await imported(quotes, auth, row(2, machine, "服务包", 1))
    assert [(e.row, e.field) for e in changed.errors] == [(2, "kind")]
    assert "主机产品" in changed.errors[0].message
