"""Reasons and criteria that events carry as codes (proto `Coded`), worded for readers of
other languages than zh-CN.

zh-CN readers get the event's own text, the publisher's wording; English is worded here
from the codes. An event from before the codes, or one holding a code this service does
not know, reads as its zh text: a message in the wrong language beats a wrong message.
Names inside (a region, a rule, an admin's step label) are data and stay as entered.
Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from notifications.domain.notices import Worded

STAGES_EN = {"lead": "Lead", "first_visit": "First visit", "needs_confirmed": "Needs confirmed",
             "solution_design": "Solution design", "quote": "Quote", "contract": "Contract",
             "won": "Won", "lost": "Lost"}
# The default process's sub-steps (pipeline default_process.py); an admin's own steps
# read with the label they gave them.
STEPS_EN = {
    "verify_contact": "verify the contact and their details",
    "confirm_profile": "confirm the customer's industry and size",
    "book_visit": "book the first visit", "site_visit": "visit the site",
    "survey_equipment": "survey the current equipment and lines",
    "visit_report": "file the visit report",
    "technical_specs": "confirm technical parameters and capacity",
    "budget_timeline": "confirm budget and purchase timing",
    "decision_chain": "identify the decision chain and competitors",
    "draft_solution": "draft the solution and equipment selection",
    "engineering_review": "engineering review of the solution",
    "customer_confirms": "customer confirms the solution", "prepare_quote": "prepare the quote",
    "approve_quote": "internal quote approval", "send_quote": "send the quote and follow up",
    "negotiate_terms": "negotiate commercial terms",
    "approve_contract": "internal contract approval", "customer_signs": "customer signs"}
GATES_EN = {"contact_known": "the customer has at least one contact",
            "amount_set": "the deal amount is filled in",
            "needs_record_complete": "the structured needs record is complete",
            "contract_approved": "the contract is approved",
            "contract_signed": "the customer has signed the contract"}


def criterion_en(code: str, params: Mapping[str, str]) -> str | None:
    """One unmet stage criterion in English; None for a code not known here."""
    if code in GATES_EN:
        return GATES_EN[code]
    if code.startswith("step:"):
        step = STEPS_EN.get(code.removeprefix("step:")) or params.get("label")
        return f"sub-step not done: {step}" if step else None
    if code == "no_skipping" and params.get("to") == "won":
        return "only a deal in the contract stage can be won"
    if code == "no_skipping" and (nxt := params.get("next")):
        return f"stages cannot be skipped: the next stage is {STAGES_EN.get(nxt, nxt)}"
    return None


def unmet(labels: Sequence[str], criteria: Sequence[Any]) -> Worded:
    """The criteria a stage move missed: the event's zh labels, and in English each code's
    words (the zh label for a code not known here)."""
    zh = "；".join(labels) or "-"
    if not criteria:
        return Worded(zh)
    words = [criterion_en(c.code, c.params) or (labels[i] if i < len(labels) else c.code)
             for i, c in enumerate(criteria)]
    return Worded(zh, {"en": "; ".join(words)})


def _rules_en(names: Sequence[str]) -> str:
    quoted = ", ".join(f'"{n}"' for n in names)
    which = "rule" if len(names) == 1 else "rules"
    return f"{which} {quoted} matched, but nobody there was free (on leave or at today's cap)"


# leads' `province_source` of an inferred province -> how the English reason says it
_PROVINCE_FROM = {"mobile": "province taken from the mobile number's registration",
                  "landline": "province taken from the landline's area code"}


def _turn(p: Mapping[str, str]) -> str:
    return f"{p.get('rep', '')}'s lead no. {p.get('nth', '')} today"


# One reason's words per code (leads' domain/assignment.py and its `Why`s).
REASONS_EN: dict[str, Callable[[Mapping[str, str]], str]] = {
    "rejected": lambda p: f"returned by {p.get('by', '')} ({p.get('note', '')})",
    "region_unstaffed": lambda p: f"no rep or manager available in region {p.get('region', '')}",
    "rule_person": lambda p: f'rule "{p.get("rule", "")}" matched; its named rep, {_turn(p)}',
    "rule_team": lambda p: (f'rule "{p.get("rule", "")}" matched; its team in turn '
                            f"(weight {p.get('weight', '')}), {_turn(p)}"),
    "region_team": lambda p: (f"no rule matched; region {p.get('region', '')} in turn "
                              f"(weight {p.get('weight', '')}), {_turn(p)}"),
    "region_manager": lambda p: (f"no rep available in region {p.get('region', '')}, "
                                 "so it goes to the region's manager"),
    "overdue_moved": lambda p: f"{p.get('late', '')} missed the first-contact deadline, moved",
    "self_entered": lambda p: "you entered it yourself, so you follow it up",
    "province_inferred": lambda p: _PROVINCE_FROM.get(p.get("from", ""),
                                                      "province taken from the company name"),
    "reassigned": lambda p: f"reassigned by {p.get('by', '')}: {p.get('note', '')}",
    # why an arrival is a known customer (leads' dedupe.find_match)
    "same_phone": lambda p: "the same mobile number", "same_email": lambda p: "the same email",
    "same_wechat": lambda p: "the same WeChat ID",
    "similar_company": lambda p: ("the same contact at a company of a similar name "
                                  f"(similarity {p.get('score', '')})"),
}


def reasons_en(reasons: Sequence[Any]) -> str | None:
    """Why a lead went where it did (or nowhere), in English; None when a code is not
    known here."""
    parts: list[str] = []
    rules: list[str] = []
    for reason in reasons:
        if reason.code == "rule_unstaffed":
            rules.append(reason.params.get("rule", ""))
            continue
        if rules:  # consecutive rules read as one sentence, as in the zh text
            parts.append(_rules_en(rules))
            rules = []
        if (words := REASONS_EN.get(reason.code)) is None:
            return None
        parts.append(words(reason.params))
    if rules:
        parts.append(_rules_en(rules))
    return "; ".join(parts) or None


unassignable_en = reasons_en


def reason(text: str, reasons: Sequence[Any]) -> Worded:
    """An assignment's reason: the event's zh text, and English from its codes."""
    en = reasons_en(reasons) if reasons else None
    return Worded(text, {"en": en} if en else {})


unassignable = reason


# Why an import's file could not be imported (leads' domain/import_failures.py).
IMPORT_ERRORS_EN = {
    "empty_file": "the file is empty",
    "no_contact_column": "none of the first 10 rows is a header with a mobile, email or "
                         "WeChat column; check the header",
    "unreadable_file": "the file cannot be read; make sure it is a valid .xlsx or .csv file"}


def import_error(text: str, code: str) -> Worded:
    en = IMPORT_ERRORS_EN.get(code)
    return Worded(text, {"en": en} if en else {})
