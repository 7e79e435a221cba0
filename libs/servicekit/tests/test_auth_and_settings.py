"""Tokens the gateway issues are what services trust; secrets are never placeholders."""

from __future__ import annotations

import time

import pytest
from pydantic import ValidationError
from servicekit.auth import InvalidToken, Principal, decode_token, issue_token
from servicekit.sealing import new_key
from servicekit.settings import DEMO_JWT_SECRET, ServiceSettings

SECRET = "a-real-secret-for-tests-0123456789abcdef"


def test_a_token_carries_role_and_regions_to_the_services() -> None:
    rep = Principal(user_id="u1", username="rep01", role="rep", region_ids=("east",))
    assert decode_token(issue_token(rep, SECRET), SECRET) == rep


def test_a_token_says_when_it_was_issued_to_the_fraction_of_a_second() -> None:
    """The gateway refuses tokens issued before a user's change: a login a moment after
    the change must not read as issued in the same whole second, before it."""
    before = time.time()
    principal = decode_token(issue_token(Principal("u1", "rep1", "rep"), SECRET), SECRET)
    assert before <= principal.issued_at <= time.time()  # whole seconds would be < before


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = issue_token(Principal(user_id="u1", username="x", role="director"),
                        "some-other-secret-0123456789abcdef")
    with pytest.raises(InvalidToken):
        decode_token(token, SECRET)


def test_an_expired_token_is_refused() -> None:
    token = issue_token(Principal(user_id="u1", username="x", role="rep"), SECRET, ttl_seconds=-5)
    with pytest.raises(InvalidToken):
        decode_token(token, SECRET)


def test_a_token_verified_before_is_refused_once_it_expires() -> None:
    token = issue_token(Principal(user_id="u1", username="x", role="rep"), SECRET, ttl_seconds=1)
    assert decode_token(token, SECRET).username == "x"  # now remembered as verified
    time.sleep(1.05)  # exp is whole seconds: at most one second after issuing
    with pytest.raises(InvalidToken):
        decode_token(token, SECRET)


def test_a_remembered_token_is_still_refused_under_another_secret() -> None:
    token = issue_token(Principal(user_id="u1", username="x", role="rep"), SECRET)
    assert decode_token(token, SECRET).username == "x"
    with pytest.raises(InvalidToken):
        decode_token(token, "another-secret-0123456789abcdef-0123")


def test_outside_demo_mode_a_missing_or_demo_jwt_secret_is_refused(monkeypatch) -> None:
    monkeypatch.delenv("SALESOS_JWT_SECRET", raising=False)
    monkeypatch.setenv("SALESOS_DEMO", "0")
    monkeypatch.setenv("SALESOS_SEALING_KEYS", new_key())
    with pytest.raises(ValidationError):
        ServiceSettings()
    with pytest.raises(ValidationError):
        ServiceSettings(jwt_secret=DEMO_JWT_SECRET)
    assert ServiceSettings(jwt_secret=SECRET).jwt_secret.get_secret_value() == SECRET


def test_demo_mode_uses_the_named_demo_secret(monkeypatch) -> None:
    monkeypatch.delenv("SALESOS_JWT_SECRET", raising=False)
    monkeypatch.setenv("SALESOS_DEMO", "1")
    assert ServiceSettings().jwt_secret.get_secret_value() == DEMO_JWT_SECRET
