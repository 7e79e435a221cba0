"""IncentiveService over gRPC: translate requests, call the use cases, translate answers."""

from __future__ import annotations

import grpc
from salesos.incentives.v1 import incentives_pb2 as pb
from salesos.incentives.v1 import incentives_pb2_grpc
from servicekit.auth import current_principal

from incentives.domain.errors import Expired
from incentives.service_layer import (
    demo,
    experiments,
    habits,
    kpi_admin,
    payouts,
    results,
    scores,
    surveys,
)
from incentives.service_layer.deps import Deps
from incentives.service_layer.messages import domain_errors, expired_status

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["IncentiveService"].full_name
Ctx = grpc.aio.ServicerContext


class IncentiveServicer(incentives_pb2_grpc.IncentiveServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def ListKpis(self, request: pb.ListKpisRequest, context: Ctx) -> pb.KpiSet:
        with domain_errors():
            return await kpi_admin.list_kpis(request.on, self._deps)

    async def PutKpi(self, request: pb.PutKpiRequest, context: Ctx) -> pb.KpiSet:
        with domain_errors():
            return await kpi_admin.put_kpi(request, current_principal(), self._deps)

    async def ListScores(self, request: pb.ListScoresRequest, context: Ctx
                         ) -> pb.ListScoresResponse:
        with domain_errors():
            return await scores.list_scores(request, current_principal(), self._deps)

    async def GetBreakdown(self, request: pb.GetBreakdownRequest, context: Ctx) -> pb.Breakdown:
        with domain_errors():
            return await scores.breakdown(request.user_id, request.period,
                                          current_principal(), self._deps)

    async def SubmitDailyLog(self, request: pb.SubmitDailyLogRequest, context: Ctx
                             ) -> pb.DailyLogReply:
        with domain_errors():
            return await habits.submit(request.text, current_principal(), self._deps,
                                       key=request.idempotency_key or None)

    async def ListRewards(self, request: pb.ListRewardsRequest, context: Ctx
                          ) -> pb.ListRewardsResponse:
        with domain_errors():
            return await habits.list_rewards(request, current_principal(), self._deps)

    async def ListPayouts(self, request: pb.ListPayoutsRequest, context: Ctx
                          ) -> pb.ListPayoutsResponse:
        with domain_errors():
            return await payouts.list_payouts(request, current_principal(), self._deps)

    async def CreateExperiment(self, request: pb.CreateExperimentRequest, context: Ctx
                               ) -> pb.Experiment:
        with domain_errors():
            return await experiments.create(request, current_principal(), self._deps)

    async def ListExperiments(self, request: pb.ListExperimentsRequest, context: Ctx
                              ) -> pb.ListExperimentsResponse:
        with domain_errors():
            return await experiments.list_(request, current_principal(), self._deps)

    async def GetExperimentResults(self, request: pb.GetExperimentResultsRequest, context: Ctx
                                   ) -> pb.ExperimentResults:
        with domain_errors():
            return await results.results(request.experiment_id, current_principal(),
                                         self._deps)

    async def GetSurvey(self, request: pb.GetSurveyRequest, context: Ctx) -> pb.Survey:
        with domain_errors():
            return await surveys.get(request.token, self._deps)

    async def AnswerSurvey(self, request: pb.AnswerSurveyRequest, context: Ctx) -> pb.Survey:
        try:
            with domain_errors():
                return await surveys.answer(request.token, request.score, request.comment,
                                            self._deps)
        except Expired as gone:
            await context.abort_with_status(expired_status(gone))
            raise  # pragma: no cover - abort raises

    async def SeedDemo(self, request: pb.SeedDemoRequest, context: Ctx) -> pb.SeedDemoReply:
        with domain_errors():
            return await demo.seed(request, current_principal(), self._deps)
