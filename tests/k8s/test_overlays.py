"""What differs between dev and prod, and what must hold across the wiring of both."""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Rendered

REPLICAS = {"dev": 1, "prod": 3}
ENV_FROM_KINDS = {"configMapRef": "ConfigMap", "secretRef": "Secret"}
KEY_REF_KINDS = {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}


def _nats_conf(r: Rendered) -> str:
    sts = r.get("StatefulSet", "nats")
    (volume,) = [v for v in sts["spec"]["template"]["spec"]["volumes"] if v["name"] == "config"]
    return r.get("ConfigMap", volume["configMap"]["name"])["data"]["nats.conf"]


def test_nats_runs_jetstream_on_file_storage_one_node_in_dev_three_in_prod(
        overlay: Rendered) -> None:
    sts = overlay.get("StatefulSet", "nats")
    assert sts["spec"]["replicas"] == REPLICAS[overlay.overlay]
    conf = _nats_conf(overlay)
    store = re.search(r"jetstream\s*\{[^}]*store_dir:\s*(\S+)", conf)
    assert store, "JetStream must be enabled with a file store"
    (claim,) = sts["spec"]["volumeClaimTemplates"]
    mounts = {m["mountPath"]: m["name"] for m in sts["spec"]["template"]["spec"]["containers"][0]
              ["volumeMounts"]}
    assert mounts[store.group(1)] == claim["metadata"]["name"], "store_dir must be on the PVC"
    routes = re.findall(r"nats://nats-(\d+)\.nats-headless:6222", conf)
    if overlay.overlay == "prod":
        assert sorted(routes) == ["0", "1", "2"], "a route to each of the 3 pods"
    else:
        assert not re.search(r"^\s*cluster\s*\{", conf, re.M) and not routes


def test_streams_are_replicated_across_every_nats_node(overlay: Rendered) -> None:
    replicas = overlay.config().get("SALESOS_STREAM_REPLICAS", "1")
    assert int(replicas) == REPLICAS[overlay.overlay]


def test_postgres_cluster_bootstraps_salesos_database_from_the_owner_secret(
        overlay: Rendered) -> None:
    cluster = overlay.get("Cluster", "salesos-db")["spec"]
    assert cluster["instances"] == REPLICAS[overlay.overlay]
    initdb = cluster["bootstrap"]["initdb"]
    assert (initdb["database"], initdb["owner"]) == ("salesos", "salesos")
    assert initdb["secret"]["name"] in _provided_secrets(overlay)
    assert cluster["storage"]["size"]
    assert cluster["enableSuperuserAccess"] is False


def _provided_secrets(r: Rendered) -> set[str]:
    made = {s["metadata"]["name"] for s in r.of_kind("Secret")}
    synced = {e["spec"]["target"]["name"] for e in r.of_kind("ExternalSecret")}
    return made | synced


def _pod_refs(r: Rendered) -> set[tuple[str, str]]:
    refs: set[tuple[str, str]] = set()
    for w in r.workloads():
        spec = w["spec"]["template"]["spec"]
        if "serviceAccountName" in spec:
            refs.add(("ServiceAccount", spec["serviceAccountName"]))
        for v in spec.get("volumes", []):
            if "configMap" in v:
                refs.add(("ConfigMap", v["configMap"]["name"]))
            if "secret" in v:
                refs.add(("Secret", v["secret"]["secretName"]))
        for c in r.containers(w):
            for src in c.get("envFrom", []):
                refs |= {(ENV_FROM_KINDS[k], ref["name"]) for k, ref in src.items()}
            for env in c.get("env", []):
                for k, ref in env.get("valueFrom", {}).items():
                    if k in KEY_REF_KINDS:
                        refs.add((KEY_REF_KINDS[k], ref["name"]))
    return refs


def test_every_referenced_config_secret_and_account_exists(overlay: Rendered) -> None:
    provided = {kind: {o["metadata"]["name"] for o in overlay.of_kind(kind)}
                for kind in ("ConfigMap", "ServiceAccount")}
    provided["Secret"] = _provided_secrets(overlay)
    missing = [ref for ref in _pod_refs(overlay) if ref[1] not in provided[ref[0]]]
    assert not missing, f"{overlay.overlay}: referenced but not rendered: {missing}"


