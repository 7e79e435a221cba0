"""A date-only field takes YYYY-MM-DD and nothing else. A partner's client sent a
contract's delivery date as "2026-12-01T10:00:00+08:00": the midnight form was taken with
its offset dropped, the rest refused in pydantic's English. Each is now the gateway's one
date refusal (timefilters.Day / DayText), naming the field and the format, before any
service is asked."""

from __future__ import annotations

import httpx
import pytest

from .fake_services import bearer, refused_field

TERMS = {"payment_terms": "预付 30%", "warranty_months": 12, "penalties": "每日 0.05%"}
NOT_DATES = ("2026-12-01T10:00:00+08:00", "2026-12-01T00:00:00", "2026-12-01 10:00",
             "2026-W48-2", "2026-12-1")


@pytest.mark.parametrize("typed", NOT_DATES)
async def test_a_contracts_delivery_date_with_a_time_is_refused_naming_the_format(
        offline_client: httpx.AsyncClient, typed: str) -> None:
    for method, path, extra in (
            ("post", "/api/v1/opportunities/o1/contracts", {"quote_id": "q1"}),
            ("put", "/api/v1/contracts/c1/terms", {})):
        answer = await offline_client.request(method, path, headers=bearer(),
                                              json=TERMS | extra | {"delivery_date": typed})
        message = refused_field(answer, "delivery_date")
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "YYYY-MM-DD" in message and "不带时间" in message


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/opportunities?created_from=2026-12-01T00:00:00%2B08:00", "created_from"),
    ("/api/v1/opportunities?closed_to=2026-12-31T23:59:59", "closed_to"),
    ("/api/v1/me/route?date=2026-12-01T09:00:00", "date"),
    ("/api/v1/analytics/funnel?from=2026-01-01T00:00:00", "from"),
])
async def test_a_day_in_a_deal_list_route_or_report_takes_no_time_either(
        offline_client: httpx.AsyncClient, path: str, field: str) -> None:
    answer = await offline_client.get(path, headers=bearer("director"))
    assert "YYYY-MM-DD" in refused_field(answer, field)


async def test_a_planned_visits_date_with_a_time_is_refused_naming_it(
        offline_client: httpx.AsyncClient) -> None:
    answer = await offline_client.post(
        "/api/v1/opportunities/o1/visits", headers=bearer(),
        data={"planned": "true", "planned_date": "2026-12-01T09:00",
              "latitude": "31.2", "longitude": "121.4"})
    assert "YYYY-MM-DD" in refused_field(answer, "planned_date")


@pytest.mark.parametrize(("typed", "said"), [
    ("2026-02-30", "没有这一天：2026-02-30"), ("2026-13-01", "没有这一天：2026-13-01"),
    ("２０２６-１２-０１", "YYYY-MM-DD")], ids=["30 February", "month 13", "full-width digits"])
async def test_a_day_that_does_not_exist_is_refused_as_such_naming_the_field(
        offline_client: httpx.AsyncClient, typed: str, said: str) -> None:
    """A director typing an experiment's start as 2026-02-30 is told there is no such day,
    not that the format (which is right) should be 2026-12-01; full-width digits, as a
    Chinese IME types them, are the format's fault and said so — whichever the field."""
    trial = {"name": "试点", "seed": 1, "starts_on": typed, "ends_on": "2026-12-31"}
    answer = await offline_client.post("/api/v1/experiments", json=trial,
                                       headers=bearer("director"))
    assert said in refused_field(answer, "starts_on")
    answer = await offline_client.post("/api/v1/opportunities/o1/contracts", headers=bearer(),
                                       json=TERMS | {"quote_id": "q1", "delivery_date": typed})
    assert said in refused_field(answer, "delivery_date")
    answer = await offline_client.get("/api/v1/me/route", params={"date": typed},
                                      headers=bearer())
    assert said in refused_field(answer, "date")
