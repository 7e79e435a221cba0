"""Helpers for the QR, ad and manual channels: keys and secrets the demo seed stored."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
import uuid
from typing import Any

import asyncpg
import httpx
from servicekit.sealing import Sealer, is_sealed, parse_keys


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """What an ad platform sends, computed here independently of the gateway's code."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _query(database_url: str, sql: str, *args: Any) -> Any:
    async def run() -> Any:
        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            return await conn.fetchval(sql, *args)
        finally:
            await conn.close()

    return asyncio.run(run())


def qr_key(stack: Any) -> str:
    return _query(stack.database_url,
                  "SELECT k.demo_plaintext FROM gateway.api_keys k JOIN gateway.intake_sources s"
                  " ON s.id = k.source_id WHERE s.name = 'trade_show' AND k.revoked_at IS NULL"
                  " AND k.demo_plaintext IS NOT NULL LIMIT 1")


def ads_secret(stack: Any) -> str:
    """The seeded ad sources' secret. The table holds it sealed (a dump signs nothing);
    opened here with the key every process of the stack was given."""
    stored = _query(stack.database_url, "SELECT signing_secret FROM gateway.intake_sources"
                                        " WHERE name = 'ads_generic'")
    assert is_sealed(stored), "intake_sources.signing_secret is stored in plain text"
    return Sealer(parse_keys(stack.sealing_keys)).open(stored, where="signing_secret")


def limited_source(stack: Any, per_minute: int) -> str:
    """A new intake source with its own API key and a small rate limit; returns the key."""
    key = "sk_e2e_" + secrets.token_urlsafe(16)
    name = f"e2e_{uuid.uuid4().hex[:12]}"
    _query(stack.database_url,
           "WITH s AS (INSERT INTO gateway.intake_sources (id, name, display_name,"
           " rate_limit_per_minute) VALUES (gen_random_uuid(), $1, $1, $3) RETURNING id)"
           " INSERT INTO gateway.api_keys (id, source_id, key_sha256) SELECT gen_random_uuid(),"
           " s.id, $2 FROM s RETURNING source_id",
           name, hashlib.sha256(key.encode()).hexdigest(), per_minute)
    return key


def post_ad(client: httpx.Client, secret: str, platform: str, body: dict[str, Any] | bytes, *,
            timestamp: int | None = None, signature: str | None = None) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"X-Timestamp": stamp, "X-Signature": signature or sign(secret, stamp, raw),
               "Content-Type": "application/json"}
    return client.post(f"/api/v1/intake/ads/{platform}", content=raw, headers=headers)


def qr_scan(**overrides: Any) -> dict[str, Any]:
    unique = uuid.uuid4().int
    scan = {"event": "2026 中国国际工业博览会", "booth": "5.1H-A12",
            "name": f"李娜{unique % 10**6}",
            "company": f"杭州恒力液压{unique % 10**8}有限公司", "phone": f"137{unique % 10**8:08d}",
            "wechat_id": f"wx_{unique % 10**10}", "title": "采购经理", "province": "浙江",
            "notes": "对液压站感兴趣"}
    return scan | overrides
