"""The caller's route for a day: planned visits ordered by travel distance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.field_protoconv import route_read
from gateway.field_schemas import RouteRead
from gateway.pipeline_client import Pipeline
from gateway.problems import Problem
from gateway.protoconv import SHANGHAI
from gateway.routes import API_PREFIX
from gateway.timefilters import DayText

router = APIRouter(prefix=API_PREFIX, tags=["visits"])


@router.get("/me/route", response_model=RouteRead)
async def my_route(
    _: CurrentUser, token: BearerToken, pipeline: Pipeline,
    date: Annotated[DayText, Query(max_length=10, description="YYYY-MM-DD; default today")] = "",
    start_lat: Annotated[float | None, Query(description="where the day starts")] = None,
    start_lng: Annotated[float | None, Query()] = None,
) -> RouteRead:
    """Nearest neighbour from the start (or the first planned visit), improved by 2-opt;
    distances are great-circle kilometres."""
    if (start_lat is None) != (start_lng is None):
        raise Problem(422, "validation_error", detail="start_lat 与 start_lng 须同时提供",
                      field="start_lng" if start_lng is None else "start_lat")
    request = pb.GetRouteRequest(
        date=date or datetime.now(SHANGHAI).date().isoformat(),
        has_start=start_lat is not None, start_latitude=start_lat or 0.0,
        start_longitude=start_lng or 0.0)
    return route_read(await pipeline.call("GetRoute", request, user_token=token))
