# syntax=docker/dockerfile:1.7
# One Dockerfile, one image per process, chosen with a build arg:
#   docker build --build-arg SERVICE=leads   -t salesos/leads:TAG .
#   docker build --build-arg SERVICE=gateway -t salesos/gateway:TAG .
# SERVICE is one of: gateway leads pipeline workorders incentives notifications.
# Why one file: every image shares the same pinned dependency layer (requirements.lock),
# so it is built and cached once, and the six images differ only in the package installed
# and the module run; six copies of this file would drift.

# Pin a precise tag; add @sha256:<digest> after the first pull (no engine on the dev box).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements.lock .
# The lock pins setuptools too: the local packages build with it (--no-build-isolation).
RUN pip install --no-cache-dir -r requirements.lock

FROM deps AS build
ARG SERVICE
COPY libs/contracts libs/contracts
COPY libs/servicekit libs/servicekit
COPY services services
COPY gateway gateway
# Non-editable, no deps: everything third-party is already pinned by the lock above.
RUN set -eu; \
    case "${SERVICE}" in \
      gateway) dir=gateway ;; \
      leads|pipeline|workorders|incentives|notifications) dir="services/${SERVICE}" ;; \
      *) echo "unknown SERVICE='${SERVICE}'" >&2; exit 1 ;; \
    esac; \
    pip install --no-cache-dir --no-deps --no-build-isolation \
        ./libs/contracts ./libs/servicekit "./${dir}"; \
    # <pkg>/__main__.py finds Alembic at Path(__file__).parents[2] / "migrations" (the
    # source layout); installed into site-packages that is <venv>/lib/python3.X/migrations.
    # One service per image, so put its migrations exactly there.
    dest="$(python -c "import importlib.util as u, pathlib as p; \
print(p.Path(u.find_spec('${SERVICE}').origin).resolve().parents[2] / 'migrations')")"; \
    if [ -d "${dir}/migrations" ]; then cp -r "${dir}/migrations" "${dest}"; fi

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
# Numeric uid so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
RUN groupadd --system --gid 10001 salesos \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin salesos
COPY --from=build /opt/venv /opt/venv
# Bytecode is compiled at install time; the root filesystem is read-only in Kubernetes.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SALESOS_PROCESS=${SERVICE}
WORKDIR /tmp
COPY --chmod=0755 <<'EOF' /usr/local/bin/salesos
#!/bin/sh
# `salesos serve` / `salesos migrate` run this image's process (exec: python is PID 1
# and receives SIGTERM itself for a graceful drain).
exec python -m "${SALESOS_PROCESS}" "$@"
EOF
COPY --chmod=0644 <<'EOF' /usr/local/lib/salesos_healthcheck.py
"""Container health: HTTP /healthz for the gateway, grpc.health.v1 for a service."""
import os
import sys
import urllib.request

GRPC_PORTS = {"leads": 50051, "pipeline": 50052, "workorders": 50053,
              "incentives": 50054, "notifications": 50055}
proc = os.environ["SALESOS_PROCESS"]
try:
    if proc == "gateway":
        port = os.environ.get("SALESOS_GATEWAY_PORT", "8000")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as r:
            sys.exit(0 if r.status == 200 else 1)
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    port = os.environ.get(f"SALESOS_{proc.upper()}_GRPC_PORT", str(GRPC_PORTS[proc]))
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=""), timeout=3)
    sys.exit(0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1)
except Exception as exc:  # any failure to reach the process means unhealthy
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
EOF
USER 10001:10001
# Ports differ per process (docs/internals.md); k8s/ declares them on each Deployment.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/usr/local/lib/salesos_healthcheck.py"]
ENTRYPOINT ["salesos"]
CMD ["serve"]
