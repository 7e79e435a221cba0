"""An imported list's first-contact clocks through the gateway, every process running: the
reps hear once per threshold how many of the import's leads wait, the region's manager
once that they ran out, and nobody's leads are moved by the overdue rule."""

from __future__ import annotations

import uuid
from collections import Counter

import httpx
import pytest

from tests.e2e.helpers import eventually, login
from tests.e2e.test_first_contact import leads_sql

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def _inbox(client: httpx.Client, headers: dict[str, str], file_name: str) -> list[dict]:
    items = client.get("/api/v1/notifications", params={"limit": 100},
                       headers=headers).json()["items"]
    return [i for i in items
            if i["kind"].startswith("import_first_contact") and file_name in i["title"]]


def test_an_imports_clocks_running_out_tell_each_person_once_per_threshold(
        stack, client) -> None:
    tag = uuid.uuid4().hex[:6]
    file_name = f"展会{tag}.csv"
    rows = "".join(f"客户{i},{tag}苏州精工{i},136{uuid.uuid4().int % 10**8:08d},江苏\n"
                   for i in range(6))
    manager = login(client, "mgr-east")
    accepted = client.post("/api/v1/leads/imports", headers=manager, files={
        "file": (file_name, f"姓名,公司,手机,省份\n{rows}".encode(), "text/csv")})
    assert accepted.status_code == 202, accepted.text
    import_id = accepted.json()["import_id"]
    eventually(lambda: client.get(f"/api/v1/leads/imports/{import_id}", headers=manager)
               .json()["state"] == "done", timeout=30)
    owners = Counter(row.owner_username for row in leads_sql(
        stack, "SELECT l.owner_username FROM leads l JOIN first_contact_deadlines d ON "
        "d.lead_id = l.id AND d.kind = 'overdue' WHERE d.import_id = CAST(:i AS uuid)",
        i=import_id))
    assert sum(owners.values()) == 6

    for table in ("first_contact_deadlines", "import_clocks"):  # the clocks run out
        leads_sql(stack, f"UPDATE {table} SET due_at = now() - interval '1 second' "
                  "WHERE import_id = CAST(:i AS uuid)", i=import_id)

    summary = eventually(lambda: (found := _inbox(client, manager, file_name)) and found)
    assert [i["title"] for i in summary] == [f"导入「{file_name}」中 6 条线索首次联系已超时"]
    assert all(f"{name} {n} 条" in summary[0]["body"] for name, n in owners.items())
    for name, n in owners.items():
        rep = login(client, name)
        told = eventually(lambda rep=rep: (found := _inbox(client, rep, file_name))
                          and len(found) == 2 and found)
        assert sorted(i["title"] for i in told) == [
            f"导入「{file_name}」中 {n} 条线索首次联系时限已用去 {p}%" for p in (50, 90)]
        assert not [i for i in client.get("/api/v1/notifications", params={"limit": 100},
                                          headers=rep).json()[
            "items"] if i["kind"] == "first_contact_reminder" and tag in i["title"]]
    after = Counter(row.owner_username for row in leads_sql(
        stack, "SELECT owner_username FROM leads WHERE company LIKE :t", t=f"{tag}%"))
    assert after == owners  # the overdue rule moved none of them
