"""A manager opens the imports page: the gateway pages what the leads service scoped,
newest first, each item as GET one shows it, the cursor handed back as it came."""

from __future__ import annotations

from typing import Any

from salesos.leads.v1 import leads_pb2

from gateway import deps

from .fake_services import bearer, gateway_with


class Leads:
    def __init__(self) -> None:
        self.asked: list[tuple[int, str]] = []

    async def list_imports(self, *, user_token: str, page_size: int, page_token: str
                           ) -> leads_pb2.ListImportsResponse:
        self.asked.append((page_size, page_token))
        status = leads_pb2.ImportStatus(import_id="imp-2", state="running", rows_total=200,
                                        rows_done=50, filename="客户.xlsx", created_by="rep-1")
        status.created_at.FromJsonString("2026-11-27T02:00:00Z")
        return leads_pb2.ListImportsResponse(imports=[status], next_page_token="next")

    async def get_import(self, import_id: str, *, user_token: str) -> leads_pb2.ImportStatus:
        return (await self.list_imports(user_token=user_token, page_size=1,
                                        page_token="")).imports[0]


async def test_the_import_list_pages_with_the_fields_of_get_one() -> None:
    leads: Any = Leads()
    async with gateway_with({deps._clients: leads}) as client:
        page = await client.get("/api/v1/leads/imports?limit=5&cursor=abc",
                                headers=bearer("manager"))
        one = await client.get("/api/v1/leads/imports/imp-2", headers=bearer("manager"))
    assert page.status_code == 200, page.text
    assert page.json() == {"items": [one.json()], "next_cursor": "next"}
    assert one.json()["created_by"] == "rep-1" and one.json()["progress"] == 0.25
    assert one.json()["created_at"] == "2026-11-27T10:00:00+08:00"
    assert leads.asked[0] == (5, "abc")


async def test_a_page_size_out_of_range_is_a_problem_naming_limit() -> None:
    leads: Any = Leads()
    async with gateway_with({deps._clients: leads}) as client:
        answer = await client.get("/api/v1/leads/imports?limit=0", headers=bearer())
    assert answer.status_code == 422
    assert answer.json()["field"] == "limit"
