"""Reading and saving one's own delivery preferences (credentials shown masked:
domain/credentials.py; deliveries read the stored document, not this one).

Each answer carries the document's version (preferences_repo: its last save). A save that
names the version its caller read (`expected_version`, HTTP's If-Match) is refused with
Stale when another save came in between — on the phone while the web page was open —
instead of silently undoing it; without one it replaces whatever is stored, as before."""

from __future__ import annotations

from typing import NamedTuple

from servicekit.errors import Stale
from servicekit.uow import UnitOfWork

from notifications.adapters import preferences_repo
from notifications.domain.credentials import kept, masked
from notifications.domain.preferences import Preferences, validate
from notifications.service_layer.deps import SOURCE, Deps

STALE = "通知设置在您读取之后已被修改（可能是在另一台设备上），请重新读取后再保存"


class Versioned(NamedTuple):
    prefs: Preferences
    version: int  # 0: never saved


async def get(deps: Deps, *, user_id: str) -> Versioned:
    async with deps.sessions() as session:
        prefs, saved_at = await preferences_repo.load_saved(session, user_id)
    return Versioned(masked(prefs), preferences_repo.version_of(saved_at))


async def put(deps: Deps, prefs: Preferences, *,
              expected_version: int | None = None) -> Versioned:
    """Replaces the whole document (a credential sent back as it was shown is kept);
    InvalidPreference names the first bad field, and nothing is saved; Stale when
    `expected_version` is given and no longer the stored one."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        stored, saved_at = await preferences_repo.load_saved(uow.session, prefs.user_id)
        checked_over: object = preferences_repo.WHATEVER
        if expected_version is not None:
            if expected_version != preferences_repo.version_of(saved_at):
                raise Stale(STALE)
            checked_over = saved_at
        checked = validate(kept(prefs, stored), any_webhook_host=deps.any_webhook_host)
        now = preferences_repo.next_save_time(deps.clock(), saved_at)
        if not await preferences_repo.save(uow.session, checked, now=now, over=checked_over):
            raise Stale(STALE)  # saved by another request since we read it
        await uow.commit()
    return Versioned(masked(checked), preferences_repo.version_of(now))
