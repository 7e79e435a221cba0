"""The token check reads the cut-offs once per interval per replica, never per request,
and refuses exactly the tokens issued before a user's cut-off."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.token_check import TokenCutoffs
from servicekit.auth import Principal


class Database:
    """Stands for the sessionmaker: answers (id, tokens_valid_after, active) rows."""

    def __init__(self, rows: list[tuple[str, datetime | None, bool]]) -> None:
        self.rows, self.reads = rows, 0

    @asynccontextmanager
    async def __call__(self) -> Any:
        yield self

    async def execute(self, _: Any) -> list[tuple[str, datetime | None, bool]]:
        self.reads += 1
        await asyncio.sleep(0.01)  # a round trip, during which more requests arrive
        return self.rows


def token(user_id: str, issued_at: float) -> Principal:
    return Principal(user_id, "someone", "rep", issued_at=issued_at)


async def test_a_burst_of_requests_costs_one_read_and_the_next_comes_after_the_interval(
        ) -> None:
    database = Database([])
    cutoffs = TokenCutoffs(database, every=0.2, token_ttl=3600)  # type: ignore[arg-type]
    answers = await asyncio.gather(*(cutoffs.stands(token("u1", time.time()))
                                     for _ in range(50)))
    assert all(answers) and database.reads == 1
    await cutoffs.stands(token("u1", time.time()))
    assert database.reads == 1
    await asyncio.sleep(0.25)
    await cutoffs.stands(token("u1", time.time()))
    assert database.reads == 2


async def test_tokens_before_the_cutoff_are_refused_and_later_ones_stand() -> None:
    changed = datetime.now(UTC) - timedelta(minutes=5)
    database = Database([("moved", changed, True), ("stopped", changed, False)])
    cutoffs = TokenCutoffs(database, every=60, token_ttl=3600)  # type: ignore[arg-type]
    before, after = changed.timestamp() - 1, changed.timestamp() + 0.001
    assert not await cutoffs.stands(token("moved", before))
    assert await cutoffs.stands(token("moved", after))
    assert not await cutoffs.stands(token("stopped", after))  # inactive: none stands
    assert await cutoffs.stands(token("unchanged", before))


async def test_this_replicas_own_change_counts_at_once() -> None:
    cutoffs = TokenCutoffs(Database([]), every=60, token_ttl=3600)  # type: ignore[arg-type]
    issued = time.time()
    assert await cutoffs.stands(token("u1", issued))
    cutoffs.note("u1", datetime.now(UTC))
    assert not await cutoffs.stands(token("u1", issued))


async def test_a_change_noted_while_the_cutoffs_are_read_is_not_lost() -> None:
    database = Database([])
    cutoffs = TokenCutoffs(database, every=60, token_ttl=3600)  # type: ignore[arg-type]
    issued = time.time()
    reading = asyncio.ensure_future(cutoffs.stands(token("other", issued)))
    while database.reads == 0:  # the read's query is under way: its rows predate the change
        await asyncio.sleep(0)
    cutoffs.note("u1", datetime.now(UTC))
    await reading
    assert not await cutoffs.stands(token("u1", issued))
