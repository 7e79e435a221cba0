"""The director's KPI screen: the signed amount is money, so integer fen — 41400000, not
41400000.0 — like every other amount the API answers."""

from __future__ import annotations

from gateway.incentives_client import to_dict
from gateway.incentives_schemas import Breakdown
from salesos.incentives.v1 import incentives_pb2 as pb


def test_the_signed_amount_kpi_answers_integer_fen_and_rates_stay_fractions() -> None:
    reply = pb.Breakdown(score=pb.Score(level="rep", unit_id="u1", kpis=[
        pb.KpiScore(kpi_id="signed_amount_vs_target", unit="fen", value=41400000.0,
                    value_fen=41400000, attainment=1.0),
        pb.KpiScore(kpi_id="first_visit_report_48h", unit="hours", value=0.5)]))
    answer = Breakdown.model_validate(to_dict(reply)).model_dump_json()
    assert '"value":41400000,' in answer
    assert '"value":0.5,' in answer
