"""`PATCH /me/notification-preferences` changes only what the person sent (JSON merge
patch, RFC 7396): a phone app that sets the language keeps the channels chosen on the web.
PUT still replaces the whole document."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway import deps

from .fake_services import Recorder, bearer, gateway_with

PATH = "/api/v1/me/notification-preferences"


class Stored:
    """The notifications service as far as one person's document goes."""

    def __init__(self) -> None:
        self.prefs = pb.Preferences(
            language="zh-CN", email="rep1@example.cn", quiet_start="22:00", quiet_end="08:00",
            choices=[pb.ChannelChoice(kind="lead_assigned", channels=["inbox", "wecom"]),
                     pb.ChannelChoice(kind="quote_issued", channels=["email"])])

    def __call__(self, method: str, request: Message) -> Any:
        if method == "PutPreferences":
            self.prefs = pb.Preferences()
            self.prefs.CopyFrom(request)
        return self.prefs


async def test_patching_the_language_keeps_the_channels_and_quiet_hours() -> None:
    stored = Stored()
    async with gateway_with({deps._clients: Recorder(stored)}) as gw:
        answer = await gw.patch(PATH, headers=bearer(), json={"language": "en"})
        assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["language"] == "en" and body["email"] == "rep1@example.cn"
    assert body["quiet_start"] == "22:00" and body["quiet_end"] == "08:00"
    assert body["channels"] == {"lead_assigned": ["inbox", "wecom"], "quote_issued": ["email"]}


async def test_a_patched_channel_kind_merges_and_null_removes_one() -> None:
    stored = Stored()
    async with gateway_with({deps._clients: Recorder(stored)}) as gw:
        answer = await gw.patch(PATH, headers=bearer(), json={
            "channels": {"quote_issued": None, "workorder_created": ["inbox", "sms"]},
            "quiet_end": "07:30", "email": None})
        assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["channels"] == {"lead_assigned": ["inbox", "wecom"],
                                "workorder_created": ["inbox", "sms"]}
    assert body["quiet_start"] == "22:00" and body["quiet_end"] == "07:30"
    assert body["email"] == ""


async def test_a_bad_patched_field_is_named_and_nothing_is_saved() -> None:
    stored = Stored()
    recorder = Recorder(stored)
    async with gateway_with({deps._clients: recorder}) as gw:
        for sent, field in (({"email": "a" * 300}, "email"),
                            ({"fax": "010-1234"}, "fax"),
                            ({"channels": {"quote_issued": "email"}}, "channels.quote_issued")):
            answer = await gw.patch(PATH, headers=bearer(), json=sent)
            assert answer.status_code == 422, answer.text
            assert answer.json()["errors"][0]["field"] == field, answer.text
    assert not [m for m, _ in recorder.requests if m == "PutPreferences"]


async def test_put_still_replaces_the_whole_document() -> None:
    stored = Stored()
    async with gateway_with({deps._clients: Recorder(stored)}) as gw:
        answer = await gw.put(PATH, headers=bearer(), json={"language": "en"})
        assert answer.status_code == 200, answer.text
    assert answer.json()["channels"] == {} and answer.json()["email"] == ""
