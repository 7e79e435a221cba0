"""leads.import_finished: each owner hears once how many leads an import gave them (its
leads' own leads.assigned and leads.touched stay silent), and the person who started it
how the file went. The items' event key is the import: leads the assigner places after
the import finished bring its summary again with bigger counts, which rewrite those
owners' items rather than add one (service_layer/rewritten.py). Pure; no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from notifications.domain import coded_texts, templates
from notifications.domain.model import InboxItem
from notifications.domain.plurals import counted

ASSIGNED, FINISHED, FAILED = "lead_import_assigned", "lead_import_finished", "lead_import_failed"
_FAILED_HINT = ("失败的行可下载错误清单（errors.xlsx），改正后只重新导入这些行。",
                "Download errors.xlsx, fix those rows and import just them again.")
# Rows kept without a cell that could not be read (a province 火星, a budget "abc"): the
# lead is in, the cell is not, and errors.xlsx says which. Told within the failed hint, so
# the template (admins may have edited it) keeps its parameters.
_WARNED_HINT = "其中 {n} 行有单元格未导入（线索已导入），详见错误清单（errors.xlsx）。"


def _warned_en(n: int) -> str:
    one = n == 1
    return (f"{counted(n, 'row')} {'was' if one else 'were'} imported without a cell that "
            f"could not be read; errors.xlsx lists {'it' if one else 'them'}. ")


# New leads nobody could take: their managers are told (import_unassignable), the uploader
# learns how many of the file's rows wait for a hand.
_UNASSIGNED_HINT = ("其中 {n} 条新线索无人可分配，已通知相关经理手动分配。",
                    "{n} of the new leads could not be assigned; their managers were told. ")


@dataclass(frozen=True)
class ImportFacts:
    import_id: str
    file_name: str
    started_by: str
    state: str  # done | failed
    error: str
    counts: Mapping[str, int]  # total, created, merged, failed, unassigned, warned
    owners: tuple[tuple[str, int, int], ...]  # owner id, assigned, returned
    error_code: str = ""  # `error` as a code, worded in the reader's language

    @property
    def key(self) -> str:
        """The items' event key: one item per import and person, whichever summary."""
        return f"leads.import_finished:{self.import_id}"

    def people(self) -> tuple[str, ...]:
        return tuple(self.counts_by_person())

    def counts_by_person(self) -> dict[str, tuple[int, int]]:
        """(assigned, returned) of each person told; (0, 0) for an uploader who got none."""
        told = {owner: (assigned, returned) for owner, assigned, returned in self.owners
                if assigned or returned}
        if self.started_by:
            told.setdefault(self.started_by, (0, 0))
        return told


def import_items(facts: ImportFacts, *, event_id: str, now: datetime,
                 languages: Mapping[str, str], new_id: Callable[[], str],
                 book: templates.Book | None = None) -> list[InboxItem]:
    """One item per person (the inbox keeps one per event and person): an uploader who is
    also an owner reads both in theirs."""
    texts: dict[str, list[templates.Message]] = {}
    links: dict[str, str] = {}
    if facts.started_by:
        texts[facts.started_by] = [_outcome(facts, languages.get(facts.started_by), book)]
        links[facts.started_by] = f"/leads/imports/{facts.import_id}"
    for owner, assigned, returned in facts.owners:
        if assigned or returned:
            texts.setdefault(owner, []).append(templates.render(ASSIGNED, {
                "file": facts.file_name, "assigned": str(assigned),
                "returned": str(returned)}, languages.get(owner, templates.DEFAULT_LANGUAGE),
                book))
            links.setdefault(owner, "/leads")
    return [InboxItem(id=new_id(), user_id=person, kind=_kind(facts, person),
                      title=said[0].title, body=" ".join(m.body for m in said).strip(),
                      link=links[person], event_id=event_id, created_at=now)
            for person, said in texts.items()]


def _kind(facts: ImportFacts, person: str) -> str:
    if person != facts.started_by:
        return ASSIGNED
    return FAILED if facts.state == "failed" else FINISHED


def _outcome(facts: ImportFacts, language: str | None,
             book: templates.Book | None) -> templates.Message:
    counts = {name: str(value) for name, value in facts.counts.items()}
    failed = facts.counts.get("failed", 0) > 0
    nobody, warned = facts.counts.get("unassigned", 0), facts.counts.get("warned", 0)
    hint = [_WARNED_HINT.format(n=warned), _warned_en(warned)] if warned else ["", ""]
    return templates.render(_kind(facts, facts.started_by), {
        "file": facts.file_name, **counts,
        "rows_en": counted(facts.counts.get("total", 0), "row"),
        "unassigned_hint": _UNASSIGNED_HINT[0].format(n=nobody) if nobody else "",
        "unassigned_hint_en": _UNASSIGNED_HINT[1].format(n=nobody) if nobody else "",
        "error": coded_texts.import_error(facts.error, facts.error_code),
        "failed_hint": hint[0] + (_FAILED_HINT[0] if failed else ""),
        "failed_hint_en": hint[1] + (_FAILED_HINT[1] if failed else "")},
        language or templates.DEFAULT_LANGUAGE, book)
