"""Path and query parameters PostgreSQL cannot store: a NUL character (\\u0000) in any of
them is refused naming the parameter (422), before the route runs — as the pipeline refuses
one in a body's field (pipeline entrypoints/text_guard.py). Without it a search box or a
code in the URL pasted with a stray NUL reached the gateway's own tables (users, regions,
departments) and answered 500 without a field. Bodies are checked by their schemas."""

from __future__ import annotations

from fastapi import Request

from gateway.problems import FieldProblem, validation_problem

MESSAGE = "不能包含空字符（\\u0000）"


async def refuse_nul(request: Request) -> None:
    """An app-wide dependency (main.py): runs after routing, so path parameters have names."""
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if isinstance(value, str) and "\x00" in value:
            raise validation_problem([FieldProblem(name, MESSAGE)])
