"""Loading and saving people's delivery preferences.

A document's version (HTTP's ETag) is the microseconds since 1970 of its last save
(`updated_at`): no column of its own, so no migration, and a save is made at least a
microsecond after the previous one, so no two saves of one document share a version."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Final

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import preferences
from notifications.domain.preferences import Preferences

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TICK = timedelta(microseconds=1)  # PostgreSQL's timestamptz resolution
WHATEVER: Final = object()  # save(over=...): whatever is stored, as a plain PUT

# `= ANY(array)`, not `IN (...)`: one statement text whatever the number of people, so it
# is compiled once and prepared once per connection.
_LOAD = sa.select(preferences).where(
    preferences.c.user_id == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.Text))))


def _prefs(row: sa.RowMapping) -> Preferences:
    data = dict(row)
    data.pop("updated_at", None)
    data["choices"] = {kind: tuple(chs) for kind, chs in (data.get("choices") or {}).items()}
    return Preferences(**data)


async def load_many(session: AsyncSession, user_ids: Collection[str]) -> dict[str, Preferences]:
    """Everyone's preferences, defaults for those who saved none."""
    rows = (await session.execute(_LOAD, {"ids": list(user_ids)})).mappings().all()
    found = {row["user_id"]: _prefs(row) for row in rows}
    return {uid: found.get(uid) or Preferences(user_id=uid) for uid in user_ids}


async def load(session: AsyncSession, user_id: str) -> Preferences:
    return (await load_many(session, [user_id]))[user_id]


def version_of(saved_at: datetime | None) -> int:
    """The version of a document last saved at `saved_at`; 0: never saved."""
    return 0 if saved_at is None else (saved_at - _EPOCH) // _TICK


def next_save_time(now: datetime, saved_at: datetime | None) -> datetime:
    """When a save happening `now` is recorded: after the previous one even when the clock
    reads the same microsecond (or a replica's clock is behind), so the version changes."""
    return now if saved_at is None or now > saved_at else saved_at + _TICK


async def load_saved(session: AsyncSession, user_id: str) -> tuple[Preferences, datetime | None]:
    """One person's preferences and when they were last saved (None: never, defaults)."""
    row = (await session.execute(_LOAD, {"ids": [user_id]})).mappings().first()
    return (_prefs(row), row["updated_at"]) if row else (Preferences(user_id=user_id), None)


async def save(session: AsyncSession, prefs: Preferences, *, now: datetime,
               over: object = WHATEVER) -> bool:
    """Writes the whole document. With `over` (the `updated_at` read; None: nothing was
    stored), only if it is still what is stored: False, and nothing written, when another
    save came in between — checked by the statement itself, so two at once cannot both
    pass."""
    values = asdict(prefs) | {"updated_at": now}
    values["choices"] = {kind: list(chs) for kind, chs in prefs.choices.items()}
    statement = insert(preferences).values(**values)
    if over is None:
        statement = statement.on_conflict_do_nothing(index_elements=[preferences.c.user_id])
    else:
        statement = statement.on_conflict_do_update(
            index_elements=[preferences.c.user_id],
            set_={k: statement.excluded[k] for k in values if k != "user_id"},
            where=None if over is WHATEVER else preferences.c.updated_at == over)
    written = await session.execute(statement.returning(preferences.c.user_id))
    return written.first() is not None
