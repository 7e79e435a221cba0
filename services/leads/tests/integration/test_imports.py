"""Import jobs on a real database: upload over gRPC, the worker step, counts and errors."""

from __future__ import annotations

import io
import uuid
from typing import Any

import grpc
import pytest
from leads.adapters import imports_repository as repo
from leads.service_layer import handlers, import_jobs, import_placing
from openpyxl import Workbook
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.errors import field_violations
from sqlalchemy import text, update

pytestmark = pytest.mark.integration


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def phone() -> str:
    return f"137{uuid.uuid4().int % 10**8:08d}"


async def upload(stub: leads_pb2_grpc.LeadServiceStub, metadata: Any, name: str, data: bytes,
                 key: str = "") -> leads_pb2.ImportStatus:
    async def chunks() -> Any:
        yield leads_pb2.ImportChunk(filename=name, idempotency_key=key, data=data[:1000])
        for i in range(1000, len(data), 1000):
            yield leads_pb2.ImportChunk(data=data[i:i + 1000])

    return await stub.StartImport(chunks(), metadata=metadata)


async def run_all(deps: handlers.Deps) -> None:
    while await import_jobs.run_next(deps):
        pass


async def status_of(deps: handlers.Deps, number: str) -> str:
    """The status of the lead imported with this mainland mobile number."""
    async with deps.sessions() as session:
        return str((await session.execute(text("SELECT status FROM leads WHERE phone = :p"),
                                          {"p": f"+86{number}"})).scalar_one())


async def test_good_rows_import_bad_rows_are_reported_with_their_reason(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    dup = phone()
    data = xlsx([["姓名", "公司", "手机", "邮箱", "省份", "行业", "预算(元)", "备用列"],
                 ["王伟", "苏州精工有限公司", int(dup), "", "江苏", "机械", "50万", "x"],
                 ["李娜", "无锡重工", "12345", "", "江苏", "", "", "y"],
                 ["张三", "常州机电", phone(), "", "火星", "", "", "z"],
                 ["王伟2", "苏州精工", dup, "", "江苏", "", "", ""],
                 ["赵六", "南通机械", phone(), "", "", "", "12.345", ""],
                 [None, None, None, None, None, None, None, None]])
    accepted = await upload(leads_stub, me, "客户.xlsx", data)
    assert accepted.state == "queued"
    await run_all(deps)
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(import_id=accepted.import_id),
                                      metadata=me)
    # A bad phone loses the row; a bad province or budget only that cell (warned).
    assert (done.state, done.rows_total, done.rows_done, done.rows_created, done.rows_merged,
            done.rows_failed, done.rows_warned) == ("done", 5, 5, 3, 1, 1, 2)
    errors = [e async for e in leads_stub.ListImportErrors(
        leads_pb2.GetImportRequest(import_id=accepted.import_id), metadata=me)]
    assert [(e.row_number, e.warning, e.reason.split("：")[0]) for e in errors] == [
        (3, False, '手机"12345"'), (4, True, "已导入，以下单元格未导入"),
        (6, True, "已导入，以下单元格未导入")]
    assert '省份"火星"' in errors[1].reason and '预算"12.345"' in errors[2].reason
    assert errors[0].headers[-1] == "备用列" and errors[0].values[0] == "李娜"


