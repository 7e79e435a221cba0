"""While a platform is switched to a rotated secret, leads signed with either secret are
taken; the old one only until its grace ends, and a stale timestamp is stale either way."""

from datetime import UTC, datetime, timedelta

import pytest
from gateway.adapters.orm import IntakeSource
from gateway.intake_secrets import accepted_secrets
from gateway.signatures import SignatureRejected, sign, verify_any

NOW = 1_790_000_000
BODY = b'{"clue_id": "1"}'
MOMENT = datetime.fromtimestamp(NOW, UTC)


@pytest.mark.parametrize("signer", ["new", "old"])
def test_a_lead_signed_with_the_new_or_the_old_secret_is_taken(signer: str) -> None:
    signature = sign(signer, str(NOW), BODY)
    assert verify_any(secrets=["new", "old"], timestamp=str(NOW), signature=signature,
                      body=BODY, now=NOW) == NOW


def test_a_stale_request_is_refused_for_its_timestamp_whatever_the_secret() -> None:
    with pytest.raises(SignatureRejected) as error:
        verify_any(secrets=["new", "old"], timestamp=str(NOW - 301),
                   signature=sign("old", str(NOW - 301), BODY), body=BODY, now=NOW)
    assert error.value.field == "X-Timestamp"


def test_a_secret_neither_current_nor_in_grace_is_refused() -> None:
    with pytest.raises(SignatureRejected) as error:
        verify_any(secrets=["new"], timestamp=str(NOW), signature=sign("old", str(NOW), BODY),
                   body=BODY, now=NOW)
    assert error.value.field == "X-Signature"


@pytest.mark.parametrize(("until", "expected"), [
    (MOMENT + timedelta(seconds=1), ["new", "old"]),
    (MOMENT, ["new"]),
    (None, ["new"]),
], ids=["in grace", "grace just ended", "no grace"])
def test_the_previous_secret_counts_only_during_its_grace(until: datetime | None,
                                                         expected: list[str]) -> None:
    source = IntakeSource(name="ads_baidu", signing_secret="new",
                          previous_signing_secret="old", previous_secret_valid_until=until)
    assert accepted_secrets(source, MOMENT) == expected
