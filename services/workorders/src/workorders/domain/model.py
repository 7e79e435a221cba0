"""The work order aggregate: its states, who may move it, and the events it raises.

open → accepted → in_progress → delivered → (review accept) closed, or (review reject,
with a reason) back to in_progress; cancelled with a reason from any live state. The
supervisor may hand an accepted or in-progress order to someone else. A step that skips a
state is refused; a step by the wrong person is not allowed.

A closed or cancelled order is read-only (it is never reopened): every step, a comment or
an attachment on it is refused before anything else is looked at, pointing to a follow-up
order (domain/follow_up.py) instead. A delivered order awaiting its requester's review is
still live: comments and attachments are how the requester says what is missing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from workorders.domain import events
from workorders.domain.access import OVERSEERS, Actor
from workorders.domain.errors import InvalidField, NotAllowed, ReadOnly, TransitionRefused
from workorders.domain.text import printable

OPEN, ACCEPTED, IN_PROGRESS, DELIVERED = "open", "accepted", "in_progress", "delivered"
CLOSED, CANCELLED = "closed", "cancelled"
STATES = (OPEN, ACCEPTED, IN_PROGRESS, DELIVERED, CLOSED, CANCELLED)
LIVE = frozenset({OPEN, ACCEPTED, IN_PROGRESS, DELIVERED})
ENDED = frozenset({CLOSED, CANCELLED})  # read-only; carried on by a follow-up order
STATE_ZH = {OPEN: "待接单", ACCEPTED: "已接单", IN_PROGRESS: "处理中", DELIVERED: "已交付",
            CLOSED: "已关闭", CANCELLED: "已取消"}
MAX_TEXT = 2000


@dataclass(frozen=True)
class Entry:
    """A line of the order's log: progress, comment, or a state change."""

    kind: str  # progress | comment | state
    by: str
    text: str
    at: datetime
    from_state: str = ""
    to_state: str = ""


