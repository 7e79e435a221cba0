from typing import Any

import pytest
from gateway.adapters.orm import IntakeSource
from gateway.ads_mapping import PLATFORMS
from gateway.seed import seed_demo_company
from sqlalchemy import select

pytestmark = pytest.mark.integration


async def _secrets(sessions: Any) -> dict[str, str | None]:
    async with sessions() as session:
        rows = await session.execute(select(IntakeSource.name, IntakeSource.signing_secret)
                                     .where(IntakeSource.name.like("ads_%")))
        return dict(rows.all())


async def test_demo_seed_gives_every_ad_platform_the_demo_secret_and_qr_its_own_key(
        gateway_sessions: Any) -> None:
    result = await seed_demo_company(gateway_sessions, demo=True, intake_key=None,
                                     qr_key="sk_qr_demo", ads_secret="whsec_demo")
    assert result["qr_api_key"] == "sk_qr_demo" != result["intake_api_key"]
    assert await _secrets(gateway_sessions) == {f"ads_{p}": "whsec_demo" for p in PLATFORMS}


async def test_without_a_demo_secret_the_stored_one_is_kept_across_reseeds(
        gateway_sessions: Any) -> None:
    first = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    second = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    assert first["ads_secret"] == second["ads_secret"]
    assert first["qr_api_key"] == second["qr_api_key"]


async def test_a_secret_an_admin_rotated_survives_a_reseed(gateway_sessions: Any) -> None:
    first = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    async with gateway_sessions() as session:
        source = await session.scalar(select(IntakeSource).where(
            IntakeSource.name == "ads_tencent"))
        source.signing_secret = "whsec_rotated"
        await session.commit()
    again = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    assert again["ads_secret"] == first["ads_secret"]
    assert (await _secrets(gateway_sessions))["ads_tencent"] == "whsec_rotated"
