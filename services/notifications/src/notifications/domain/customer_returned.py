"""「老客户再次咨询」: a customer we already have a lead for arrived again (leads.touched).
The lead's owner hears it, and which of the lead's empty fields the arrival filled
(「已补全：邮箱、公司规模。」); a lead nobody owns yet has nobody to tell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notifications.domain import coded_texts, templates
from notifications.domain.model import InboxItem
from notifications.domain.notices import Worded

LEAD_TOUCHED = "lead_touched"
# How the channel reads to a sales rep; an unknown channel is shown as it is.
CHANNEL_NAMES = {
    "zh-CN": {"web_form": "官网表单", "qr_scan": "展会扫码", "ads": "广告投放",
              "manual": "手工录入", "import": "批量导入"},
    "en": {"web_form": "web form", "qr_scan": "trade-show scan", "ads": "ads",
           "manual": "manual entry", "import": "import"},
}
# The lead's fields as leads words them (leads.domain.gap_fill.LABELS, the UI's labels);
# a field this list does not know yet is shown by its name rather than dropped.
FIELD_NAMES = {
    "zh-CN": {"phone": "手机", "email": "邮箱", "wechat_id": "微信", "title": "职务",
              "province": "省份", "industry": "行业", "company_scale": "公司规模",
              "budget_fen": "预算", "urgency": "紧急程度", "pain_point": "痛点", "tags": "标签"},
    "en": {"phone": "mobile", "email": "email", "wechat_id": "WeChat ID", "title": "job title",
           "province": "province", "industry": "industry", "company_scale": "company size",
           "budget_fen": "budget", "urgency": "urgency", "pain_point": "pain point",
           "tags": "tags"},
}


def filled_sentence(fields: tuple[str, ...]) -> Worded:
    """「已补全：邮箱、公司规模。」 / "Filled in: email, company size. "; empty for none (an
    event from before leads sent `filled_fields` reads as it always did)."""
    if not fields:
        return Worded("", {"en": ""})

    def names(language: str) -> list[str]:
        return [FIELD_NAMES[language].get(f, f) for f in fields]

    return Worded(f"已补全：{'、'.join(names('zh-CN'))}。",
                  {"en": f"Filled in: {', '.join(names('en'))}. "})


@dataclass(frozen=True)
class LeadTouchedFacts:
    lead_id: str
    owner_id: str
    company: str
    name: str
    channel: str
    match_reason: str
    match: Any = None  # `match_reason` as a code (proto Coded), worded per language
    filled_fields: tuple[str, ...] = ()  # the lead's empty fields this arrival filled


def lead_touched_item(facts: LeadTouchedFacts, *, item_id: str, event_id: str, now: datetime,
                      language: str = templates.DEFAULT_LANGUAGE,
                      book: templates.Book | None = None) -> InboxItem | None:
    """The owner's item; None when the lead has no owner yet."""
    if not facts.owner_id:
        return None
    names = CHANNEL_NAMES.get(language, CHANNEL_NAMES[templates.DEFAULT_LANGUAGE])
    message = templates.render(LEAD_TOUCHED, {
        "company": facts.company, "name": facts.name,
        "source": names.get(facts.channel, facts.channel),
        "reason": coded_texts.reason(facts.match_reason.rstrip("。.") or "-",
                                     [facts.match] if facts.match else []),
        "filled": filled_sentence(facts.filled_fields)}, language, book)
    return InboxItem(id=item_id, user_id=facts.owner_id, kind=LEAD_TOUCHED, title=message.title,
                     body=message.body, link=f"/leads/{facts.lead_id}", event_id=event_id,
                     created_at=now)
