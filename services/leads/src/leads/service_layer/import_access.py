"""Whose imports a caller sees: the rule of every lead endpoint (`servicekit.scope`) applied
to the uploader. A rep sees their own, a manager their own and those of the people of the
regions they manage (the org directory says who lives where: an import has no region of
its own), the director, admins and services every one. Out of scope reads as not found.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.orgdir import OrgUnavailable
from servicekit.scope import scope_for

from leads.adapters import imports_repository as repo
from leads.domain.listing import decode_cursor, encode_cursor, page_size
from leads.service_layer.handlers import Deps
from leads.service_layer.rules_admin import DirectoryUnavailable


@dataclass(frozen=True)
class ImportScope:
    everything: bool = False
    uploaders: frozenset[str] = frozenset()

    def sees(self, created_by: str) -> bool:
        return self.everything or created_by in self.uploaders


async def import_scope(principal: Principal, deps: Deps) -> ImportScope:
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids)
    if scope.everything:
        return ImportScope(everything=True)
    uploaders = {principal.user_id} if principal.user_id else set()
    if scope.region_ids:
        try:
            uploaders |= await deps.org.people_of(scope.region_ids)
        except OrgUnavailable as error:
            raise DirectoryUnavailable("组织目录暂时不可用，请稍后再试") from error
    return ImportScope(uploaders=frozenset(uploaders))


async def get_import(import_id: str, principal: Principal, deps: Deps) -> Any:
    """The job if the caller may see it; otherwise NotFound, so existence does not leak."""
    async with deps.sessions() as session:
        job = await repo.get(session, import_id=import_id)
    if job is None or not (job.created_by == principal.user_id
                           or (await import_scope(principal, deps)).sees(job.created_by)):
        raise NotFound("导入任务不存在")
    return job


async def import_errors(import_id: str, principal: Principal, deps: Deps
                        ) -> AsyncIterator[tuple[list[str], Any]]:
    job = await get_import(import_id, principal, deps)
    async with deps.sessions() as session:
        async for row in repo.errors(session, import_id=import_id):
            yield list(job.headers), row


async def list_imports(*, limit: int, cursor: str, principal: Principal,
                       deps: Deps) -> tuple[list[Any], str]:
    """A page of the imports the caller sees, newest first, and the next page's cursor."""
    size = page_size(limit)
    after = decode_cursor(cursor) if cursor else None
    scope = await import_scope(principal, deps)
    async with deps.sessions() as session:
        found = await repo.page(session, uploaders=None if scope.everything else scope.uploaders,
                                limit=size + 1, after=after)
    more = len(found) > size
    found = found[:size]
    return found, encode_cursor(found[-1].created_at, str(found[-1].id)) if more else ""
