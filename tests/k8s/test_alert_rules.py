"""The alert rules prod ships read metrics the processes really export, and each alert
tells the on-call engineer how urgent it is and which runbook section to open.

A renamed metric leaves its alert silently empty (PromQL finds no series and never fires),
so every selector of every expression is checked against the metrics registered by
servicekit and the gateway. The expressions are parsed with promql-parser, so a syntax
error fails here rather than in the Prometheus Operator's admission webhook.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import promql_parser as promql
import pytest
from prometheus_client import REGISTRY

if TYPE_CHECKING:
    from conftest import Obj, Rendered

# Read by the pod alerts; exported by kube-state-metrics, not by SalesOS.
KUBE_STATE_METRICS = {"kube_pod_status_ready", "kube_pod_status_phase",
                      "kube_deployment_status_replicas_available",
                      "kube_statefulset_status_replicas_ready"}
# Gauges every replica of a service reads from the same tables and durables: summed they
# would count one backlog once per replica (docs/internals.md).
SHARED_GAUGES = {"salesos_outbox_pending", "salesos_outbox_oldest_pending_seconds",
                 "salesos_due_jobs_overdue", "salesos_due_jobs_oldest_overdue_seconds",
                 "salesos_due_jobs_failing", "salesos_consumer_pending",
                 "salesos_consumer_ack_pending", "salesos_consumer_redelivered"}
# What the on-call needs to be told about; dropping one of these alerts fails the build.
WATCHED = {"salesos_outbox_oldest_pending_seconds", "salesos_outbox_relay_errors_total",
           "salesos_outbox_refused_total", "salesos_due_jobs_oldest_overdue_seconds",
           "salesos_due_jobs_failing", "salesos_consumer_pending",
           "salesos_events_redelivered_total", "salesos_dead_letters_total",
           "salesos_http_seconds_count", "salesos_http_seconds_bucket",
           "salesos_rpc_seconds_count", "kube_pod_status_ready"}
REPO = Path(__file__).resolve().parents[2]
RUNBOOK = REPO / "docs" / "runbook.md"
# The modules that register SalesOS' metrics (the gateway's HTTP histogram is its own).
EXPORTERS = ("servicekit.metrics", "servicekit.backlog", "gateway.edge")
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"),
            "summary": ("_count", "_sum"), "gauge": ("",), "info": ("_info",)}


@cache
def exported() -> frozenset[str]:
    """Every series name SalesOS' processes can export (labelled metrics that have not
    been used yet still count: their family is registered at import)."""
    for module in EXPORTERS:
        importlib.import_module(module)
    return frozenset(family.name + suffix for family in REGISTRY.collect()
                     for suffix in SUFFIXES.get(family.type, ("",)))


def _children(node: Any) -> list[Any]:
    if isinstance(node, promql.BinaryExpr):
        return [node.lhs, node.rhs]
    if isinstance(node, promql.Call):
        return list(node.args)
    if isinstance(node, promql.MatrixSelector):
        return [node.vector_selector]
    if isinstance(node, promql.AggregateExpr):
        return [node.expr] + ([node.param] if node.param is not None else [])
    if isinstance(node, promql.ParenExpr | promql.UnaryExpr | promql.SubqueryExpr):
        return [node.expr]
    return []


def selectors(node: Any, under_max: bool = False) -> Iterator[tuple[Any, bool]]:
    """Each vector selector of an expression, and whether a `max` aggregation reads it."""
    if isinstance(node, promql.VectorSelector):
        yield node, under_max
    if isinstance(node, promql.AggregateExpr) and str(node.op) == "max":
        under_max = True
    for child in _children(node):
        yield from selectors(child, under_max)


def rule_file(r: Rendered) -> Obj:
    (rules,) = r.of_kind("PrometheusRule")
    return rules


def alerts(r: Rendered) -> list[dict[str, Any]]:
    return [rule for group in rule_file(r)["spec"]["groups"] for rule in group["rules"]]


@pytest.fixture(scope="module")
def prod(rendered: dict[str, Rendered]) -> Rendered:
    return rendered["prod"]


def test_prod_ships_alert_rules_and_a_pod_monitor_and_dev_needs_no_operator(
        rendered: dict[str, Rendered]) -> None:
    assert len(alerts(rendered["prod"])) >= 12
    rendered["prod"].get("PodMonitor", "salesos-processes")
    dev_kinds = {o["kind"] for o in rendered["dev"].objects}
    assert not dev_kinds & {"PrometheusRule", "PodMonitor"}, "dev clusters lack the CRDs"


def test_every_metric_an_alert_reads_is_exported(prod: Rendered) -> None:
    known = exported() | KUBE_STATE_METRICS
    unknown = [(rule["alert"], sel.name) for rule in alerts(prod)
               for sel, _ in selectors(promql.parse(rule["expr"])) if sel.name not in known]
    assert not unknown, f"alerts read metrics no process exports: {unknown}"


def test_the_check_itself_sees_a_renamed_metric() -> None:
    renamed = promql.parse("max by (job) (salesos_due_jobs_oldest_overdue) > 300")
    assert [s.name for s, _ in selectors(renamed)] == ["salesos_due_jobs_oldest_overdue"]
    assert "salesos_due_jobs_oldest_overdue" not in exported()


def test_gauges_every_replica_reports_are_read_with_max(prod: Rendered) -> None:
    summed = [(rule["alert"], sel.name) for rule in alerts(prod)
              for sel, under_max in selectors(promql.parse(rule["expr"]))
              if sel.name in SHARED_GAUGES and not under_max]
    assert not summed, f"read without max by (…): {summed}"


def test_the_alerts_cover_what_the_on_call_must_hear_of(prod: Rendered) -> None:
    read = {sel.name for rule in alerts(prod) for sel, _ in selectors(promql.parse(rule["expr"]))}
    assert WATCHED <= read, f"no alert reads {sorted(WATCHED - read)}"


def _slug(heading: str) -> str:
    """The anchor a Git host gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def runbook_sections() -> dict[str, str]:
    parts = re.split(r"^## (.+)$", RUNBOOK.read_text(encoding="utf-8"), flags=re.M)
    return {_slug(title): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_every_alert_is_graded_worded_in_both_languages_and_has_its_runbook_section(
        prod: Rendered) -> None:
    sections = runbook_sections()
    for rule in alerts(prod):
        name, notes = rule["alert"], rule["annotations"]
        assert re.fullmatch(r"\d+[smh]", rule["for"]), name
        assert rule["labels"]["severity"] in {"critical", "warning"}, name
        assert notes["summary"].isascii() and notes["summary"].strip(), name
        assert re.search(r"[\u4e00-\u9fff]", notes["summary_zh"]), f"{name}: no zh-CN summary"
        page, _, anchor = notes["runbook_url"].partition("#")
        assert page.endswith("/docs/runbook.md") and anchor in sections, (name, anchor)
        assert name in sections[anchor], f"runbook section #{anchor} does not name {name}"


def test_kube_state_selectors_look_in_the_namespace_the_rules_are_deployed_to(
        prod: Rendered) -> None:
    namespace = rule_file(prod)["metadata"]["namespace"]
    for rule in alerts(prod):
        for sel, _ in selectors(promql.parse(rule["expr"])):
            if sel.name in KUBE_STATE_METRICS:
                scoped = {m.value for m in sel.matchers.matchers if m.name == "namespace"}
                assert scoped == {namespace}, (rule["alert"], sel.name)


def test_the_pod_monitor_scrapes_every_process_once_on_its_metrics_port(
        prod: Rendered, process: str, ports: dict[str, dict[str, int]]) -> None:
    monitor = prod.get("PodMonitor", "salesos-processes")["spec"]
    pod = prod.get("Deployment", process)["spec"]["template"]
    assert monitor["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    declared = {p["name"]: p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
    scraped = [e for e in monitor["podMetricsEndpoints"] if e["port"] in declared]
    assert len(scraped) == 1, f"{process}: scraped on {[e['port'] for e in scraped]}"
    assert declared[scraped[0]["port"]] == ports[process]["metrics"]
    assert scraped[0]["path"] == "/metrics"
    # The deadline metrics' own `job` label must survive (else it becomes exported_job).
    assert scraped[0]["honorLabels"] is True


def test_every_metric_the_internals_doc_lists_for_alerts_is_exported() -> None:
    doc = (REPO / "docs" / "internals.md").read_text(encoding="utf-8")
    section = doc.split("## Metrics an alert reads", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(salesos_[a-z_]+)", section))
    histograms = {f.name for f in REGISTRY.collect() if f.type == "histogram"}  # by family
    assert named and not named - exported() - histograms, sorted(named - exported() - histograms)
