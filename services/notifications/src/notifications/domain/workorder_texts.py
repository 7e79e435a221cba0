"""Default (title, body) texts of what passes between a work order's requester and the
department (workorder_followups.py). zh-CN first; `_en` parameters carry the English
wording of a value. A kind here has no row in `message_templates` until an admin edits it:
these defaults are its text (templates.py)."""

from __future__ import annotations


def _t(zh: tuple[str, str], en: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {"zh-CN": zh, "en": en}


WORKORDER_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "workorder_accepted": _t(
        ("工单已接单：{title}", "{assignee}（{department}）已接单，交付截止 {due}。"),
        ("Work order accepted: {title}",
         "{assignee_en} ({department_en}) accepted it; due {due}.")),
    "workorder_progress": _t(
        ("工单进展：{title}", "{by}：{text}"),
        ("Work order progress: {title}", "{by}: {text}")),
    "workorder_commented": _t(
        ("工单有新留言：{title}", "{by}：{text}"),
        ("New comment on work order: {title}", "{by}: {text}")),
    "workorder_rejected": _t(
        ("工单交付被退回：{title}",
         "{by} 退回了交付，原因：{reason}。工单回到处理中，请修改后重新交付（截止 {due}）。"),
        ("Delivery returned: {title}",
         "{by} returned the delivery: {reason}. The order is back in progress; please "
         "rework it and deliver again (due {due}).")),
    "workorder_review_accepted": _t(
        ("工单已验收通过：{title}", "{by} 验收通过了交付{first_pass}，工单已关闭。{note}"),
        ("Work order accepted on review: {title}",
         "{by} accepted the delivery{first_pass}; the order is closed.{note}")),
    "workorder_cancelled": _t(
        ("工单已取消：{title}", "{by} 取消了该工单，无需继续处理。原因：{reason}。"),
        ("Work order cancelled: {title}",
         "{by} cancelled it; no further work is needed. Reason: {reason}.")),
    "workorder_reassigned": _t(
        ("工单已改派给您（{department}）：{title}", "工单已改派给您，请继续处理。交付截止 {due}。"),
        ("Work order handed to you ({department_en}): {title}",
         "The work order has been handed to you; please carry on with it. Due {due}.")),
    "workorder_handed_off": _t(
        ("工单已改派他人：{title}", "{by} 已将该工单改派给 {assignee}，您无需再处理。"),
        ("Work order handed to someone else: {title}",
         "{by} handed it to {assignee_en}; you no longer need to work on it.")),
}

# A closed or cancelled order carried on by a follow-up: its assignee of record hears of it,
# and its requester when someone else opened it.
WORKORDER_TEXTS |= {
    "workorder_follow_up_opened": _t(
        ("您处理过的工单有跟进（{department}）：{title}",
         "{by} 就已结束的工单「{original}」发起了跟进工单：{need}。交付截止 {due}。"),
        ("Follow-up of a work order you handled ({department_en}): {title}",
         "{by} opened a follow-up of the finished order \"{original}\": {need}. "
         "Due {due}.")),
    "workorder_follow_up_of_yours": _t(
        ("您发起的工单有跟进（{department}）：{title}",
         "{by} 就您发起的已结束工单「{original}」发起了跟进工单：{need}。交付截止 {due}。"),
        ("Follow-up of a work order you requested ({department_en}): {title}",
         "{by} opened a follow-up of your finished order \"{original}\": {need}. "
         "Due {due}.")),
}

# A leaver's orders (workorder_handover.py): what someone must now do about one order.
WORKORDER_TEXTS |= {
    "workorder_review_handed_over": _t(
        ("工单已交付，待您验收：{title}",
         "{from_name} 离职交接，该工单的发起人改为您。"
         "{department}已交付，请验收或退回并说明原因。"),
        ("Work order delivered, awaiting your review: {title}",
         "{from_name} left and you are now the requester. {department_en} delivered it; "
         "please accept it or return it with a reason.")),
    "workorder_requester_changed": _t(
        ("工单发起人已变更：{title}",
         "{from_name} 离职交接，该工单的发起人现为 {to_name}；"
         "需求、留言与验收请与 {to_name} 联系。"),
        ("Work order requester changed: {title}",
         "{from_name} left; {to_name} is now the requester: talk to {to_name} about the "
         "need, comments and the review.")),
    "workorder_back_in_queue": _t(
        ("工单退回待指派（{department}）：{title}",
         "处理人 {from_name} 离职，该工单已退回部门队列，请指派处理人。"
         "当前状态：{state}，交付截止 {due}。"),
        ("Work order back in the queue ({department_en}): {title}",
         "{from_name}, who worked on it, left; it is back in the department's queue: please "
         "assign it. State: {state}; due {due}.")),
}
