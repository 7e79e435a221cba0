"""Products (keyed by code) and the discount limits per role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.quotes_orm import discount_limits, products
from pipeline.domain.catalogue import Product
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE


def _product(row: Any) -> Product:
    return Product(row.code, row.kind, row.name, row.list_price_fen, row.unit,
                   tuple(row.fits), row.active)


def _values(product: Product) -> dict[str, Any]:
    return {"code": product.code, "kind": product.kind, "name": product.name,
            "list_price_fen": product.list_price_fen, "unit": product.unit,
            "fits": list(product.fits), "active": product.active}


async def catalogue(session: AsyncSession) -> dict[str, Product]:
    """Every product, active or not, by code (a few hundred rows at most)."""
    rows = (await session.execute(select(products).order_by(products.c.code))).all()
    return {row.code: _product(row) for row in rows}


async def get(session: AsyncSession, *, code: str, for_update: bool = False
              ) -> Product | None:
    query = select(products).where(products.c.code == code)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return _product(row) if row else None


async def add(session: AsyncSession, product: Product, *, by: str) -> bool:
    """False when the code is taken (nothing written)."""
    done = await session.execute(insert(products).values(**_values(product), updated_by=by)
                                 .on_conflict_do_nothing().returning(products.c.code))
    return done.first() is not None


async def save(session: AsyncSession, product: Product, *, by: str, now: datetime) -> None:
    await session.execute(update(products).where(products.c.code == product.code).values(
        **_values(product), updated_by=by, updated_at=now))


async def lock(session: AsyncSession) -> None:
    """Until the transaction ends, no other catalogue write (an import, a single update)
    can change what this one checked; quotes still read the catalogue meanwhile."""
    await session.execute(text("LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE"))


async def upsert(session: AsyncSession, batch: list[Product], *, by: str,
                 now: datetime) -> None:
    """Each product created or replaced (its kind included: callers checked it is the
    same); one statement executed for the whole batch (executemany)."""
    if not batch:
        return
    stmt = insert(products)
    await session.execute(stmt.on_conflict_do_update(index_elements=["code"], set_={
        column: stmt.excluded[column] for column in
        ("name", "list_price_fen", "unit", "fits", "active", "updated_by", "updated_at")}),
        [_values(p) | {"updated_by": by, "updated_at": now} for p in batch])


async def page(session: AsyncSession, *, kind: str, fits: str, include_inactive: bool,
               limit: int, after: str) -> list[Product]:
    query = select(products).order_by(products.c.code).limit(limit)
    if kind:
        query = query.where(products.c.kind == kind)
    if fits:
        query = query.where(products.c.fits.contains([fits]))
    if not include_inactive:
        query = query.where(products.c.active)
    if after:
        query = query.where(products.c.code > after)
    return [_product(row) for row in (await session.execute(query)).all()]


async def seed_demo(session: AsyncSession) -> int:
    """The demo catalogue, added where missing (an admin's later edits are kept)."""
    done = await session.execute(insert(products).values(
        [_values(p) | {"updated_by": "demo"} for p in DEMO_CATALOGUE])
        .on_conflict_do_nothing().returning(products.c.code))
    return len(done.all())


async def limits(session: AsyncSession) -> dict[str, int]:
    rows = (await session.execute(select(discount_limits))).all()
    return {row.role: row.max_bp for row in rows}


async def set_limits(session: AsyncSession, values: dict[str, int], *, by: str) -> None:
    for role, bp in values.items():
        await session.execute(insert(discount_limits).values(role=role, max_bp=bp, updated_by=by)
                              .on_conflict_do_update(index_elements=["role"], set_={
                                  "max_bp": bp, "updated_by": by, "updated_at": func.now()}))
