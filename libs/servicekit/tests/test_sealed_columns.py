"""Sealed columns in PostgreSQL: the table holds no credential in clear, the code reads
plain values, rows from before sealing are sealed by the migration helper, and a wrong
key stops the process at startup."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from servicekit.db import session_factory
from servicekit.sealed_columns import SealedFields, SealedText, check_opens
from servicekit.sealing import PREFIX, SealingError, new_key
from servicekit.sealing_migration import reseal_all, seal_plain_fields, seal_plain_text
from servicekit.testing.scratch import scratch_schema
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration

md = MetaData()
robots = Table("robots", md, Column("id", Integer, primary_key=True),
               Column("webhook", SealedText("robots.webhook"), nullable=False),
               Column("target", SealedFields("robots.target", ("url", "secret"))))
WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=tok-0123456789"


@pytest.fixture
async def sessions(infra) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with scratch_schema(infra.database_url, "sealed", md, pool_size=1) as (_, engine):
        yield session_factory(engine)


async def _raw(session: AsyncSession) -> tuple[str, dict[str, str]]:
    row = (await session.execute(text("SELECT webhook, target FROM robots WHERE id = 1"))).one()
    return row[0], row[1]


async def test_the_table_holds_sealed_values_and_the_code_reads_plain_ones(sessions) -> None:
    target = {"url": WEBHOOK, "secret": "SEC-signing", "to": ""}
    async with sessions() as session, session.begin():
        await session.execute(insert(robots).values(id=1, webhook=WEBHOOK, target=target))
        stored_webhook, stored_target = await _raw(session)
        assert stored_webhook.startswith(PREFIX) and "tok-" not in stored_webhook
        assert stored_target["url"].startswith(PREFIX)
        assert stored_target["secret"].startswith(PREFIX) and stored_target["to"] == ""
        row = (await session.execute(select(robots))).one()
        assert (row.webhook, row.target) == (WEBHOOK, target)


async def test_the_migration_helper_seals_rows_written_before_sealing(sessions) -> None:
    async with sessions() as session, session.begin():
        # As an older release wrote them: plain text, no sealing.
        await session.execute(text(
            "INSERT INTO robots VALUES (1, :w, CAST(:t AS jsonb)), (2, '', CAST(:e AS jsonb))"),
            {"w": WEBHOOK, "t": json.dumps({"url": WEBHOOK, "secret": "SEC"}),
             "e": json.dumps({"to": "a@b.cn"})})
        assert (await session.execute(select(robots.c.webhook))).scalars().first() == WEBHOOK

        def migrate(connection) -> tuple[int, int]:
            return (seal_plain_text(connection, "robots", key="id", columns=("webhook",)),
                    seal_plain_fields(connection, "robots", key="id", column="target",
                                      fields=("url", "secret")))

        assert await (await session.connection()).run_sync(migrate) == (1, 1)
        stored_webhook, stored_target = await _raw(session)
        assert stored_webhook.startswith(PREFIX) and stored_target["secret"].startswith(PREFIX)
        row = (await session.execute(select(robots).where(robots.c.id == 1))).one()
        assert row.target == {"url": WEBHOOK, "secret": "SEC"}
        assert await (await session.connection()).run_sync(migrate) == (0, 0)  # idempotent


async def test_a_wrong_key_stops_the_process_at_startup_naming_the_column(
        sessions, sealing_keys) -> None:
    async with sessions() as session, session.begin():
        await session.execute(insert(robots).values(id=1, webhook=WEBHOOK, target={}))
    await check_opens(sessions, [robots.c.webhook])  # the right key: nothing to say
    sealing_keys(new_key())
    with pytest.raises(SealingError, match=r"robots\.webhook"):
        await check_opens(sessions, [robots.c.webhook])
    with pytest.raises(SealingError, match=r"robots\.webhook"):
        async with sessions() as session:
            await session.scalar(select(robots.c.webhook))


async def test_an_unreachable_database_does_not_stop_the_startup_check() -> None:
    from servicekit.db import create_engine

    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none", "x", pool_size=1)
    try:
        await check_opens(session_factory(engine), [robots.c.webhook])
    finally:
        await engine.dispose()



async def test_after_a_rotation_reseal_moves_every_value_to_the_new_key(
        sessions, sealing_keys) -> None:
    old, new = new_key(), new_key()
    sealing_keys(old)
    async with sessions() as session, session.begin():
        await session.execute(insert(robots).values(
            id=1, webhook=WEBHOOK, target={"url": WEBHOOK, "secret": "SEC", "to": ""}))
        await session.execute(insert(robots).values(id=2, webhook="", target={"to": "x@y.cn"}))
    sealing_keys(new, old)
    async with sessions() as session, session.begin():
        counts = await (await session.connection()).run_sync(reseal_all, md)
        again = await (await session.connection()).run_sync(reseal_all, md)
    assert counts == {"robots.webhook": 1, "robots.target": 1}
    assert again == {"robots.webhook": 0, "robots.target": 0}
    sealing_keys(new)  # the old key removed: everything still opens
    async with sessions() as session:
        row = (await session.execute(select(robots).where(robots.c.id == 1))).one()
    assert (row.webhook, row.target["secret"]) == (WEBHOOK, "SEC")