def test_prod_commits_no_secret_value_and_syncs_each_secret(rendered: dict[str, Rendered]) -> None:
    prod = rendered["prod"]
    assert prod.of_kind("Secret") == [], "prod Secrets come from the secret manager only"
    needed = {name for kind, name in _pod_refs(prod) if kind == "Secret"}
    needed.add(prod.get("Cluster", "salesos-db")["spec"]["bootstrap"]["initdb"]["secret"]["name"])
    synced = {e["spec"]["target"]["name"] for e in prod.of_kind("ExternalSecret")}
    assert needed == synced
    for ext in prod.of_kind("ExternalSecret"):
        assert ext["spec"]["secretStoreRef"]["kind"] == "ClusterSecretStore"
        assert all("remoteRef" in d for d in ext["spec"]["data"])


def test_dev_secrets_are_visible_placeholders_and_only_demo_mode_accepts_them(
        rendered: dict[str, Rendered]) -> None:
    dev = rendered["dev"]
    for secret in dev.of_kind("Secret"):
        values: dict[str, Any] = secret["data"]
        decoded = {k: base64.b64decode(v).decode() for k, v in values.items()}
        secrets = {k: v for k, v in decoded.items() if k != "username"}
        assert all("placeholder" in v for v in secrets.values()), secret["metadata"]["name"]
    assert dev.config()["SALESOS_DEMO"] == "1"
    assert rendered["prod"].config()["SALESOS_DEMO"] == "0"


def test_config_addresses_point_at_rendered_services(overlay: Rendered) -> None:
    ports = {(s["metadata"]["name"], p["port"]) for s in overlay.of_kind("Service")
             for p in s["spec"]["ports"]}
    config = overlay.config()
    addrs = {k: v for k, v in config.items() if k.endswith("_ADDR")}
    assert len(addrs) == 6, addrs
    urls = [config["SALESOS_NATS_URL"], config["OTEL_EXPORTER_OTLP_ENDPOINT"], *addrs.values()]
    for url in urls:
        host, port = url.split("://")[-1].rsplit(":", 1)
        assert (host, int(port)) in ports, url


def test_namespaces_enforce_restricted_pod_security(overlay: Rendered) -> None:
    (ns,) = overlay.of_kind("Namespace")
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert all(o["metadata"].get("namespace") == ns["metadata"]["name"]
               for o in overlay.objects if o["kind"] != "Namespace")


def test_every_process_and_migration_gets_the_sealing_keys_from_the_app_secret(
        rendered: dict[str, Rendered]) -> None:
    """Sealed robot webhooks and ad secrets open only where the same keys are given;
    `migrate` seals plain rows, so the initContainers need them too (process-defaults)."""
    from servicekit.sealing import parse_keys

    dev_secret = next(s for s in rendered["dev"].of_kind("Secret")
                      if s["metadata"]["name"].startswith("salesos-app-secrets"))
    assert parse_keys(base64.b64decode(dev_secret["data"]["SALESOS_SEALING_KEYS"]).decode())
    (prod_secret,) = [e for e in rendered["prod"].of_kind("ExternalSecret")
                      if e["spec"]["target"]["name"] == "salesos-app-secrets"]
    assert "SALESOS_SEALING_KEYS" in prod_secret["spec"]["target"]["template"]["data"]
    for overlay in rendered.values():
        for process in ("gateway", "leads", "pipeline", "workorders", "incentives",
                        "notifications"):
            deployment = overlay.get("Deployment", process)
            spec = deployment["spec"]["template"]["spec"]
            for container in (*spec["containers"][:1], *spec.get("initContainers", [])[:1]):
                refs = [e["secretRef"]["name"] for e in container.get("envFrom", [])
                        if "secretRef" in e]
                assert any(r.startswith("salesos-app-secrets") for r in refs), \
                    (overlay.overlay, deployment["metadata"]["name"], container["name"])


def test_links_sent_to_customers_point_at_a_public_https_address(overlay: Rendered) -> None:
    url = overlay.config().get("SALESOS_PUBLIC_URL", "")
    assert url.startswith("https://") and "127.0.0.1" not in url and "localhost" not in url
