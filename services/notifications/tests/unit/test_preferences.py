"""Where a person is reached, what goes where, and when they are left in peace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from notifications.adapters.preferences_repo import next_save_time, version_of
from notifications.domain.preferences import InvalidPreference, Preferences, validate


def prefs(**values: object) -> Preferences:
    return Preferences(user_id="u1", **values)  # type: ignore[arg-type]


def test_a_kind_without_a_choice_goes_to_every_channel_with_an_address() -> None:
    p = prefs(email="wang@example.cn", wecom_webhook="https://qyapi.weixin.qq.com/x?key=k")
    assert p.channels_for("quote_issued") == ("email", "wecom")


def test_a_chosen_kind_goes_only_where_chosen_and_only_where_there_is_an_address() -> None:
    p = prefs(email="wang@example.cn", choices={"quote_issued": ("sms", "inbox")})
    assert p.channels_for("quote_issued") == ()
    assert p.channels_for("lead_assigned") == ("email",)


def test_no_address_means_inbox_only() -> None:
    assert prefs().channels_for("lead_assigned") == ()


@pytest.mark.parametrize(("utc_hour", "held_until_utc_hour"), [
    (14, 0),    # 22:00 Shanghai: quiet until 08:00 (00:00 UTC next day)
    (18, 0),    # 02:00 Shanghai
    (23, 0),    # 07:00 Shanghai
    (0, None),  # 08:00 Shanghai: the window has closed
    (6, None),  # 14:00 Shanghai
])
def test_quiet_hours_across_midnight_end_at_the_morning_in_shanghai(
        utc_hour: int, held_until_utc_hour: int | None) -> None:
    p = prefs(quiet_start="22:00", quiet_end="08:00")
    now = datetime(2026, 3, 2, utc_hour, 0, tzinfo=UTC)
    until = p.quiet_until(now)
    if held_until_utc_hour is None:
        assert until is None
    else:
        assert until is not None and until.astimezone(UTC).hour == held_until_utc_hour
        assert until > now and (until - now).total_seconds() <= 10 * 3600


def test_no_quiet_hours_holds_nothing() -> None:
    assert prefs().quiet_until(datetime(2026, 3, 2, 18, tzinfo=UTC)) is None


@pytest.mark.parametrize(("values", "field"), [
    ({"language": "fr"}, "language"),
    ({"email": "not-an-address"}, "email"),
    ({"phone": "12345"}, "phone"),
    ({"quiet_start": "25:00", "quiet_end": "08:00"}, "quiet_start"),
    ({"quiet_start": "22:00"}, "quiet_end"),
    ({"wecom_webhook": "ftp://x"}, "wecom_webhook"),
    ({"choices": {"lead_assigned": ("pigeon",)}}, "choices.lead_assigned"),
    ({"choices": {"weather": ("email",)}}, "choices.weather"),
    ({"dingtalk_secret": "sealed:v1:abc"}, "dingtalk_secret"),  # would read as sealed
])
def test_a_bad_preference_is_refused_naming_its_field(values: dict[str, object],
                                                      field: str) -> None:
    with pytest.raises(InvalidPreference) as caught:
        validate(prefs(**values), any_webhook_host=True)
    assert caught.value.field == field


def test_outside_demo_a_robot_webhook_must_be_the_official_https_host() -> None:
    with pytest.raises(InvalidPreference) as caught:
        validate(prefs(dingtalk_webhook="http://10.0.0.5/robot/send"))
    assert caught.value.field == "dingtalk_webhook"
    validate(prefs(dingtalk_webhook="https://oapi.dingtalk.com/robot/send?access_token=t"))


def test_a_mainland_mobile_is_stored_as_e164_however_it_was_typed() -> None:
    assert validate(prefs(phone="138 1234 5678")).phone == "+8613812345678"
    assert validate(prefs(phone="+86 138-1234-5678")).phone == "+8613812345678"


def test_each_save_gets_a_new_version_even_when_the_clock_reads_the_same_instant() -> None:
    first = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert version_of(None) == 0
    assert version_of(first) == 1_795_856_400_000_000
    assert next_save_time(first, None) == first
    same = next_save_time(first, first)  # a pinned clock, or two saves in one microsecond
    behind = next_save_time(first - timedelta(seconds=3), first)  # a replica's clock behind
    assert version_of(same) == version_of(behind) == version_of(first) + 1
    later = first + timedelta(seconds=1)
    assert next_save_time(later, first) == later
