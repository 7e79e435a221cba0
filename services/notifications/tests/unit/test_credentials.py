"""Robot credentials are shown only as far as needed to recognise them."""

import pytest
from notifications.domain.credentials import kept, masked, masked_value
from notifications.domain.preferences import InvalidPreference, Preferences


def test_a_short_secret_shows_nothing_of_itself_and_a_webhook_keeps_its_host() -> None:
    assert masked_value("") == ""
    assert masked_value("SEC1") == "****"
    assert masked_value("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234") == \
        "https://qyapi.weixin.qq.com/****1234"


def test_what_is_sent_back_as_shown_is_kept_and_anything_new_replaces_it() -> None:
    stored = Preferences(user_id="u", wecom_webhook="https://qyapi.weixin.qq.com/x?key=k1k2k3k4k5",
                         feishu_secret="fs-secret-9")
    shown = masked(stored)
    assert kept(shown, stored) == stored
    new = Preferences(user_id="u", wecom_webhook=shown.wecom_webhook, feishu_secret="new-one")
    assert kept(new, stored).feishu_secret == "new-one"
    with pytest.raises(InvalidPreference) as refused:
        kept(Preferences(user_id="u", feishu_secret="****ab"), stored)
    assert refused.value.field == "feishu_secret"
