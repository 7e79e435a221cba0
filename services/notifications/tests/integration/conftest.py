"""The notifications schema migrated into the test run's PostgreSQL (the `infra` fixture)."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from google.protobuf.message import Message
from notifications.bootstrap import build_app
from notifications.settings import NotifySettings
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.db import create_engine, session_factory
from servicekit.devstack import free_port
from servicekit.envelope import new_envelope
from servicekit.messaging import Bus
from servicekit.migrations import upgrade_head
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.e2e.receivers import HttpReceiver, Mailbox, http_receiver, smtp_server

from .org_double import OrgDouble, serving_org

T = TypeVar("T")

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture(scope="session")
async def notifications_db(infra: Any) -> str:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, "notifications")
    return str(infra.database_url)


@pytest.fixture(scope="session")
async def sessions(notifications_db: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(notifications_db, "notifications", pool_size=2)
    yield session_factory(engine)
    await engine.dispose()


# ---- A second notifications process in this test process (issue 5): its own schema and
# durables beside the stack's, real SMTP and HTTP receivers, a real gRPC OrgDirectory. ----
IT_SCHEMA = "notifications_it"


@dataclass
class Running:
    address: str
    sessions: async_sessionmaker[AsyncSession]
    bus: Bus
    org: OrgDouble
    mailbox: Mailbox
    receiver: HttpReceiver

    async def publish(self, event: Message, *, type: str, envelope: Envelope | None = None
                      ) -> Envelope:
        """The event as the publishing service's relay would put it on JetStream."""
        envelope = envelope or new_envelope(event, type=type, source=type.split(".")[0],
                                            aggregate_id=str(uuid.uuid4()))
        assert self.bus.js is not None
        await self.bus.js.publish(type, envelope.SerializeToString(),
                                  headers={"Nats-Msg-Id": f"{envelope.id}-{uuid.uuid4().hex}"})
        return envelope


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="session")
def receiver() -> Iterator[HttpReceiver]:
    with http_receiver() as found:
        yield found


# Package scope (hence this folder's __init__.py): the second process stops when this
# folder's tests end. Kept for the session it went on consuming every later story's events
# beside the stack's notifications and published its own `notifications.inbox_item_stored`
# for them, which the stack's gateway pushed to real users' live streams: items with ids
# the stack's inbox does not hold (the stream-rewrite story waited on such an id).
@pytest.fixture(scope="package")
async def running(infra: Any, mailbox: Mailbox, receiver: HttpReceiver
                  ) -> AsyncIterator[Running]:
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, IT_SCHEMA)
    async with serving_org() as (org, org_addr):
        settings = NotifySettings(
            demo=True, database_url=infra.database_url, nats_url=infra.nats_url,
            grpc_port=free_port(), metrics_port=0, org_addr=org_addr,
            smtp_port=mailbox.port, sms_provider="http", sms_url=receiver.url("/sms"),
            sms_token="sms-test-token",
            delivery_backoff_seconds=0.2, delivery_max_attempts=3,
            delivery_interval_seconds=0.1,
            # people added to the org double mid-session are seen by the next event
            org_cache_seconds=0.0)
        app = build_app(settings, schema=IT_SCHEMA,
                        durable_prefix=f"notifications-it-{uuid.uuid4().hex[:6]}")
        task = asyncio.create_task(app.run())
        bus = Bus(infra.nats_url, name="notifications-it-publisher")
        await bus.connect(asyncio.Event())
        try:
            yield Running(f"127.0.0.1:{settings.grpc_port}", app.sessions, bus, org, mailbox,
                          receiver)
        finally:
            await bus.close()
            app.stop.set()
            await task
            for sig in (signal.SIGTERM, signal.SIGINT):  # app.run() installed these
                asyncio.get_running_loop().remove_signal_handler(sig)


async def until(probe: Callable[[], Awaitable[T | None]], *, timeout: float = 30.0) -> T:
    """The first truthy result of `probe`; fails the test once `timeout` passes."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await probe()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout}s (last: {found!r})")
        await asyncio.sleep(0.1)