async def test_reimporting_the_same_file_creates_nothing(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("manager", user_id=f"user-{uuid.uuid4()}")
    data = ("姓名,公司,手机,省份\n" + "".join(
        f"客户{i},公司{i},{phone()},浙江\n" for i in range(30))).encode("gbk")
    first = await upload(leads_stub, me, "leads.csv", data)
    await run_all(deps)
    second = await upload(leads_stub, me, "leads-again.csv", data)
    await run_all(deps)
    ask = leads_pb2.GetImportRequest
    a = await leads_stub.GetImport(ask(import_id=first.import_id), metadata=me)
    b = await leads_stub.GetImport(ask(import_id=second.import_id), metadata=me)
    assert (a.rows_created, b.rows_created, b.rows_merged) == (30, 0, 30)


async def test_created_leads_are_normalised_and_each_has_one_created_event(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    number = phone()
    data = ("\ufeffName,Company,Mobile,Email,Province,Urgency,Tags,Budget\n"
            f"Wang,ＡＢＣ机械有限公司,{number},Wang@Example.CN,江苏省,高,\"展会,老客户\",50万\n"
            f"Li,XYZ,{phone()},,,,,\n").encode()
    accepted = await upload(leads_stub, me, "en.csv", data)
    await run_all(deps)
    async with deps.sessions() as session:
        lead = (await session.execute(text(
            "SELECT id, phone, email, province, company, urgency, score, source, tags, "
            "budget_fen, score_factors FROM leads WHERE phone = :p"),
            {"p": f"+86{number}"})).one()
        events = (await session.execute(text(
            "SELECT count(*) FROM outbox WHERE type = 'leads.created' AND aggregate_id = :id"),
            {"id": str(lead.id)})).scalar_one()
    assert (lead.email, lead.province, lead.company, lead.urgency, lead.source) == (
        "wang@example.cn", "江苏", "ABC机械有限公司", "high", "import")
    assert lead.score > 0 and events == 1
    assert (lead.tags, lead.budget_fen) == (["展会", "老客户"], 50 * 10_000 * 100)
    assert lead.score == sum(f["points"] for f in lead.score_factors)
    assert {f["factor"] for f in lead.score_factors} >= {"budget", "urgency", "source"}
    assert accepted.import_id


async def test_a_job_left_running_by_a_dead_worker_is_resumed_after_its_lease(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep", user_id=f"user-{uuid.uuid4()}")
    data = ("手机\n" + "".join(f"{phone()}\n" for _ in range(10))).encode()
    accepted = await upload(leads_stub, me, "a.csv", data)
    async with deps.sessions() as session, session.begin():
        claimed = await repo.claim(session, worker="test-worker")  # a worker takes it... and dies
        assert str(claimed.id) == accepted.import_id
    assert not await import_jobs.run_next(deps)  # its lease still holds
    async with deps.sessions() as session, session.begin():
        await session.execute(update(repo.imports).where(repo.imports.c.id == claimed.id)
                              .values(lease_until=text("now() - interval '1 second'")))
    assert await import_jobs.run_next(deps)
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(import_id=accepted.import_id),
                                      metadata=me)
    assert (done.state, done.rows_created) == ("done", 10)


@pytest.mark.parametrize(("name", "data"), [
    ("notes.txt", "姓名,手机\n".encode()), ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
    ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 50), ("fake.xlsx", b"not a zip"),
])
async def test_a_file_that_is_not_a_spreadsheet_is_refused_naming_the_file(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any, name: str, data: bytes,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await upload(leads_stub, auth("rep"), name, data)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_only_the_uploader_or_a_director_sees_an_import(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any,
) -> None:
    accepted = await upload(leads_stub, auth("rep", user_id="uploader-1"), "a.csv",
                            f"手机\n{phone()}\n".encode(), key=uuid.uuid4().hex)
    ask = leads_pb2.GetImportRequest(import_id=accepted.import_id)
    assert (await leads_stub.GetImport(ask, metadata=auth("director"))).import_id
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.GetImport(ask, metadata=auth("rep", user_id="someone-else"))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_the_same_upload_key_returns_the_same_import(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any,
) -> None:
    me, key = auth("rep", user_id="uploader-2"), uuid.uuid4().hex
    data = f"手机\n{phone()}\n".encode()
    first = await upload(leads_stub, me, "a.csv", data, key=key)
    again = await upload(leads_stub, me, "a.csv", data, key=key)
    assert first.import_id == again.import_id


async def test_an_upload_key_reused_for_another_file_is_refused_not_answered_with_the_first(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any,
) -> None:
    me, key = auth("rep", user_id="uploader-3"), uuid.uuid4().hex
    await upload(leads_stub, me, "a.csv", f"手机\n{phone()}\n".encode(), key=key)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await upload(leads_stub, me, "a.csv", f"手机\n{phone()}\n".encode(), key=key)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(error.value)] == ["Idempotency-Key"]


async def test_imported_leads_are_stored_assigned_with_their_clock_and_both_events(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华北", ["河北"])
    rep = double.add_user(region, "rep", "rep-import-1")
    number, again = phone(), phone()
    data = ("姓名,公司,手机,省份\n"
            f"周七,保定机床,{number},河北\n"
            f"吴八,唐山钢构,{again},河北\n"
            f"吴八,唐山钢构有限公司,{again},河北\n").encode()  # a touch on the lead above
    await upload(leads_stub, auth("director"), "hebei.csv", data)
    await run_all(deps)
    async with deps.sessions() as session:
        lead = (await session.execute(text(
            "SELECT id, status, owner_id, region_id, assigned_at, first_contact_due_at "
            "FROM leads WHERE phone = :p"), {"p": f"+86{number}"})).one()
        types = (await session.execute(text(
            "SELECT type FROM outbox WHERE aggregate_id = :id ORDER BY id"),
            {"id": str(lead.id)})).scalars().all()
        due = (await session.execute(text(
            "SELECT max(due_at), min(created_at) FROM first_contact_deadlines "
            "WHERE lead_id = :id"), {"id": lead.id})).one()
        touched = (await session.execute(text(
            "SELECT payload FROM outbox WHERE type = 'leads.touched' AND aggregate_id = "
            "(SELECT id::text FROM leads WHERE phone = :p)"), {"p": f"+86{again}"})).scalar_one()
    assert (lead.status, lead.owner_id, lead.region_id) == ("assigned", rep.id, region.id)
    assert list(types) == ["leads.created", "leads.assigned"]
    assert (lead.first_contact_due_at, lead.assigned_at) == tuple(due)
    told = events_pb2.LeadTouched.FromString(Envelope.FromString(touched).payload.value)
    assert told.owner_id == rep.id  # the earlier row's lead, assigned in the same batch


async def test_imported_leads_stay_new_for_the_assigner_when_no_region_takes_them(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    number = phone()
    await upload(leads_stub, auth("director"), "x.csv", f"手机,省份\n{number},西藏\n".encode())
    await run_all(deps)
    status = await status_of(deps, number)
    async with deps.sessions() as session:
        types = (await session.execute(text(
            "SELECT type FROM outbox WHERE aggregate_id = (SELECT id::text FROM leads "
            "WHERE phone = :p)"), {"p": f"+86{number}"})).scalars().all()
    assert (status, list(types)) == ("new", ["leads.created"])


async def test_a_batch_racing_another_job_is_written_unplaced_for_the_assigner(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    double, _ = org
    double.add_user(double.add_region("西北", ["甘肃"]), "rep", "rep-import-2")
    store, calls = import_placing.store, []

    async def racing(session: Any, leads: Any, placed: Any, **kw: Any) -> set[str]:
        calls.append(placed.clocks)
        if len(calls) == 1:  # another job stored one of these row keys meanwhile
            raise import_placing.Raced
        return await store(session, leads, placed, **kw)

    monkeypatch.setattr(import_placing, "store", racing)
    number = phone()
    await upload(leads_stub, auth("director"), "g.csv", f"手机,省份\n{number},甘肃\n".encode())
    await run_all(deps)
    assert (await status_of(deps, number), len(calls), calls[-1]) == ("new", 2, {})
