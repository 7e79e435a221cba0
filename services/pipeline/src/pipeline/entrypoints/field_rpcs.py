"""Field work and management numbers over gRPC (a mixin of PipelineServicer): visits
with streamed photos, the needs record, the day's route, analytics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import current_principal
from servicekit.errors import Conflict, FieldError

from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.visits import MAX_PHOTO_BYTES, MAX_PHOTOS
from pipeline.entrypoints.text_guard import MESSAGE, reject_nul
from pipeline.service_layer import analytics, needs, route, visit_reads, visit_reports, visits
from pipeline.service_layer import field_messages as fm
from pipeline.service_layer.deps import Deps

CHUNK = 256 * 1024


@contextmanager
def domain_errors() -> Iterator[None]:
    """As grpc_server.domain_errors (which imports this module, hence not shared)."""
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except TransitionRefused as error:
        raise Conflict(error.message) from error


async def _upload(stream: AsyncIterator[pb.VisitUpload]) -> visits.RecordVisit:
    """Header first, then each photo's start and chunks; sizes capped while reading."""
    header: pb.VisitHeader | None = None
    photos: list[tuple[pb.PhotoStart, bytearray]] = []
    async for part in stream:
        kind = part.WhichOneof("part")
        if kind == "header":
            if header is not None:
                raise FieldError("header", "只能有一条拜访信息")
            header = part.header
            reject_nul(header)
        elif header is None:
            raise FieldError("header", "第一条消息须为拜访信息")
        elif kind == "photo":
            if len(photos) >= MAX_PHOTOS:
                raise FieldError("photos", f"每次拜访最多 {MAX_PHOTOS} 张照片")
            if "\x00" in part.photo.filename:
                raise FieldError(f"photos.{len(photos)}", MESSAGE)
            photos.append((part.photo, bytearray()))
        elif kind == "chunk" and photos:
            photos[-1][1].extend(part.chunk)
            if len(photos[-1][1]) > MAX_PHOTO_BYTES:
                raise FieldError(f"photos.{len(photos) - 1}", "照片不能超过 8 MB")
        else:
            raise FieldError("photos", "照片数据须跟在照片信息之后")
    if header is None:
        raise FieldError("header", "缺少拜访信息")
    return visits.RecordVisit(
        opportunity_id=header.opportunity_id, latitude=header.latitude,
        longitude=header.longitude, visit_id=header.visit_id, planned=header.planned,
        planned_date=header.planned_date,
        checked_in_at=header.checked_in_at.ToDatetime(tzinfo=visits.SHANGHAI)
        if header.HasField("checked_in_at") else None,
        report=header.report, idempotency_key=header.idempotency_key,
        photos=tuple(visits.PhotoUpload(p.filename, p.content_type, bytes(data))
                     for p, data in photos))


def _ask(request: pb.AnalyticsRequest) -> analytics.Ask:
    return analytics.Ask(request.region_id, request.owner_id, request.date_from,
                         request.date_to)


class FieldWorkRpcs:
    _deps: Deps

    async def RecordVisit(self, request_iterator: AsyncIterator[pb.VisitUpload],
                          context: grpc.aio.ServicerContext) -> pb.Visit:
        with domain_errors():
            cmd = await _upload(request_iterator)
            return fm.visit(await visits.record_visit(cmd, current_principal(), self._deps))

    async def FileVisitReport(self, request: pb.FileVisitReportRequest,
                              context: grpc.aio.ServicerContext) -> pb.Visit:
        with domain_errors():
            return fm.visit(await visit_reports.file_report(
                request.opportunity_id, request.visit_id, request.report, current_principal(),
                self._deps, on_behalf=request.on_behalf))

    async def ListVisits(self, request: pb.ListVisitsRequest,
                         context: grpc.aio.ServicerContext) -> pb.ListVisitsResponse:
        found, cursor = await visit_reads.list_visits(
            request.opportunity_id, limit=request.page_size, cursor=request.page_token,
            principal=current_principal(), deps=self._deps)
        return pb.ListVisitsResponse(visits=[fm.visit(v) for v in found], next_page_token=cursor)

    async def GetVisitPhoto(self, request: pb.GetVisitPhotoRequest,
                            context: grpc.aio.ServicerContext) -> AsyncIterator[pb.PhotoChunk]:
        photo, data = await visit_reads.photo_bytes(request.opportunity_id, request.visit_id,
                                               request.photo_id, current_principal(), self._deps)
        yield pb.PhotoChunk(content_type=photo.content_type, size_bytes=photo.size_bytes,
                            filename=photo.filename, data=data[:CHUNK])
        for at in range(CHUNK, len(data), CHUNK):
            yield pb.PhotoChunk(data=data[at:at + CHUNK])

    async def PutNeeds(self, request: pb.PutNeedsRequest,
                       context: grpc.aio.ServicerContext) -> pb.NeedsRecord:
        with domain_errors():
            expected = request.expected_version \
                if request.HasField("expected_version") else None
            saved = await needs.put_needs(request.record.opportunity_id,
                                          fm.needs_from(request.record), current_principal(),
                                          self._deps, expected_version=expected)
        return fm.needs_record(saved)

    async def GetNeeds(self, request: pb.GetNeedsRequest,
                       context: grpc.aio.ServicerContext) -> pb.NeedsRecord:
        return fm.needs_record(await needs.get_needs(request.opportunity_id,
                                                     current_principal(), self._deps))

    async def GetRoute(self, request: pb.GetRouteRequest,
                       context: grpc.aio.ServicerContext) -> pb.Route:
        start = route.start_of(request.has_start, request.start_latitude,
                               request.start_longitude)
        with domain_errors():
            day = await route.day_route(request.date, start, current_principal(), self._deps)
        return pb.Route(date=day.day.isoformat(), total_km=day.total_km,
                        unoptimised_km=day.unoptimised_km, stops=[
                            pb.RouteStop(position=i + 1, visit=fm.visit(s.visit), title=s.title,
                                         account_name=s.account_name, leg_km=s.leg_km)
                            for i, s in enumerate(day.stops)])

    async def GetFunnel(self, request: pb.AnalyticsRequest,
                        context: grpc.aio.ServicerContext) -> pb.Funnel:
        with domain_errors():
            return await analytics.funnel(_ask(request), current_principal(), self._deps)

    async def GetCycleTime(self, request: pb.AnalyticsRequest,
                           context: grpc.aio.ServicerContext) -> pb.CycleTime:
        with domain_errors():
            return await analytics.cycle_time(_ask(request), current_principal(), self._deps)

    async def GetLostReasons(self, request: pb.AnalyticsRequest,
                             context: grpc.aio.ServicerContext) -> pb.LostReasons:
        with domain_errors():
            return await analytics.lost_reasons(_ask(request), current_principal(), self._deps)

    async def GetRepActivity(self, request: pb.AnalyticsRequest,
                             context: grpc.aio.ServicerContext) -> pb.RepActivity:
        with domain_errors():
            return await analytics.rep_activity(_ask(request), current_principal(), self._deps)
