"""LeadService RPCs for imports (mixed into LeadServicer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal

from leads.entrypoints.grpc_lists import field_errors
from leads.service_layer import import_access, imports
from leads.service_layer.handlers import Deps


def status_message(job: Any) -> leads_pb2.ImportStatus:
    message = leads_pb2.ImportStatus(
        import_id=str(job.id), state=job.state, rows_total=job.rows_total,
        rows_done=job.rows_done, rows_created=job.rows_created, rows_merged=job.rows_merged,
        rows_failed=job.rows_failed, filename=job.filename, error=job.error,
        created_by=job.created_by, rows_warned=job.rows_warned)
    message.created_at.FromDatetime(job.created_at)
    if job.finished_at is not None:
        message.finished_at.FromDatetime(job.finished_at)
    return message


class ImportsRpc:
    _deps: Deps

    async def StartImport(self, request_iterator: AsyncIterator[leads_pb2.ImportChunk],
                          context: grpc.aio.ServicerContext) -> leads_pb2.ImportStatus:
        principal = current_principal()
        first = await anext(aiter(request_iterator), None)
        if first is None:
            first = leads_pb2.ImportChunk()

        async def rest() -> AsyncIterator[bytes]:
            async for chunk in request_iterator:
                yield chunk.data

        upload = imports.Upload(filename=first.filename, first=first.data,
                                idempotency_key=first.idempotency_key, chunks=rest())
        with field_errors():
            import_id = await imports.start_import(upload, principal, self._deps)
        return status_message(await import_access.get_import(import_id, principal, self._deps))

    async def GetImport(self, request: leads_pb2.GetImportRequest,
                        context: grpc.aio.ServicerContext) -> leads_pb2.ImportStatus:
        return status_message(await import_access.get_import(
            request.import_id, current_principal(), self._deps))

    async def ListImportErrors(self, request: leads_pb2.GetImportRequest,
                               context: grpc.aio.ServicerContext
                               ) -> AsyncIterator[leads_pb2.ImportError]:
        async for headers, row in import_access.import_errors(
                request.import_id, current_principal(), self._deps):
            yield leads_pb2.ImportError(row_number=row.row_number, headers=headers,
                                        values=list(row.values), reason=row.reason,
                                        warning=row.warning)

    async def ListImports(self, request: leads_pb2.ListImportsRequest,
                          context: grpc.aio.ServicerContext) -> leads_pb2.ListImportsResponse:
        with field_errors():
            found, cursor = await import_access.list_imports(
                limit=request.page_size, cursor=request.page_token,
                principal=current_principal(), deps=self._deps)
        return leads_pb2.ListImportsResponse(imports=[status_message(job) for job in found],
                                             next_page_token=cursor)
