"""A list filter a client misspelt is refused, not ignored: `GET /leads?owner_id=…` used to
answer the whole list, which a script or a report reads as "this rep holds everything".
`KnownQuery` (a route or router dependency) answers 422 naming each unknown parameter,
the one it probably meant (owner_id → owner, stauts → status) and every parameter the
route accepts, in zh-CN. The accepted names are the route's own declared query
parameters (its dependencies' too), so adding a filter needs nothing here.

Opt-in per route: the lead list and export use it; other lists may follow (a list whose
clients send cache-busting or tracking parameters should not, or should name them in
`also`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant

from gateway.problems import FieldProblem, validation_problem

_accepted_by_route: dict[int, tuple[str, ...]] = {}


def _query_names(dependant: Dependant) -> Iterable[str]:
    for param in dependant.query_params:
        yield param.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def accepted(request: Request) -> tuple[str, ...]:
    """The query parameter names of the route that matched, in declaration order."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return ()
    key = id(route)
    if key not in _accepted_by_route:
        _accepted_by_route[key] = tuple(dict.fromkeys(_query_names(dependant)))
    return _accepted_by_route[key]


def meant(name: str, known: tuple[str, ...]) -> str:
    """The accepted parameter a misspelt one probably meant, or ""."""
    lowered = name.strip().lower()
    for candidate in (lowered, lowered.removesuffix("_id"), lowered.removesuffix("id"),
                      lowered.removesuffix("_ids"), lowered.replace("-", "_")):
        if candidate in known:
            return candidate
    close = difflib.get_close_matches(lowered, known, n=1, cutoff=0.75)
    return close[0] if close else ""


def unknown_problems(given: Iterable[str], known: tuple[str, ...]) -> list[FieldProblem]:
    listed = "、".join(known)
    problems = []
    for name in dict.fromkeys(given):
        if name in known:
            continue
        guess = meant(name, known)
        hint = f"，是否要用 {guess}？" if guess else "。"
        problems.append(FieldProblem(name, f"不支持的查询参数 {name}{hint}可用的参数：{listed}"))
    return problems


def _refuse_unknown(request: Request) -> None:
    known = accepted(request)
    problems = unknown_problems(request.query_params.keys(), known)
    if problems:
        raise validation_problem(problems)


# `dependencies=[KnownQuery]` on a route or router.
KnownQuery = Depends(_refuse_unknown)
