"""Versions in HTTP: a record's version goes out as its `ETag` (`"3"`) and comes back in
`If-Match`, so of two people (or one person's phone and laptop) editing one record the
second is told (412) instead of silently undoing the first's work. Without If-Match a
write replaces what is there, as it always did.

The tag is strong: a version names exactly one stored document, and RFC 9110 compares
If-Match strongly. A weak `W/"3"` or a bare 3 is read the same, being what clients send."""

from __future__ import annotations

import re

from fastapi import Response

from gateway.problems import FieldProblem, Problem, validation_problem

# ASCII digits only: str.isdigit() also takes "²", which int() then refuses (a 500).
_TAG = re.compile(r'(?:W/)?"?([0-9]{1,18})"?')


def tag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def expected_version(if_match: str | None, *, digits: int = 9,
                     example: str = '"3"') -> int | None:
    """The version an If-Match names; None for none or `*`. Anything else — including
    more digits than the record's versions have (`digits`: its protobuf field must hold
    it) — is a 422 naming the header, not a silent overwrite."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = _TAG.fullmatch(if_match.strip())
    if found is None or len(found[1]) > digits:
        raise validation_problem([FieldProblem(
            "If-Match", f"If-Match 应为读取时 ETag 给出的版本号，例如 {example}")])
    return int(found[1])


def stale(detail: str) -> Problem:
    """412: the version If-Match named is no longer the stored one."""
    return Problem(412, "precondition_failed", detail=detail, field="If-Match")
