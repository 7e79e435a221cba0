"""LeadService's HandOverLeads (a leaver's open leads to a successor), mixed into
LeadServicer."""

from __future__ import annotations

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal

from leads.domain.assignment import Candidate
from leads.service_layer.handlers import Deps
from leads.service_layer.leaver_handover import (
    HandOver,
    hand_over_leads,
    hand_over_leads_by_rules,
    hand_over_qualified_leads,
)


class HandOverRpc:
    _deps: Deps

    async def HandOverLeads(self, request: leads_pb2.HandOverLeadsRequest,
                            context: grpc.aio.ServicerContext) -> leads_pb2.HandOverLeadsResponse:
        principal = current_principal()
        order = HandOver(
            handover_id=request.handover_id,
            from_user=Candidate(request.from_user_id, request.from_username),
            to_user=Candidate(request.to_user_id, request.to_username),
            by=Candidate(request.by_user_id or principal.user_id,
                         request.by_username or principal.username),
            reason=request.reason, leaver_manager_id=request.leaver_manager_id)
        if request.by_rules:
            spread = await hand_over_leads_by_rules(order, principal=principal,
                                                    deps=self._deps)
            reply = leads_pb2.HandOverLeadsResponse(moved=spread.moved,
                                                    unplaced=spread.unplaced)
        else:
            reply = leads_pb2.HandOverLeadsResponse(moved=await hand_over_leads(
                order, principal=principal, deps=self._deps))
        # Then the qualified leads, to the deals' successor (to_user_id) in either mode.
        reply.qualified_moved = await hand_over_qualified_leads(
            order, principal=principal, deps=self._deps, tell_manager=not request.by_rules)
        return reply
