"""Visits and their photos' metadata; keyset pages per deal; a rep's planned day."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from servicekit.db import scope_clause
from servicekit.scope import Scope
from sqlalchemy import func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.field_orm import visit_photos, visits
from pipeline.adapters.orm import accounts, opportunities
from pipeline.domain import stages
from pipeline.domain.geo import Point
from pipeline.domain.visits import Photo, Visit


async def add(session: AsyncSession, visit: Visit, *, created_by: str,
              idempotency_key: str | None, request_hash: str | None = None) -> None:
    await session.execute(insert(visits).values(
        id=uuid.UUID(visit.id), opportunity_id=uuid.UUID(visit.opportunity_id),
        rep_id=visit.rep_id, rep_username=visit.rep_username, planned_date=visit.planned_date,
        checked_in_at=visit.checked_in_at, latitude=visit.point.lat,
        longitude=visit.point.lng, report=visit.report, reported_at=visit.reported_at,
        first=visit.first, created_by=created_by, idempotency_key=idempotency_key,
        request_hash=request_hash, created_at=visit.created_at))
    await add_photos(session, visit.id, visit.photos)


async def add_photos(session: AsyncSession, visit_id: str, photos: tuple[Photo, ...]) -> None:
    if photos:
        await session.execute(insert(visit_photos), [
            {"id": uuid.UUID(p.id), "visit_id": uuid.UUID(visit_id), "filename": p.filename,
             "content_type": p.content_type, "size_bytes": p.size_bytes, "sha256": p.sha256,
             "storage_key": p.key} for p in photos])


async def save_check_in(session: AsyncSession, before: Visit, after: Visit) -> None:
    await session.execute(update(visits).where(visits.c.id == uuid.UUID(after.id)).values(
        checked_in_at=after.checked_in_at, latitude=after.point.lat,
        longitude=after.point.lng, site_latitude=after.site.lat if after.site else None,
        site_longitude=after.site.lng if after.site else None))
    await add_photos(session, after.id, after.photos[len(before.photos):])


async def save_report(session: AsyncSession, visit: Visit) -> None:
    await session.execute(update(visits).where(visits.c.id == uuid.UUID(visit.id)).values(
        report=visit.report, reported_at=visit.reported_at, first=visit.first,
        reported_by_id=visit.reported_by_id, reported_by_username=visit.reported_by_username))


async def by_key(session: AsyncSession, *, created_by: str,
                 key: str) -> tuple[str, str | None] | None:
    """The visit this person's key recorded, and the fingerprint of that request."""
    row = (await session.execute(select(visits.c.id, visits.c.request_hash).where(
        visits.c.created_by == created_by, visits.c.idempotency_key == key))).first()
    return (str(row.id), row.request_hash) if row else None


async def any_reported(session: AsyncSession, *, opportunity_id: str) -> bool:
    found = await session.execute(select(func.count()).select_from(visits).where(
        visits.c.opportunity_id == uuid.UUID(opportunity_id), visits.c.reported_at.is_not(None)))
    return bool(found.scalar_one())


async def get(session: AsyncSession, *, visit_id: str, opportunity_id: str,
              for_update: bool = False) -> Visit | None:
    try:
        key, deal = uuid.UUID(visit_id), uuid.UUID(opportunity_id)
    except ValueError:
        return None
    query = select(visits).where(visits.c.id == key, visits.c.opportunity_id == deal)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return (await _with_photos(session, [row]))[0] if row else None


async def page(session: AsyncSession, *, opportunity_id: str, limit: int,
               after: tuple[datetime, str] | None) -> list[Visit]:
    query = select(visits).where(visits.c.opportunity_id == uuid.UUID(opportunity_id))
    if after is not None:
        query = query.where(tuple_(visits.c.created_at, visits.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    query = query.order_by(visits.c.created_at.desc(), visits.c.id.desc()).limit(limit)
    return await _with_photos(session, (await session.execute(query)).all())


async def planned_on(session: AsyncSession, *, rep_id: str, day: date, scope: Scope
                     ) -> list[tuple[Visit, str, str]]:
    """The rep's visits planned for `day` on open deals they still see (a deal handed to
    another rep drops out; so does one since lost or won: no use driving to a customer
    already lost), in planning order, with deal title and account."""
    query = (select(visits, opportunities.c.title, accounts.c.name.label("account_name"))
             .join(opportunities, opportunities.c.id == visits.c.opportunity_id)
             .join(accounts, accounts.c.id == opportunities.c.account_id)
             .where(visits.c.rep_id == rep_id, visits.c.planned_date == day,
                    opportunities.c.status == stages.OPEN,
                    scope_clause(scope, owner=opportunities.c.owner_id,
                                 region=opportunities.c.region_id))
             .order_by(visits.c.created_at, visits.c.id))
    rows = (await session.execute(query)).all()
    found = await _with_photos(session, rows)
    return [(v, r.title, r.account_name) for v, r in zip(found, rows, strict=True)]


async def photo(session: AsyncSession, *, visit_id: str, photo_id: str) -> Photo | None:
    try:
        query = select(visit_photos).where(visit_photos.c.id == uuid.UUID(photo_id),
                                           visit_photos.c.visit_id == uuid.UUID(visit_id))
    except ValueError:
        return None
    row = (await session.execute(query)).first()
    return _photo(row) if row else None


async def _with_photos(session: AsyncSession, rows: Any) -> list[Visit]:
    rows = list(rows)
    ids = [r.id for r in rows]
    by_visit: dict[uuid.UUID, list[Photo]] = defaultdict(list)
    if ids:
        found = await session.execute(select(visit_photos).where(
            visit_photos.c.visit_id.in_(ids)).order_by(visit_photos.c.created_at,
                                                       visit_photos.c.id))
        for p in found:
            by_visit[p.visit_id].append(_photo(p))
    return [Visit(id=str(r.id), opportunity_id=str(r.opportunity_id), rep_id=r.rep_id,
                  rep_username=r.rep_username, point=Point(r.latitude, r.longitude),
                  created_at=r.created_at, planned_date=r.planned_date,
                  checked_in_at=r.checked_in_at, report=r.report, reported_at=r.reported_at,
                  first=r.first, photos=tuple(by_visit[r.id]),
                  reported_by_id=r.reported_by_id,
                  reported_by_username=r.reported_by_username,
                  site=Point(r.site_latitude, r.site_longitude)
                  if r.site_latitude is not None else None) for r in rows]


def _photo(row: Any) -> Photo:
    return Photo(id=str(row.id), filename=row.filename, content_type=row.content_type,
                 size_bytes=row.size_bytes, sha256=row.sha256)
