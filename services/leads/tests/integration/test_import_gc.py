"""An import holds CPython's full collections back while its batches flow (they cost a
third of the import's CPU in the leads process, service_layer/import_gc.py), and the
process gets its collector back when the import ends, whether it succeeded or not."""

from __future__ import annotations

import gc
import uuid
from typing import Any

import pytest
from leads.service_layer import handlers, import_batches, import_jobs
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import text

pytestmark = pytest.mark.integration


async def _upload(stub: leads_pb2_grpc.LeadServiceStub, me: Any, data: bytes) -> str:
    async def chunks() -> Any:
        yield leads_pb2.ImportChunk(filename="leads.csv", data=data)

    return str((await stub.StartImport(chunks(), metadata=me)).import_id)


async def _import(stub: leads_pb2_grpc.LeadServiceStub, me: Any, data: bytes,
                  deps: handlers.Deps) -> leads_pb2.ImportStatus:
    import_id = await _upload(stub, me, data)
    while await import_jobs.run_next(deps):
        pass
    return await stub.GetImport(leads_pb2.GetImportRequest(import_id=import_id), metadata=me)


async def test_batches_run_without_full_collections_and_the_collector_comes_back(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = auth("manager", user_id=f"user-{uuid.uuid4()}")
    seen: list[bool] = []
    write = import_batches.write

    async def watched(*args: Any, **kwargs: Any) -> None:
        seen.append(gc.isenabled())
        await write(*args, **kwargs)

    monkeypatch.setattr(import_batches, "write", watched)
    monkeypatch.setattr(import_jobs, "BATCH", 10)
    tag = uuid.uuid4().hex[:8]  # names of our own: other tests' rows must not match these
    rows = "".join(f"回收{tag}{i},回收公司{tag}{i},137{uuid.uuid4().int % 10**8:08d},浙江\n"
                   for i in range(25))
    done = await _import(leads_stub, me, f"姓名,公司,手机,省份\n{rows}".encode(), deps)

    assert (done.state, done.rows_created) == ("done", 25)
    assert seen == [False, False, False]  # three batches, none under automatic collection
    assert gc.isenabled()


async def test_a_failing_file_gives_the_collector_back_too(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = auth("manager", user_id=f"user-{uuid.uuid4()}")

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        assert not gc.isenabled()
        raise OSError("disk gone")

    monkeypatch.setattr(import_batches, "write", broken)
    row = f"回收{uuid.uuid4().hex[:8]},137{uuid.uuid4().int % 10**8:08d}"
    import_id = await _upload(leads_stub, me, f"姓名,手机\n{row}\n".encode())
    try:
        with pytest.raises(OSError):
            while await import_jobs.run_next(deps):
                pass
        assert gc.isenabled()
    finally:  # not left to its lease, for another test's worker to pick up
        async with deps.sessions() as session, session.begin():
            await session.execute(text("UPDATE imports SET state = 'failed', lease_until = NULL"
                                       " WHERE id = CAST(:id AS uuid)"), {"id": import_id})
