"""A 422 from the notification routes names what the caller sent (`channels.<kind>`,
`cursor`, the path's id), not the notifications service's gRPC fields."""

from __future__ import annotations

from typing import Any

from gateway.intake_batcher import item_error
from google.protobuf.message import Message

from gateway import deps

from .fake_services import Recorder, bearer, gateway_with

REFUSALS = {"PutPreferences": ("choices.quote_issued", "未知的通知渠道：fax"),
            "ListInbox": ("page_token", "分页标记无效，请从第一页重新获取"),
            "ListFailedDeliveries": ("page_token", "分页标记无效，请从第一页重新获取"),
            "MarkRead": ("item_id", "不是有效的通知 ID")}


def _refuse(method: str, request: Message) -> Any:
    raise item_error(*REFUSALS[method])


class Notifications(Recorder):
    async def list_inbox(self, *, user_token: str, page_size: int, page_token: str,
                         state: str = "") -> Any:
        return await self.call("ListInbox", Message(), user_token=user_token)


async def _field(answer: Any) -> str:
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert [e["field"] for e in body["errors"]] == [body["field"]]
    return str(body["field"])


async def test_a_refused_channel_choice_is_named_under_channels() -> None:
    async with gateway_with({deps._clients: Notifications(_refuse)}) as gw:
        answer = await gw.put("/api/v1/me/notification-preferences", headers=bearer(),
                              json={"channels": {"quote_issued": ["fax"]}})
        assert await _field(answer) == "channels.quote_issued"
        assert answer.json()["detail"] == "未知的通知渠道：fax"


async def test_a_stale_cursor_is_named_cursor_in_the_inbox_and_the_failed_list() -> None:
    async with gateway_with({deps._clients: Notifications(_refuse)}) as gw:
        inbox = await gw.get("/api/v1/notifications?cursor=stale", headers=bearer())
        assert await _field(inbox) == "cursor"
        failed = await gw.get("/api/v1/admin/notifications/failed?cursor=stale",
                              headers=bearer("admin"))
        assert await _field(failed) == "cursor"


async def test_marking_a_malformed_id_read_names_the_paths_id() -> None:
    async with gateway_with({deps._clients: Notifications(_refuse)}) as gw:
        answer = await gw.post("/api/v1/notifications/not-an-id/read", headers=bearer())
        assert await _field(answer) == "notification_id"


async def test_an_inbox_state_that_does_not_exist_is_named_state_in_chinese() -> None:
    recorder = Notifications(_refuse)
    async with gateway_with({deps._clients: recorder}) as gw:
        answer = await gw.get("/api/v1/notifications?state=unread", headers=bearer())
        assert await _field(answer) == "state"
        assert "open" in answer.json()["errors"][0]["message"]
        assert "应为以下之一" in answer.json()["errors"][0]["message"]
