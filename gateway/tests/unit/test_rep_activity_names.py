"""A manager who only moved deals this year (no visits) still has a named row on the
heatmap: the service knows their id from the stage history, the gateway their login."""

from __future__ import annotations

from gateway.field_protoconv import rep_activity_read
from salesos.pipeline.v1 import pipeline_pb2 as pb


def test_a_person_with_only_stage_moves_is_named_from_the_directory() -> None:
    reply = pb.RepActivity(weeks=["2026-W48"], cells=[
        pb.RepWeek(owner_id="u-rep", owner_username="rep01", week="2026-W48",
                           visits=2, reports=1, stage_advances=1),
        pb.RepWeek(owner_id="u-mgr", owner_username="", week="2026-W48",
                           stage_advances=3)])
    read = rep_activity_read(reply, {"u-mgr": "mgr-east"})
    assert [(r.owner_username, r.stage_advances) for r in read.reps] == [
        ("mgr-east", [3]), ("rep01", [1])]
