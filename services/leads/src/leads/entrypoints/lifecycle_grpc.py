"""LeadService RPCs of the lifecycle and the working calendar (mixed into LeadServicer)."""

from __future__ import annotations

from datetime import date

import grpc
from salesos.leads.v1 import leads_pb2
from servicekit.auth import current_principal
from servicekit.errors import FieldError
from servicekit.workcal import year as calendar_year
from servicekit.workcal.hours import SHANGHAI

from leads.domain.normalise import InvalidField, without_controls
from leads.service_layer import calendar, lifecycle
from leads.service_layer.clock_messages import contact_to_proto
from leads.service_layer.handlers import Deps
from leads.service_layer.messages import lead_to_proto


class LifecycleRpcs:
    _deps: Deps

    async def LogContact(self, request: leads_pb2.LogContactRequest,
                         context: grpc.aio.ServicerContext) -> leads_pb2.Contact:
        cmd = lifecycle.LogContact(
            lead_id=request.lead_id, channel=request.channel, outcome=request.outcome,
            next_step=request.next_step, idempotency_key=request.idempotency_key,
            next_step_at=(request.next_step_at.ToDatetime(tzinfo=SHANGHAI)
                          if request.HasField("next_step_at") else None))
        try:
            contact, status = await lifecycle.log_contact(cmd, current_principal(), self._deps)
        except InvalidField as error:
            raise FieldError.of(error) from error
        return contact_to_proto(contact, lead_status=status)

    async def ListContacts(self, request: leads_pb2.ListContactsRequest,
                           context: grpc.aio.ServicerContext) -> leads_pb2.ListContactsResponse:
        found, token = await lifecycle.list_contacts(
            request.lead_id, current_principal(), self._deps, page_size=request.page_size,
            page_token=request.page_token)
        return leads_pb2.ListContactsResponse(
            contacts=[contact_to_proto(c, lead_status="") for c in found], next_page_token=token)

    async def QualifyLead(self, request: leads_pb2.QualifyLeadRequest,
                          context: grpc.aio.ServicerContext) -> leads_pb2.Lead:
        return lead_to_proto(await lifecycle.qualify(request.lead_id, current_principal(),
                                                     self._deps))

    async def DisqualifyLead(self, request: leads_pb2.DisqualifyLeadRequest,
                             context: grpc.aio.ServicerContext) -> leads_pb2.Lead:
        try:
            lead = await lifecycle.disqualify(request.lead_id, request.reason,
                                              current_principal(), self._deps)
        except InvalidField as error:
            raise FieldError.of(error) from error
        return lead_to_proto(lead)

    async def PutCalendarYear(self, request: leads_pb2.CalendarYear,
                              context: grpc.aio.ServicerContext) -> leads_pb2.CalendarYear:
        try:
            schedule = calendar_year.schedule(
                request.year, holidays=_specials(request.holidays, "holidays"),
                workdays=_specials(request.workdays, "workdays"))
        except InvalidField as error:
            raise FieldError.of(error) from error
        saved = await calendar.put_year(schedule, current_principal(), self._deps.sessions)
        return _year_to_proto(saved)

    async def GetCalendarYear(self, request: leads_pb2.GetCalendarYearRequest,
                              context: grpc.aio.ServicerContext) -> leads_pb2.CalendarYear:
        try:
            found = await calendar.get_year(request.year, current_principal(),
                                            self._deps.sessions)
        except InvalidField as error:
            raise FieldError.of(error) from error
        return _year_to_proto(found)


def _specials(days: list[leads_pb2.CalendarDay], kind: str) -> list[calendar_year.Special]:
    found = []
    for index, day in enumerate(days):
        try:
            # Names are free text: control characters (NUL) dropped, as from lead fields.
            found.append(calendar_year.Special(date.fromisoformat(day.date),
                                               without_controls(day.name)))
        except ValueError as error:
            raise InvalidField(f"{kind}.{index}.date", "日期格式必须是 YYYY-MM-DD") from error
    return found


def _year_to_proto(schedule: calendar_year.Schedule) -> leads_pb2.CalendarYear:
    def days(entries: tuple[calendar_year.Special, ...]) -> list[leads_pb2.CalendarDay]:
        return [leads_pb2.CalendarDay(date=s.day.isoformat(), name=s.name) for s in entries]

    return leads_pb2.CalendarYear(year=schedule.year, holidays=days(schedule.holidays),
                                  workdays=days(schedule.workdays), source=schedule.source)
