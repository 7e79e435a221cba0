"""Upgrading an installation whose robot credentials were stored before sealing: the
migration seals them, and the service reads them back as they were."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from notifications.adapters import preferences_repo
from servicekit.db import session_factory
from servicekit.testing.scratch import migrated_schema

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
BEFORE_SEALING = "20261127_notify_templates"
WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=plain-token-42"


async def test_the_upgrade_seals_credentials_stored_in_plain_text(infra: Any) -> None:
    async with migrated_schema(MIGRATIONS, infra.database_url, "notif_seal",
                               BEFORE_SEALING) as at:
        async with at.engine.begin() as conn:
            await conn.execute(sa.text(
                "INSERT INTO preferences (user_id, dingtalk_webhook, dingtalk_secret, updated_at)"
                " VALUES ('u1', :w, 'SECplain', now())"), {"w": WEBHOOK})
            await conn.execute(sa.text(
                "INSERT INTO deliveries (id, event_id, recipient, channel, kind, title, target,"
                " state, created_at, updated_at) VALUES (gen_random_uuid(), 'e1', 'u1',"
                " 'dingtalk', 'k', 't', CAST(:t AS jsonb), 'sent', now(), now())"),
                {"t": json.dumps({"url": WEBHOOK, "secret": "SECplain"})})
        await at.upgrade()
        async with at.engine.connect() as conn:
            dump = repr((await conn.execute(sa.text(
                "SELECT p.*, d.target FROM preferences p, deliveries d"))).all())
        assert "plain-token" not in dump and "SECplain" not in dump
        async with session_factory(at.engine)() as session:
            prefs = await preferences_repo.load(session, "u1")
        assert (prefs.dingtalk_webhook, prefs.dingtalk_secret) == (WEBHOOK, "SECplain")
