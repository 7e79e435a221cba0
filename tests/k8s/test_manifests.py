"""Every rendered object is valid Kubernetes, and every process is deployed as designed.

Schemas: `kubernetes-validate` ships the Kubernetes JSON schemas offline (up to 1.37 in the
locked version); we validate strictly, so a misspelt field fails. CRDs (CloudNativePG
`Cluster`, External Secrets `ExternalSecret`, the Prometheus Operator's `PrometheusRule` and
`PodMonitor`) have no schema there: they are listed in `CRD_KINDS` and skipped explicitly;
test_overlays.py and test_alert_rules.py check the fields we rely on.
Any other kind without a schema fails the test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import kubernetes_validate
import pytest

if TYPE_CHECKING:
    from conftest import Rendered

Ports = dict[str, dict[str, int]]

K8S_VERSION = kubernetes_validate.latest_version()
CRD_KINDS = {("postgresql.cnpg.io/v1", "Cluster"), ("external-secrets.io/v1", "ExternalSecret"),
             ("monitoring.coreos.com/v1", "PrometheusRule"),
             ("monitoring.coreos.com/v1", "PodMonitor")}


def _name(obj: dict) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def test_every_object_is_valid_against_the_kubernetes_schema(overlay: Rendered) -> None:
    errors = []
    for obj in overlay.objects:
        if (obj["apiVersion"], obj["kind"]) in CRD_KINDS:
            continue
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{_name(obj)} at {list(exc.path)}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError as exc:
            errors.append(f"{_name(obj)}: {exc.message} (a new CRD? add it to CRD_KINDS)")
    assert not errors, f"{overlay.overlay} (k8s {K8S_VERSION}):\n" + "\n".join(errors)


def test_only_the_known_crds_go_unvalidated(overlay: Rendered) -> None:
    for obj in overlay.objects:
        if (obj["apiVersion"], obj["kind"]) in CRD_KINDS:
            with pytest.raises(kubernetes_validate.SchemaNotFoundError):
                kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_every_process_has_deployment_service_and_own_service_account(
        overlay: Rendered, process: str, ports: Ports) -> None:
    deploy = overlay.get("Deployment", process)
    service = overlay.get("Service", process)
    pod = deploy["spec"]["template"]
    assert pod["spec"]["serviceAccountName"] == process
    overlay.get("ServiceAccount", process)
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    exposed = {p["name"]: p["port"] for p in service["spec"]["ports"]}
    assert exposed["grpc"] == ports[process]["grpc"]
    if process == "gateway":
        assert exposed["http"] == ports["gateway"]["http"]


def test_process_runs_serve_and_migrates_its_schema_first(overlay: Rendered, process: str) -> None:
    spec = overlay.get("Deployment", process)["spec"]["template"]["spec"]
    (app,) = spec["containers"]
    (migrate,) = spec["initContainers"]
    assert app["command"] == migrate["command"] == ["python", "-m", process]
    assert app["args"] == ["serve"]
    assert migrate["args"] == ["migrate"]
    assert migrate["image"] == app["image"], "schema and code must come from the same build"


def test_services_probe_grpc_health_on_their_own_port(
        overlay: Rendered, service: str, ports: Ports) -> None:
    (app,) = overlay.get("Deployment", service)["spec"]["template"]["spec"]["containers"]
    port = ports[service]["grpc"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert app[probe]["grpc"]["port"] == port, probe
    assert {"containerPort": port, "name": "grpc"} in app["ports"]


def test_gateway_is_ready_on_its_own_state_not_on_shared_dependencies(
        overlay: Rendered) -> None:
    # /readyz fails while the database is down: on it every replica would leave the
    # Service in a database outage and clients would get the ingress' bare 502.
    (app,) = overlay.get("Deployment", "gateway")["spec"]["template"]["spec"]["containers"]
    assert {"containerPort": 8000, "name": "http"} in app["ports"]
    assert app["readinessProbe"]["httpGet"] == {"path": "/readyz/self", "port": "http"}
    assert app["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}


def test_every_container_has_cpu_and_memory_requests_and_limits(overlay: Rendered) -> None:
    for workload in overlay.workloads():
        for c in overlay.containers(workload):
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= c["resources"][bound].keys(), (_name(workload), c)


def test_every_pod_meets_the_restricted_pod_security_standard(overlay: Rendered) -> None:
    for workload in overlay.workloads():
        spec = workload["spec"]["template"]["spec"]
        pod_sc = spec["securityContext"]
        assert pod_sc["runAsNonRoot"] is True and pod_sc["runAsUser"] > 0, _name(workload)
        assert pod_sc["seccompProfile"]["type"] == "RuntimeDefault", _name(workload)
        assert spec["automountServiceAccountToken"] is False, _name(workload)
        for c in overlay.containers(workload):
            sc = c["securityContext"]
            where = f"{_name(workload)} container {c['name']}"
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            assert "add" not in sc["capabilities"], where


def test_every_image_is_pinned_to_a_tag(overlay: Rendered) -> None:
    for workload in overlay.workloads():
        for c in overlay.containers(workload):
            name, _, tag = c["image"].rpartition(":")
            assert name and tag and tag != "latest", c["image"]


def test_process_pods_are_scraped_on_their_metrics_port(
        overlay: Rendered, process: str, ports: Ports) -> None:
    pod = overlay.get("Deployment", process)["spec"]["template"]
    notes = pod["metadata"]["annotations"]
    port = ports[process]["metrics"]
    assert notes["prometheus.io/scrape"] == "true"
    assert notes["prometheus.io/port"] == str(port)
    assert notes["prometheus.io/path"] == "/metrics"
    declared = {p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
    assert port in declared


def test_every_process_autoscales_and_keeps_pods_through_disruptions(
        overlay: Rendered, process: str) -> None:
    hpa = overlay.get("HorizontalPodAutoscaler", process)["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                     "name": process}
    assert 1 <= hpa["minReplicas"] < hpa["maxReplicas"]
    deploy = overlay.get("Deployment", process)
    assert "replicas" not in deploy["spec"], "the HPA owns the replica count"
    pdb = overlay.get("PodDisruptionBudget", process)["spec"]
    labels = deploy["spec"]["template"]["metadata"]["labels"]
    assert pdb["selector"]["matchLabels"].items() <= labels.items()
    assert pdb.get("maxUnavailable") == 1


def test_a_stopping_pod_leaves_the_service_before_it_stops_listening(
        overlay: Rendered, process: str) -> None:
    """kube-proxy and the ingress learn of a terminating pod a few seconds after it gets
    SIGTERM; a process that closes its port at once refuses the requests still sent to it
    (502s in every rolling update). It sleeps first, and the sleep plus its own drain
    (gateway: 15 s of uvicorn + 5 s of gRPC; services: 5 s of gRPC) fits in the grace."""
    spec = overlay.get("Deployment", process)["spec"]["template"]["spec"]
    pause = spec["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert 3 <= pause <= 10
    drain = 15 + 5 if process == "gateway" else 5
    assert pause + drain < spec["terminationGracePeriodSeconds"]
