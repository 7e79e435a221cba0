"""gRPC channels from one SalesOS process to another.

gRPC's default reconnect backoff grows to 120 s: after a service had been down for a
minute, its callers kept failing fast with UNAVAILABLE (503 at the gateway) for up to
half a minute more although it was serving again. Our peers sit on the same network
(loopback, a Kubernetes Service), so a connection attempt is cheap: retry at most once
a second, and a restarted service is answered within a second of its return.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

MAX_RECONNECT_BACKOFF_MS = 1000
RECONNECT_OPTIONS: tuple[tuple[str, int], ...] = (
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", MAX_RECONNECT_BACKOFF_MS),
)


def insecure_channel(addr: str, *, interceptors: Sequence[Any] | None = None,
                     options: Sequence[tuple[str, Any]] = ()) -> grpc.aio.Channel:
    """`grpc.aio.insecure_channel` that reconnects to a returning peer within a second."""
    return grpc.aio.insecure_channel(addr, options=[*RECONNECT_OPTIONS, *options],
                                     interceptors=interceptors)
