"""The migrated pipeline schema is exactly what the ORM tables declare, and migrations
carry the data of before along."""

import asyncio
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from pipeline.adapters.orm import metadata
from pipeline.domain.default_process import DEFAULT_STAGES
from pipeline.domain.period import SHANGHAI
from pipeline.domain.process import Process
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.envelope import new_envelope
from servicekit.testing.schema import schema_differences
from servicekit.testing.scratch import migrated_schema
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

pytestmark = pytest.mark.integration
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
HANDED_OVER = "pipeline.opportunities_handed_over"


async def _customer_under_process_1(conn: AsyncConnection) -> uuid.UUID:
    """The default process as version 1 and one customer account, for deals of before."""
    await conn.execute(text(
        "INSERT INTO process_versions (version, stages) VALUES (1, CAST(:s AS jsonb))"),
        {"s": json.dumps(Process(1, DEFAULT_STAGES).to_dict())})
    account = uuid.uuid4()
    await conn.execute(text("INSERT INTO accounts (id, name, name_key) VALUES "
                            "(:a, '常州精工', '常州精工')"), {"a": account})
    return account


async def test_migrated_schema_matches_the_orm_tables(infra: Any) -> None:
    assert await schema_differences(infra.database_url, "pipeline", metadata) == []


async def test_contracts_from_before_numbering_are_numbered_by_year_in_creation_order(
        infra: Any) -> None:
    """The year is Beijing's: a contract drafted at 23:30 on New Year's Eve is last year's."""
    async with migrated_schema(MIGRATIONS, infra.database_url, "pipeline_numbers",
                               "20261204_request_hash") as at:
        async with at.engine.begin() as conn:
            # Only the numbering is under test: no deals behind these contracts.
            await conn.execute(text("ALTER TABLE contracts DROP CONSTRAINT "
                                    "contracts_opportunity_id_fkey"))
            for created in (datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI),
                            datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI),
                            datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)):
                await conn.execute(text(
                    "INSERT INTO contracts (id, opportunity_id, quote_id, status, owner_id,"
                    " created_by, created_at) VALUES (gen_random_uuid(), gen_random_uuid(),"
                    " gen_random_uuid(), 'draft', 'rep', 'rep', :at)"),
                    {"at": created})
        await at.upgrade()
        async with at.engine.connect() as conn:
            numbers = (await conn.execute(text(
                "SELECT number FROM contracts ORDER BY created_at"))).scalars().all()
            years = dict((await conn.execute(text(
                "SELECT year, last FROM contract_numbers"))).all())
        assert numbers == ["HT-2025-00001", "HT-2026-00001", "HT-2026-00002"]
        assert years == {2025: 1, 2026: 2}  # the next of 2026 is HT-2026-00003


async def test_open_discount_steps_from_before_get_the_discount_they_answer_for(
        infra: Any) -> None:
    """A step waiting for a director since before the migration still binds a delegate:
    a 10 % quote contracted 10 % lower answers for 19 % off list (as contract_discount
    measures it); a step that answers for no discount, or is decided, needs none."""
    quote, contract = uuid.uuid4(), uuid.uuid4()
    why = "合同价 ¥405,000.00 低于客户接受的报价 V1（总价 ¥450,000.00），隐含折扣 10%"
    async with migrated_schema(MIGRATIONS, infra.database_url, "pipeline_power",
                               "20261206_step_reason") as at:
        async with at.engine.begin() as conn:
            # Only the steps are under test: no deal behind the quote and the contract.
            for table in ("contracts", "quotes"):
                await conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT "
                                        f"{table}_opportunity_id_fkey"))
            await conn.execute(text(
                "INSERT INTO quotes (id, opportunity_id, version, state, approval, subtotal_fen,"
                " discount_bp, discount_fen, total_fen, created_by, created_at) VALUES (:q,"
                " gen_random_uuid(), 1, 'accepted', 'approved', 50000000, 1000, 5000000,"
                " 45000000, 'rep', now())"), {"q": quote})
            await conn.execute(text(
                "INSERT INTO contracts (id, opportunity_id, quote_id, status, round, number,"
                " owner_id, created_by) VALUES (:c, gen_random_uuid(), :q, 'pending_approval',"
                " 1, 'HT-2026-00001', 'rep', 'rep')"), {"c": contract, "q": quote})
            for version, price in ((1, 45_000_000), (2, 40_500_000)):
                await conn.execute(text(
                    "INSERT INTO contract_versions (contract_id, version, terms, created_by)"
                    " VALUES (:c, :v, CAST(:t AS jsonb), 'rep')"),
                    {"c": contract, "v": version, "t": f'{{"price_fen": {price}}}'})
            for position, status, reason in ((1, "approved", why + "，须经理审批"),
                                             (2, "pending", why + "，连同报价折扣较目录价合计 "
                                                                  "19%，须总监审批"),
                                             (3, "waiting", "")):
                await conn.execute(text(
                    "INSERT INTO approval_steps (id, contract_id, round, position, level, label,"
                    " reason, approver_id, status, contract_created_at) VALUES"
                    " (gen_random_uuid(), :c, 1, :p, 'x', 'x', :r, 'someone', :s, now())"),
                    {"c": contract, "p": position, "r": reason, "s": status})
        await at.upgrade()
        async with at.engine.connect() as conn:
            powers = (await conn.execute(text(
                "SELECT discount_bp FROM approval_steps ORDER BY position"))).scalars().all()
        assert powers == [0, 1900, 0]


