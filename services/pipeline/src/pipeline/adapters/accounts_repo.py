"""Accounts and their contacts: found by the account key, created when new."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters.orm import accounts, contacts
from pipeline.domain.accounts import Account, account_key, clean_name


async def get_or_create(session: AsyncSession, *, name: str, industry: str = "",
                        province: str = "", scale: str = "") -> Account:
    """The account whose key matches `name`, created with this spelling when none does.
    ON CONFLICT makes two deals for one new company, opened at once, share one account.
    An existing account gains the industry and scale it lacked (never overwritten)."""
    key = account_key(name)
    await session.execute(insert(accounts).values(
        id=uuid7(), name=clean_name(name), name_key=key, industry=industry,
        province=province, scale=scale).on_conflict_do_nothing(index_elements=["name_key"]))
    for column, value in (("industry", industry), ("scale", scale)):
        if value:
            await session.execute(update(accounts).where(
                accounts.c.name_key == key, accounts.c[column] == "").values({column: value}))
    row = (await session.execute(select(accounts).where(accounts.c.name_key == key))).one()
    return _account(row)


async def get(session: AsyncSession, *, account_id: str) -> Account | None:
    row = (await session.execute(
        select(accounts).where(accounts.c.id == uuid.UUID(account_id)))).first()
    return _account(row) if row else None


async def add_contact(session: AsyncSession, *, account_id: str, name: str, phone: str,
                      email: str, lead_id: str | None) -> None:
    if not (name or phone or email):
        return
    await session.execute(insert(contacts).values(
        id=uuid7(), account_id=uuid.UUID(account_id), name=name, phone=phone, email=email,
        lead_id=uuid.UUID(lead_id) if lead_id else None).on_conflict_do_nothing())


async def contacts_of(session: AsyncSession, *, account_id: str) -> list[dict[str, str]]:
    rows = (await session.execute(select(contacts).where(
        contacts.c.account_id == uuid.UUID(account_id)).order_by(contacts.c.created_at))).all()
    return [{"id": str(r.id), "name": r.name, "phone": r.phone, "email": r.email}
            for r in rows]


async def get_many(session: AsyncSession, *, account_ids: set[str]) -> dict[str, Account]:
    rows = await session.execute(select(accounts).where(
        accounts.c.id.in_([uuid.UUID(i) for i in account_ids]))) if account_ids else ()
    return {str(r.id): _account(r) for r in rows}


async def contacts_of_many(session: AsyncSession, *, account_ids: set[str]
                           ) -> dict[str, list[dict[str, str]]]:
    """contacts_of for several accounts in one statement."""
    found: dict[str, list[dict[str, str]]] = {i: [] for i in account_ids}
    rows = await session.execute(select(contacts).where(
        contacts.c.account_id.in_([uuid.UUID(i) for i in account_ids])).order_by(
        contacts.c.created_at)) if account_ids else ()
    for r in rows:
        found[str(r.account_id)].append(
            {"id": str(r.id), "name": r.name, "phone": r.phone, "email": r.email})
    return found


def _account(row: object) -> Account:
    r = row  # a Row of `accounts`
    return Account(id=str(r.id), name=r.name, key=r.name_key,  # type: ignore[attr-defined]
                   industry=r.industry, province=r.province,  # type: ignore[attr-defined]
                   scale=r.scale)  # type: ignore[attr-defined]
