"""leads.import_finished: the end of an import, in the transaction that ends the job.

An import's leads raise leads.assigned and leads.touched as any lead's do (the pipeline,
KPIs and the live funnel count them), but marked with the import, so notifications tells
each owner once how many leads the import gave them, and the person who started it how
it went, instead of one inbox item (and e-mail, and robot message) per row.
"""

from __future__ import annotations

import uuid

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.uow import UnitOfWork

from leads.adapters import import_owners
from leads.adapters import imports_repository as repo
from leads.domain import import_failures


async def finish(uow: UnitOfWork, *, import_id: uuid.UUID, error: str) -> None:
    await repo.finish(uow.session, import_id=import_id, error=error)
    await announce(uow, import_id=import_id)


async def announce(uow: UnitOfWork, *, import_id: uuid.UUID) -> None:
    """The import's summary as it now is: at its end, and again whenever the assigner
    places one of its leads after that (service_layer/import_assigned.py)."""
    job = await repo.get(uow.session, import_id=str(import_id))
    counted = await import_owners.of(uow.session, import_id=import_id)
    message = events_pb2.LeadImportFinished(
        import_id=str(job.id), file_name=job.filename, started_by=job.created_by,
        state=job.state, error=job.error, rows_total=job.rows_total,
        created=job.rows_created, merged=job.rows_merged, failed=job.rows_failed,
        warned=job.rows_warned,
        owners=[events_pb2.LeadImportFinished.Owner(owner_id=owner, assigned=assigned,
                                                    returned=returned)
                for owner, assigned, returned in counted if owner != import_owners.NOBODY],
        unassigned=sum(assigned for owner, assigned, _ in counted
                       if owner == import_owners.NOBODY))
    if code := import_failures.code_of(job.error):
        message.error_code.code = code
    message.finished_at.FromDatetime(job.finished_at)
    uow.publish(message, type="leads.import_finished", aggregate_id=str(job.id))
