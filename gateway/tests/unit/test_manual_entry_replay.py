"""A rep's phone drops the answer to a manual entry and retries with the same key: the
retry answers what the first call did, status included, whether it made a lead or found
the customer known."""

from __future__ import annotations

from typing import Any

import pytest
from gateway.intake_schemas import LeadCreate
from gateway.routes.lead_entry import enter_lead
from salesos.leads.v1 import leads_pb2
from servicekit.auth import Principal

REP = Principal("0190a000-0000-7000-8000-000000000001", "rep01", "rep")
BODY = LeadCreate(name="王五", company="常州电机", phone="13700137000")
KNOWN = {"merged": True, "duplicate_of": "lead-1", "match_reason": "手机号相同"}


class Leads:
    def __init__(self, **first: Any) -> None:
        self.answers = [leads_pb2.CreateLeadResponse(lead_id="lead-1", **first),
                        # the service on a repeated key: created=false, as first merged or not
                        leads_pb2.CreateLeadResponse(lead_id="lead-1", created=False,
                                                     **{k: v for k, v in first.items()
                                                        if k != "created"})]

    async def create_lead_as_user(self, request: leads_pb2.CreateLeadRequest, *,
                                  user_token: str) -> leads_pb2.CreateLeadResponse:
        return self.answers.pop(0)


@pytest.mark.parametrize("first", [{"created": True}, KNOWN], ids=["new lead", "known customer"])
async def test_a_retry_with_the_key_answers_as_the_first_call_did(first: dict[str, Any]) -> None:
    leads: Any = Leads(**first)
    answers = [await enter_lead(leads, REP, "token", BODY, "key-1") for _ in range(2)]
    assert answers[0] == answers[1]
    assert answers[0][0] == (201 if first.get("created") else 200)
