"""The demo company's scored history: after the people are seeded, the incentives service
is asked (service token) to write a year of first contacts, surveys and daily logs and one
finished A/B trial for them. The deals' facts of that year are not asked for here: they
come from the pipeline's demo history, which `python -m pipeline seed-demo` (run after this
seed) tells incentives through its outbox, so scorecards and deal lists agree.
Idempotent on the service's side; a service that cannot be reached leaves the demo without
history and says so, rather than failing the whole seed."""

from __future__ import annotations

import sys

import grpc
from salesos.incentives.v1 import incentives_pb2 as pb
from salesos.incentives.v1 import incentives_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters.orm import User
from gateway.settings import GatewaySettings


async def seed_incentive_history(sessions: async_sessionmaker[AsyncSession],
                                 settings: GatewaySettings) -> str:
    async with sessions() as session:
        users = (await session.scalars(select(User).where(User.active))).all()
    request = pb.SeedDemoRequest(users=[
        pb.DemoUser(id=str(u.id), role=u.role, region_id=str(u.region_id or ""),
                    manager_id=str(u.manager_id or "")) for u in users])
    token = issue_token(service_principal("gateway-seed"),
                        settings.jwt_secret.get_secret_value(), ttl_seconds=600)
    try:
        async with grpc.aio.insecure_channel(settings.addr_of("incentives")) as channel:
            reply = await incentives_pb2_grpc.IncentiveServiceStub(channel).SeedDemo(
                request, timeout=120, metadata=bearer_metadata(token))
    except grpc.aio.AioRpcError as error:
        print(f"gateway seed: incentives history skipped ({error.code().name}: "
              f"{error.details()})", file=sys.stderr)
        return ""
    state = "already there" if reply.already else f"{reply.facts} facts"
    print(f"gateway seed: incentives history {state}, experiment {reply.experiment_id}",
          file=sys.stderr)
    return reply.experiment_id
