"""Admins read and edit the message texts; an edit is live on every replica within the
templates cache (adapters/templates_repo.CACHE_SECONDS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit.uow import UnitOfWork

from notifications.adapters import templates_repo
from notifications.domain.template_edits import check_edit, placeholders
from notifications.domain.templates import TEMPLATES
from notifications.service_layer.deps import SOURCE, Deps


@dataclass(frozen=True)
class TemplateView:
    kind: str
    language: str
    title: str
    body: str
    parameters: tuple[str, ...]
    updated_by: str = ""
    updated_at: datetime | None = None


def _parameters(kind: str) -> tuple[str, ...]:
    texts = TEMPLATES.get(kind, {}).values()
    return tuple(sorted(set().union(*(placeholders(t.title) | placeholders(t.body)
                                      for t in texts))))


async def list_templates(deps: Deps) -> list[TemplateView]:
    """Every kind in every language: the stored text, or the code's default."""
    async with deps.sessions() as session:
        stored = {(r.kind, r.language): r for r in await templates_repo.rows(session)}
    views = []
    for kind, by_language in sorted(TEMPLATES.items()):
        for language, default in sorted(by_language.items()):
            row = stored.get((kind, language))
            views.append(TemplateView(
                kind, language, row.title if row else default.title,
                row.body if row else default.body, _parameters(kind),
                row.updated_by if row else "", row.updated_at if row else None))
    return views


async def put_template(deps: Deps, *, kind: str, language: str, title: str, body: str,
                       by: str) -> TemplateView:
    """InvalidTemplate names the field when the text uses a parameter the kind lacks."""
    template = check_edit(kind, language, title, body)
    now = deps.clock()
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await templates_repo.save(uow.session, kind=kind, language=language,
                                  template=template, by=by, now=now)
        await uow.commit()
    return TemplateView(kind, language, title, body, _parameters(kind), by, now)
