"""Default (title, body) texts of the kinds of issue 5; templates.py makes Templates of
them."""

from __future__ import annotations

from notifications.domain.workorder_texts import WORKORDER_TEXTS


def _t(zh: tuple[str, str], en: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {"zh-CN": zh, "en": en}


# Kinds of issue 5: deals, approvals, work orders, surveys. Parameters ending in `_en`
# carry the English wording of a value (a stage, a decision) for the en texts; a count
# reads in English as `{leads_en}` ("1 lead", "2 leads", plurals.py) beside its bare
# number (`{count}`), which the zh texts and admins' earlier edits keep using.
EVENT_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "stage_gate_blocked": _t(
        ("商机无法进入「{to_stage}」：{title}", "还缺：{unmet}。补齐后再推进阶段。"),
        ("Deal cannot enter {to_stage_en}: {title}", "Missing: {unmet}.")),
    # Told to the owner's managers and the directors, not the owner (pipeline_notices).
    "deal_won": _t(
        ("赢单：{deal} {amount}，销售 {owner}",
         "{owner} 赢得 {account_name} 的订单{deal_title}，合同金额 {amount}，"
         "从商机到签约用时 {days} 天。"),
        ("Deal won: {deal} {amount}, by {owner}",
         "{owner} won {account_name}'s order{deal_title}: {amount} signed, {days_en} from "
         "deal to signature.")),
    # Told to the owner and their managers, not to whoever reopened it (pipeline_notices).
    "deal_reopened": _t(
        ("商机已重新打开：{deal}，回到{to_stage}{reason}",
         "{by} 重新打开了这个丢单的商机，负责销售 {owner}，金额 {amount}。"
         "此前的丢单原因：{lost_reason}。请按「{to_stage}」阶段继续跟进。"),
        ("Deal reopened: {deal}, back to {to_stage_en}{reason}",
         "{by} reopened this lost deal; owner {owner}, amount {amount}. It had been lost "
         "because: {lost_reason}. Carry on from {to_stage_en}.")),
    "quote_issued": _t(
        ("新报价待财务查看：{account_name} 第 {version} 版 {total}",
         "报价人 {issued_by}，折扣 {discount}，合计 {total}。"),
        ("New quote for finance: {account_name} v{version} {total}",
         "Issued by {issued_by}, discount {discount}, total {total}.")),
    "approval_requested": _t(
        ("合同待您审批：{account_name} {amount}",
         "第 {step} 级审批，请在 {due} 前处理。{delegated}{reason}"),
        ("Contract awaits your approval: {account_name} {amount}",
         "Step {step}; please decide by {due}{delegated_en}.{reason_en}")),
    "approval_decided": _t(
        ("合同审批{decision}：{account_name}", "第 {step} 级审批{decision}。{comment}{outcome}"),
        ("Contract {decision_en}: {account_name}",
         "Step {step} {decision_en}.{comment_en}{outcome_en}")),
    "approval_escalated": _t(
        ("合同审批超时（第 {level} 级升级）：{account_name}",
         "第 {step} 级审批等待过久，请尽快处理。"),
        ("Contract approval overdue (escalation level {level}): {account_name}",
         "Step {step} has waited too long; please act now.")),
    # A quote's discount beyond its author's limit, to whoever may decide it.
    "discount_approval_requested": _t(
        ("报价折扣待您审批：{account_name} 第 {version} 版，折扣 {discount}",
         "{author} 的报价折扣超出其权限，合计 {total}。批准后报价才能发出。"),
        ("Quote discount awaits your approval: {account_name} v{version}, {discount} off",
         "{author}'s discount is beyond their limit; total {total}. The quote can be issued "
         "once approved.")),
    # Still undecided after a working day (level 1: a reminder to whoever it asked), then
    # two (level 2: the directors too), as a contract step's 「合同审批超时」.
    "discount_escalated": _t(
        ("报价折扣审批超时（第 {level} 级升级）：{account_name} 第 {version} 版",
         "{author} 的报价折扣 {discount}（合计 {total}）等待审批过久，请尽快处理。"),
        ("Quote discount approval overdue (escalation level {level}): {account_name} "
         "v{version}",
         "{author}'s {discount} discount (total {total}) has waited too long; please act "
         "now.")),
    "discount_decided": _t(
        ("报价折扣已{decision}：{account_name} 第 {version} 版",
         "{decided_by} 已{decision}该折扣。{comment}{next}"),
        ("Quote discount {decision_en}: {account_name} v{version}",
         "{decided_by} {decision_en} the discount.{comment_en}{next_en}")),
    "signature_completed": _t(
        ("客户已签署合同：{account_name}", "签署人 {signer_name}，签署时间 {signed_at}。"),
        ("The customer signed: {account_name}", "Signed by {signer_name} at {signed_at}.")),
    "workorder_created": _t(
        ("新工单（{department}）：{title}", "需求：{need}。验收标准：{acceptance}。截止 {due}。"),
        ("New work order ({department_en}): {title}",
         "Need: {need}. Acceptance: {acceptance}. Due {due}.")),
    "workorder_assigned": _t(
        ("工单指派给您（{department}）：{title}", "请在 {respond_by} 前接单。交付截止 {due}。"),
        ("Work order assigned to you ({department_en}): {title}",
         "Please accept by {respond_by}. Due {due}.")),
    "workorder_reminded": _t(
        ("工单提醒：{title}", "{reason}（截止 {due}）。"),
        ("Work order reminder: {title}", "{reason_en} (due {due}).")),
    "workorder_escalated": _t(
        ("工单已升级（第 {level} 级）：{title}",
         "{clock}已超时，当前负责人 {assignee}。截止 {due}。"),
        ("Work order escalated (level {level}): {title}",
         "{clock_en} is overdue; assignee {assignee_en}. Due {due}.")),
    "workorder_delivered": _t(
        ("工单已交付，请验收：{title}",
         "交付时间 {delivered_at}{on_time}。请验收或退回并说明原因。"),
        ("Work order delivered, please review: {title}",
         "Delivered at {delivered_at}{on_time}.")),
    "signature_requested": _t(
        ("合同签署验证码",
         "【SalesOS】{signer_name}您好，{account_name}的合同待您签署，验证码 {code}，"
         "签署链接 {link}（{expires} 前有效）。请勿将验证码告诉他人。"),
        ("Contract signing code", "Your code is {code}; sign at {link} (valid until {expires}).")),
    "survey_issued": _t(
        ("满意度调查",
         "【SalesOS】感谢您的信任，请花一分钟评价我们的服务：{link}（{expires} 前有效）"),
        ("Satisfaction survey", "Please rate our service: {link} (valid until {expires})")),
    "reward_granted": _t(
        ("恭喜获得奖励：{label}{amount}", "坚持好习惯，继续加油！"),
        ("Reward granted: {label}{amount}", "Keep up the good habits!")),
    "lead_unassignable": _t(
        ("线索无人可分配：{company} {name}（来源：{source}）",
         "原因：{reason}。请手动分配，或调整分配规则、团队与可接单状态。"),
        ("Lead could not be assigned: {company} {name}",
         "Why: {reason}. Please assign it by hand, or adjust the rules, teams or availability.")),
    # An import's leads nobody could take: their managers hear once per import, the item
    # growing as more arrive (service_layer/import_unassignable.py).
    "lead_import_unassignable": _t(
        ("批量导入中有 {count} 条线索无人可分配：{file}",
         "请在线索列表中按‘无法分配’筛选后手动分配，或调整分配规则、团队与可接单状态。"),
        ("{leads_en} of an import could not be assigned: {file}",
         "Filter the lead list by 'unassignable' and assign them by hand, or adjust the "
         "rules, teams or availability.")),
    # A leaver's handover: the successor and the leaver's manager hear once (handover_notices).
    "leads_handed_over": _t(
        ("您接手了 {from_name} 的 {what}", "离职交接{reason}：{follow_up}"),
        ("You took over {what} from {from_name}", "Handover{reason_en}: {follow_up}")),
    "leads_handed_over_manager": _t(
        ("{from_name} 的 {what}已交接给 {to_name}", "离职交接{reason}。{queue_note}"),
        ("{from_name}'s {what} handed over to {to_name}", "Handover{reason_en}.{queue_note}")),
    # Imports (issue 3): each owner hears once per import, its uploader how it went.
    "lead_import_assigned": _t(
        ("批量导入的线索已到您名下：{file}",
         "新线索 {assigned} 条，老客户再次出现 {returned} 条。请按首次联系时限逐一跟进。"),
        ("Leads from an import are yours: {file}",
         "New leads: {assigned}; known customers back: {returned}. "
         "Please contact each within its first-contact deadline.")),
    "lead_import_finished": _t(
        ("批量导入完成：{file}",
         "共 {total} 行：新建 {created} 条，合并到已有线索 {merged} 条，失败 {failed} 条。"
         "{unassigned_hint}{failed_hint}"),
        ("Import finished: {file}",
         "{rows_en}: {created} new, {merged} merged into existing leads, {failed} failed. "
         "{unassigned_hint_en}{failed_hint_en}")),
    "lead_import_failed": _t(
        ("批量导入未完成：{file}", "原因：{error}。停止前处理的行已导入（新建 {created} 条）。"),
        ("Import did not finish: {file}",
         "Reason: {error}. Rows processed before it stopped were imported ({created} new).")),
    # An import's first-contact thresholds, one item per person, import and threshold
    # (domain/import_clock.py); {owners} lists each owner's count for a manager.
    "import_first_contact_reminder": _t(
        ("导入「{file}」中 {count} 条线索首次联系时限已用去 {percent}%",
         "最早一条 {first_due} 到期，最晚一条 {last_due}。"
         "请逐一联系并登记；已联系的线索不再计入。"),
        ("{leads_en} from import {file}: {percent}% of first-contact time used",
         "The first runs out at {first_due}, the last at {last_due}. Contact and log each; "
         "contacted leads drop out of this count.")),
    "import_first_contact_overdue": _t(
        ("导入「{file}」中 {count} 条线索首次联系已超时",
         "{owners}，截至 {last_due} 仍未首次联系。批量导入的线索不会自动改派，"
         "请在线索列表中查看并按需手动改派。"),
        ("Overdue for first contact: {leads_en} from import {file}",
         "{owners_en}: not contacted by {last_due}. Imported leads are not reassigned "
         "automatically; review them in the lead list and reassign by hand if needed.")),
    "digest": _t(
        ("免打扰期间的 {count} 条通知", "{lines}"),
        ("{notifications_en} from your quiet hours", "{lines}")),
    **WORKORDER_TEXTS,
}
