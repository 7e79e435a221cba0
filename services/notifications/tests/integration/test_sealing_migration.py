"""Upgrading an installation whose robot credentials were stored before sealing: the
migration seals them, and the service reads them back as they were."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from notifications.adapters import preferences_repo
from servicekit.db import create_engine, session_factory
from servicekit.migrations import alembic_config, upgrade_head

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
BEFORE_SEALING = "20261127_notify_templates"
WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=plain-token-42"


async def test_the_upgrade_seals_credentials_stored_in_plain_text(infra: Any) -> None:
    schema = f"notif_seal_{uuid.uuid4().hex[:8]}"
    url = infra.database_url
    await asyncio.to_thread(command.upgrade, alembic_config(MIGRATIONS, url, schema),
                            BEFORE_SEALING)
    engine = create_engine(url, schema, pool_size=1)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text(
                "INSERT INTO preferences (user_id, dingtalk_webhook, dingtalk_secret, updated_at)"
                " VALUES ('u1', :w, 'SECplain', now())"), {"w": WEBHOOK})
            await conn.execute(sa.text(
                "INSERT INTO deliveries (id, event_id, recipient, channel, kind, title, target,"
                " state, created_at, updated_at) VALUES (gen_random_uuid(), 'e1', 'u1',"
                " 'dingtalk', 'k', 't', CAST(:t AS jsonb), 'sent', now(), now())"),
                {"t": json.dumps({"url": WEBHOOK, "secret": "SECplain"})})
        await asyncio.to_thread(upgrade_head, MIGRATIONS, url, schema)
        async with engine.connect() as conn:
            dump = repr((await conn.execute(sa.text(
                "SELECT p.*, d.target FROM preferences p, deliveries d"))).all())
        assert "plain-token" not in dump and "SECplain" not in dump
        async with session_factory(engine)() as session:
            prefs = await preferences_repo.load(session, "u1")
        assert (prefs.dingtalk_webhook, prefs.dingtalk_secret) == (WEBHOOK, "SECplain")
    finally:
        async with engine.begin() as conn:
            await conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        await engine.dispose()
