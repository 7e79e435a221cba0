"""Render each kustomize overlay once per session for the manifest tests.

Rendering uses `kubectl kustomize` (the machine image ships kubectl with kustomize v5), or a
standalone `kustomize build`. Without either the manifest tests skip with that reason; the
Dockerfile tests still run. Debian's `kubernetes-client` (kubectl 1.20) is too old: its
kustomize predates components and `labels`.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "k8s"
OVERLAYS = ("dev", "prod")

# docs/internals.md: each process, its gRPC port and where Prometheus scrapes it.
PROCESSES: dict[str, dict[str, int]] = {
    "gateway": {"grpc": 50050, "http": 8000, "metrics": 8000},
    "leads": {"grpc": 50051, "metrics": 9101},
    "pipeline": {"grpc": 50052, "metrics": 9102},
    "workorders": {"grpc": 50053, "metrics": 9103},
    "incentives": {"grpc": 50054, "metrics": 9104},
    "notifications": {"grpc": 50055, "metrics": 9105},
}
SERVICES = [p for p in PROCESSES if p != "gateway"]

Obj = dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    """The objects one overlay renders to, with the lookups the tests need."""

    overlay: str
    objects: list[Obj]

    def of_kind(self, kind: str) -> list[Obj]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> Obj:
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(found) == 1, f"{self.overlay}: expected one {kind}/{name}, found {len(found)}"
        return found[0]

    def workloads(self) -> list[Obj]:
        return self.of_kind("Deployment") + self.of_kind("StatefulSet")

    @staticmethod
    def containers(workload: Obj) -> Iterator[Obj]:
        """Init containers first, then the app containers, of a workload's pod template."""
        spec = workload["spec"]["template"]["spec"]
        yield from spec.get("initContainers", [])
        yield from spec["containers"]

    def config(self) -> dict[str, str]:
        maps = [m for m in self.of_kind("ConfigMap")
                if m["metadata"]["name"].startswith("salesos-config")]
        assert len(maps) == 1
        return maps[0]["data"]


def kustomize_command() -> list[str] | None:
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    return None


def render(path: Path) -> list[Obj]:
    cmd = kustomize_command()
    if cmd is None:
        pytest.skip("neither kubectl nor kustomize on PATH: cannot render k8s/ (see k8s/README.md)")
    done = subprocess.run([*cmd, str(path)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, f"{' '.join(cmd)} {path} failed:\n{done.stderr}"
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`process` runs a test for each of the six processes, `service` for the five services."""
    if "process" in metafunc.fixturenames:
        metafunc.parametrize("process", list(PROCESSES))
    if "service" in metafunc.fixturenames:
        metafunc.parametrize("service", SERVICES)


@pytest.fixture(scope="session")
def ports() -> dict[str, dict[str, int]]:
    return PROCESSES


@pytest.fixture(scope="session")
def rendered() -> dict[str, Rendered]:
    return {name: Rendered(name, render(K8S / "overlays" / name)) for name in OVERLAYS}


@pytest.fixture(scope="session", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest, rendered: dict[str, Rendered]) -> Rendered:
    return rendered[request.param]
