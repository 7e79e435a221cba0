"""Loading and saving people's delivery preferences."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import preferences
from notifications.domain.preferences import Preferences

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


async def save(session: AsyncSession, prefs: Preferences, *, now: datetime) -> None:
    values = asdict(prefs) | {"updated_at": now}
    values["choices"] = {kind: list(chs) for kind, chs in prefs.choices.items()}
    statement = insert(preferences).values(**values)
    await session.execute(statement.on_conflict_do_update(
        index_elements=[preferences.c.user_id],
        set_={k: statement.excluded[k] for k in values if k != "user_id"}))
