"""Notification texts per event kind and language.

zh-CN is the default and must exist for every kind; other languages are optional and fall
back to zh-CN, so adding a kind never leaves a user with an empty message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from notifications.domain.event_templates import EVENT_TEXTS
from notifications.domain.notices import Localised

DEFAULT_LANGUAGE = "zh-CN"
LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Template:
    title: str
    body: str

    def render(self, params: Mapping[str, str], language: str = DEFAULT_LANGUAGE) -> Message:
        """The text with its parameters; times and coded reasons in `language`'s words
        (the text's own)."""
        styled = {k: v.styled(language) if isinstance(v, Localised) else v
                  for k, v in params.items()}
        # format_map raises KeyError for a missing parameter: a template bug should fail
        # loudly in tests rather than send "{company}" to a sales rep.
        return Message(self.title.format_map(styled), self.body.format_map(styled))


class UnknownTemplate(LookupError):
    """No template for this notification kind."""


TEMPLATES: dict[str, dict[str, Template]] = {
    "lead_assigned": {
        "zh-CN": Template(
            title="新线索已分配给您：{company} {name}",
            body="分配原因：{reason}。请尽快联系客户。",
        ),
        "en": Template(
            title="New lead assigned to you: {company} {name}",
            body="Why you: {reason}. Please contact the customer soon.",
        ),
    },
    "first_contact_reminder": {
        "zh-CN": Template(
            title="线索首次联系提醒：{company} {name}",
            body="首次联系时限已用去 {percent}%，请在 {due} 前联系客户并登记。",
        ),
        "en": Template(
            title="First contact reminder: {company} {name}",
            body="{percent}% of the first-contact time is used; contact the customer by {due}.",
        ),
    },
    "first_contact_overdue": {
        "zh-CN": Template(
            title="线索首次联系已超时：{company} {name}",
            body="负责人 {owner} 未在 {due} 前首次联系客户。{outcome}",
        ),
        "en": Template(
            title="First contact overdue: {company} {name}",
            body="{owner} did not contact the customer by {due}. {outcome}",
        ),
    },
    "lead_touched": {
        "zh-CN": Template(
            title="老客户再次咨询：{company} {name}（来源：{source}）",
            body="识别依据：{reason}。{filled}客户再次联系，请尽快跟进。",
        ),
        "en": Template(
            title="A known customer came back: {company} {name} (via {source})",
            body="Matched on: {reason}. {filled}Please follow up soon.",
        ),
    },
}
TEMPLATES.update({kind: {language: Template(*texts) for language, texts in by.items()}
                  for kind, by in EVENT_TEXTS.items()})


Book = Mapping[str, Mapping[str, Template]]


def render(kind: str, params: Mapping[str, str], language: str = DEFAULT_LANGUAGE,
           book: Book | None = None) -> Message:
    """The message for `kind` in `language`, or in zh-CN when that language has no text.
    `book` is the edited texts (the database's); the code's defaults fill its gaps."""
    for texts in (book.get(kind) if book else None, TEMPLATES.get(kind)):
        if not texts:
            continue
        # Times follow the text actually used: a zh-CN fallback keeps zh-CN dates.
        for used in (language, DEFAULT_LANGUAGE):
            if used in texts:
                return texts[used].render(params, used)
    raise UnknownTemplate(kind)
