"""`python -m <service> <command>`: every process answers the same verbs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from servicekit.cli import service_main


def _main(**kwargs: Any) -> None:
    # In a thread: the CLI's own asyncio.run must not replace the test session's loop.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(service_main, **kwargs).result()


async def _never_serves() -> None:
    raise AssertionError("serve must not run for another command")


def test_extra_commands_get_the_remaining_arguments() -> None:
    seen: list[list[str]] = []
    _main(name="gateway", migrations_dir=Path("."), serve=_never_serves,
                 commands={"seed": seen.append}, argv=["seed", "--company", "演示"])
    assert seen == [["--company", "演示"]]


def test_async_commands_are_run_to_completion() -> None:
    done: list[bool] = []

    async def seed() -> None:
        done.append(True)

    _main(name="gateway", migrations_dir=Path("."), serve=_never_serves,
                 commands={"seed": seed}, argv=["seed"])
    assert done == [True]


def test_no_command_means_serve() -> None:
    served: list[bool] = []

    async def serve() -> None:
        served.append(True)

    _main(name="leads", migrations_dir=Path("."), serve=serve, argv=[])
    assert served == [True]


def test_an_unknown_command_lists_the_known_ones() -> None:
    with pytest.raises(SystemExit, match=r"unknown command 'sed' \(known: serve, migrate, "
                                         r"revision, seed\)"):
        _main(name="gateway", migrations_dir=Path("."), serve=_never_serves,
                     commands={"seed": lambda: None}, argv=["sed"])
