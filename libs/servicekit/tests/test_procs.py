"""A service started by the runner or a test session goes when its parent goes, also when
it arms that itself (started without running Python code in the fork)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

_PARENT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from servicekit.procs import spawn
    child = spawn([sys.executable, "-c", sys.argv[2]], Path(sys.argv[1]), arms_itself=True)
    print(child.pid, flush=True)
    sys.stdin.readline()  # dies when the test closes our stdin
""")
_CHILD = ("from servicekit.procs import arm_death_signal; import os, time; "
          "arm_death_signal(); assert 'SALESOS_PARENT_DEATH' not in os.environ; "
          "print('armed', flush=True); time.sleep(60)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_child_that_arms_itself_dies_with_its_parent(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(log), _CHILD],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None and parent.stdin is not None
    child = psutil.Process(int(parent.stdout.readline()))
    deadline = time.monotonic() + 20
    while "armed" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "armed" in log.read_text(), log.read_text()
    parent.stdin.close()
    parent.wait(10)
    child.wait(10)  # raises TimeoutExpired if the child outlived its parent


_POOL_PARENT = textwrap.dedent("""
    import multiprocessing, os, sys
    from concurrent.futures import ProcessPoolExecutor
    from servicekit.procs import die_with_parent
    if __name__ == "__main__":
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=die_with_parent)
        print(pool.submit(os.getpid).result(), flush=True)
        sys.stdin.readline()
        os._exit(0)  # as if killed: no pool shutdown
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_pool_worker_does_not_outlive_a_killed_service(tmp_path: Path) -> None:
    script = tmp_path / "service.py"
    script.write_text(_POOL_PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None and parent.stdin is not None
    worker = psutil.Process(int(parent.stdout.readline()))
    parent.stdin.close()
    parent.wait(10)
    worker.wait(10)  # raises TimeoutExpired if the worker was left behind


def test_a_stacks_ports_stay_clear_of_outgoing_connections_and_of_each_other() -> None:
    """A test session's stack opens hundreds of connections while its servers start; a
    port from the kernel's ephemeral range could become one's local end meanwhile."""
    from servicekit.procs import _ephemeral_low, free_port

    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)
    assert all(1024 <= port < _ephemeral_low() for port in ports)
