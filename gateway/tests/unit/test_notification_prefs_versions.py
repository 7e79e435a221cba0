"""Li has her notification settings open on the web and changes them on her phone: the
web page's save names the version it read (`If-Match`, the `ETag` of its GET) and is
refused with 412 instead of silently undoing the phone's change. A client that sends no
If-Match works as before; two PATCHes at once both take effect."""

from __future__ import annotations

from typing import Any

import grpc
import httpx
from google.protobuf.message import Message
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway import deps

from .fake_services import Recorder, bearer, gateway_with, refused_field

PATH = "/api/v1/me/notification-preferences"


def _aborted() -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(grpc.StatusCode.ABORTED, grpc.aio.Metadata(),
                                grpc.aio.Metadata(), details="通知设置在您读取之后已被修改")


class Versioned:
    """The notifications service for one person: each save a new version, and a save
    naming another version than the stored one ABORTED, as the service does."""

    def __init__(self) -> None:
        self.prefs = pb.Preferences(language="zh-CN", email="li@example.cn", version=7)
        self.saved_meanwhile: list[pb.Preferences] = []  # the phone's, before the next Put

    def __call__(self, method: str, request: Message) -> Any:
        if method == "PutPreferences":
            assert isinstance(request, pb.Preferences)
            if self.saved_meanwhile:
                self.prefs = self.saved_meanwhile.pop(0)
            if request.HasField("expected_version") and (
                    request.expected_version != self.prefs.version):
                raise _aborted()
            saved = pb.Preferences()
            saved.CopyFrom(request)
            saved.ClearField("expected_version")
            saved.version = self.prefs.version + 1
            self.prefs = saved
        return self.prefs


def _puts(recorder: Recorder) -> list[Any]:
    return [r for m, r in recorder.requests if m == "PutPreferences"]


async def test_each_answer_carries_the_version_as_its_etag() -> None:
    stored = Versioned()
    async with gateway_with({deps._clients: Recorder(stored)}) as gw:
        read = await gw.get(PATH, headers=bearer())
        patched = await gw.patch(PATH, headers=bearer(), json={"language": "en"})
        put = await gw.put(PATH, headers=bearer(), json={"language": "zh-CN"})
    assert read.headers["ETag"] == '"7"'
    assert (patched.status_code, patched.headers["ETag"]) == (200, '"8"'), patched.text
    assert (put.status_code, put.headers["ETag"]) == (200, '"9"'), put.text
    assert "version" not in read.json()  # the header carries it, not the document


async def test_a_patch_from_a_stale_read_is_412_and_nothing_is_saved() -> None:
    stored = Versioned()
    recorder = Recorder(stored)
    async with gateway_with({deps._clients: recorder}) as gw:
        web = await gw.get(PATH, headers=bearer())
        phone = await gw.patch(PATH, headers=bearer() | {"If-Match": web.headers["ETag"]},
                               json={"email": "li@phone.cn"})
        assert phone.status_code == 200, phone.text
        late = await gw.patch(PATH, headers=bearer() | {"If-Match": web.headers["ETag"]},
                              json={"language": "en"})
        put = await gw.put(PATH, headers=bearer() | {"If-Match": f'W/{web.headers["ETag"]}'},
                           json={"language": "en"})
    for refused in (late, put):
        assert refused.status_code == 412, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        problem = refused.json()
        assert (problem["code"], problem["field"]) == ("precondition_failed", "If-Match")
        assert "已被修改" in problem["detail"] and "重新读取" in problem["detail"]
    assert (stored.prefs.email, stored.prefs.language) == ("li@phone.cn", "zh-CN")
    assert len(_puts(recorder)) == 2  # the phone's; the PUT the service refused


async def test_a_patch_with_the_current_etag_is_saved_only_over_that_version() -> None:
    stored = Versioned()
    recorder = Recorder(stored)
    async with gateway_with({deps._clients: recorder}) as gw:
        web = await gw.get(PATH, headers=bearer())
        stored.saved_meanwhile.append(pb.Preferences(email="li@phone.cn", version=8))
        raced = await gw.patch(PATH, headers=bearer() | {"If-Match": web.headers["ETag"]},
                               json={"language": "en"})
    # The gateway read version 7, as If-Match said; the phone saved 8 before the
    # gateway's save arrived: the service refuses it, and so does the gateway.
    assert raced.status_code == 412, raced.text
    assert _puts(recorder)[0].expected_version == 7
    assert (stored.prefs.email, stored.prefs.language) == ("li@phone.cn", "")


async def test_without_if_match_a_save_in_between_is_merged_onto_not_undone() -> None:
    stored = Versioned()
    async with gateway_with({deps._clients: Recorder(stored)}) as gw:
        stored.saved_meanwhile.append(pb.Preferences(email="li@phone.cn", quiet_start="22:00",
                                                     quiet_end="08:00", version=8))
        answer = await gw.patch(PATH, headers=bearer(), json={"language": "en"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["language"], answer.json()["email"]) == ("en", "li@phone.cn")
    assert answer.json()["quiet_start"] == "22:00" and answer.headers["ETag"] == '"9"'


async def test_a_put_without_if_match_replaces_whatever_is_stored() -> None:
    stored = Versioned()
    recorder = Recorder(stored)
    async with gateway_with({deps._clients: recorder}) as gw:
        stored.saved_meanwhile.append(pb.Preferences(email="li@phone.cn", version=8))
        answer = await gw.put(PATH, headers=bearer(), json={"language": "en"})
    assert answer.status_code == 200, answer.text
    assert not _puts(recorder)[0].HasField("expected_version")
    assert answer.json()["email"] == "" and answer.headers["ETag"] == '"9"'


async def test_an_if_match_that_is_no_version_we_gave_is_a_422_naming_it(
        offline_client: httpx.AsyncClient) -> None:
    for sent in ("latest", '"12345678901234567890"', '"\u00b2"'.encode()):
        for method in ("PUT", "PATCH"):
            answer = await offline_client.request(method, PATH, json={},
                                                  headers=bearer() | {"If-Match": sent})
            assert "ETag" in refused_field(answer, "If-Match"), (method, sent)
