"""An operator greps a service's log as JSON lines. A service SIGKILLed after its worker
pool ran (an import) must not leave multiprocessing's plain-text "leaked semaphore"
warning behind it in that log."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap

SERVICE = textwrap.dedent("""
    import os, sys, time
    from servicekit.logs import setup_logging
    from servicekit.workerpool import process_pool

    if __name__ == "__main__":
        setup_logging("leads")
        pool = process_pool(1)
        pool.submit(os.getpid).result()  # the pool's queues and semaphores are in use
        print("ready", flush=True)
        time.sleep(60)
""")


def test_a_killed_service_with_a_worker_pool_leaves_only_json_in_its_log(tmp_path) -> None:
    script = tmp_path / "service.py"
    script.write_text(SERVICE)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        proc.send_signal(signal.SIGKILL)
        # stderr ends once the resource tracker and the worker, which share it, are gone.
        _, log = proc.communicate(timeout=30)
    finally:
        proc.kill()
    for line in log.splitlines():
        assert isinstance(json.loads(line), dict), line
