"""A hot path's statements on the driver connection belong to the unit of work's
transaction: committed with it, rolled back with it; outbox rows a caller's own statement
wrote go to the relay like any others."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.db import session_factory
from servicekit.driver import Statement, connection
from servicekit.tables import messaging_metadata
from servicekit.testing.scratch import scratch_schema
from servicekit.uow import OUTBOX_CTES, Pending, UnitOfWork, register_relay, unregister_relay
from sqlalchemy import Column, MetaData, Table, Text, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

notes_md = MetaData()
notes = Table("notes", notes_md, Column("body", Text, primary_key=True))
_NOTE = Statement("INSERT INTO notes (body) SELECT * FROM unnest(CAST(:bodies AS text[]))")


def test_named_parameters_become_numbered_once_each_leaving_casts_and_literals_alone() -> None:
    statement = Statement("SELECT CAST(:a AS int[]), :b::text, 'x:c', :a, NULL::int, "
                          "'it''s :d' FROM t WHERE x = :c")
    assert statement.names == ("a", "b", "c")
    assert statement.sql == ("SELECT CAST($1 AS int[]), $2::text, 'x:c', $1, NULL::int, "
                             "'it''s :d' FROM t WHERE x = $3")
    assert statement.args({"c": 3, "b": 2, "a": 1, "unused": 0}) == [1, 2, 3]


@pytest.fixture
async def sessions(infra) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with scratch_schema(infra.database_url, "drv", notes_md,
                              messaging_metadata) as (_, engine):
        yield session_factory(engine)


async def _bodies(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessions() as session:
        return list((await session.execute(text("SELECT body FROM notes ORDER BY body")))
                    .scalars())


@pytest.mark.integration
async def test_a_driver_statement_is_kept_only_when_the_unit_of_work_commits(sessions) -> None:
    async with UnitOfWork(sessions, source="drv") as uow:  # the first statement of all
        await _NOTE.fetch(await uow.connection(), {"bodies": ["rolled back"]})
    async with UnitOfWork(sessions, source="drv") as uow:
        await _NOTE.fetch(await uow.connection(), {"bodies": ["kept"]})
        await uow.session.execute(text("INSERT INTO notes VALUES ('through sqlalchemy')"))
        await _NOTE.fetch(await uow.connection(), {"bodies": ["kept too"]})
        await uow.commit()
    assert await _bodies(sessions) == ["kept", "kept too", "through sqlalchemy"]


@pytest.mark.integration
async def test_each_transaction_of_a_session_gets_its_own_begun_connection(sessions) -> None:
    async with sessions() as session:
        await _NOTE.fetch(await connection(session), {"bodies": ["first"]})
        await session.commit()
        await _NOTE.fetch(await connection(session), {"bodies": ["second"]})
        await session.rollback()
    assert await _bodies(sessions) == ["first"]


_NOTE_AND_OUTBOX = Statement(f"WITH {OUTBOX_CTES} INSERT INTO notes VALUES (:body)")


@pytest.mark.integration
async def test_events_folded_into_a_callers_statement_reach_the_relay_once(sessions) -> None:
    taken: list[Pending] = []
    register_relay(sessions, "drv", taken.extend)
    try:
        async with UnitOfWork(sessions, source="drv") as uow:
            first = uow.publish(LeadCreated(lead_id="L1"), type="leads.created",
                                aggregate_id="L1", done_for=["drv-consumer"])
            await _NOTE_AND_OUTBOX.fetch(await uow.connection(),
                                         {"body": "with its event", **uow.fold_outbox()})
            later = uow.publish(LeadCreated(lead_id="L2"), type="leads.created",
                                aggregate_id="L2")
            await uow.commit()
    finally:
        unregister_relay(sessions, "drv")
    assert [str(p.id) for p in taken] == [first, later] and taken[0].done_for == ("drv-consumer",)
    async with sessions() as session:
        stored = (await session.execute(text("SELECT id::text FROM outbox ORDER BY id"))).scalars()
        inbox = (await session.execute(text("SELECT event_id::text FROM inbox"))).scalars()
        assert (sorted(stored), list(inbox)) == (sorted([first, later]), [first])


@pytest.mark.integration
async def test_without_a_relay_here_commit_writes_the_rows_a_caller_could_not_fold(
    sessions,
) -> None:
    async with UnitOfWork(sessions, source="drv") as uow:
        event_id = uow.publish(LeadCreated(lead_id="L1"), type="leads.created",
                               aggregate_id="L1")
        folded = uow.fold_outbox()
        assert folded["o_ids"] == []
        await _NOTE_AND_OUTBOX.fetch(await uow.connection(), {"body": "x", **folded})
        await uow.commit()
    async with sessions() as session:
        stored = (await session.execute(text("SELECT id::text FROM outbox"))).scalars()
        assert list(stored) == [event_id]
