"""`python -m gateway seed`: the org reference data and the demo company. Safe to re-run.

Demo passwords exist only in demo mode (SALESOS_DEMO=1); otherwise the command refuses
and writes nothing. The demo intake API key is SALESOS_DEMO_INTAKE_KEY when set (any
other demo key is then revoked); without it a random key is generated on the first run
and, in demo mode only, kept in `api_keys.demo_plaintext` so every re-run prints the
same key. Real keys are stored as SHA-256 only. The last stdout line is JSON for the
runner: {"logins": [...], "password": "demo", "intake_api_key": "...", "qr_api_key":
"...", "ads_secret": "..."} (the last two: see seed_channels.py).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
from typing import Any

from pydantic import ValidationError
from servicekit.db import create_engine, session_factory
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway import auth, seed_channels
from gateway.adapters.orm import (
    ApiKey,
    Department,
    IntakeSource,
    ManagerRegion,
    ProvinceRegion,
    Region,
    User,
)
from gateway.demo_company import DEMO_PASSWORD, DEPARTMENTS, PEOPLE, WEB_FORM_SOURCE
from gateway.provinces import ALL_REGIONS
from gateway.seed_incentives import seed_incentive_history
from gateway.settings import get_settings

REFUSAL = ("gateway seed: refusing to create demo users with the password 'demo' outside "
           "demo mode; set SALESOS_DEMO=1 for a demo installation")


class DemoModeRequired(Exception):
    pass


async def _upsert(session: AsyncSession, model: type[Any], key: dict[str, Any],
                  **values: Any) -> Any:
    row = await session.scalar(select(model).filter_by(**key))
    if row is None:
        row = model(**key, **values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    await session.flush()
    return row


async def seed_reference(session: AsyncSession) -> dict[str, Region]:
    """Regions with their provinces, departments and the web-form intake source."""
    regions: dict[str, Region] = {}
    for spec in ALL_REGIONS:
        found = await session.scalar(select(Region).where(Region.code == spec.code))
        named = {"name": spec.name} if found is None or found.updated_at is None else {}
        regions[spec.code] = await _upsert(session, Region, {"code": spec.code},
                                           is_default=spec.is_default, **named)
        for province in spec.provinces:
            row = await session.get(ProvinceRegion, province)
            if row is None or row.moved_at is None:  # an admin's move stays
                await _upsert(session, ProvinceRegion, {"province": province},
                              region_id=regions[spec.code].id)
    for code, name, kind in DEPARTMENTS:
        found = await session.scalar(select(Department).where(Department.code == code))
        if found is None or found.updated_at is None:  # an admin's rename (or kind) stays
            await _upsert(session, Department, {"code": code}, name=name, kind=kind)
    name, display = WEB_FORM_SOURCE
    await _upsert(session, IntakeSource, {"name": name}, display_name=display)
    return regions


async def seed_people(session: AsyncSession, regions: dict[str, Region]) -> list[str]:
    departments = {d.code: d.id for d in await session.scalars(select(Department))}
    demo_hash = auth.hash_password(DEMO_PASSWORD)
    known_good = {demo_hash}
    users: dict[str, User] = {}
    for person in PEOPLE:  # managers come before their reports, so manager ids exist
        kept = await _edited_by_an_admin(session, person.username)
        if kept is not None:  # a restart of the demo must not undo what an admin changed
            users[person.username] = kept
            continue
        user = await _upsert(
            session, User, {"username": person.username}, display_name=person.display_name,
            role=person.role, department_id=departments[person.department], active=True,
            region_id=regions[person.region].id if person.region else None,
            manager_id=users[person.manager].id if person.manager else None)
        # argon2 is slow on purpose: verify each distinct stored hash once at most.
        if user.password_hash is None:
            user.password_hash = demo_hash
        elif user.password_hash not in known_good:
            if not auth.verify_password(user.password_hash, DEMO_PASSWORD):
                user.password_hash = demo_hash
            known_good.add(user.password_hash)
        for code in person.manages:
            await _upsert(session, ManagerRegion,
                          {"user_id": user.id, "region_id": regions[code].id})
        users[person.username] = user
    return [p.username for p in PEOPLE]


async def _edited_by_an_admin(session: AsyncSession, username: str) -> User | None:
    """The demo person, when an admin has changed them over the API since (a role,
    region, deactivation, password: user_admin.py sets updated_at)."""
    user = await session.scalar(select(User).where(User.username == username))
    return user if user is not None and user.updated_at > user.created_at else None


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def ensure_demo_intake_key(session: AsyncSession, *, requested: str | None,
                                 source_name: str = WEB_FORM_SOURCE[0]) -> str:
    source = await session.scalar(select(IntakeSource).where(IntakeSource.name == source_name))
    assert source is not None, "seed_reference runs first"
    demo_keys = list(await session.scalars(select(ApiKey).where(
        ApiKey.source_id == source.id, ApiKey.label == "demo", ApiKey.revoked_at.is_(None))))
    if not requested:
        kept = next((k for k in demo_keys if k.demo_plaintext), None)
        if kept is not None:
            return kept.demo_plaintext
        requested = "sk_demo_" + secrets.token_urlsafe(24)
    digest = key_digest(requested)
    for stale in (k for k in demo_keys if k.key_sha256 != digest):
        stale.revoked_at = func.now()
    await _upsert(session, ApiKey, {"key_sha256": digest}, source_id=source.id, label="demo",
                  demo_plaintext=requested, key_hint=requested[-4:], revoked_at=None)
    return requested


async def seed_demo_company(sessions: async_sessionmaker[AsyncSession], *, demo: bool,
                            intake_key: str | None, qr_key: str | None = None,
                            ads_secret: str | None = None) -> dict[str, Any]:
    if not demo:
        raise DemoModeRequired(REFUSAL)
    async with sessions() as session, session.begin():
        regions = await seed_reference(session)
        logins = await seed_people(session, regions)
        key = await ensure_demo_intake_key(session, requested=intake_key)
        channels = await seed_channels.seed_intake_channels(
            session, qr_key=qr_key, ads_secret=ads_secret, upsert=_upsert,
            ensure_key=ensure_demo_intake_key)
    return {"logins": logins, "password": DEMO_PASSWORD, "intake_api_key": key, **channels}


async def main() -> None:
    try:
        settings = get_settings()
    except ValidationError as error:
        sys.exit(f"gateway seed: invalid settings: {error}")
    if not settings.demo:
        sys.exit(REFUSAL)
    engine = create_engine(settings.database_url, "gateway", pool_size=1)
    requested = settings.demo_intake_key.get_secret_value() if settings.demo_intake_key else None
    qr_key = settings.demo_qr_key.get_secret_value() if settings.demo_qr_key else None
    ads = settings.demo_ads_secret.get_secret_value() if settings.demo_ads_secret else None
    try:
        sessions = session_factory(engine)
        result = await seed_demo_company(sessions, demo=True,
                                         intake_key=requested, qr_key=qr_key, ads_secret=ads)
        await seed_incentive_history(sessions, settings)
    finally:
        await engine.dispose()
    print(f"gateway seed: {len(result['logins'])} demo users ready", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False), flush=True)
