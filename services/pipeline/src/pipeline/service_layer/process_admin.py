"""Reading the process (everyone who works deals) and publishing a new version (admins)."""

from __future__ import annotations

from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied
from servicekit.uow import UnitOfWork

from pipeline.adapters import process_repo
from pipeline.domain.process import StageDef, validated
from pipeline.service_layer import messages
from pipeline.service_layer.deps import SOURCE, Deps


async def get_process(version: int, deps: Deps) -> pb.Process:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        process = (await process_repo.get(uow.session, version=version) if version
                   else await process_repo.current(uow.session))
        if process is None:
            raise NotFound(f"流程第 {version} 版不存在")
        await uow.commit()  # keeps the seeded default when this was the first read
    return messages.process_reply(process)


async def put_process(stages: tuple[StageDef, ...], principal: Principal,
                      deps: Deps) -> pb.Process:
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以修改销售流程")
    checked = validated(stages)  # InvalidField before anything is written
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        current = await process_repo.current(uow.session)
        if current.stages == checked:  # a retried PUT creates no second version
            await uow.commit()
            return messages.process_reply(current)
        process = await process_repo.add_version(uow.session, stages=checked,
                                                 created_by=principal.user_id)
        await uow.commit()
    return messages.process_reply(process)
