"""A year of contracts (10k, ~5 approval steps each, 20 reps in 5 regions): every
non-director's list shows exactly what "in my scope, or named in the current approval
round, or (finance) submitted" means, page after page, and each page is read from
indexes, not by reading every approval step (which the single OR query did: 48k rows
for 20 contracts, ~5 ms at 10k contracts, ~10 ms at 20k).

The year is written inside one transaction that is rolled back (ANALYZE inside it sees
the rows, and its statistics roll back with them), in the tests' own schema. Its size
matters: below ~5k contracts PostgreSQL rightly prefers reading the whole small contracts
table to looking up a person's few delegated steps one by one.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from pipeline.adapters import contract_queries
from pipeline.adapters.contract_queries import ContractFilter
from servicekit.scope import Scope
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .contract_year import seed_year

pytestmark = pytest.mark.integration
PAGE = 20


@dataclass(frozen=True)
class Caller:
    scope: Scope
    user_id: str
    flt: ContractFilter = field(default_factory=ContractFilter)
    finance: bool = False


def callers(t: str) -> dict[str, Caller]:
    """The people of the seeded year (contract_year): `t` keeps their ids apart from
    other tests' rows."""
    return {
        "rep": Caller(Scope(owner_id=f"{t}rep-2"), f"{t}rep-2"),
        "rep who is a delegate": Caller(Scope(owner_id=f"{t}rep-3"), f"{t}rep-3"),
        "manager": Caller(Scope(region_ids=(f"{t}r-2",)), f"{t}mgr-2"),
        "manager of two regions": Caller(Scope(region_ids=(f"{t}r-1", f"{t}r-4")),
                                         f"{t}mgr-1"),
        "engineer named at two levels": Caller(Scope(), f"{t}eng-9"),
        "finance": Caller(Scope(), f"{t}fin-1", finance=True),
        "manager's to-do list": Caller(Scope(region_ids=(f"{t}r-2",)), f"{t}mgr-2",
                                       ContractFilter(awaiting_me=True)),
        # mgr-3 delegated a step of a pending contract to rep-3 and is back early
        "manager back early's to-do list": Caller(Scope(region_ids=(f"{t}r-3",)), f"{t}mgr-3",
                                                  ContractFilter(awaiting_me=True)),
        "manager's pending tab": Caller(Scope(region_ids=(f"{t}r-2",)), f"{t}mgr-2",
                                        ContractFilter(status="pending_approval")),
    }


@pytest.fixture(scope="module")
async def year(sessions: async_sessionmaker[AsyncSession]
               ) -> AsyncIterator[tuple[AsyncSession, str]]:
    tag = f"y{uuid.uuid4().hex[:6]}-"
    async with sessions() as session:
        await seed_year(session, tag)
        yield session, tag
        await session.rollback()


async def page(session: AsyncSession, c: Caller, after: tuple[datetime, str] | None
               ) -> list[tuple[str, datetime]]:
    return await contract_queries.page(session, scope=c.scope, user_id=c.user_id, flt=c.flt,
                                       limit=PAGE, after=after, submitted=c.finance)


async def meant(session: AsyncSession, c: Caller) -> list[str]:
    """What the list means, written the plain way (one WHERE, no index in mind)."""
    if c.flt.awaiting_me:
        # theirs to decide: held by them, or their own held by their delegate
        who = ("s.status = 'pending' AND (s.approver_id = :me OR "
               "(s.delegated_from = :me AND c.owner_id <> :me))")
        where = f"EXISTS (SELECT 1 FROM approval_steps s WHERE s.contract_id = c.id " \
                f"AND s.round = c.round AND {who})"
    else:
        where = ("c.owner_id = :owner OR c.region_id = ANY(:regions) OR (:finance AND "
                 "c.round > 0) OR EXISTS (SELECT 1 FROM approval_steps s WHERE "
                 "s.contract_id = c.id AND s.round = c.round AND :me IN "
                 "(s.approver_id, s.delegated_from, s.escalate_to_id))")
    rows = await session.execute(text(
        f"SELECT c.id FROM contracts c WHERE ({where}) AND (:status = '' OR c.status = "
        ":status) ORDER BY c.created_at DESC, c.id DESC"),
        {"me": c.user_id, "owner": c.scope.owner_id or "", "finance": c.finance,
         "regions": list(c.scope.region_ids), "status": c.flt.status})
    return [str(r.id) for r in rows]


@pytest.mark.parametrize("who", list(callers("")))
async def test_paging_a_list_shows_what_it_means_once_each_in_order(year: Any, who: str
                                                                    ) -> None:
    """Page after page continues exactly after the last one, including across contracts
    created in the same instant, and a contract found by two parts (a manager's region
    and their approval step) comes once. Finance's list is everyone's: the first pages."""
    session, tag = year
    caller = callers(tag)[who]
    expected = await meant(session, caller)
    pages, after = 0, None
    shown: list[str] = []
    while pages < 12:
        found = await page(session, caller, after)
        shown += [contract_id for contract_id, _ in found]
        pages += 1
        if len(found) < PAGE:
            break
        after = (found[-1][1], found[-1][0])
    assert expected[:PAGE] and shown == expected[:len(shown)]
    assert len(shown) == min(len(expected), 12 * PAGE)


async def test_an_approver_back_early_finds_their_delegated_step_on_their_to_do_list(
        year: Any) -> None:
    """mgr-3 handed a pending step to rep-3 and came back: they may still decide it, so
    it is on their to-do list beside the steps they hold."""
    session, tag = year
    caller = callers(tag)["manager back early's to-do list"]
    delegated = {str(r.contract_id) for r in await session.execute(text(
        "SELECT contract_id FROM approval_steps s JOIN contracts c ON c.id = s.contract_id "
        "AND c.round = s.round WHERE s.delegated_from = :me AND s.status = 'pending'"),
        {"me": caller.user_id})}
    shown = {contract_id for contract_id, _ in await page(session, caller, None)}
    assert delegated and delegated <= shown


async def plan_of(session: AsyncSession, c: Caller, after: tuple[datetime, str] | None
                  ) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the very statement `page` runs."""
    conn = await session.connection()
    ran: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        ran.append((statement, params))

    event.listen(conn.sync_connection, "before_cursor_execute", keep)
    try:
        await page(session, c, after)
    finally:
        event.remove(conn.sync_connection, "before_cursor_execute", keep)
    statement, params = ran[-1]
    result = await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", params)
    return result.scalar_one()[0]["Plan"]  # type: ignore[no-any-return]


def scans(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node] if "Scan" in node["Node Type"] else []
    for child in node.get("Plans", []):
        found += scans(child)
    return found


@pytest.mark.parametrize("who", [w for w in callers("") if w != "manager's pending tab"])
async def test_a_page_reads_about_a_page_per_part_not_the_year(year: Any, who: str) -> None:
    """Each part (own, each region, each way of being named on a step, finance's
    submitted) reads at most about a page from its index: a few hundred index entries
    for 20 contracts, against 48k approval steps before. (A status tab is the exception:
    a part through the steps then reads that person's steps, see the README.)"""
    session, tag = year
    caller = callers(tag)[who]
    first = await page(session, caller, None)
    for after in (None, (first[-1][1], first[-1][0])):
        nodes = scans(await plan_of(session, caller, after))
        assert not [n for n in nodes if n["Node Type"] == "Seq Scan"
                    and n["Relation Name"] in ("contracts", "approval_steps")], nodes
        read = sum((n["Actual Rows"] + n.get("Rows Removed by Filter", 0))
                   * n["Actual Loops"] for n in nodes)
        assert read <= 15 * PAGE, (who, read)
