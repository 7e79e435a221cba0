"""`make run` (servicekit.runner): what a person sees when something is in the way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from servicekit.runner import banner
from servicekit.stack import ChildDied, Ports, SeedInfo, Stack


def test_ports_come_from_the_documented_environment_variables() -> None:
    ports = Ports.from_env({"SALESOS_GATEWAY_PORT": "18000", "SALESOS_LEADS_GRPC_PORT": "15051",
                            "SALESOS_PG_PORT": "15432"})
    assert (ports.gateway, ports.grpc["leads"], ports.pg) == (18000, 15051, 15432)
    assert ports.grpc["org"] == 50050 and ports.nats == 4222
    env = ports.env()
    assert env["SALESOS_LEADS_ADDR"] == "127.0.0.1:15051"
    assert env["SALESOS_NOTIFICATIONS_METRICS_PORT"] == "9105"


@pytest.mark.integration
def test_a_taken_gateway_port_stops_make_run_with_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = os.environ | {"SALESOS_DATA_DIR": str(tmp_path), "SALESOS_GATEWAY_PORT": str(port),
                            "SALESOS_DEMO": "1"}
        done = subprocess.run([sys.executable, "-m", "servicekit.runner"], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == f"[salesos] SALESOS_GATEWAY_PORT {port} is already in use"
    assert not (tmp_path / "postgres").exists()  # nothing was started


def test_banner_shows_the_url_the_logins_and_the_intake_key(tmp_path: Path) -> None:
    stack = Stack(Ports(gateway=18000), tmp_path, env={})
    seed = SeedInfo(logins=["director", {"username": "rep01", "role": "rep"}],
                    password="demo", intake_api_key="key-123")
    text = banner(stack, seed)
    assert "http://127.0.0.1:18000" in text
    assert "director, rep01" in text
    assert "password: demo" in text and "key-123" in text


def test_a_crashed_process_is_named_with_the_end_of_its_log(tmp_path: Path) -> None:
    stack = Stack(Ports(), tmp_path, env={})
    stack.logs.mkdir(parents=True)
    with (stack.logs / "leads.log").open("wb") as log:
        crashed = subprocess.Popen([sys.executable, "-c", "print('无法连接 NATS'); exit(3)"],
                                   stdout=log)
    crashed.wait()
    stack.children["leads"] = crashed
    with pytest.raises(ChildDied, match="leads exited with code 3") as died:
        stack.check_alive()
    assert "无法连接 NATS" in str(died.value)


def test_a_failed_demo_seed_of_a_service_is_told_and_the_stack_keeps_running(
        tmp_path: Path) -> None:
    said: list[str] = []
    stack = Stack(Ports(), tmp_path, env={}, say=said.append, demo_seeds=("no_such_service",))
    stack.logs.mkdir(parents=True)
    stack._run_demo_seed("no_such_service")  # python -m no_such_service: exits 1
    assert said[0] == "seeding no_such_service demo data"
    assert said[1].startswith("no_such_service demo data failed (code 1)")
    log = (stack.logs / "no_such_service-seed.log").read_text()
    assert "No module named no_such_service" in log


def test_every_process_gets_the_same_sealing_key_and_a_restart_keeps_it(tmp_path: Path) -> None:
    first = Stack(Ports(), tmp_path, env={}).child_env()["SALESOS_SEALING_KEYS"]
    again = Stack(Ports(), tmp_path, env={}).child_env()["SALESOS_SEALING_KEYS"]
    assert first and again == first  # same data dir, as after stopping and re-running
    assert (tmp_path / "sealing.key").read_text().strip() == first
    other = Stack(Ports(), tmp_path / "other", env={}).child_env()["SALESOS_SEALING_KEYS"]
    assert other != first


def test_sealing_keys_given_in_the_environment_win_over_the_kept_one(tmp_path: Path) -> None:
    env = {"SALESOS_SEALING_KEYS": "new-key,old-key"}
    assert Stack(Ports(), tmp_path, env=env).child_env()["SALESOS_SEALING_KEYS"] == \
        "new-key,old-key"
    assert not (tmp_path / "sealing.key").exists()
