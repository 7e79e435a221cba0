"""Outbox, relay and consumer against the real PostgreSQL and NATS of the test run:
an event is published only with its state, exactly once, and applied exactly once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import DeliverPolicy
from nats.js.errors import APIError
from prometheus_client import REGISTRY
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.acks import AckInbox
from servicekit.consumer import Consumer, Subscription, TransientError
from servicekit.db import session_factory
from servicekit.messaging import Bus
from servicekit.outbox import Relay
from servicekit.pulling import Puller
from servicekit.tables import messaging_metadata, outbox
from servicekit.testing.scratch import scratch_schema
from servicekit.uow import UnitOfWork, register_relay, unregister_relay
from sqlalchemy import Column, MetaData, Table, Text, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration

effects_md = MetaData()
effects = Table("effects", effects_md, Column("event_id", Text, primary_key=True))


@pytest.fixture
async def kit(infra) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Bus, Relay]]:
    async with scratch_schema(infra.database_url, "kit", messaging_metadata,
                              effects_md) as (schema, engine):
        stop = asyncio.Event()
        bus = Bus(infra.nats_url, name=schema)
        await bus.connect(stop)
        sessions = session_factory(engine)
        relay = Relay(sessions, bus, source=schema, dsn=infra.database_url)
        yield sessions, bus, relay
        await relay.close()
        await bus.close()


async def _messages_on(bus: Bus, subject: str) -> list[bytes]:
    assert bus.js is not None
    sub = await bus.js.subscribe(subject, deliver_policy=DeliverPolicy.ALL, ordered_consumer=True)
    found = []
    try:
        while True:
            found.append((await sub.next_msg(timeout=0.5)).data)
    except Exception:
        pass
    await sub.unsubscribe()
    return found


async def _raise_event(sessions, subject: str, *, commit: bool = True) -> str:
    async with UnitOfWork(sessions, source="kit") as uow:
        event_id = uow.publish(LeadCreated(lead_id="L1", company="苏州精工"), type=subject,
                               aggregate_id="L1")
        if commit:
            await uow.commit()
    return event_id


async def test_an_event_is_published_once_even_when_relayed_twice(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    event_id = await _raise_event(sessions, subject)

    assert await relay.publish_pending() == 1
    async with sessions() as s, s.begin():  # a crash between publish and mark
        await s.execute(outbox.update().values(published_at=None))
    assert await relay.publish_pending() == 1

    published = await _messages_on(bus, subject)
    assert [Envelope.FromString(m).id for m in published] == [event_id]
    assert await relay.pending() == 0


async def test_work_that_is_rolled_back_publishes_nothing(kit) -> None:
    sessions, _, relay = kit
    await _raise_event(sessions, "leads.kit.never", commit=False)
    assert await relay.publish_pending() == 0


async def _consume(bus, sessions, subject: str, handler, *, max_deliver: int = 3) -> Consumer:
    sub = Subscription(durable=f"kit-{uuid.uuid4().hex[:8]}", stream="LEADS",
                       filter_subject=subject, handler=handler, max_deliver=max_deliver)
    return Consumer(sub, sessions=sessions, bus=bus, source="kit")


async def _run_until(consumer: Consumer, done, timeout: float = 10.0) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await done() and loop.time() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.3)  # room for a wrong extra delivery to show up
    stop.set()
    await asyncio.wait_for(task, 5)


def _effects_count(sessions):
    async def count() -> bool:
        async with sessions() as s:
            return bool(await s.scalar(select(func.count()).select_from(effects)))
    return count


async def test_a_redelivered_event_is_applied_once(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    event_id = await _raise_event(sessions, subject)
    await relay.publish_pending()
    raw = (await _messages_on(bus, subject))[0]
    assert bus.js is not None  # the same event again, under another message id
    await bus.js.publish(subject, raw, headers={"Nats-Msg-Id": uuid.uuid4().hex})

    async def remember(uow, envelope, payload) -> None:
        assert payload.company == "苏州精工"
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    await _run_until(await _consume(bus, sessions, subject, remember), _effects_count(sessions))
    async with sessions() as s:
        assert (await s.execute(select(effects.c.event_id))).scalars().all() == [event_id]


async def test_a_poison_event_goes_to_the_dead_letter_subject_after_max_deliveries(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    await _raise_event(sessions, subject)
    await relay.publish_pending()
    attempts = 0

    async def broken(uow, envelope, payload) -> None:
        nonlocal attempts
        attempts += 1
        await uow.session.execute(effects.insert().values(event_id=envelope.id))
        raise ValueError("a bug in the handler")

    consumer = await _consume(bus, sessions, subject, broken, max_deliver=2)
    dead_subject = f"deadletter.{consumer.sub.durable}.{subject}"

    async def dead_lettered() -> bool:
        return bool(await _messages_on(bus, dead_subject))

    await _run_until(consumer, dead_lettered)
    assert attempts == 2
    dead = await _messages_on(bus, dead_subject)
    assert len(dead) == 1
    async with sessions() as s:  # the failed attempts left no partial effect behind
        assert await s.scalar(select(func.count()).select_from(effects)) == 0


async def test_a_transient_failure_is_retried_until_it_succeeds(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    event_id = await _raise_event(sessions, subject)
    await relay.publish_pending()
    calls = 0

    async def flaky(uow, envelope, payload) -> None:
        nonlocal calls
        calls += 1
        if calls < 4:  # more failures than max_deliver: transient ones are not counted
            raise TransientError("org directory unavailable")
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    consumer = await _consume(bus, sessions, subject, flaky, max_deliver=2)
    consumer.sub = Subscription(**{**consumer.sub.__dict__})
    object.__setattr__(consumer.sub, "retry_delay", lambda delivered: 0.1)
    await _run_until(consumer, _effects_count(sessions))
    async with sessions() as s:
        assert (await s.execute(select(effects.c.event_id))).scalars().all() == [event_id]


async def test_a_batch_is_applied_in_one_transaction_and_a_poison_event_alone_fails(
    kit,
) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    ids = [await _raise_event(sessions, subject) for _ in range(4)]
    poison = ids[2]
    await relay.publish_pending()  # all four wait in the stream: one fetch takes them
    batches: list[list[str]] = []

    async def one(uow, envelope, payload) -> None:
        if envelope.id == poison:
            raise ValueError("a bug in the handler")
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    async def together(uow, deliveries) -> None:
        batches.append([d.envelope.id for d in deliveries])
        for d in deliveries:
            await one(uow, d.envelope, d.payload)

    consumer = await _consume(bus, sessions, subject, one, max_deliver=2)
    # gathered: a loaded machine could hand the four over in two pulls
    consumer.sub = Subscription(**{**consumer.sub.__dict__, "batch_handler": together,
                                   "gather_seconds": 1.0})
    dead_subject = f"deadletter.{consumer.sub.durable}.{subject}"

    async def dead_lettered() -> bool:
        return bool(await _messages_on(bus, dead_subject))

    await _run_until(consumer, dead_lettered)
    assert batches[0] == ids  # one batch, rolled back whole, then one by one
    async with sessions() as s:
        applied = (await s.execute(select(effects.c.event_id))).scalars().all()
    assert sorted(applied) == sorted(i for i in ids if i != poison)
    assert len(await _messages_on(bus, dead_subject)) == 1


async def test_a_batch_skips_events_already_applied(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    ids = [await _raise_event(sessions, subject) for _ in range(3)]
    await relay.publish_pending()
    raw = (await _messages_on(bus, subject))[0]
    assert bus.js is not None  # the first event again, under another message id
    await bus.js.publish(subject, raw, headers={"Nats-Msg-Id": uuid.uuid4().hex})
    handled: list[str] = []

    async def one(uow, envelope, payload) -> None:
        handled.append(envelope.id)
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    async def together(uow, deliveries) -> None:
        for d in deliveries:
            await one(uow, d.envelope, d.payload)

    consumer = await _consume(bus, sessions, subject, one)
    consumer.sub = Subscription(**{**consumer.sub.__dict__, "batch_handler": together})

    async def all_applied() -> bool:
        async with sessions() as s:
            return await s.scalar(select(func.count()).select_from(effects)) == 3

    await _run_until(consumer, all_applied)
    assert sorted(handled) == sorted(ids)  # the copy, in its batch or later, is skipped


async def test_a_consumer_of_a_few_subjects_is_never_handed_the_others(kit) -> None:
    sessions, bus, relay = kit
    prefix = f"leads.kit.{uuid.uuid4().hex}"
    for name in ("wanted", "noise", "also"):
        await _raise_event(sessions, f"{prefix}.{name}")
    await relay.publish_pending()
    handled: list[str] = []

    async def one(uow, envelope, payload) -> None:
        handled.append(envelope.type)
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    consumer = await _consume(bus, sessions, f"{prefix}.>", one)
    consumer.sub = Subscription(**{**consumer.sub.__dict__, "filter_subjects": (
        f"{prefix}.wanted", f"{prefix}.also")})

    async def both_applied() -> bool:
        async with sessions() as s:
            return await s.scalar(select(func.count()).select_from(effects)) == 2

    await _run_until(consumer, both_applied)
    assert sorted(handled) == [f"{prefix}.also", f"{prefix}.wanted"]


async def test_live_stream_pokes_expire_while_domain_events_are_kept(kit) -> None:
    _, bus, _ = kit
    assert bus.js is not None
    notifications = await bus.js.stream_info("NOTIFICATIONS")
    leads = await bus.js.stream_info("LEADS")
    assert notifications.config.max_age == 24 * 3600
    assert not leads.config.max_age  # 0: kept for replays


async def test_a_durable_takes_only_its_subjects_and_an_old_one_is_narrowed_in_place(
    kit,
) -> None:
    sessions, bus, relay = kit
    base = f"leads.kit.{uuid.uuid4().hex}"
    handled: list[str] = []

    async def note(uow, envelope, payload) -> None:
        handled.append(envelope.type)

    wide = await _consume(bus, sessions, f"{base}.>", note)
    await _raise_event(sessions, f"{base}.scored")
    await relay.publish_pending()
    await _run_until(wide, lambda: _true_when(handled))
    assert handled == [f"{base}.scored"]

    # the same durable, now asking for one subject: it goes on from where it was
    narrow = Consumer(Subscription(**{**wide.sub.__dict__,
                                      "filter_subjects": (f"{base}.scored",)}),
                      sessions=sessions, bus=bus, source="kit")
    await _raise_event(sessions, f"{base}.ignored")
    await _raise_event(sessions, f"{base}.scored")
    await relay.publish_pending()
    await _run_until(narrow, lambda: _true_when(handled[1:]))
    assert handled == [f"{base}.scored"] * 2


async def _true_when(found: list[str]) -> bool:
    return bool(found)


async def test_messages_keep_coming_after_a_pull_request_expires(kit) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    consumer = await _consume(bus, sessions, subject, _ignore)
    await consumer._ensure_durable()
    assert bus.nc is not None
    puller = Puller(bus.nc, stream="LEADS", durable=consumer.sub.durable, batch=10,
                    expires=0.2)
    await puller.start()
    try:
        for _ in range(2):  # the second event comes after the first request expired
            await _raise_event(sessions, subject)
            await relay.publish_pending()
            [msg] = await puller.next_batch(wait_seconds=2.0)
            await msg.ack()
            assert await puller.next_batch(wait_seconds=0.5) == []
        await _raise_event(sessions, subject)
        await relay.publish_pending()
        await asyncio.sleep(0.1)  # arrived, never taken: handed back on stop
    finally:
        await puller.stop()
    after = Puller(bus.nc, stream="LEADS", durable=consumer.sub.durable, batch=10)
    await after.start()
    try:  # now, not after the 30 s ack wait
        [again] = await after.next_batch(wait_seconds=2.0)
        assert again.metadata.num_delivered == 2
        await again.ack()
    finally:
        await after.stop()


async def test_a_flow_of_messages_is_gathered_into_one_batch_and_a_lone_one_goes_at_once(
    kit,
) -> None:
    sessions, bus, _ = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    consumer = await _consume(bus, sessions, subject, _ignore)
    await consumer._ensure_durable()
    assert bus.nc is not None and bus.js is not None
    puller = Puller(bus.nc, stream="LEADS", durable=consumer.sub.durable, batch=5,
                    gather=5.0)
    await puller.start()
    try:
        await bus.js.publish(subject, b"alone")
        clock = asyncio.get_running_loop().time
        started = clock()
        [alone] = await puller.next_batch(wait_seconds=2.0)
        assert clock() - started < 2.0  # not held for the 5 s window
        await alone.ack()

        for n in range(2):  # a flow: two now, three more a little later
            await bus.js.publish(subject, f"flow {n}".encode())
        await asyncio.sleep(0.1)

        async def trickle() -> None:
            await asyncio.sleep(0.2)
            for n in range(2, 5):
                await bus.js.publish(subject, f"flow {n}".encode())

        publishing = asyncio.create_task(trickle())
        flow = await puller.next_batch(wait_seconds=2.0)
        await publishing
        assert [m.data for m in flow] == [f"flow {n}".encode() for n in range(5)]
        for msg in flow:
            await msg.ack()
    finally:
        await puller.stop()


async def _ignore(uow, envelope, payload) -> None:
    return None


async def test_an_event_committed_where_the_relay_runs_goes_out_at_once_without_a_sweep(
    kit,
) -> None:
    sessions, bus, _ = kit
    relay = Relay(sessions, bus, source="kit", dsn=kit[2].dsn, poll_seconds=60,
                  settle_seconds=60)  # no poll and no sweep in time: only the hand-over
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        while relay._conn is None:  # running, its first sweep done
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        subject = f"leads.kit.{uuid.uuid4().hex}"
        event_id = await _raise_event(sessions, subject)
        async with asyncio.timeout(5):
            while await relay.pending():
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
    assert [Envelope.FromString(m).id for m in await _messages_on(bus, subject)] == [event_id]


async def test_an_event_lost_between_commit_and_publish_is_swept_once_it_has_settled(
    kit,
) -> None:
    sessions, bus, relay = kit
    register_relay(sessions, "kit", lambda rows: None)  # the process dies after commit
    try:
        subject = f"leads.kit.{uuid.uuid4().hex}"
        event_id = await _raise_event(sessions, subject)
    finally:
        unregister_relay(sessions, "kit")
    assert await relay.publish_pending(min_age=60) == 0  # young: its hand-over may be on
    assert await relay.publish_pending(min_age=0) == 1
    assert [Envelope.FromString(m).id for m in await _messages_on(bus, subject)] == [event_id]


async def test_a_consumer_whose_work_the_publisher_did_acks_without_the_database(kit) -> None:
    sessions, bus, _ = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    handled: list[str] = []

    async def note(uow, envelope, payload) -> None:
        handled.append(envelope.id)

    consumer = await _consume(bus, sessions, subject, note)
    relay = Relay(sessions, bus, source="kit", dsn=kit[2].dsn)
    stop = asyncio.Event()
    relaying = asyncio.create_task(relay.run(stop))
    try:
        while relay._conn is None:
            await asyncio.sleep(0.05)
        async with UnitOfWork(sessions, source="kit") as uow:  # the work and the event
            done = uow.publish(LeadCreated(lead_id="L1"), type=subject, aggregate_id="L1",
                               done_for=[consumer.sub.durable])
            other = uow.publish(LeadCreated(lead_id="L2"), type=subject, aggregate_id="L2")
            await uow.commit()
        async with asyncio.timeout(5):
            while await relay.pending():
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(relaying, 5)
    async with sessions() as s:  # recorded as done in the transaction that raised it
        recorded = (await s.execute(text("SELECT event_id::text, consumer FROM inbox"))).all()
    assert [tuple(r) for r in recorded] == [(done, consumer.sub.durable)]
    async with sessions() as s, s.begin():  # were inbox asked, the handler would now run
        await s.execute(text("DELETE FROM inbox"))
    await _run_until(consumer, lambda: _true_when(handled))
    assert handled == [other]  # the done one was acked on its header alone
    assert bus.js is not None
    info = await bus.js.consumer_info("LEADS", consumer.sub.durable)
    assert info.num_ack_pending == 0 and info.num_pending == 0


async def test_an_event_no_stream_takes_stays_in_the_outbox_and_the_rest_go_out(kit) -> None:
    sessions, bus, relay = kit
    stray = await _raise_event(sessions, f"nowhere.kit.{uuid.uuid4().hex}")
    subject = f"leads.kit.{uuid.uuid4().hex}"
    kept = [await _raise_event(sessions, subject) for _ in range(2)]
    with pytest.raises(Exception):  # noqa: B017 - JetStream's "no responders"
        await relay.publish_pending()
    async with sessions() as s:
        unsent = (await s.execute(select(outbox.c.id).where(
            outbox.c.published_at.is_(None)))).scalars().all()
    assert [str(i) for i in unsent] == [stray]
    assert len(await _messages_on(bus, subject)) == len(kept)


async def test_a_message_jetstream_refuses_fails_its_publish_at_once(kit) -> None:
    _, bus, _ = kit
    acks, subject = AckInbox(), f"leads.kit.{uuid.uuid4().hex}"
    assert bus.nc is not None
    stored = await acks.publish(bus.nc, subject, b"x", {})
    refused = await acks.publish(bus.nc, subject, b"x", {"Nats-Expected-Stream": "PIPELINE"})
    assert (await asyncio.wait_for(stored, 2))["stream"] == "LEADS"
    with pytest.raises(APIError):  # answered with an error, not left to time out
        await asyncio.wait_for(refused, 2)


async def test_a_consumer_whose_durable_could_not_be_set_up_at_first_tries_again(
        kit, monkeypatch) -> None:
    """JetStream not answering for a moment as a service starts (NATS just restarted, a
    cluster electing leaders) must not leave the process without that consumer until
    its next restart: it tries again, then works through what waited."""
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    event_id = await _raise_event(sessions, subject)
    await relay.publish_pending()
    assert bus.js is not None
    real = bus.js.consumer_info
    failures = iter([NatsTimeout()])

    async def jetstream_not_answering_yet(*args, **kwargs):
        for error in failures:
            raise error
        return await real(*args, **kwargs)

    monkeypatch.setattr(bus.js, "consumer_info", jetstream_not_answering_yet)

    async def remember(uow, envelope, payload) -> None:
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    await _run_until(await _consume(bus, sessions, subject, remember), _effects_count(sessions))
    async with sessions() as s:
        assert (await s.execute(select(effects.c.event_id))).scalars().all() == [event_id]


async def test_an_ack_lost_to_a_nats_hiccup_neither_stops_the_consumer_nor_applies_twice(
        kit, monkeypatch) -> None:
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    first = await _raise_event(sessions, subject)
    await relay.publish_pending()
    real_ack = Msg.ack
    lost = iter([ConnectionError("nats: connection closed")])

    async def ack_once_lost(self: Msg) -> None:
        for error in lost:
            raise error
        await real_ack(self)

    monkeypatch.setattr(Msg, "ack", ack_once_lost)
    applied: list[str] = []

    async def remember(uow, envelope, payload) -> None:
        applied.append(envelope.id)
        await uow.session.execute(effects.insert().values(event_id=envelope.id))

    sub = Subscription(durable=f"kit-{uuid.uuid4().hex[:8]}", stream="LEADS",
                       filter_subject=subject, handler=remember, ack_wait_seconds=1.0)
    stop = asyncio.Event()
    task = asyncio.create_task(Consumer(sub, sessions=sessions, bus=bus, source="kit").run(stop))
    try:
        while not applied:
            await asyncio.sleep(0.1)
        second = await _raise_event(sessions, subject)  # the next visitor's form
        await relay.publish_pending()
        for _ in range(100):
            if len(applied) == 2 or task.done():
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)  # the first event's redelivery comes, and is skipped
        assert not task.done(), task.exception()
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
    assert applied == [first, second]
    assert REGISTRY.get_sample_value("salesos_events_redelivered_total",
                                     {"consumer": sub.durable}) == 1  # what an alert sees
    assert bus.js is not None
    info = await bus.js.consumer_info("LEADS", sub.durable)
    assert info.num_ack_pending == 0 and info.num_pending == 0


async def test_an_event_too_large_for_nats_stays_behind_and_the_ones_after_it_go_out(
        kit) -> None:
    """NATS refuses a message over its max_payload. That row, first in every sweep, used
    to stop the relay at itself: no event of the service was published again. It stays
    in the outbox (the backlog gauges show it) and the others go out."""
    sessions, bus, relay = kit
    subject = f"leads.kit.{uuid.uuid4().hex}"
    assert bus.nc is not None
    async with UnitOfWork(sessions, source="kit") as uow:
        uow.publish(LeadCreated(lead_id="L0", company="大" * bus.nc.max_payload),
                    type=subject, aggregate_id="L0")
        await uow.commit()
    following = await _raise_event(sessions, subject)

    await relay.publish_pending()
    await relay.publish_pending()  # and again: the big one does not block the next sweep

    assert [Envelope.FromString(m).id for m in await _messages_on(bus, subject)] == [following]
    assert await relay.pending() == 1
    assert REGISTRY.get_sample_value("salesos_outbox_refused_total",
                                     {"source": relay.source}) == 2
