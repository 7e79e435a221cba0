"""Reading and saving one's own delivery preferences."""

from __future__ import annotations

from servicekit.uow import UnitOfWork

from notifications.adapters import preferences_repo
from notifications.domain.preferences import Preferences, validate
from notifications.service_layer.deps import SOURCE, Deps


async def get(deps: Deps, *, user_id: str) -> Preferences:
    async with deps.sessions() as session:
        return await preferences_repo.load(session, user_id)


async def put(deps: Deps, prefs: Preferences) -> Preferences:
    """Replaces the whole document; InvalidPreference names the first bad field."""
    checked = validate(prefs, any_webhook_host=deps.any_webhook_host)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await preferences_repo.save(uow.session, checked, now=deps.clock())
        await uow.commit()
    return checked
