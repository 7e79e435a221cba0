"""Reading visits: a deal's visits newest first (keyset pages), one photo's bytes."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.pages import page_window
from servicekit.paging import encode_cursor

from pipeline.adapters import visits_repo
from pipeline.domain import visits as vd
from pipeline.service_layer.deps import Deps
from pipeline.service_layer.working import _visible


async def list_visits(opportunity_id: str, *, limit: int, cursor: str, principal: Principal,
                      deps: Deps) -> tuple[list[vd.Visit], str]:
    size, after = page_window(limit, cursor)
    async with deps.sessions() as session:
        opp = await _visible(session, opportunity_id, principal, deps)
        found = await visits_repo.page(session, opportunity_id=opp.id, limit=size + 1,
                                       after=after)
    more = len(found) > size
    last = found[size - 1] if more else None
    return found[:size], encode_cursor(last.created_at, last.id) if last else ""


async def photo_bytes(opportunity_id: str, visit_id: str, photo_id: str, principal: Principal,
                      deps: Deps) -> tuple[vd.Photo, bytes]:
    async with deps.sessions() as session:
        await _visible(session, opportunity_id, principal, deps)
        if await visits_repo.get(session, visit_id=visit_id,
                                 opportunity_id=opportunity_id) is None:
            raise NotFound("拜访不存在")
        photo = await visits_repo.photo(session, visit_id=visit_id, photo_id=photo_id)
    if photo is None:
        raise NotFound("照片不存在")
    try:
        return photo, await deps.photos.get(photo.key)
    except FileNotFoundError as error:  # the row outlived its file (e.g. a restored backup)
        raise NotFound("照片文件已丢失") from error
