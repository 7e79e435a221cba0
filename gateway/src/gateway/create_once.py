"""An admin's create sent again under the same Idempotency-Key answers what the first one
made, never a second row (a double click, a retry after a timeout). The key sent again
with other fields is a 422 naming the key: the client reused a key meant for one request."""

from __future__ import annotations

from typing import TypeVar

from servicekit.auth import Principal
from servicekit.idempotency import KeyReused, check_same_request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import Department, Region
from gateway.problems import FieldProblem, validation_problem

Created = TypeVar("Created", Region, Department)


def same_request(stored: str | None, arriving: str) -> None:
    try:
        check_same_request(stored=stored, arriving=arriving)
    except KeyReused as error:
        raise validation_problem([FieldProblem(error.field, error.message)]) from error


async def created_before(session: AsyncSession, model: type[Created], *, by: Principal,
                         idempotency_key: str | None, asked: str) -> Created | None:
    """What this admin's earlier create under `idempotency_key` made; None without a key
    or the first time. `asked` is the fingerprint of the fields now sent."""
    if not idempotency_key:
        return None
    first = await session.scalar(select(model).where(
        model.created_by == by.user_id, model.idempotency_key == idempotency_key))
    if first is not None:
        same_request(first.request_hash, asked)
    return first
