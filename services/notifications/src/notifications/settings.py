"""Settings of the notifications process (`SALESOS_` prefix; see docs/internals.md)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from servicekit.settings import ServiceSettings, get_settings, public_address

DEMO_PUBLIC_URL = "http://127.0.0.1:8000"  # `make run`'s gateway on its default port


class NotifySettings(ServiceSettings):
    service_name: str = "notifications"
    # Email over SMTP (SALESOS_SMTP_*): a relay such as the company's Exchange or 企业邮箱.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_from: str = "SalesOS <noreply@salesos.local>"
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    # SMS (SALESOS_SMS_*): `log` writes the text to the log (demo); `http` POSTs
    # {"to", "text"} as JSON to sms_url with `Authorization: Bearer <sms_token>`.
    sms_provider: str = "log"
    sms_url: str = ""
    sms_token: SecretStr = SecretStr("")
    # Group robots and SMS over HTTP.
    webhook_timeout_seconds: float = 5.0
    # Delivery attempts (SALESOS_DELIVERY_*): retries after base * 2^(n-1) seconds, capped.
    delivery_max_attempts: int = 5
    # Unset: 2 s, or 0.5 s in demo mode, so a retry and the dead letter show within seconds.
    delivery_backoff_seconds: float | None = None
    delivery_backoff_max_seconds: float = 3600.0
    delivery_interval_seconds: float = 0.5
    # Where customers and chat robots open the links they are sent (the gateway's public
    # address). Required outside demo mode: the demo's loopback address would send every
    # customer, e-mail and robot a link to their own machine.
    public_url: str = ""
    # The gateway's OrgDirectory; empty: SALESOS_ORG_ADDR or 127.0.0.1:SALESOS_ORG_GRPC_PORT.
    org_addr: str = ""
    # How long an OrgDirectory answer (who has a role, who manages a region) is reused: a
    # change to the org chart reaches notifications' recipients within this time.
    org_cache_seconds: float = 10.0
    # How late an inbox change may commit, and its event reach the live stream, after its
    # version was taken: the consumer's transaction, then the relay (a failed hand-over is
    # swept once 5 s old, JetStream's ack waits up to 5 s). A reconnecting stream gets the
    # changes taken this long before its last event again, in case one came after it.
    inbox_change_lag_seconds: float = Field(default=30.0, ge=0, le=3600)
    # Robot webhooks may point anywhere (tests' local receivers); off outside demo mode,
    # where only the robots' official https hosts are accepted.
    webhook_any_host: bool | None = None

    @model_validator(mode="after")
    def _links_reach_people(self) -> NotifySettings:
        self.public_url = public_address(self.public_url, demo=self.demo)
        return self

    @property
    def backoff_seconds(self) -> float:
        if self.delivery_backoff_seconds is not None:
            return self.delivery_backoff_seconds
        return 0.5 if self.demo else 2.0

    @property
    def any_webhook_host(self) -> bool:
        return self.demo if self.webhook_any_host is None else self.webhook_any_host


def get_notify_settings() -> NotifySettings:
    return get_settings(NotifySettings, "notifications")
