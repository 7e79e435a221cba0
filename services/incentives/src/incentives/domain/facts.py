"""Scored facts: one row per event that counts for a KPI or an experiment, append-only.

A fact keeps what the event said (delay in seconds, amount in fen, a score) rather than a
verdict where the verdict depends on an editable target: "reported within 48 h" is judged
when scoring, so a changed target applies to the periods it governs and replaying the same
events always gives the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

VISIT_REPORT = "visit_report"            # first visit's report; value = seconds of delay
FIRST_VISIT_ENTERED = "first_visit_entered"  # the deal entered 初访: a report is now due
FIRST_CONTACT = "first_contact"          # ok = contacted in time, False = overdue
DESIGN_ENTERED = "design_entered"        # deal entered 方案设计
NEEDS_COMPLETE = "needs_complete"        # a complete needs record was saved
QUOTE_FIRST = "quote_first"              # first quote; value = seconds since the deal opened
WORK_ORDER_ACCEPTED = "work_order_accepted"
SURVEY_ANSWERED = "survey_answered"      # value = score 1..5
DEAL_WON = "deal_won"                    # value = fen
OPPORTUNITY_OPENED = "opportunity_opened"
DAILY_LOG = "daily_log"                  # ok = on time on a working day

LABELS = {
    VISIT_REPORT: "初访报告", FIRST_VISIT_ENTERED: "进入初访后未按时提交报告",
    FIRST_CONTACT: "首次联系", DESIGN_ENTERED: "进入方案设计",
    NEEDS_COMPLETE: "需求记录完整", QUOTE_FIRST: "首次报价", WORK_ORDER_ACCEPTED: "工单受理",
    SURVEY_ANSWERED: "满意度评分", DEAL_WON: "赢单", OPPORTUNITY_OPENED: "新商机",
    DAILY_LOG: "日志",
}


@dataclass(frozen=True)
class Fact:
    event_id: str
    event_type: str
    kind: str
    user_id: str
    region_id: str
    subject_id: str
    occurred_at: datetime
    ok: bool = True
    value: int = 0
