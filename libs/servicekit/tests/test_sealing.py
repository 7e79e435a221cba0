"""Credentials sealed at rest: what a database dump shows, what the service reads back,
and how keys are rotated, kept and refused."""

from __future__ import annotations

import stat

import pytest
from pydantic import ValidationError
from servicekit.sealing import (
    DEMO_SEALING_KEY,
    PREFIX,
    Sealer,
    SealingError,
    current,
    key_kept_in,
    new_key,
)
from servicekit.settings import ServiceSettings, get_settings

WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-token-1234"


def test_a_sealed_webhook_shows_neither_url_nor_token_and_opens_to_the_same_value() -> None:
    sealer = Sealer([new_key()])
    sealed = sealer.seal(WEBHOOK)
    assert sealed.startswith(PREFIX)
    assert "robot-token" not in sealed and "qyapi" not in sealed
    assert sealer.open(sealed, where="preferences.wecom_webhook") == WEBHOOK


def test_an_empty_value_stays_empty_so_not_configured_reads_as_such() -> None:
    sealer = Sealer([new_key()])
    assert sealer.seal("") == ""
    assert sealer.open("", where="x.y") == ""


def test_a_value_stored_before_sealing_existed_reads_as_it_is_and_needs_sealing() -> None:
    sealer = Sealer([new_key()])
    assert sealer.open(WEBHOOK, where="x.y") == WEBHOOK
    assert sealer.needs_sealing(WEBHOOK)
    assert not sealer.needs_sealing(sealer.seal(WEBHOOK))


def test_after_a_rotation_old_values_open_and_new_ones_are_sealed_with_the_new_key() -> None:
    old, new = new_key(), new_key()
    before = Sealer([old]).seal(WEBHOOK)
    rotated = Sealer([new, old])
    assert rotated.open(before, where="x.y") == WEBHOOK
    assert rotated.needs_sealing(before)
    resealed = rotated.reseal(before, where="x.y")
    assert Sealer([new]).open(resealed, where="x.y") == WEBHOOK
    assert Sealer([new]).open(rotated.seal("s3cret"), where="x.y") == "s3cret"


def test_a_value_no_key_opens_is_an_error_naming_the_column_never_an_empty_string() -> None:
    sealed = Sealer([new_key()]).seal(WEBHOOK)
    with pytest.raises(SealingError, match=r"preferences\.wecom_webhook"):
        Sealer([new_key()]).open(sealed, where="preferences.wecom_webhook")


def test_outside_demo_mode_a_demo_or_malformed_sealing_key_stops_the_process(
        monkeypatch) -> None:
    monkeypatch.setenv("SALESOS_DEMO", "0")
    real = {"jwt_secret": "a-real-secret-0123456789abcdef"}
    with pytest.raises(ValidationError, match="demo key"):
        ServiceSettings(**real, sealing_keys=DEMO_SEALING_KEY)
    with pytest.raises(ValidationError, match="key 2 is not a Fernet key"):
        ServiceSettings(**real, sealing_keys=f"{new_key()},not-a-key")
    key = new_key()
    assert ServiceSettings(**real, sealing_keys=f" {key} ").sealing_keys.get_secret_value() == key


def test_only_a_service_that_seals_needs_keys_outside_demo_mode(monkeypatch) -> None:
    monkeypatch.setenv("SALESOS_DEMO", "0")
    monkeypatch.setenv("SALESOS_JWT_SECRET", "a-real-secret-0123456789abcdef")
    monkeypatch.delenv("SALESOS_SEALING_KEYS", raising=False)
    get_settings.cache_clear()
    try:
        assert ServiceSettings().sealing_keys.get_secret_value() == ""  # leads starts
        with pytest.raises(SealingError, match="SALESOS_SEALING_KEYS must be set"):
            current()  # the gateway's and notifications' startup check
    finally:
        get_settings.cache_clear()


def test_demo_mode_without_keys_seals_with_the_named_demo_key(monkeypatch) -> None:
    monkeypatch.setenv("SALESOS_DEMO", "1")
    monkeypatch.delenv("SALESOS_SEALING_KEYS", raising=False)
    assert ServiceSettings().sealing_keys.get_secret_value() == DEMO_SEALING_KEY


def test_the_process_sealer_follows_the_settings(monkeypatch, sealing_keys) -> None:
    monkeypatch.setenv("SALESOS_DEMO", "1")  # no JWT secret needed; the keys are real
    old, new = new_key(), new_key()
    sealing_keys(old)
    before = current().seal(WEBHOOK)
    sealing_keys(new, old)
    assert current().open(before, where="x.y") == WEBHOOK
    sealing_keys(new)
    with pytest.raises(SealingError):
        current().open(before, where="x.y")


def test_a_local_installation_keeps_one_key_readable_by_its_owner_only(tmp_path) -> None:
    path = tmp_path / "data" / "sealing.key"
    first = key_kept_in(path)
    assert key_kept_in(path) == first
    assert Sealer([first]).open(Sealer([first]).seal("x"), where="x.y") == "x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
