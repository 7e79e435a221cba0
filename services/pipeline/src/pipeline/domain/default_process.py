"""Version 1 of the process, seeded when a pipeline schema has none: an industrial
equipment sale in six stages and 18 sub-steps. Admins replace it over the API.

`contact_known` is in the catalogue but not a default gate: deals opened by hand have
no way to record a contact yet, and would be stuck in 线索."""

from __future__ import annotations

from pipeline.domain import stages as st
from pipeline.domain.process import StageDef, Step


def _stage(code: str, days: int, steps: list[tuple[str, str]],
           gates: tuple[str, ...] = ()) -> StageDef:
    return StageDef(code, st.DEFAULT_LABELS[code], days,
                    tuple(Step(i, label) for i, label in steps), gates)


DEFAULT_STAGES: tuple[StageDef, ...] = (
    _stage(st.LEAD, 3, [("verify_contact", "核实联系人及联系方式"),
                        ("confirm_profile", "确认客户行业与规模"),
                        ("book_visit", "预约首次拜访")]),
    _stage(st.FIRST_VISIT, 7, [("site_visit", "完成现场拜访"),
                               ("survey_equipment", "了解现有设备与产线状况"),
                               ("visit_report", "提交拜访报告")]),
    _stage(st.NEEDS_CONFIRMED, 14, [("technical_specs", "确认技术参数与产能要求"),
                                    ("budget_timeline", "确认预算与采购时间"),
                                    ("decision_chain", "识别决策链与竞争对手")]),
    _stage(st.SOLUTION_DESIGN, 21, [("draft_solution", "完成技术方案与设备选型"),
                                    ("engineering_review", "工程师评审方案"),
                                    ("customer_confirms", "客户确认方案")],
           ("needs_record_complete",)),
    _stage(st.QUOTE, 14, [("prepare_quote", "编制报价单"),
                          ("approve_quote", "报价内部审批"),
                          ("send_quote", "发送报价并跟进反馈")], ("amount_set",)),
    _stage(st.CONTRACT, 21, [("negotiate_terms", "商务条款谈判"),
                             ("approve_contract", "合同内部审批"),
                             ("customer_signs", "客户签署合同")], ("contract_approved",)),
)