@dataclass
class WorkOrder:
    id: str
    title: str
    need: str
    acceptance_standard: str
    department: str
    department_id: str
    requester_id: str
    created_at: datetime
    due_at: datetime
    respond_by: datetime
    supervisor_id: str = ""
    requester_manager_id: str = ""
    director_id: str = ""
    assignee_id: str = ""
    opportunity_id: str = ""
    region_id: str = ""
    department_name: str = ""
    automatic: bool = False
    state: str = OPEN
    escalation_level: int = 0
    accepted_at: datetime | None = None
    delivered_at: datetime | None = None
    closed_at: datetime | None = None
    last_progress_at: datetime | None = None
    response_seconds: int | None = None
    delivered_on_time: bool | None = None
    first_pass: bool | None = None
    rejections: int = 0
    cancel_reason: str = ""
    follow_up_of: str = ""  # the closed/cancelled order this one carries on
    requeued_from: str = ""  # the leaver whose handover put it back in the queue
    events: list[events.Event] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # new, not yet saved

    @property
    def cc_ids(self) -> tuple[str, ...]:
        """Both supervisors in copy: the requester's manager and the department's."""
        return tuple(dict.fromkeys(i for i in (self.requester_manager_id, self.supervisor_id)
                                   if i))

    def overdue(self, now: datetime) -> bool:
        if self.state == OPEN and now > self.respond_by:
            return True
        return self.state in (OPEN, ACCEPTED, IN_PROGRESS) and now > self.due_at

    # -- transitions ------------------------------------------------------------------

    def require_writable(self) -> None:
        """Refuses any change to a closed or cancelled order, whoever asks and whatever
        the step: the answer is a follow-up order, not a note on a finished one nobody
        works on any more."""
        if self.state in ENDED:  # 工单已关闭 / 工单已取消
            raise ReadOnly(f"工单{STATE_ZH[self.state]}，不能再留言、上传附件或做任何修改；"
                           "如需继续处理，请发起跟进工单", order_id=self.id, state=self.state)

    def assign(self, actor: Actor, assignee_id: str, now: datetime,
               assignee_name: str = "") -> None:
        """Open: names who should accept. Accepted or in progress: hands the work to
        someone else (an engineer on leave), who carries on where it stands."""
        self.require_writable()
        if actor.user_id != self.supervisor_id and actor.role not in OVERSEERS:
            raise NotAllowed("只有部门主管可以指派处理人")
        self._require((OPEN, ACCEPTED, IN_PROGRESS), "已交付或已结束的工单不能指派")
        if not assignee_id:
            raise InvalidField("assignee_id", "必填")
        if assignee_id == self.assignee_id:
            return  # already theirs (a second click): nothing to log or tell again
        verb = "指派给" if self.state == OPEN else "改派给"
        previous, self.assignee_id = self.assignee_id, assignee_id
        self._log("state", actor.user_id, f"{verb} {assignee_name or assignee_id}", now,
                  self.state, self.state)
        self.events.append(events.Assigned(actor.user_id, now,
                                           previous if previous != assignee_id else ""))

    def accept(self, actor: Actor, now: datetime, *, response_seconds: int) -> None:
        self.require_writable()
        if self.assignee_id and actor.user_id != self.assignee_id:
            raise NotAllowed("只有被指派的处理人可以接单")
        if not self.assignee_id and actor.department_id != self.department_id:
            raise NotAllowed("只有目标部门的人员可以接单")
        self._require(OPEN, "工单不是待接单状态")
        self.assignee_id, self.accepted_at = actor.user_id, now
        self.response_seconds = response_seconds
        self._move(ACCEPTED, actor.user_id, "", now)
        self.events.append(events.Accepted(now, response_seconds, now <= self.respond_by))

    def post_progress(self, actor: Actor, text: str, now: datetime) -> None:
        self.require_writable()
        self._require_assignee(actor, "只有处理人可以更新进度")
        self._require((ACCEPTED, IN_PROGRESS), "工单当前状态不能更新进度")
        text = _text("text", text, required=True)
        if self.state == ACCEPTED:
            self._move(IN_PROGRESS, actor.user_id, "", now)
        self.last_progress_at = now
        self._log("progress", actor.user_id, text, now)
        self.events.append(events.ProgressPosted(actor.user_id, text, now))

    def comment(self, actor: Actor, text: str, now: datetime) -> None:
        self.require_writable()
        text = _text("text", text, required=True)
        self._log("comment", actor.user_id, text, now)
        self.events.append(events.Commented(actor.user_id, text, now))

    def deliver(self, actor: Actor, text: str, now: datetime) -> None:
        self.require_writable()
        self._require_assignee(actor, "只有处理人可以交付")
        self._require(IN_PROGRESS, "只有处理中的工单可以交付")
        self.delivered_at = now
        self.delivered_on_time = now <= self.due_at
        self._move(DELIVERED, actor.user_id, _text("text", text), now)
        self.events.append(events.Delivered(now, self.delivered_on_time))

    def review(self, actor: Actor, accept: bool, reason: str, now: datetime) -> None:
        self.require_writable()
        if actor.user_id != self.requester_id and actor.role not in OVERSEERS:
            raise NotAllowed("只有发起人可以验收")
        self._require(DELIVERED, "只有已交付的工单可以验收")
        reason = _text("reason", reason, required=not accept)
        first_pass = accept and self.rejections == 0
        self.events.append(events.Reviewed(accept, reason, first_pass, now, actor.user_id))
        if accept:
            self.first_pass, self.closed_at = first_pass, now
            self._move(CLOSED, actor.user_id, reason or "验收通过", now)
            self.events.append(events.Closed(False, reason, now, actor.user_id))
        else:
            self.rejections += 1
            self._move(IN_PROGRESS, actor.user_id, reason, now)

    def cancel(self, actor: Actor, reason: str, now: datetime) -> None:
        self.require_writable()
        if actor.user_id not in (self.requester_id, self.supervisor_id) \
                and actor.role not in OVERSEERS:
            raise NotAllowed("只有发起人、部门主管或总监可以取消工单")
        self._require(tuple(LIVE), "工单已结束，不能取消")
        self.cancel_reason = _text("reason", reason, required=True)
        self.closed_at = now
        self._move(CANCELLED, actor.user_id, self.cancel_reason, now)
        self.events.append(events.Closed(True, self.cancel_reason, now, actor.user_id))

    # -- clocks -----------------------------------------------------------------------

    def escalate(self, level: int, clock: str, now: datetime,
                 away: Collection[str] = ()) -> bool:
        """Records a step of the chain unless the clock has stopped; True if recorded."""
        running = self.state == OPEN if clock == "response" else \
            self.state in (OPEN, ACCEPTED, IN_PROGRESS)
        if not running:
            return False
        self.escalation_level = max(self.escalation_level, level)
        self.events.append(events.Escalated(level, clock, self.notify_for(level, away), now))
        return True

    def notify_for(self, level: int, away: Collection[str] = ()) -> tuple[str, ...]:
        """Level 1 the assignee (the supervisor while nobody has it), 2 both supervisors,
        3 the director. A place nobody holds (no supervisor; the assignee `away`, left
        without a handover) goes one level up, never to nobody."""
        assignee = "" if self.assignee_id in away else self.assignee_id
        supervisor = self.supervisor_id or self.director_id
        if level <= 1:
            people: tuple[str, ...] = (assignee or supervisor,)
        elif level == 2:
            people = (supervisor, self.requester_manager_id)
        else:
            people = (self.director_id,)
        return tuple(dict.fromkeys(p for p in people if p))

    def remind_due(self, reason: str, now: datetime, away: Collection[str] = ()) -> bool:
        """`response_due` while nobody accepted; `delivery_due` while not delivered. Told
        to whoever must act: level 1 of the chain."""
        waiting = (OPEN,) if reason == "response_due" else (OPEN, ACCEPTED, IN_PROGRESS)
        if self.state not in waiting:
            return False
        self.events.append(events.Reminded(reason, now, self.notify_for(1, away)))
        return True

    def remind_progress(self, since: datetime, now: datetime,
                        away: Collection[str] = ()) -> bool:
        """A working day passed without an update since `since`: remind the assignee
        (the supervisor when the assignee is `away`)."""
        if self.state not in (ACCEPTED, IN_PROGRESS):
            return False
        if self.last_progress_at is not None and self.last_progress_at > since:
            return False
        self.events.append(events.Reminded("no_progress", now, self.notify_for(1, away)))
        return True

    # -- helpers ----------------------------------------------------------------------

    def _require(self, states: str | tuple[str, ...], message: str) -> None:
        allowed = (states,) if isinstance(states, str) else states
        if self.state not in allowed:
            raise TransitionRefused(f"{message}（当前：{STATE_ZH[self.state]}）")

    def _require_assignee(self, actor: Actor, message: str) -> None:
        if not self.assignee_id or actor.user_id != self.assignee_id:
            raise NotAllowed(message)

    def _move(self, to: str, by: str, text: str, now: datetime) -> None:
        self._log("state", by, text, now, self.state, to)
        self.state = to

    def _log(self, kind: str, by: str, text: str, now: datetime, from_state: str = "",
             to_state: str = "") -> None:
        self.entries.append(Entry(kind, by, text, now, from_state, to_state))


def _text(field_name: str, value: str, *, required: bool = False) -> str:
    text = printable(value).strip()
    if required and not text:
        raise InvalidField(field_name, "必填")
    if len(text) > MAX_TEXT:
        raise InvalidField(field_name, f"不能超过 {MAX_TEXT} 个字符")
    return text
