"""Settings shared by every process, read from `SALESOS_*` environment variables.

Read through a cached `get_settings(cls)`, never at import time, so tests can set the
environment first. Secrets are refused when missing or left at a placeholder, except in
demo mode, where a fixed, clearly-named demo secret is used.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TypeVar
from urllib.parse import urlsplit

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from servicekit.sealing import DEMO_SEALING_KEY, parse_keys

DEMO_JWT_SECRET = "salesos-demo-only-jwt-secret-do-not-use-in-production"
_PLACEHOLDERS = {"", "changeme", "change-me", "secret", DEMO_JWT_SECRET}

GRPC_PORTS = {
    "org": 50050,
    "leads": 50051,
    "pipeline": 50052,
    "workorders": 50053,
    "incentives": 50054,
    "notifications": 50055,
}
METRICS_PORTS = {"leads": 9101, "pipeline": 9102, "workorders": 9103, "incentives": 9104,
                 "notifications": 9105}


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALESOS_", extra="ignore")

    service_name: str = "salesos"
    demo: bool = False
    database_url: str = "postgresql+asyncpg://salesos@127.0.0.1:55432/salesos"
    nats_url: str = "nats://127.0.0.1:4222"
    jwt_secret: SecretStr = SecretStr("")
    jwt_ttl_seconds: int = 8 * 3600
    # Fernet keys, comma-separated, the sealing one first: servicekit.sealing.
    sealing_keys: SecretStr = SecretStr("")
    grpc_port: int = 0
    metrics_port: int = 0
    log_level: str = "INFO"
    stream_replicas: int = 1
    max_deliver: int = 5

    @model_validator(mode="after")
    def _secrets_are_real(self) -> ServiceSettings:
        if self.jwt_secret.get_secret_value() in _PLACEHOLDERS:
            if not self.demo:
                raise ValueError(
                    "SALESOS_JWT_SECRET must be set to a real secret outside demo mode")
            self.jwt_secret = SecretStr(DEMO_JWT_SECRET)
        self.sealing_keys = _sealing_keys(self.sealing_keys.get_secret_value(), self.demo)
        return self

    def addr_of(self, service: str) -> str:
        """Where another service's gRPC API listens (`SALESOS_<SVC>_ADDR`)."""
        default = f"127.0.0.1:{_port_from_env(service, GRPC_PORTS[service])}"
        return os.environ.get(f"SALESOS_{service.upper()}_ADDR", default)


def _sealing_keys(raw: str, demo: bool) -> SecretStr:
    """Empty outside demo mode when unset: only the services that seal need keys, and
    `servicekit.sealing.current()` (checked at their startup) refuses to run without."""
    keys = parse_keys(raw)  # a malformed key stops the process here, at startup
    if not keys and demo:
        keys = (DEMO_SEALING_KEY,)
    if keys and keys[0] == DEMO_SEALING_KEY and not demo:
        raise ValueError("SALESOS_SEALING_KEYS: the demo key cannot seal outside demo mode")
    return SecretStr(",".join(keys))


_LOOPBACK = {"", "localhost", "127.0.0.1", "::1", "0.0.0.0"}


def public_address(url: str, *, demo: bool, setting: str = "SALESOS_PUBLIC_URL") -> str:
    """Where customers, e-mails and chat robots open the links they are sent: `url`; in
    demo mode without one, the gateway this stack started on this machine
    (SALESOS_GATEWAY_PORT, which the runner gives every process; port 8000 was someone
    else's stack, or nothing, when `make run` used other ports). Outside demo mode a
    missing or loopback address is refused, naming `setting`: it would send every
    customer a link to their own machine."""
    if not url and demo:
        return f"http://127.0.0.1:{os.environ.get('SALESOS_GATEWAY_PORT') or 8000}"
    host = urlsplit(url).hostname or ""
    if not demo and (host in _LOOPBACK or not url.startswith("http")):
        raise ValueError(f"{setting} must be the address customers open "
                         "(https://crm.example.cn) outside demo mode")
    return url


def _port_from_env(service: str, default: int) -> int:
    return int(os.environ.get(f"SALESOS_{service.upper()}_GRPC_PORT", default))


def service_defaults(name: str) -> dict[str, object]:
    """Ports a service uses unless `SALESOS_<SVC>_GRPC_PORT` / `_METRICS_PORT` say otherwise."""
    prefix = f"SALESOS_{name.upper()}_"
    return {
        "service_name": name,
        "grpc_port": int(os.environ.get(prefix + "GRPC_PORT", GRPC_PORTS.get(name, 0))),
        "metrics_port": int(os.environ.get(prefix + "METRICS_PORT", METRICS_PORTS.get(name, 0))),
    }


S = TypeVar("S", bound=ServiceSettings)


@cache
def get_settings(cls: type[S] = ServiceSettings, name: str = "salesos") -> S:  # type: ignore[assignment]
    return cls(**service_defaults(name))  # type: ignore[arg-type]
