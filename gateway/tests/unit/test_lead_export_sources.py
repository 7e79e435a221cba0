"""A manager reading the lead export sees where each lead came from by the name the admin
gave the source (2027 上海工博会), not the code leads carry; a source nobody named stays as
its code, so no row loses where it came from."""

from typing import Any

from gateway.lead_sheet import LEAD_HEADERS, append_lead
from gateway.spreadsheets import Sheet
from openpyxl import load_workbook
from salesos.leads.v1 import leads_pb2

SOURCES = {"expo_2027_shanghai": "2027 上海工博会", "manual": "手工录入"}


def _sources_column(*codes: str) -> list[Any]:
    sheet = Sheet("线索", LEAD_HEADERS)
    for code in codes:
        append_lead(sheet, leads_pb2.Lead(name="王伟", source=code), {}, SOURCES)
    rows = list(load_workbook(sheet.save()).active.iter_rows(values_only=True))
    return [row[LEAD_HEADERS.index("来源")] for row in rows[1:]]


def test_the_source_is_shown_by_its_name_and_an_unnamed_one_by_its_code() -> None:
    assert _sources_column("expo_2027_shanghai", "manual", "partner_x") == [
        "2027 上海工博会", "手工录入", "partner_x"]
