"""Concurrent intake requests coalesced into one `CreateLeads` call.

One gRPC call and one leads-service transaction per web form was most of intake's CPU on
both sides (the call machinery, and five statements per lead). Requests now queue here;
whenever fewer than `max_in_flight` calls are out, everything queued (up to `max_items`)
leaves as one call. No timer: a lone request leaves at once, so a quiet system adds no
latency, and under load the batch is whatever arrived while the previous call was out.
One call at a time by default: measured on the 2-core bench machine, it carries ~2x the
forms of two at once (even with two whose free slot waited a moment for company) and
costs ~20 % less CPU per form across gateway, leads and PostgreSQL, with a lower p99.

After a call of several forms returns, its callers are about to send again (a page that
posts one form after another; the bench's 16 clients): the next call waits up to `hold`
seconds (SALESOS_INTAKE_HOLD_SECONDS, 10 ms) until the forms it carried and those queued
meanwhile are all queued again. Without that wait a closed loop of 16 posters settled into
calls of 1 and 15 forms by turns (or 8 and 8): two calls for every 16 forms, and each call
costs the gateway, leads, PostgreSQL, NATS and notifications the same fixed work (a gRPC
call, a transaction of five statements, a relay flush, a consumer batch) whatever its
size. Measured on the shared 2-core bench machine, calls of ~14 forms instead of ~8 cut a
web form's CPU by about a fifth across every process. The wait only follows an answered
call of more than one form and ends as soon as the queue is that full, so a quiet system
(a lone form, a call of one) adds no latency, and a busy one adds at most `hold` to the
forms queued when a call returns.

Each caller gets exactly what `CreateLead` would have given it: its own result, or its
own field error raised as the same INVALID_ARGUMENT `AioRpcError` (so the 422 mapping and
the ads route's "release the signature" path are unchanged); an error of the whole call
(leads down → UNAVAILABLE → 503) is raised to every caller of that batch. Each item
carries its request's trace context, so its events continue its own trace.

Deadlines are the callers', not the call's: each form must be answered within the
gateway's deadline from its own arrival. A call goes out with the earliest deadline of its
forms, so a form queued behind a stalled call (leads hanging) hears its 503 in time
instead of waiting out that call and then a whole deadline of its own; a form whose
deadline passed in the queue is refused without being sent (its caller heard 503, so it
must not turn into a lead later).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import grpc
from grpc.aio import AioRpcError, Metadata
from opentelemetry import trace
from opentelemetry.trace import SpanContext
from salesos.leads.v1 import leads_pb2
from servicekit.errors import FieldError, field_error_status

from gateway.intake_trace import batch_span

Send = Callable[[leads_pb2.CreateLeadsRequest, float | None],
                Awaitable[leads_pb2.CreateLeadsResponse]]
_Waiting = tuple[leads_pb2.CreateLeadsItem, "asyncio.Future[leads_pb2.CreateLeadResponse]",
                 SpanContext, float]  # ..., the loop time its caller's deadline ends


def item_error(field: str, message: str) -> AioRpcError:
    """The error CreateLead raises for a bad field, built for one item of a batch."""
    status = field_error_status(FieldError(field, message))
    return AioRpcError(grpc.StatusCode.INVALID_ARGUMENT, Metadata(),
                       Metadata(*status.trailing_metadata), details=message)


def _expired() -> AioRpcError:
    return AioRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, Metadata(), Metadata(),
                       details="deadline passed while queued")


class IntakeBatcher:
    def __init__(self, send: Send, *, max_items: int = 64, max_in_flight: int = 1,
                 deadline: float | None = None, hold: float = 0.01) -> None:
        self._send = send
        self._hold = hold
        self._awaited = 0  # while a hold is open: the forms the next call waits for
        self._release: asyncio.TimerHandle | None = None
        self._deadline = deadline
        self._max_items = max_items
        self._max_in_flight = max_in_flight
        self._queue: list[_Waiting] = []
        self._in_flight = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def create_lead(self, request: leads_pb2.CreateLeadRequest
                          ) -> leads_pb2.CreateLeadResponse:
        item = leads_pb2.CreateLeadsItem(lead=request)
        context = trace.get_current_span().get_span_context()
        if context.is_valid:  # W3C trace context, as propagate.inject would write it
            item.traceparent = (f"00-{context.trace_id:032x}-{context.span_id:016x}"
                                f"-{context.trace_flags:02x}")
            item.tracestate = context.trace_state.to_header()
        future: asyncio.Future[leads_pb2.CreateLeadResponse] = (
            asyncio.get_running_loop().create_future())
        loop = asyncio.get_running_loop()
        until = loop.time() + self._deadline if self._deadline is not None else float("inf")
        self._queue.append((item, future, context, until))
        self._dispatch()
        return await future

    def _dispatch(self) -> None:
        while self._queue and self._in_flight < self._max_in_flight:
            now = asyncio.get_running_loop().time()
            for _, future, _, until in self._queue:
                if until <= now and not future.done():
                    future.set_exception(_expired())
            self._queue = [w for w in self._queue if w[3] > now and not w[1].done()]
            if len(self._queue) < min(self._awaited, self._max_items):
                return  # held: the callers just answered are about to send again
            self._end_hold()
            batch, self._queue = (self._queue[:self._max_items],
                                  self._queue[self._max_items:])
            if not batch:
                return
            self._in_flight += 1
            task = asyncio.create_task(self._call(batch))
            self._tasks.add(task)  # held, so the loop cannot drop a running call
            task.add_done_callback(self._tasks.discard)

    def _open_hold(self, carried: int) -> None:
        """After an answered call of `carried` forms, the next waits (at most `hold`
        seconds) until they and the forms queued meanwhile are queued again."""
        if carried > 1 and self._hold > 0 and self._release is None:
            self._awaited = carried + len(self._queue)
            self._release = asyncio.get_running_loop().call_later(self._hold, self._released)

    def _released(self) -> None:
        self._release = None
        self._awaited = 0
        self._dispatch()

    def _end_hold(self) -> None:
        if self._release is not None:
            self._release.cancel()
            self._release = None
        self._awaited = 0

    async def _call(self, batch: list[_Waiting]) -> None:
        span = batch_span([form for _, _, form, _ in batch])
        earliest = min(until for *_, until in batch)
        timeout = None if earliest == float("inf") else earliest - asyncio.get_running_loop().time()
        answered = False
        try:
            with trace.use_span(span, end_on_exit=True):  # an error: recorded, status ERROR
                reply = await self._send(leads_pb2.CreateLeadsRequest(
                    items=[item for item, *_ in batch]), timeout)
            answered = True
        except BaseException as error:  # the whole call failed: every caller hears why
            for _, future, *_ in batch:
                if not future.done():
                    future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        finally:
            self._in_flight -= 1
            if answered:  # its callers are answered now, and may well send again at once
                self._open_hold(len(batch))
            self._dispatch()
        if len(reply.results) != len(batch):  # a contract breach, never a silent hang
            error = RuntimeError(f"CreateLeads: {len(reply.results)} results for {len(batch)}")
            for _, future, *_ in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future, *_), result in zip(batch, reply.results, strict=True):
            if future.done():  # the caller went away (cancelled)
                continue
            if result.error_field:
                future.set_exception(item_error(result.error_field, result.error_message))
            else:
                future.set_result(result.lead)
