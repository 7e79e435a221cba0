"""Robot webhooks and signing secrets are sealed in the database: a dump or a replica does
not hand out the group robots' tokens, yet every robot message is still signed and sent,
rows from before sealing keep working, and a key rotation or a wrong key is handled."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from notifications.adapters import preferences_repo
from notifications.adapters.orm import CREDENTIALS, preferences
from notifications.domain.preferences import Preferences
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.sealed_columns import check_opens
from servicekit.sealing import PREFIX, Sealer, SealingError, new_key

from .conftest import Running, until
from .test_channels_delivery import _b64, as_user, blocked, person, set_prefs, stub

pytestmark = pytest.mark.integration


async def _raw(running: Running, sql: str, **params: str) -> list[sa.Row]:
    """What a database dump shows: the stored text, bypassing the column types."""
    async with running.sessions() as session:
        return list((await session.execute(sa.text(sql), params)).all())


async def _dingtalk_reaches(running: Running, rep: str, path: str, secret: str) -> None:
    """A DingTalk message for `rep` arrives at `path`, signed with `secret`."""
    before = len(running.receiver.to(path))
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")
    await until(lambda: _more_than(running, path, before))
    ding = running.receiver.to(path)[-1]
    stamp = ding.query["timestamp"][0]
    assert abs(int(stamp) / 1000 - time.time()) < 120
    assert ding.query["sign"] == [_b64(secret.encode(), f"{stamp}\n{secret}".encode())]


async def _more_than(running: Running, path: str, count: int) -> list[object] | None:
    return running.receiver.to(path)[count:] or None


async def test_a_stored_robot_token_is_not_readable_in_the_tables_yet_messages_are_signed(
        running: Running) -> None:
    rep, path = person(running), f"/dingtalk/{uuid.uuid4().hex}"
    webhook = running.receiver.url(path) + "?access_token=robot-token-7f3a"
    await set_prefs(running, Preferences(user_id=rep, dingtalk_webhook=webhook,
                                          dingtalk_secret="SECsealed-secret"))
    await _dingtalk_reaches(running, rep, path, "SECsealed-secret")
    [stored] = await _raw(running, "SELECT * FROM preferences WHERE user_id = :u", u=rep)
    dump = repr(tuple(stored))
    assert "robot-token" not in dump and "SECsealed" not in dump
    assert stored.dingtalk_webhook.startswith(PREFIX)
    [(target,)] = await _raw(running, "SELECT target FROM deliveries WHERE recipient = :u "
                             "AND channel = 'dingtalk'", u=rep)
    assert target["url"].startswith(PREFIX) and target["secret"].startswith(PREFIX)
    assert "robot-token" not in repr(target)


async def test_a_row_written_before_sealing_still_sends_and_is_sealed_when_next_saved(
        running: Running) -> None:
    rep, path = person(running), f"/dingtalk/{uuid.uuid4().hex}"
    webhook = running.receiver.url(path) + "?access_token=legacy-token"
    async with running.sessions() as session:  # as the release before sealing wrote it
        await session.execute(sa.text(
            "INSERT INTO preferences (user_id, dingtalk_webhook, dingtalk_secret, updated_at)"
            " VALUES (:u, :w, 'SEClegacy', now())"), {"u": rep, "w": webhook})
        await session.commit()
    await _dingtalk_reaches(running, rep, path, "SEClegacy")

    # The person changes only their e-mail, sending the masked robot fields back unchanged.
    shown = await stub(running).GetPreferences(pb.GetPreferencesRequest(),
                                               metadata=as_user(rep))
    shown.email = "li.lei@example.cn"
    await stub(running).PutPreferences(shown, metadata=as_user(rep))
    [stored] = await _raw(running, "SELECT dingtalk_webhook, dingtalk_secret, email "
                          "FROM preferences WHERE user_id = :u", u=rep)
    assert stored.dingtalk_webhook.startswith(PREFIX) and "legacy-token" not in stored[0]
    assert stored.dingtalk_secret.startswith(PREFIX) and stored.email == "li.lei@example.cn"
    await _dingtalk_reaches(running, rep, path, "SEClegacy")


async def test_after_a_key_rotation_old_credentials_still_send_and_saves_use_the_new_key(
        running: Running, sealing_keys) -> None:
    rep, path = person(running), f"/dingtalk/{uuid.uuid4().hex}"
    old, new = new_key(), new_key()
    sealing_keys(old)
    await set_prefs(running, Preferences(user_id=rep, dingtalk_webhook=running.receiver.url(path),
                                          dingtalk_secret="SECbefore-rotation"))
    sealing_keys(new, old)
    await _dingtalk_reaches(running, rep, path, "SECbefore-rotation")
    async with running.sessions() as session:
        prefs = await preferences_repo.load(session, rep)
        await preferences_repo.save(session, prefs, now=datetime.now(UTC))
        await session.commit()
    [stored] = await _raw(running, "SELECT dingtalk_secret FROM preferences WHERE user_id = :u",
                          u=rep)
    assert stored.dingtalk_secret.startswith(PREFIX)
    assert Sealer([new]).open(stored.dingtalk_secret, where="t") == "SECbefore-rotation"


async def test_a_wrong_key_fails_loudly_naming_the_column_never_as_no_webhook(
        running: Running, sealing_keys) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep,
                                         wecom_webhook=running.receiver.url("/w?key=k")))
    sealing_keys(new_key())
    with pytest.raises(SealingError, match=r"preferences\.wecom_webhook"):
        await check_opens(running.sessions, [preferences.c[name] for name in CREDENTIALS])
    with pytest.raises(SealingError, match=r"preferences\.wecom_webhook"):
        async with running.sessions() as session:
            await preferences_repo.load(session, rep)

