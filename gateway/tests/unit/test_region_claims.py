import uuid

from gateway.adapters.orm import User
from gateway.auth import hash_password, region_claims, verify_password

EAST, SOUTH = uuid.uuid4(), uuid.uuid4()
ALL = [EAST, SOUTH, uuid.uuid4()]


def _user(role: str, region: uuid.UUID | None = None) -> User:
    return User(username="u", display_name="用户", role=role, region_id=region)


def test_rep_sees_only_their_own_region() -> None:
    assert region_claims(_user("rep", EAST), managed=[], all_regions=ALL) == (str(EAST),)


def test_manager_sees_the_regions_they_manage_not_their_home_region() -> None:
    claims = region_claims(_user("manager", EAST), managed=[SOUTH], all_regions=ALL)
    assert claims == (str(SOUTH),)


def test_director_and_admin_carry_every_region_explicitly() -> None:
    for role in ("director", "admin"):
        assert region_claims(_user(role), managed=[], all_regions=ALL) == tuple(map(str, ALL))


def test_engineers_and_finance_carry_no_region() -> None:
    for role in ("engineer", "finance"):
        assert region_claims(_user(role, EAST), managed=[], all_regions=ALL) == ()


def test_password_check_accepts_the_right_password_only() -> None:
    stored = hash_password("demo")
    assert stored.startswith("$argon2")
    assert verify_password(stored, "demo")
    assert not verify_password(stored, "Demo")
    assert not verify_password(None, "demo")
