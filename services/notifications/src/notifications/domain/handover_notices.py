"""A leaver's handover, told once per person: the successor reads one item "您接手了 唐欣 的
N 条线索、M 个商机、K 个工单" and the leaver's manager one line, whatever number of
batches, runs and services it took (each batch publishes its summary with its own count,
each work order its own workorders.handed_over; the counts are added up and the one item
is rewritten). The handover's leads.assigned stay silent (handlers._lead_assigned); what a
moved work order asks of someone else (its supervisor, a delivery to review) is told apart
(workorder_handover.py). Pure; no I/O.

Counts are kept per leaver, not per summary's `handover_id`: a handover whose leads go
through the rules (`leads_to: rules`) tells its leads under another id than its deals, and
the deals' successor who also got some of the leads must still read one item with both
counts. The manager's line keeps a part per receiver (a successor, or the rules), so one
line says who took what."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from notifications.domain import templates
from notifications.domain.handover_texts import (
    QUEUE,
    RULES,
    UNPLACED,
    Counts,
    follow_up,
    queue_note,
    receivers,
    took,
)
from notifications.domain.model import InboxItem

__all__ = ["QUEUE", "RULES", "UNPLACED", "HandoverFacts", "handover_items"]
SUCCESSOR, MANAGER = "leads_handed_over", "leads_handed_over_manager"
NONE: Counts = (0, 0, 0)


@dataclass(frozen=True)
class HandoverFacts:
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str  # empty: nobody named (`unplaced` says where they went)
    to_username: str
    manager_id: str
    reason: str
    leads: int  # this summary's own count (one batch)
    opportunities: int
    workorders: int = 0
    unplaced: str = RULES  # the manager's part without a successor: the rules, a queue
    order_id: str = ""  # the work order this summary is about (workorders.handed_over)

    @property
    def counts(self) -> Counts:
        return self.leads, self.opportunities, self.workorders

    @property
    def leaver(self) -> str:
        return self.from_user_id or self.handover_id

    @property
    def took_key(self) -> str:
        """The successor's row: everything they took from this leaver."""
        return f"{self.leaver}:took"

    @property
    def told_prefix(self) -> str:
        """The manager's rows, one per receiver, under this prefix."""
        return f"{self.leaver}:told:"

    def rows(self) -> list[tuple[str, str]]:
        """(row key, person) this summary adds its counts to. A successor who is the
        leaver's manager reads only their own item."""
        found = [(self.took_key, self.to_user_id)] if self.to_user_id else []
        if self.manager_id and self.manager_id != self.to_user_id:
            found.append((self.told_prefix + (self.to_user_id or self.unplaced),
                          self.manager_id))
        return found

    def event_key(self, row_key: str) -> str:
        """The items' event key: one item per person and role for the leaver's handover."""
        return f"handover:{self.leaver}:" + ("took" if row_key == self.took_key else "told")


def handover_items(facts: HandoverFacts, touched: Sequence[tuple[str, str]],
                   counts: Mapping[str, Mapping[str, Counts]], *, names: Mapping[str, str],
                   languages: Mapping[str, str], now: datetime, new_id: Callable[[], str],
                   book: templates.Book | None = None) -> list[InboxItem]:
    """The item of each (row key, person) this summary added to, showing that person's
    totals so far (`counts`: person -> row key -> counts). `names`: user id -> display
    name."""
    items = []
    from_name = names.get(facts.from_user_id) or facts.from_username
    for key, person in touched:
        theirs = counts.get(person, {})
        if key == facts.took_key:
            kind, counted, to_name = SUCCESSOR, theirs.get(key, NONE), \
                names.get(person, facts.to_username)
        else:
            parts = {k.removeprefix(facts.told_prefix): c for k, c in theirs.items()
                     if k.startswith(facts.told_prefix)}
            kind, to_name = MANAGER, receivers(parts, names)
            counted = (sum(c[0] for c in parts.values()), sum(c[1] for c in parts.values()),
                       sum(c[2] for c in parts.values()))
        said = templates.render(kind, {
            "from_name": from_name, "to_name": to_name,
            "leads": str(counted[0]), "opportunities": str(counted[1]),
            "workorders": str(counted[2]), "what": took(counted),
            "follow_up": follow_up(counted),
            "queue_note": queue_note(theirs.get(facts.told_prefix + QUEUE, NONE)),
            "reason": f"（{facts.reason}）" if facts.reason else "",
            "reason_en": f" ({facts.reason})" if facts.reason else ""},
            languages.get(person, templates.DEFAULT_LANGUAGE), book)
        items.append(InboxItem(id=new_id(), user_id=person, kind=kind, title=said.title,
                               body=said.body,
                               link=_link(kind, counted, theirs, facts),
                               event_id=facts.event_key(key), created_at=now))
    return items


def _link(kind: str, counted: Counts, theirs: Mapping[str, Counts],
          facts: HandoverFacts) -> str:
    """The successor's list to start from: their leads, or their work orders when that
    is all they took. The manager's: the orders the leaver left in the queue, which a
    manager who supervises that department is asked to assign here and nowhere else
    (workorder_handover.py) — the order itself when there is one, else the queue filtered
    to this leaver's orders."""
    if kind == SUCCESSOR:
        return "/workorders" if counted[2] and not counted[0] and not counted[1] else "/leads"
    queued = theirs.get(facts.told_prefix + QUEUE, NONE)[2]
    if not queued:
        return ""
    if queued == 1 and facts.order_id:
        return f"/workorders/{facts.order_id}"
    return f"/workorders?requeued_from={facts.leaver}"
