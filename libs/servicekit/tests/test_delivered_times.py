"""A consumer counts redeliveries from the ack subject alone, and reads it exactly as
nats-py's full metadata parse does, for both forms of JetStream's ack subject."""

from __future__ import annotations

import pytest
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from servicekit.consumer import delivered_times

REPLIES = [
    "$JS.ACK.LEADS.leads-assigner.1.4711.4700.1764230400123456789.3",
    "$JS.ACK.LEADS.leads-assigner.4.4711.4700.1764230400123456789.0",
    "$JS.ACK.LEADS.leads-assigner.0.9.9.1764230400123456789.0",
    "$JS.ACK._.ACCHASH.LEADS.leads-clock.2.4711.4700.1764230400123456789.12",
    "$JS.ACK.hub.ACCHASH.LEADS.leads-clock.7.4711.4700.1764230400123456789.12.r4nd0m",
]


@pytest.mark.parametrize("reply", REPLIES)
def test_the_delivery_count_is_the_one_nats_py_reads(reply: str) -> None:
    msg = Msg(None, subject="leads.created", reply=reply)  # type: ignore[arg-type]
    assert delivered_times(msg) == (msg.metadata.num_delivered or 1)


@pytest.mark.parametrize("reply", ["", "_INBOX.abc.1", "$JS.ACK.LEADS.too.short"])
def test_a_message_that_is_not_from_jetstream_is_refused_as_before(reply: str) -> None:
    with pytest.raises(NatsError):
        delivered_times(Msg(None, subject="leads.created", reply=reply))  # type: ignore[arg-type]
