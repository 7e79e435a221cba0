"""Reading and saving one's own delivery preferences (credentials shown masked:
domain/credentials.py; deliveries read the stored document, not this one)."""

from __future__ import annotations

from servicekit.uow import UnitOfWork

from notifications.adapters import preferences_repo
from notifications.domain.credentials import kept, masked
from notifications.domain.preferences import Preferences, validate
from notifications.service_layer.deps import SOURCE, Deps


async def get(deps: Deps, *, user_id: str) -> Preferences:
    async with deps.sessions() as session:
        return masked(await preferences_repo.load(session, user_id))


async def put(deps: Deps, prefs: Preferences) -> Preferences:
    """Replaces the whole document (a credential sent back as it was shown is kept);
    InvalidPreference names the first bad field, and nothing is saved."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        stored = await preferences_repo.load(uow.session, prefs.user_id)
        checked = validate(kept(prefs, stored), any_webhook_host=deps.any_webhook_host)
        await preferences_repo.save(uow.session, checked, now=deps.clock())
        await uow.commit()
    return masked(checked)
