"""Loading and saving assignment rules. Callers own the transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.assignment_orm import assignment_rules
from leads.domain.rules import Rule

_NAME_KEY = "assignment_rules_name_key"


class NameTaken(Exception):
    """Another rule has this name, ignoring case."""


_LISTS = ("provinces", "region_ids", "industries", "sources", "target_user_ids")


def _rule(row: Any) -> Rule:
    values = dict(row._mapping)
    values["id"] = str(values["id"])
    for name in _LISTS:
        values[name] = tuple(values[name])
    return Rule(**values)


def _values(rule: Rule) -> dict[str, Any]:
    values = {name: getattr(rule, name) for name in (
        "name", "enabled", "score_min", "score_max", "target_kind", "target_region_id")}
    return values | {name: list(getattr(rule, name)) for name in _LISTS}


def _uuid(rule_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(rule_id)
    except ValueError:
        return None


async def all_rules(session: AsyncSession, *, for_update: bool = False) -> list[Rule]:
    query = select(assignment_rules).order_by(assignment_rules.c.position,
                                              assignment_rules.c.id)
    if for_update:
        query = query.with_for_update()
    return [_rule(row) for row in await session.execute(query)]


# (number of rules, newest updated_at): every change of the rules changes it (an added
# rule's updated_at is the newest, an edit or a reorder sets it, a removal lowers the count).
RulesVersion = tuple[int, datetime | None]
_cached: tuple[RulesVersion, list[Rule]] | None = None


async def rules_at(session: AsyncSession, version: RulesVersion) -> list[Rule]:
    """The rules, read again only when `version` (read by the caller in this transaction)
    differs from the one they were read at: intake asks for them with every batch, and
    they change a few times a year."""
    global _cached
    if _cached is None or _cached[0] != version:
        _cached = (version, await all_rules(session))
    return _cached[1]


async def get(session: AsyncSession, *, rule_id: str, for_update: bool = False) -> Rule | None:
    key = _uuid(rule_id)
    if key is None:
        return None
    query = select(assignment_rules).where(assignment_rules.c.id == key)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return None if row is None else _rule(row)


async def add(session: AsyncSession, *, rule: Rule) -> Rule:
    """Appends the rule after the last one."""
    top = (await session.execute(select(func.max(assignment_rules.c.position)))).scalar_one()
    position = 0 if top is None else top + 1
    await _named(session, assignment_rules.insert().values(
        id=uuid.UUID(rule.id), position=position, **_values(rule)))
    found = await get(session, rule_id=rule.id)
    assert found is not None
    return found


async def replace(session: AsyncSession, *, rule: Rule) -> Rule | None:
    await _named(session, update(assignment_rules)
                 .where(assignment_rules.c.id == uuid.UUID(rule.id))
                 .values(**_values(rule), updated_at=func.now()))
    return await get(session, rule_id=rule.id)


async def _named(session: AsyncSession, statement: Any) -> None:
    """Runs a write of a rule's name; the unique index decides a clash, so two admins
    saving one name at once cannot both succeed. The transaction is then spoilt: the
    caller's unit of work rolls it back."""
    try:
        await session.execute(statement)
    except IntegrityError as error:
        if _NAME_KEY in str(error.orig):
            raise NameTaken from error
        raise


async def remove(session: AsyncSession, *, rule_id: str) -> bool:
    """Deletes the rule and closes the gap it leaves, so positions stay 0, 1, 2… (the API
    says 0 is tried first; after deleting the first rule, the new first read 1)."""
    key = _uuid(rule_id)
    if key is None:
        return False
    done = (await session.execute(delete(assignment_rules).where(assignment_rules.c.id == key)
                                  .returning(assignment_rules.c.position))).first()
    if done is None:
        return False
    await session.execute(update(assignment_rules)
                          .where(assignment_rules.c.position > done.position)
                          .values(position=assignment_rules.c.position - 1,
                                  updated_at=func.now()))
    return True


async def set_order(session: AsyncSession, *, rule_ids: Sequence[str]) -> None:
    for position, rule_id in enumerate(rule_ids):
        await session.execute(update(assignment_rules)
                              .where(assignment_rules.c.id == uuid.UUID(rule_id))
                              .values(position=position, updated_at=func.now()))


async def sources_in_use(session: AsyncSession, *, sources: Sequence[str]) -> set[str]:
    """Which of these sources a stored lead carries: one probe of the unique
    (source, idempotency_key) index each, however many leads a source has."""
    if not sources:
        return set()
    found = await session.execute(text(
        "SELECT s FROM unnest(CAST(:sources AS text[])) AS s "
        "WHERE EXISTS (SELECT 1 FROM leads WHERE leads.source = s)"), {"sources": list(sources)})
    return set(found.scalars())
