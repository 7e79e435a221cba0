"""Gateway settings: the shared `ServiceSettings` plus the gateway's own ports and limits."""

from __future__ import annotations

from pydantic import SecretStr
from servicekit import settings as kit


class GatewaySettings(kit.ServiceSettings):
    service_name: str = "gateway"
    gateway_port: int = 8000          # SALESOS_GATEWAY_PORT: REST, /metrics, /healthz
    org_grpc_port: int = 50050        # SALESOS_ORG_GRPC_PORT: OrgDirectory
    max_body_bytes: int = 64 * 1024
    max_import_bytes: int = 20 * 1024 * 1024  # SALESOS_MAX_IMPORT_BYTES: lead import uploads
    # SALESOS_MAX_VISIT_UPLOAD_BYTES: a visit's whole multipart body (≤ 9 photos of ≤ 8 MB
    # each, together at most this); spooled to /tmp, held by the pipeline while stored.
    max_visit_upload_bytes: int = 40 * 1024 * 1024
    grpc_timeout_seconds: float = 5.0
    # SALESOS_DB_TIMEOUT_SECONDS: longest statement on the gateway's own tables. Every
    # authenticated request reads the token cut-offs; a database frozen without closing
    # its connections held them all for servicekit's 30 s default. The gateway's
    # statements are small; the services' calls have grpc_timeout_seconds.
    db_timeout_seconds: float = 5.0
    retry_after_seconds: int = 5
    demo_intake_key: SecretStr | None = None  # SALESOS_DEMO_INTAKE_KEY
    demo_qr_key: SecretStr | None = None      # SALESOS_DEMO_QR_KEY: the trade-show source's key
    demo_ads_secret: SecretStr | None = None  # SALESOS_DEMO_ADS_SECRET: ad sources' HMAC secret
    intake_rate_per_minute: int = 6000        # SALESOS_INTAKE_RATE_PER_MINUTE, per source
    # The public token pages (signing link, survey), per caller address: public_limit.py.
    public_rate_per_minute: int = 300         # SALESOS_PUBLIC_RATE_PER_MINUTE
    # Failed logins per username and per caller address: login_limit.py.
    login_failures_per_minute: int = 10       # SALESOS_LOGIN_FAILURES_PER_MINUTE
    login_failures_per_address_per_minute: int = 100  # ..._PER_ADDRESS_PER_MINUTE
    # How stale an API key's source may be (revocation delay) and how often each replica
    # adds its intake count to the shared window: see intake_keys.py and ratelimit.py.
    intake_key_cache_seconds: float = 5.0     # SALESOS_INTAKE_KEY_CACHE_SECONDS
    intake_rate_sync_seconds: float = 0.25    # SALESOS_INTAKE_RATE_SYNC_SECONDS
    # How long a CreateLeads call may wait, after one of several forms returned, for its
    # callers to send again (intake_batcher.py); 0 sends whatever is queued at once.
    intake_hold_seconds: float = 0.01         # SALESOS_INTAKE_HOLD_SECONDS
    # How often a replica re-reads which users' earlier tokens are refused: how long a
    # deactivated or changed user's old token still works elsewhere (token_check.py).
    token_check_seconds: float = 2.0          # SALESOS_TOKEN_CHECK_SECONDS


def get_settings() -> GatewaySettings:
    """Cached by servicekit, whose test plugin clears the cache when it changes the env."""
    return kit.get_settings(GatewaySettings, "gateway")
