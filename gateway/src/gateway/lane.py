"""The lean path of the hot write routes (web form, QR scan, ads, manual entry).

FastAPI's way through a request - middleware layers, route matching over ~200 routes,
the dependency tree, body parsing, response-model serialization - was most of the
gateway's CPU per web form. A plain happy request to one of these routes is answered
here instead, by a handler that validates the same pydantic model, calls the same
function as the FastAPI route and answers the same JSON.

Anything not plainly happy (no or unknown key, a body or header that does not validate,
a token that does not decode...) makes the handler raise `Fallback` before it has done
anything with an effect; the request, its body replayed, then goes the FastAPI way, which
answers exactly as it always did (422 naming the field, 401, ...). So errors have one
implementation, and the routes stay in OpenAPI. After an effect (a rate-limit hit, a
call) a handler must not fall back: its errors are rendered here by `errors.problem_for`,
as the FastAPI exception handlers render them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import problem_for

M = TypeVar("M", bound=BaseModel)
_JSON = b"application/json"


class Fallback(Exception):
    """Not a plain happy request: let the FastAPI route answer it. Raise only before any
    effect, since the route will do everything again."""


@dataclass(slots=True)
class Call:
    """What a lean handler sees of its request."""

    state: State                 # the app's state: settings, clients, caches, limiters
    path_params: dict[str, str]
    headers: dict[bytes, bytes]  # lower-case names; the first value of each, as Starlette
    body: bytes

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return None if value is None else value.decode("latin-1")

    def json(self, model: type[M]) -> M:
        content_type = self.headers.get(b"content-type", b"").lower()
        if not (content_type == _JSON or content_type.startswith(_JSON + b";")):
            raise Fallback
        try:
            return model.model_validate_json(self.body)
        except ValidationError as error:
            raise Fallback from error

    def idempotency_key(self) -> str | None:
        key = self.header(b"idempotency-key")
        if key is not None and len(key) > 200:  # the routes' Header(max_length=200)
            raise Fallback
        return key or None


# A handler answers (status, the JSON model) or raises Fallback (see the module docstring).
Handler = Callable[[Call], Awaitable[tuple[int, BaseModel]]]


@dataclass(frozen=True, slots=True)
class Template:
    """Stands for the route in `scope["route"]`: Edge names metrics and spans by `.path`."""

    path: str


class Lane:
    def __init__(self, app: ASGIApp, state: State, routes: dict[str, Handler],
                 prefixed: dict[str, tuple[Handler, str]]) -> None:
        self.app = app
        self.state = state
        # Exact POST paths; and POST <prefix><one path segment>, named (the ad platform).
        self.routes = {path: (handler, None, Template(path)) for path, handler in routes.items()}
        self.prefixed = {prefix: (handler, name, Template(f"{prefix}{{{name}}}"))
                         for prefix, (handler, name) in prefixed.items()}

    def _match(self, path: str) -> tuple[Handler, dict[str, str], Template] | None:
        exact = self.routes.get(path)
        if exact is not None:
            return exact[0], {}, exact[2]
        for prefix, (handler, name, template) in self.prefixed.items():
            tail = path[len(prefix):]
            if path.startswith(prefix) and tail and "/" not in tail:
                return handler, {name: tail}, template  # type: ignore[dict-item]
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        matched = (self._match(scope["path"]) if scope["type"] == "http"
                   and scope["method"] == "POST" else None)
        if matched is None:
            await self.app(scope, receive, send)
            return
        handler, params, template = matched
        messages: list[Message] = []
        body = b""
        while True:  # BodyTooLarge from Edge's receive propagates to Edge's 413
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)
        scope["route"] = template
        try:
            if messages[-1]["type"] != "http.request":  # the client went away
                raise Fallback
            status, answer = await handler(Call(self.state, params, headers, body))
        except Fallback:
            await self.app(scope, _replay(messages, receive), send)
            return
        except Exception as error:
            problem = problem_for(error, self.state.settings.retry_after_seconds, scope["path"])
            await problem.response(scope["path"])(scope, receive, send)
            return
        payload = answer.__pydantic_serializer__.to_json(answer)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", _JSON),
                                (b"content-length", b"%d" % len(payload))]})
        await send({"type": "http.response.body", "body": payload})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
