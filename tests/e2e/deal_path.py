"""A deal walked forward the way its rep works it, for stories that need it further on:
quotes from 方案设计, contracts from 报价, the customer's signature in 签约
(pipeline domain/stage_rules). Each stage's own steps are ticked (not the system's:
报价内部审批 ticks itself when a quote is approved, 客户签署合同 when the customer signs),
the needs record is completed before 方案设计, and 报价 needs an amount (an issued quote
sets it; a deal without one gets the rep's estimate)."""

from __future__ import annotations

from typing import Any

import httpx

ORDER = ("lead", "first_visit", "needs_confirmed", "solution_design", "quote", "contract")
NEEDS = {"equipment_type": "机器人码垛工作站", "capacity": "每小时 1,200 箱",
         "site_constraints": "层高 6 米",
         "budget_min_fen": 8_000_000, "budget_max_fen": 12_000_000,
         "decision_makers": [{"name": "李总", "title": "生产副总"}],
         "competing_vendors": ["发那科"],
         "must_have_parameters": [{"name": "负载", "value": "200 kg"}]}


def advance(client: httpx.Client, headers: dict[str, str], path: str, to: str) -> httpx.Response:
    """Ticks what is left of the current stage's own steps, then asks for `to`."""
    current = client.get(path, headers=headers).json()
    for step in current["steps"]:
        if step["stage"] == current["stage"] and not step["done"] and not step["by_system"]:
            ticked = client.post(f"{path}/steps/{step['id']}", headers=headers)
            assert ticked.status_code == 200, ticked.text
    return client.post(f"{path}/stage", json={"to": to}, headers=headers)


def walk_to(client: httpx.Client, headers: dict[str, str], deal_id: str,
            stage: str) -> dict[str, Any]:
    """Stage by stage from where the deal is to `stage`; the deal as it then is."""
    path = f"/api/v1/opportunities/{deal_id}"
    deal = client.get(path, headers=headers).json()
    for nxt in ORDER[ORDER.index(deal["stage"]) + 1:ORDER.index(stage) + 1]:
        if nxt == "solution_design":
            saved = client.put(f"{path}/needs", headers=headers, json=NEEDS)
            assert saved.status_code == 200 and saved.json()["complete"], saved.text
        if nxt == "quote" and not client.get(path, headers=headers).json()["amount_fen"]:
            estimate = client.patch(path, headers=headers, json={"amount_fen": 10_000_000})
            assert estimate.status_code == 200, estimate.text
        moved = advance(client, headers, path, nxt)
        assert moved.status_code == 200, (nxt, moved.text)
        deal = moved.json()
    return deal
