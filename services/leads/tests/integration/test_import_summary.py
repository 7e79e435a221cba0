"""A rep handed 3,000 leads by one import hears of it once, not 3,000 times: every
lead's leads.assigned names the import, and leads.import_finished says, when the job
ends, how many leads each owner got and how the whole file went."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.service_layer import handlers
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2_grpc
from sqlalchemy import text

from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration


async def outbox_payloads(deps: handlers.Deps, kind: str, aggregate_ids: list[str]) -> list[bytes]:
    async with deps.sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE type = :t AND aggregate_id = ANY(:ids) "
            "ORDER BY id"), {"t": kind, "ids": aggregate_ids})
        return [Envelope.FromString(row.payload).payload.value for row in rows]


async def _lead_ids(deps: handlers.Deps, numbers: list[str]) -> list[str]:
    async with deps.sessions() as session:
        return [str(i) for i in (await session.execute(text(
            "SELECT id FROM leads WHERE phone = ANY(:p)"),
            {"p": [f"+86{n}" for n in numbers]})).scalars()]


async def test_each_owner_is_counted_once_per_import_and_every_assignment_names_it(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    north = double.add_user(double.add_region("东北", ["辽宁"]), "rep", f"rep-{uuid.uuid4()}")
    south = double.add_user(double.add_region("华南", ["广西"]), "rep", f"rep-{uuid.uuid4()}")
    a, b, c = phone(), phone(), phone()
    data = ("姓名,公司,手机,省份\n"
            f"赵一,沈阳重工,{a},辽宁\n"
            f"钱二,大连船舶,{b},辽宁\n"
            f"钱二,大连船舶有限公司,{b},辽宁\n"  # the row above again: a returning customer
            f"孙三,南宁机电,{c},广西\n"
            "李四,坏号码,12345,辽宁\n").encode()  # fails: not a mainland mobile number
    accepted = await upload(leads_stub, auth("director", user_id="importer-1"),
                            "东北华南.csv", data)
    await run_all(deps)

    assigned = [events_pb2.LeadAssigned.FromString(p) for p in await outbox_payloads(
        deps, "leads.assigned", await _lead_ids(deps, [a, b, c]))]
    assert sorted(m.owner_id for m in assigned) == sorted([north.id, north.id, south.id])
    assert {m.import_id for m in assigned} == {accepted.import_id}
    [touched] = [events_pb2.LeadTouched.FromString(p) for p in await outbox_payloads(
        deps, "leads.touched", await _lead_ids(deps, [b]))]
    assert touched.import_id == accepted.import_id

    [raw] = await outbox_payloads(deps, "leads.import_finished", [accepted.import_id])
    finished = events_pb2.LeadImportFinished.FromString(raw)
    assert (finished.file_name, finished.started_by, finished.state) == (
        "东北华南.csv", "importer-1", "done")
    assert (finished.rows_total, finished.created, finished.merged, finished.failed) == (
        5, 3, 1, 1)
    assert {(o.owner_id, o.assigned, o.returned) for o in finished.owners} == {
        (north.id, 2, 1), (south.id, 1, 0)}
    assert finished.finished_at.seconds > 0


async def test_a_file_that_cannot_be_read_tells_its_uploader_why(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    accepted = await upload(leads_stub, auth("rep", user_id="importer-2"), "杂项.csv",
                            "颜色,尺寸\n红,大\n".encode())
    await run_all(deps)
    [raw] = await outbox_payloads(deps, "leads.import_finished", [accepted.import_id])
    finished = events_pb2.LeadImportFinished.FromString(raw)
    assert (finished.state, finished.started_by, list(finished.owners)) == (
        "failed", "importer-2", [])
    assert finished.error
    # and as a code, so an English-reading uploader is told why in English
    assert finished.error_code.code == "no_contact_column"


async def test_rows_nobody_can_take_name_the_import_and_are_counted_for_the_uploader(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    staffed = double.add_region("华中", ["湖北"])
    rep = double.add_user(staffed, "rep", f"rep-{uuid.uuid4()}")
    double.add_region("西北", ["甘肃"])  # nobody works there
    a, b, c = phone(), phone(), phone()
    data = ("姓名,公司,手机,省份\n"
            f"周一,武汉重机,{a},湖北\n"
            f"吴二,兰州石化,{b},甘肃\n"
            f"郑三,天水机床,{c},甘肃\n").encode()
    accepted = await upload(leads_stub, auth("director", user_id="importer-3"),
                            "名单.csv", data)
    await run_all(deps)

    stranded = [events_pb2.LeadUnassignable.FromString(p) for p in await outbox_payloads(
        deps, "leads.unassigned", await _lead_ids(deps, [b, c]))]
    assert [(m.import_id, m.import_file_name) for m in stranded] == [
        (accepted.import_id, "名单.csv")] * 2
    [raw] = await outbox_payloads(deps, "leads.import_finished", [accepted.import_id])
    finished = events_pb2.LeadImportFinished.FromString(raw)
    assert (finished.created, finished.unassigned) == (3, 2)
    assert {(o.owner_id, o.assigned) for o in finished.owners} == {(rep.id, 1)}


async def test_the_uploader_is_told_how_many_rows_lost_a_cell(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    double.add_user(double.add_region("华北", ["河北"]), "rep", f"rep-{uuid.uuid4()}")
    data = ("姓名,公司,手机,省份,预算(元)\n"
            f"冯一,唐山钢铁,{phone()},河北,50万\n"
            f"陈二,保定机械,{phone()},火星,\n"  # imported, its province dropped
            f"褚三,邯郸重工,{phone()},河北,很多\n"  # imported, its budget dropped
            "卫四,坏号码,12345,河北,\n").encode()  # fails: not a mainland mobile number
    accepted = await upload(leads_stub, auth("director", user_id="importer-4"),
                            "河北.csv", data)
    await run_all(deps)

    [raw] = await outbox_payloads(deps, "leads.import_finished", [accepted.import_id])
    finished = events_pb2.LeadImportFinished.FromString(raw)
    # 「其中 2 行有单元格未导入」: the two are among the three created, not beside them
    assert (finished.created, finished.failed, finished.warned) == (3, 1, 2)
