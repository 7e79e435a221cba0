"""A manager downloading a long list must not freeze the gateway for everyone else: while
their workbook is being written, the same replica still answers other requests (the
intake of new leads, a colleague's page), because the rows are written in a worker
thread, never on the event loop.

No timing is measured. The first row written waits until the test has had `/healthz`
answered: written on the event loop, that wait would hold the loop, `/healthz` could
not be answered, and the wait would run out instead (the test then fails)."""

from __future__ import annotations

import asyncio
import io
import threading
from typing import Any

import pytest
from gateway.spreadsheets import Sheet
from google.protobuf.message import Message
from openpyxl import load_workbook
from salesos.leads.v1 import leads_pb2
from salesos.pipeline.v1 import quotes_pb2
from salesos.workorders.v1 import workorders_pb2

from gateway import deps, quotes_client, workorders_client

from .fake_services import Recorder, bearer, gateway_with

ROWS = 3_000
PAGE = 100
WAIT_SECONDS = 30.0  # only a failing run waits this long


class Probe:
    """Sheet.append noting which thread writes each row; the first row waits for
    `answered` (set once /healthz has answered)."""

    def __init__(self) -> None:
        self.writers: set[int] = set()
        self.building = threading.Event()
        self.answered = threading.Event()
        self.waited_out = False

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        append = Sheet.append

        def probed(sheet: Sheet, values: Any) -> None:
            self.writers.add(threading.get_ident())
            if not self.building.is_set():
                self.building.set()
                self.waited_out = not self.answered.wait(WAIT_SECONDS)
            append(sheet, values)

        monkeypatch.setattr(Sheet, "append", probed)


def _paged(method: str, request: Message) -> Any:
    start = int(request.page_token or 0)
    more = str(start + PAGE) if start + PAGE < ROWS else ""
    if method == "ListWorkOrders":
        return workorders_pb2.ListWorkOrdersResponse(next_page_token=more, work_orders=[
            workorders_pb2.WorkOrder(id=f"w{n}", title=f"图纸{n}", state="open",
                                     requester_id="rep01") for n in range(start, start + PAGE)])
    return quotes_pb2.ListProductsResponse(next_page_token=more, products=[
        quotes_pb2.Product(code=f"P{n}", name=f"数控机床{n}", list_price_fen=12_345_678)
        for n in range(start, start + PAGE)])


class Services(Recorder):
    """Pages of ROWS work orders or products, and an import's ROWS failed rows streamed as
    the leads service streams them."""

    async def get_import(self, import_id: str, *, user_token: str) -> leads_pb2.ImportStatus:
        return leads_pb2.ImportStatus(import_id=import_id)

    async def import_errors(self, import_id: str, *, user_token: str, timeout: float) -> Any:
        for n in range(ROWS):
            yield leads_pb2.ImportError(row_number=n + 2, reason="手机号格式不正确",
                                        headers=["姓名", "手机"], values=[f"客户{n}", "123"])


EXPORTS = {
    "/api/v1/workorders/export.xlsx": workorders_client._workorders,
    "/api/v1/products/export.xlsx": quotes_client._quotes,
    "/api/v1/leads/imports/i1/errors.xlsx": deps._clients,  # streamed, batch by batch
}


@pytest.mark.parametrize("path", EXPORTS)
async def test_the_gateway_answers_others_while_a_long_export_is_written(
        path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    probe = Probe()
    probe.install(monkeypatch)
    async with gateway_with({EXPORTS[path]: Services(_paged)}) as gw:
        export = asyncio.create_task(gw.get(path, headers=bearer("director")))
        while not (probe.building.is_set() or export.done()):
            await asyncio.sleep(0.01)  # the export is paging; its first row not yet written
        health = await gw.get("/healthz")
        probe.answered.set()
        answer = await export
    assert health.status_code == 200
    assert not probe.waited_out, "/healthz was not answered while the sheet was written"
    assert threading.get_ident() not in probe.writers  # no row written on the event loop
    assert answer.status_code == 200, answer.text
    assert load_workbook(io.BytesIO(answer.content)).active.max_row == 1 + ROWS
