"""`python -m servicekit.runner`: all of SalesOS on one machine (what `make run` starts).

PostgreSQL + NATS (servicekit.devstack) under SALESOS_DATA_DIR, then every schema
migrated, then the five services and the gateway as separate processes, each waited on
until it is ready (gRPC health SERVING; the gateway's HTTP /readyz), then the demo seed.
Ctrl-C or SIGTERM stops the services, then NATS, then PostgreSQL, and exits 0; a process
dying on its own stops everything and exits 1 after showing the end of its log.

Logs: each process writes to `<data_dir>/logs/<name>.log` (migrations to
`<name>-migrate.log`), and the terminal shows only progress and the banner. Six processes
of JSON log lines interleaved in one terminal are unreadable; one file per process can be
followed (`tail -f .data/logs/leads.log`) or grepped, and a crash prints its last lines.
`Stack` (servicekit.stack) is the reusable part; the pytest plugin runs it on free ports.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from servicekit.devstack import DevstackError
from servicekit.stack import PROCESSES, Ports, SeedInfo, Stack, installed


def banner(stack: Stack, seed: SeedInfo | None) -> str:
    lines = ["", "SalesOS is running.", f"  Web / API   {stack.gateway_url}   "
             f"(OpenAPI: {stack.gateway_url}/openapi.json)"]
    if seed is not None:
        names = [x["username"] if isinstance(x, dict) else str(x) for x in seed.logins]
        lines += [f"  演示账号 demo logins (password: {seed.password}):"]
        lines += [f"    {', '.join(names[i:i + 8])}" for i in range(0, len(names), 8)]
        lines += [f"  演示线索接口密钥 demo intake API key: {seed.intake_api_key}"]
        if seed.qr_api_key:
            lines += [f"  展会扫码密钥 trade-show QR API key: {seed.qr_api_key}"]
        if seed.ads_secret:
            lines += [f"  广告平台签名密钥 ad platforms' HMAC secret: {seed.ads_secret}"]
    lines += [f"  Logs        {stack.logs}/<process>.log", "  Ctrl-C stops everything.", ""]
    return "\n".join(lines)


def main() -> int:
    env = dict(os.environ)
    data_dir = Path(env.get("SALESOS_DATA_DIR", ".data"))
    stack = Stack(Ports.from_env(env), data_dir, env=env, demo_seeds=("pipeline",),
                  say=lambda msg: print(f"[salesos] {msg}", flush=True))
    try:
        stack.check_ports()
        missing = [p for p in PROCESSES if p not in installed(PROCESSES)]
        if missing:
            raise DevstackError(f"not installed: {', '.join(missing)} (run `make install`)")
    except DevstackError as error:
        print(f"[salesos] {error}", file=sys.stderr, flush=True)
        return 1
    # SIGTERM behaves as Ctrl-C; SIGINT is set explicitly because a shell starting us in
    # the background hands it over ignored, and then Ctrl-C/kill -INT would do nothing.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        seed = stack.start()
        print(banner(stack, seed), flush=True)
        stack.wait()
    except KeyboardInterrupt:
        print("\n[salesos] stopping…", flush=True)
    except DevstackError as error:  # a person's problem (port taken, crash): no traceback
        print(f"[salesos] {error}", file=sys.stderr, flush=True)
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
