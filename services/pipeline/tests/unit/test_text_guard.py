"""Text PostgreSQL cannot store (a NUL character) is refused naming the field, before any
use case runs, instead of failing in the database as a 500."""

from __future__ import annotations

import pytest
from pipeline.entrypoints.text_guard import checked_text, nul_field
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import FieldError


@pytest.mark.parametrize(("message", "field"), [
    (pb.OpenOpportunityRequest(account_name="常州\x00精密", title="x"), "account_name"),
    (pb.ChangeStageRequest(opportunity_id="o", to="lost", reason="价格\x00"), "reason"),
    (pb.PutNeedsRequest(record=pb.NeedsRecord(competing_vendors=["a", "b\x00"])),
     "competing_vendors.1"),
    (pb.PutNeedsRequest(record=pb.NeedsRecord(decision_makers=[pb.Person(name="王\x00")])),
     "decision_makers.0.name"),
    (cpb.UpdateContractTermsRequest(terms=cpb.Terms(penalties="\x00")), "penalties"),
    (qpb.CreateQuoteRequest(note="n\x00"), "note"),
    (pb.VisitHeader(report="r\x00"), "report"),
])
def test_a_nul_character_is_found_with_the_fields_api_name(message, field: str) -> None:
    assert nul_field(message) == field


def test_clean_text_passes_and_a_guarded_call_is_refused_before_it_runs() -> None:
    assert nul_field(pb.OpenOpportunityRequest(account_name="常州精密", title="五轴")) is None

    class Servicer:
        ran = False

        @checked_text
        async def OpenOpportunity(self, request, context):
            Servicer.ran = True

    import asyncio
    with pytest.raises(FieldError) as refused:
        asyncio.run(Servicer().OpenOpportunity(
            pb.OpenOpportunityRequest(account_name="a", title="b\x00"), None))
    assert refused.value.field == "title" and not Servicer.ran