async def test_deals_approved_or_signed_before_get_the_ticks_nobody_may_click_now(
        infra: Any) -> None:
    """报价内部审批 and 客户签署合同 are ticked by the system from now on and refused by hand:
    a deal in 报价 whose quote was approved before, or in 签约 whose contract the customer
    signed, would otherwise never leave its stage. A quote still waiting ticks nothing."""
    approved, signed, waiting = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with migrated_schema(MIGRATIONS, infra.database_url, "pipeline_ticks",
                               "20261210_delegation_ends") as at:
        async with at.engine.begin() as conn:
            account = await _customer_under_process_1(conn)
            for deal, stage in ((approved, "quote"), (signed, "contract"), (waiting, "quote")):
                await conn.execute(text(
                    "INSERT INTO opportunities (id, account_id, title, stage, status, owner_id,"
                    " process_version, stage_entered_at, created_by) VALUES (:d, :a, 'x', :s,"
                    " 'open', 'rep', 1, now(), 'rep')"), {"d": deal, "a": account, "s": stage})
            for deal, approval in ((approved, "approved"), (signed, "none"),
                                   (waiting, "pending")):
                await conn.execute(text(
                    "INSERT INTO quotes (id, opportunity_id, version, state, approval,"
                    " subtotal_fen, discount_bp, discount_fen, total_fen, created_by,"
                    " created_at, decided_by, decided_at) VALUES (gen_random_uuid(), :d, 1,"
                    " 'accepted', :ap, 1, 0, 0, 1, 'rep', now(), :by, now())"),
                    {"d": deal, "ap": approval, "by": "mgr" if approval == "approved" else ""})
            await conn.execute(text(
                "INSERT INTO contracts (id, opportunity_id, quote_id, status, owner_id,"
                " created_by, signed_at, number) VALUES (gen_random_uuid(), :d,"
                " gen_random_uuid(), 'signed', 'rep', 'rep', now(), 'HT-2026-00001')"),
                {"d": signed})
        await at.upgrade("20261210_system_steps")
        async with at.engine.connect() as conn:
            ticks = {(r.opportunity_id, r.step_id): r.done_by for r in (await conn.execute(
                text("SELECT opportunity_id, step_id, done_by FROM step_checks"))).all()}
        assert ticks == {(approved, "approve_quote"): "mgr", (signed, "approve_quote"): "",
                         (signed, "customer_signs"): ""}


