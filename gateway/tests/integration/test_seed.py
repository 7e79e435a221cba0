import json
import os
import subprocess
import sys
from typing import Any

import pytest
from gateway.adapters.orm import ApiKey, ManagerRegion, ProvinceRegion, Region, User
from gateway.seed import DemoModeRequired, key_digest, seed_demo_company
from sqlalchemy import func, select

pytestmark = pytest.mark.integration


async def _counts(sessions: Any) -> dict[str, int]:
    async with sessions() as session:
        return {model.__tablename__: await session.scalar(select(func.count()).select_from(model))
                for model in (User, Region, ProvinceRegion, ManagerRegion)}


async def test_seeding_twice_changes_nothing_and_keeps_the_intake_key(
        gateway_sessions: Any) -> None:
    first = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    counts = await _counts(gateway_sessions)
    second = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    assert second == first
    assert await _counts(gateway_sessions) == counts
    assert counts["regions"] == 5 and counts["province_regions"] == 31


async def test_demo_company_has_the_people_the_issue_lists(gateway_sessions: Any) -> None:
    result = await seed_demo_company(gateway_sessions, demo=True, intake_key=None)
    logins = set(result["logins"])
    assert {"director", "mgr-east", "mgr-south", "mgr-north", "mgr-west",
            "finance", "admin", "eng1", "eng2", "eng3"} <= logins
    assert {f"rep{i:02d}" for i in range(1, 21)} <= logins
    assert result["password"] == "demo"


async def test_intake_key_from_env_replaces_the_previous_demo_key(gateway_sessions: Any) -> None:
    generated = (await seed_demo_company(gateway_sessions, demo=True,
                                         intake_key=None))["intake_api_key"]
    chosen = await seed_demo_company(gateway_sessions, demo=True, intake_key="sk_demo_chosen")
    assert chosen["intake_api_key"] == "sk_demo_chosen"
    async with gateway_sessions() as session:
        keys = {k.key_sha256: k for k in await session.scalars(select(ApiKey))}
    assert keys[key_digest(generated)].revoked_at is not None
    assert keys[key_digest("sk_demo_chosen")].revoked_at is None


async def test_demo_passwords_are_refused_outside_demo_mode(gateway_sessions: Any) -> None:
    before = await _counts(gateway_sessions)
    with pytest.raises(DemoModeRequired):
        await seed_demo_company(gateway_sessions, demo=False, intake_key=None)
    assert await _counts(gateway_sessions) == before


def _seed_cli(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gateway", "seed"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_seed_command_is_rerunnable_and_ends_with_the_json_the_runner_reads(infra: Any) -> None:
    first, second = _seed_cli(), _seed_cli()
    assert first.returncode == second.returncode == 0, first.stderr
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    assert json.loads(second.stdout.strip().splitlines()[-1]) == summary
    assert summary["password"] == "demo" and "director" in summary["logins"]
    assert summary["intake_api_key"]


def test_seed_command_refuses_outside_demo_mode(infra: Any) -> None:
    done = _seed_cli(SALESOS_DEMO="0", SALESOS_JWT_SECRET="a-real-secret-for-this-test-only")
    assert done.returncode != 0
    assert "SALESOS_DEMO=1" in done.stderr and done.stdout == ""
