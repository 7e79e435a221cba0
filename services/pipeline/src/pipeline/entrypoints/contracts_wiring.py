"""Wires contracts into the pipeline process: ContractService on the same gRPC server,
the approval reminder/escalation job, and the org directory client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from salesos.pipeline.v1 import contracts_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.scheduler import DueJob
from servicekit.settings import get_settings
from servicekit.workcal.loader import CalendarLoader
from servicekit.workcal.settings import WorkdaySettings

from pipeline.adapters.contracts_orm import approval_deadlines, calendar_days
from pipeline.adapters.org_directory import OrgClient
from pipeline.domain.contracts import Timing
from pipeline.entrypoints.contracts_grpc import SERVICE_NAME, ContractServicer
from pipeline.service_layer import approving, delegation_end
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.deps import Deps


class ContractSettings(WorkdaySettings):
    # Working hours on the mainland calendar: one working day, then two.
    approval_remind_hours: float = 7.5       # SALESOS_APPROVAL_REMIND_HOURS
    approval_escalate_hours: float = 15.0    # SALESOS_APPROVAL_ESCALATE_HOURS
    approval_job_interval_seconds: float = 5.0
    org_timeout_seconds: float = 2.0


def contracts_settings() -> ContractSettings:
    return get_settings(ContractSettings, "pipeline")


def deadline_job(*, interval_seconds: float) -> DueJob:
    async def fire(uow: Any, row: Any) -> None:
        await approving.fire_deadline(uow, row)

    return DueJob(name="approval_deadlines", table=approval_deadlines, handler=fire,
                  interval_seconds=interval_seconds)


def wire_contracts(app: ServiceApp, deps: Deps) -> ContractDeps:
    settings = contracts_settings()
    org = OrgClient(settings.addr_of("org"), jwt_secret=settings.jwt_secret.get_secret_value(),
                    timeout_seconds=settings.org_timeout_seconds)
    timing = Timing(remind_after=timedelta(hours=settings.approval_remind_hours),
                    escalate_after=timedelta(hours=settings.approval_escalate_hours))
    contract_deps = ContractDeps(base=deps, org=org, timing=timing, demo=settings.demo,
                                 calendars=CalendarLoader(calendar_days,
                                                          settings.working_hours()))
    app.add_servicer(contracts_pb2_grpc.add_ContractServiceServicer_to_server,
                     ContractServicer(contract_deps), SERVICE_NAME)
    app.schedule(deadline_job(interval_seconds=settings.approval_job_interval_seconds))
    app.schedule(delegation_end.ends_job(
        contract_deps, interval_seconds=settings.approval_job_interval_seconds))
    return contract_deps
