"""The request and answer of `POST /api/v1/admin/users/{id}/handover`
(routes/user_handover.py)."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class HandoverRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    to_user_id: uuid.UUID | None = Field(None, description=(
        "the successor: an active rep or manager (required when the leaver is one). For a "
        "leaver outside sales (engineer, finance…) also an active colleague of their "
        "department, who carries their work orders on, or omitted: the orders they worked "
        "on go back to their departments' queues. A director leaving may name another "
        "active director, an admin another admin: they take over the orders the leaver "
        "requested"))
    reason: str = Field("", max_length=200, description="shown in each lead's assignment "
                        "reason: 离职交接：由 X 转给 Y（reason）")
    cross_region: bool = Field(False, description="admins and directors only: a successor "
                               "outside the leaver's region")
    leads_to: Literal["successor", "rules"] = Field(
        "successor", description="successor: the open leads go to `to_user_id` too; rules: "
        "they go back through the assignment rules, the leaver left out (the deals still go "
        "to `to_user_id`)")


class HandoverRead(BaseModel):
    handover_id: str
    leads: int = Field(description="open leads this request moved (0 once all are moved)")
    opportunities: int = Field(description="open deals this request moved")
    contracts: int = Field(description="their unsigned contracts that moved with them")
    qualified_leads: int = Field(0, description="the leaver's qualified leads, which follow "
                                 "their deals to the successor (contact log included)")
    leads_unplaced: int = Field(0, description="leads_to=rules: open leads nobody else "
                                "could take, left with the leaver (the same request again "
                                "tries them again)")
    work_orders: int = Field(0, description="live work orders the leaver requested, whose "
                             "requester is now the successor (they review the delivery)")
    work_orders_requeued: int = Field(0, description="live work orders the leaver was "
                                      "assigned to, back in their department's queue "
                                      "(unassigned; the supervisor assigns them)")
    work_orders_reassigned: int = Field(0, description="live work orders the leaver was "
                                        "assigned to that the successor, a member of that "
                                        "department, carries on")
