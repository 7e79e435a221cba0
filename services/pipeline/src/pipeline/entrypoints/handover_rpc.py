"""PipelineService's HandOverOpportunities (a leaver's open deals to a successor), mixed
into PipelineServicer."""

from __future__ import annotations

import grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import current_principal
from servicekit.errors import ServiceError
from servicekit.orgdir import OrgUnavailable

from pipeline.service_layer.contract_deps import Directory
from pipeline.service_layer.deps import Deps
from pipeline.service_layer.leaver_handover import HandOver, TimingAt, hand_over_opportunities


class DirectoryUnavailable(ServiceError):
    """The org directory cannot vouch for the successor now (503 + Retry-After at the
    gateway); nothing was moved."""

    code = grpc.StatusCode.UNAVAILABLE


class HandOverRpc:
    _deps: Deps
    # Set by bootstrap once contracts are wired (their approval waits on the calendar).
    handover_timing: TimingAt | None = None
    # Set by bootstrap: the org directory the successor is checked against. Unset, the
    # RPC refuses rather than trust the caller's successor.
    handover_directory: Directory | None = None

    async def HandOverOpportunities(self, request: pb.HandOverOpportunitiesRequest,
                                    context: grpc.aio.ServicerContext
                                    ) -> pb.HandOverOpportunitiesResponse:
        principal = current_principal()
        order = HandOver(
            handover_id=request.handover_id, from_user_id=request.from_user_id,
            from_username=request.from_username, to_user_id=request.to_user_id,
            to_username=request.to_username,
            by_user_id=request.by_user_id or principal.user_id, reason=request.reason,
            leaver_manager_id=request.leaver_manager_id)
        if self.handover_directory is None:
            raise DirectoryUnavailable("组织目录不可用，无法核对接手人")
        try:
            moved = await hand_over_opportunities(
                order, principal=principal, deps=self._deps,
                directory=self.handover_directory, timing_at=self.handover_timing)
        except OrgUnavailable as error:
            raise DirectoryUnavailable("组织架构服务暂时不可用，请稍后重试") from error
        return pb.HandOverOpportunitiesResponse(moved=moved.deals, contracts=moved.contracts)
