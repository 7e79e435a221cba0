"""The intake batcher: concurrent intake requests share one CreateLeads call, and each
caller still gets exactly its own answer or its own error."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from gateway.intake_batcher import IntakeBatcher
from opentelemetry import propagate, trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, TraceState
from salesos.leads.v1 import leads_pb2
from servicekit.errors import field_violations


class FakeLeads:
    """CreateLeads answering each item by its phone; records the batches it saw."""

    def __init__(self, *, fail: grpc.aio.AioRpcError | None = None) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, request: leads_pb2.CreateLeadsRequest, timeout: float | None = None
                       ) -> leads_pb2.CreateLeadsResponse:
        self.batches.append([i.lead.phone for i in request.items])
        try:  # as gRPC does: no answer within the call's deadline is DEADLINE_EXCEEDED
            await asyncio.wait_for(self.release.wait(), timeout)
        except TimeoutError:
            raise grpc.aio.AioRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, grpc.aio.Metadata(),
                                       grpc.aio.Metadata(), details="stalled") from None
        if self.fail is not None:
            raise self.fail
        response = leads_pb2.CreateLeadsResponse()
        for item in request.items:
            result = response.results.add()
            if item.lead.phone == "bad":
                result.error_field, result.error_message = "phone", "手机号码格式不正确"
            else:
                result.lead.lead_id, result.lead.created = f"lead-{item.lead.phone}", True
        return response


def lead(phone: str) -> leads_pb2.CreateLeadRequest:
    return leads_pb2.CreateLeadRequest(source="web_form", phone=phone)


async def test_requests_arriving_while_a_call_is_out_leave_together_in_one_call() -> None:
    leads = FakeLeads()
    leads.release.clear()
    batcher = IntakeBatcher(leads, max_in_flight=1)
    first = asyncio.create_task(batcher.create_lead(lead("1")))
    await asyncio.sleep(0)
    rest = [asyncio.create_task(batcher.create_lead(lead(str(n)))) for n in range(2, 6)]
    await asyncio.sleep(0)
    leads.release.set()
    answers = await asyncio.gather(first, *rest)
    assert [a.lead_id for a in answers] == [f"lead-{n}" for n in range(1, 6)]
    assert leads.batches == [["1"], ["2", "3", "4", "5"]]


async def test_a_lone_request_leaves_at_once_without_waiting_for_company() -> None:
    leads = FakeLeads()
    answer = await asyncio.wait_for(IntakeBatcher(leads).create_lead(lead("7")), 1)
    assert answer.lead_id == "lead-7" and leads.batches == [["7"]]


async def test_a_bad_item_fails_only_its_caller_with_the_field_named() -> None:
    leads = FakeLeads()
    leads.release.clear()
    batcher = IntakeBatcher(leads, max_in_flight=1)
    blocker = asyncio.create_task(batcher.create_lead(lead("0")))
    await asyncio.sleep(0)
    bad = asyncio.create_task(batcher.create_lead(lead("bad")))
    good = asyncio.create_task(batcher.create_lead(lead("8")))
    await asyncio.sleep(0)
    leads.release.set()
    await blocker
    assert (await good).lead_id == "lead-8"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await bad
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refused.value) == [("phone", "手机号码格式不正确")]


async def test_a_failed_call_fails_every_caller_of_that_batch_and_the_next_batch_goes_on() -> None:
    down = grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(),
                                grpc.aio.Metadata(), details="leads down")
    leads = FakeLeads(fail=down)
    batcher = IntakeBatcher(leads)
    results = await asyncio.gather(*(batcher.create_lead(lead(str(n))) for n in range(3)),
                                   return_exceptions=True)
    assert all(isinstance(r, grpc.aio.AioRpcError)
               and r.code() == grpc.StatusCode.UNAVAILABLE for r in results)
    leads.fail = None
    assert (await batcher.create_lead(lead("9"))).lead_id == "lead-9"


async def test_batches_never_exceed_the_item_limit() -> None:
    leads = FakeLeads()
    leads.release.clear()
    batcher = IntakeBatcher(leads, max_items=3, max_in_flight=1)
    tasks = [asyncio.create_task(batcher.create_lead(lead(str(n)))) for n in range(8)]
    await asyncio.sleep(0)
    leads.release.set()
    await asyncio.gather(*tasks)
    assert [len(b) for b in leads.batches] == [1, 3, 3, 1]


async def test_each_form_carries_its_own_callers_trace_context_to_leads() -> None:
    seen: list[leads_pb2.CreateLeadsItem] = []
    leads = FakeLeads()

    async def recording(request: leads_pb2.CreateLeadsRequest, timeout: float | None = None
                        ) -> leads_pb2.CreateLeadsResponse:
        seen.extend(request.items)
        return await leads(request, timeout)

    caller = SpanContext(trace_id=0x4BF92F3577B34DA6A3CE929D0E0E4736, span_id=0xF067AA0BA902B7,
                         is_remote=False, trace_flags=TraceFlags(1),
                         trace_state=TraceState([("vendor", "x")]))
    batcher = IntakeBatcher(recording)
    with trace.use_span(NonRecordingSpan(caller)):
        await batcher.create_lead(lead("1"))
    await batcher.create_lead(lead("2"))  # no trace: nothing made up
    carrier: dict[str, str] = {}
    with trace.use_span(NonRecordingSpan(caller)):
        propagate.inject(carrier)  # what the SDK's propagator writes for the same span
    assert (seen[0].traceparent, seen[0].tracestate) == (carrier["traceparent"],
                                                         carrier["tracestate"])
    assert (seen[1].traceparent, seen[1].tracestate) == ("", "")


async def test_a_form_queued_behind_a_stalled_call_hears_503_within_its_own_deadline() -> None:
    leads = FakeLeads()
    leads.release.clear()  # the leads process stalls (SIGSTOP): no call is answered
    batcher = IntakeBatcher(leads, deadline=0.5)
    first = asyncio.create_task(batcher.create_lead(lead("1")))
    await asyncio.sleep(0.3)
    arrived = asyncio.get_running_loop().time()
    with pytest.raises(grpc.aio.AioRpcError) as second:
        await batcher.create_lead(lead("2"))  # queued behind the stalled call
    waited = asyncio.get_running_loop().time() - arrived
    assert second.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED  # 503 + Retry-After
    assert waited < 0.6, f"heard after {waited:.2f}s, its deadline is 0.5s"
    with pytest.raises(grpc.aio.AioRpcError):
        await first


async def test_a_form_whose_deadline_passed_in_the_queue_is_never_sent() -> None:
    leads = FakeLeads()
    leads.release.clear()
    sent_late: list[str] = []

    async def overrunning(request: leads_pb2.CreateLeadsRequest, timeout: float | None = None
                          ) -> leads_pb2.CreateLeadsResponse:
        if leads.batches:  # calls after the first are what a late form would ride on
            sent_late.extend(i.lead.phone for i in request.items)
        leads.batches.append([i.lead.phone for i in request.items])
        await asyncio.sleep(0.4)  # answers after everyone's deadline, as a resumed process may
        raise grpc.aio.AioRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, grpc.aio.Metadata(),
                                   grpc.aio.Metadata())

    batcher = IntakeBatcher(overrunning, deadline=0.2)
    first = asyncio.create_task(batcher.create_lead(lead("1")))
    await asyncio.sleep(0)
    with pytest.raises(grpc.aio.AioRpcError) as late:
        await batcher.create_lead(lead("2"))
    assert late.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    with pytest.raises(grpc.aio.AioRpcError):
        await first
    assert sent_late == []  # its caller heard 503: the form must not become a lead later


async def _answered_call_of_three(batcher: IntakeBatcher, leads: FakeLeads) -> None:
    """Forms 1-4: a call of [1], then one of [2, 3, 4], both answered."""
    leads.release.clear()
    tasks = [asyncio.create_task(batcher.create_lead(lead(str(n)))) for n in range(1, 5)]
    await asyncio.sleep(0)
    leads.release.set()
    await asyncio.gather(*tasks)
    assert leads.batches == [["1"], ["2", "3", "4"]]


async def test_posters_answered_together_send_their_next_forms_in_one_call() -> None:
    # The three posters answered by one call come back one after the other: without the
    # hold the first of them would leave alone and the others ride a second call.
    leads = FakeLeads()
    batcher = IntakeBatcher(leads, hold=5.0)  # far longer than the story: it never expires
    await _answered_call_of_three(batcher, leads)
    first_back = asyncio.create_task(batcher.create_lead(lead("5")))
    await asyncio.sleep(0)
    second_back = asyncio.create_task(batcher.create_lead(lead("6")))
    await asyncio.sleep(0)
    assert leads.batches == [["1"], ["2", "3", "4"]]  # held for the third
    answers = await asyncio.gather(first_back, second_back, batcher.create_lead(lead("7")))
    assert [a.lead_id for a in answers] == ["lead-5", "lead-6", "lead-7"]
    assert leads.batches[2:] == [["5", "6", "7"]]


async def test_a_form_held_for_company_that_never_comes_leaves_when_the_hold_ends() -> None:
    leads = FakeLeads()
    batcher = IntakeBatcher(leads, hold=0.05)
    await _answered_call_of_three(batcher, leads)
    answer = await asyncio.wait_for(batcher.create_lead(lead("5")), 2)  # a guard, not a bound
    assert answer.lead_id == "lead-5" and leads.batches[2:] == [["5"]]


async def test_without_a_hold_the_first_poster_back_leaves_alone() -> None:
    leads = FakeLeads()
    batcher = IntakeBatcher(leads, hold=0)
    await _answered_call_of_three(batcher, leads)
    assert (await batcher.create_lead(lead("5"))).lead_id == "lead-5"
    assert leads.batches[2:] == [["5"]]


async def test_a_failed_call_holds_nothing_back() -> None:
    down = grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(),
                                grpc.aio.Metadata(), details="leads down")
    leads = FakeLeads(fail=down)
    leads.release.clear()
    batcher = IntakeBatcher(leads, hold=5.0)
    tasks = [asyncio.create_task(batcher.create_lead(lead(str(n)))) for n in range(1, 5)]
    await asyncio.sleep(0)
    leads.release.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    leads.fail = None
    answer = await asyncio.wait_for(batcher.create_lead(lead("5")), 2)  # not held 5 s
    assert answer.lead_id == "lead-5"
