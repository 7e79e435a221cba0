"""The prod network policies deny by default and still let every path SalesOS uses through.

A tiny evaluator of the policies we write (matchLabels pod selectors, ports with endPort);
a peer given only by namespaceSelector never matches a pod of our own namespace here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Rendered

PROCESS = {"app.kubernetes.io/component": "process"}
POSTGRES = {"cnpg.io/cluster": "salesos-db"}


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, "evaluator knows matchLabels only"
    return selector.get("matchLabels", {}).items() <= labels.items()


def _port_ok(rule: dict[str, Any], port: int) -> bool:
    ports = rule.get("ports")
    if not ports:
        return True
    return any(p["port"] <= port <= p.get("endPort", p["port"]) for p in ports)


def _peer_ok(rule: dict[str, Any], source: dict[str, str]) -> bool:
    peers = rule.get("from")
    if not peers:
        return True
    return any("podSelector" in p and "namespaceSelector" not in p
               and _selects(p["podSelector"], source) for p in peers)


def allowed(r: Rendered, target: dict[str, str], source: dict[str, str], port: int) -> bool:
    return any(_selects(np["spec"]["podSelector"], target)
               and any(_peer_ok(rule, source) and _port_ok(rule, port)
                       for rule in np["spec"].get("ingress", []))
               for np in r.of_kind("NetworkPolicy"))


@pytest.fixture(scope="module")
def prod(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["prod"]


def _labels(r: Rendered, kind: str, name: str) -> dict[str, str]:
    return r.get(kind, name)["spec"]["template"]["metadata"]["labels"]


def test_prod_denies_all_ingress_not_explicitly_allowed(prod: Rendered) -> None:
    deny = prod.get("NetworkPolicy", "default-deny-ingress")["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress"]}
    nats = _labels(prod, "StatefulSet", "nats")
    assert not allowed(prod, nats, {"app.kubernetes.io/name": "stranger"}, 4222)


def test_processes_reach_each_other_over_grpc(
        prod: Rendered, process: str, ports: dict[str, dict[str, int]]) -> None:
    target = _labels(prod, "Deployment", process)
    for caller in ports:
        source = _labels(prod, "Deployment", caller)
        assert allowed(prod, target, source, ports[process]["grpc"]), (caller, process)


def test_processes_reach_nats_postgres_and_the_collector(prod: Rendered, process: str) -> None:
    source = _labels(prod, "Deployment", process)
    assert allowed(prod, _labels(prod, "StatefulSet", "nats"), source, 4222)
    assert allowed(prod, POSTGRES, source, 5432)
    assert allowed(prod, _labels(prod, "Deployment", "otel-collector"), source, 4317)


def test_anyone_reaches_the_gateway_http_port_and_nothing_else(prod: Rendered) -> None:
    gateway = _labels(prod, "Deployment", "gateway")
    outsider = {"app.kubernetes.io/name": "ingress-nginx"}
    assert allowed(prod, gateway, outsider, 8000)
    assert not allowed(prod, gateway, outsider, 50050)
    assert not allowed(prod, _labels(prod, "Deployment", "leads"), outsider, 50051)


def test_nats_nodes_and_postgres_replicas_reach_their_peers(prod: Rendered) -> None:
    nats = _labels(prod, "StatefulSet", "nats")
    assert allowed(prod, nats, nats, 6222)
    assert allowed(prod, POSTGRES, POSTGRES, 5432)

