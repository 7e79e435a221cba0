"""A consumer batch is recorded with one insert per kind of row: every fact once, one
survey per service touch, and a redelivered batch changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from incentives.entrypoints.consumers import on_batch
from incentives.recorded import REGION, at
from incentives.service_layer.deps import Deps
from opentelemetry import trace
from salesos.events.v1 import pipeline_pb2 as pe
from servicekit.batching import Delivery
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork

pytestmark = pytest.mark.integration
REP = "rep-batches"  # on no roster: the other tests' scores stay as they are


def _delivery(event: Any, kind: str) -> Delivery:
    envelope = new_envelope(event, type=kind, source="pipeline", aggregate_id="x")
    return Delivery(None, envelope, event, trace.INVALID_SPAN)  # type: ignore[arg-type]


async def _count(deps: Deps, sql: str, **params: Any) -> int:
    async with deps.sessions() as session:
        return int((await session.execute(sa.text(sql), params)).scalar_one())


async def test_a_batch_of_visit_reports_records_each_fact_and_surveys_each_visit_once(
    deps: Deps,
) -> None:
    opp, visits = f"o-{uuid.uuid4()}", [f"v-{uuid.uuid4()}" for _ in range(3)]
    batch = [_delivery(pe.VisitReported(visit_id=v, opportunity_id=opp, owner_id=REP,
                                        rep_id=REP, region_id=REGION, first=i == 0,
                                        stage_entered_at=at(23, 9), reported_at=at(24, 9)),
                       "pipeline.visit_reported") for i, v in enumerate(visits)]
    batch.append(_delivery(pe.VisitReported(visit_id=visits[1], opportunity_id=opp,
                                            owner_id=REP, rep_id=REP, region_id=REGION),
                           "pipeline.visit_reported"))  # a second event for one visit
    batch.append(_delivery(pe.OpportunityOpened(opportunity_id=opp, owner_id=REP,
                                                region_id=REGION, opened_at=at(23, 9)),
                           "pipeline.opportunity_opened"))
    for _ in range(2):  # the second time: a redelivery that got past the inbox
        async with UnitOfWork(deps.sessions, source="incentives") as uow:
            await on_batch(deps)(uow, batch)
            await uow.commit()
    assert await _count(deps, "SELECT count(*) FROM facts WHERE subject_id = :o", o=opp) == 2
    assert await _count(deps, "SELECT count(*) FROM surveys WHERE subject_id = ANY(:v)",
                        v=visits) == 3
    assert await _count(deps, "SELECT count(*) FROM outbox WHERE type = "
                        "'incentives.survey_issued' AND aggregate_id IN (SELECT id FROM "
                        "surveys WHERE subject_id = ANY(:v))", v=visits) == 3
