"""Demo intake channels beyond the web form: the trade-show QR source with its API key,
and one source per ad platform sharing a signing secret.

The QR key works like the web-form key: SALESOS_DEMO_QR_KEY when set, otherwise generated
once and kept (demo only) so re-runs print the same key. The ad secret is
SALESOS_DEMO_ADS_SECRET when set; otherwise each source keeps the secret it has (an admin
may have rotated one over the API), and a source without one gets the first platform's, or
a new random one. HMAC verification needs the secret itself, so it cannot be a
hash: `intake_sources.signing_secret` holds it sealed (servicekit.sealing) and the column
type opens it on read; outside demo mode an admin sets it per source.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.adapters.orm import IntakeSource
from gateway.ads_mapping import PLATFORMS

QR_SOURCE = ("trade_show", "展会扫码")
_PLATFORM_NAMES = {"baidu": "百度营销", "bytedance": "巨量引擎", "tencent": "腾讯广告",
                   "generic": "其他广告平台"}


def ad_source_name(platform: str) -> str:
    return f"ads_{platform}"


async def seed_intake_channels(
    session: AsyncSession, *, qr_key: str | None, ads_secret: str | None,
    upsert: Callable[..., Awaitable[Any]], ensure_key: Callable[..., Awaitable[str]],
) -> dict[str, str]:
    name, display = QR_SOURCE
    await upsert(session, IntakeSource, {"name": name}, display_name=display)
    key = await ensure_key(session, requested=qr_key, source_name=name)
    stored = dict((await session.execute(select(IntakeSource.name, IntakeSource.signing_secret)
                   .where(IntakeSource.name.in_([ad_source_name(p) for p in PLATFORMS])))).all())
    requested = bool(ads_secret)
    if not ads_secret:
        ads_secret = stored.get(ad_source_name(PLATFORMS[0])) or \
            "whsec_demo_" + secrets.token_urlsafe(24)
    for platform in PLATFORMS:
        name = ad_source_name(platform)
        # Without a requested secret, a source keeps its own: one an admin rotated over the
        # API (intake_secrets.py) must survive the next `make run`.
        secret = ads_secret if requested else stored.get(name) or ads_secret
        await upsert(session, IntakeSource, {"name": name},
                     display_name=_PLATFORM_NAMES[platform], signing_secret=secret)
    return {"qr_api_key": key, "ads_secret": ads_secret}
