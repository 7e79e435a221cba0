"""The robots' signatures, computed the way each platform's documentation describes."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit

from notifications.adapters.channels import dingtalk, feishu, wecom
from notifications.domain.delivery import OutgoingMessage

MESSAGE = OutgoingMessage("新报价待财务查看", "合计 ¥100.00", "/opportunities/o1")


def test_dingtalk_signs_timestamp_newline_secret_keyed_by_the_secret_in_the_query() -> None:
    url = dingtalk.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc",
                              1_700_000_000_000)
    query = parse_qs(urlsplit(url).query)
    expected = base64.b64encode(hmac.new(b"SECabc", b"1700000000000\nSECabc",
                                         hashlib.sha256).digest()).decode()
    assert query["timestamp"] == ["1700000000000"] and query["sign"] == [expected]
    assert query["access_token"] == ["t"]


def test_dingtalk_without_a_secret_leaves_the_url_alone() -> None:
    assert dingtalk.signed_url("https://x/robot/send?access_token=t", "", 1) == \
        "https://x/robot/send?access_token=t"


def test_feishu_signs_with_timestamp_newline_secret_as_the_key_in_the_body() -> None:
    body = feishu.payload(MESSAGE, "s3cret", 1_700_000_000)
    expected = base64.b64encode(hmac.new(b"1700000000\ns3cret", b"",
                                         hashlib.sha256).digest()).decode()
    assert body["timestamp"] == "1700000000" and body["sign"] == expected
    assert body["msg_type"] == "text"


def test_wecom_sends_markdown_with_the_title_bold() -> None:
    body = wecom.payload(MESSAGE)
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["content"].startswith("**新报价待财务查看**")  # type: ignore[index]