async def test_deals_whose_contract_was_approved_before_get_the_approval_tick(
        infra: Any) -> None:
    """合同内部审批 is the system's from now on: an open deal whose contract was approved
    (or signed) before gets the tick from its last approver; a contract still waiting,
    or a lost deal's, ticks nothing."""
    approved, waiting, lost = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with migrated_schema(MIGRATIONS, infra.database_url, "pipeline_cticks",
                               "20261212_owner_successors") as at:
        async with at.engine.begin() as conn:
            account = await _customer_under_process_1(conn)
            for n, (deal, status, contract_status) in enumerate((
                    (approved, "open", "approved"), (waiting, "open", "pending_approval"),
                    (lost, "lost", "approved")), start=1):
                await conn.execute(text(
                    "INSERT INTO opportunities (id, account_id, title, stage, status, owner_id,"
                    " process_version, stage_entered_at, created_by) VALUES (:d, :a, 'x',"
                    " 'contract', :st, 'rep', 1, now(), 'rep')"),
                    {"d": deal, "a": account, "st": status})
                contract = uuid.uuid4()
                await conn.execute(text(
                    "INSERT INTO contracts (id, opportunity_id, quote_id, status, round,"
                    " owner_id, created_by, number) VALUES (:c, :d, gen_random_uuid(), :s, 1,"
                    " 'rep', 'rep', :no)"),
                    {"c": contract, "d": deal, "s": contract_status, "no": f"HT-2026-0000{n}"})
                for position, by in ((1, "mgr"), (2, "vp")):
                    await conn.execute(text(
                        "INSERT INTO approval_steps (id, contract_id, round, position, level,"
                        " label, approver_id, status, decided_by, decided_at,"
                        " contract_created_at) VALUES (gen_random_uuid(), :c, 1, :p, 'x', 'x',"
                        " :by, 'approved', :by, now(), now())"),
                        {"c": contract, "p": position, "by": by})
        await at.upgrade()
        async with at.engine.connect() as conn:
            ticks = {(r.opportunity_id, r.step_id): r.done_by for r in (await conn.execute(
                text("SELECT opportunity_id, step_id, done_by FROM step_checks"))).all()}
        assert ticks == {(approved, "approve_contract"): "vp"}


async def test_leavers_handed_over_before_get_their_successor_from_the_pipelines_history(
        infra: Any) -> None:
    """唐欣 left twice (back as a contractor, then gone): her lost deals reopen to whom her
    last handover gave her deals. 周婷, handed over since owner_successors exists, keeps
    her recorded successor whatever the older history says. Running it again adds nothing."""
    def handed_over(leaver: str, successor: str, at: datetime) -> bytes:
        event = ev_pb2.OpportunitiesHandedOver(
            handover_id=str(uuid.uuid4()), from_user_id=leaver, to_user_id=successor,
            count=1, opportunity_ids=[str(uuid.uuid4())])
        event.at.FromDatetime(at)
        return new_envelope(event, type=HANDED_OVER, source="pipeline",
                            aggregate_id=event.handover_id).SerializeToString()

    day = datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)
    recorded = datetime(2026, 12, 12, 9, tzinfo=SHANGHAI)
    async with migrated_schema(MIGRATIONS, infra.database_url, "pipeline_heirs",
                               "20261212_contract_approval_step") as at:
        async with at.engine.begin() as conn:
            for payload in (handed_over("tangxin", "rep-li", day),
                            handed_over("tangxin", "rep-wang", day.replace(month=9)),
                            handed_over("zhouting", "rep-old", day),
                            handed_over("liuyang", "rep-zhao", day)):
                await conn.execute(text(
                    "INSERT INTO outbox (id, type, aggregate_id, payload, published_at)"
                    " VALUES (gen_random_uuid(), :type, 'h', :payload, now())"),
                    {"type": HANDED_OVER, "payload": payload})
            await conn.execute(text(  # something else the outbox holds: not a handover
                "INSERT INTO outbox (id, type, aggregate_id, payload) VALUES"
                " (gen_random_uuid(), 'pipeline.deal_lost', 'd', :p)"),
                {"p": handed_over("someone", "nobody", day)})
            await conn.execute(text(
                "INSERT INTO owner_successors (from_user_id, to_user_id, at) VALUES"
                " ('zhouting', 'rep-chen', :at)"), {"at": recorded})

        async def successors() -> dict[str, tuple[str, datetime]]:
            async with at.engine.connect() as conn:
                return {r.from_user_id: (r.to_user_id, r.at) for r in (await conn.execute(
                    text("SELECT from_user_id, to_user_id, at FROM owner_successors"))).all()}

        await at.upgrade()
        heirs = await successors()
        assert {leaver: to for leaver, (to, _) in heirs.items()} == {
            "tangxin": "rep-wang", "zhouting": "rep-chen", "liuyang": "rep-zhao"}
        assert heirs["tangxin"][1] == day.replace(month=9)
        await asyncio.to_thread(command.downgrade, at.config, "20261212_contract_approval_step")
        await at.upgrade()
        assert await successors() == heirs
