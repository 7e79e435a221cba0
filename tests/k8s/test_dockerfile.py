"""Static checks of the Dockerfile (no engine on the dev machines, and hadolint is not
packaged in the registries we use): pinned base, non-root user, health check, installs
from the lock, and every process is buildable by name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROCESSES = ("gateway", "leads", "pipeline", "workorders", "incentives", "notifications")
PINNED_PYTHON = re.compile(r"^python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?$")


@dataclass
class Instruction:
    op: str
    args: str
    heredocs: list[str] = field(default_factory=list)


def parse(text: str) -> list[Instruction]:
    """Instructions with continuations joined, comments dropped and heredoc bodies kept."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\") and i < len(lines):
            nxt = lines[i]
            i += 1
            if not nxt.lstrip().startswith("#"):
                line = line[:-1] + " " + nxt.strip()
        op, _, args = line.strip().partition(" ")
        inst = Instruction(op.upper(), args.strip())
        for marker in re.findall(r"<<-?'?(\w+)'?", args):
            body = []
            while lines[i] != marker:
                body.append(lines[i])
                i += 1
            i += 1
            inst.heredocs.append("\n".join(body))
        out.append(inst)
    return out


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    return parse((REPO / "Dockerfile").read_text())


def _final_stage(instructions: list[Instruction]) -> list[Instruction]:
    starts = [n for n, inst in enumerate(instructions) if inst.op == "FROM"]
    return instructions[starts[-1]:]


def test_base_image_is_pinned_to_a_python_patch_release(instructions: list[Instruction]) -> None:
    args = {i.args.split("=")[0]: i.args.split("=", 1)[1] for i in instructions
            if i.op == "ARG" and "=" in i.args}
    assert PINNED_PYTHON.match(args["PYTHON_IMAGE"]), args["PYTHON_IMAGE"]
    stages: set[str] = set()
    for inst in (i for i in instructions if i.op == "FROM"):
        image, *alias = inst.args.split(" AS ")
        assert image in {"${PYTHON_IMAGE}", *stages}, f"unpinned base: {image}"
        stages.update(a.strip() for a in alias)


def test_image_runs_as_a_numeric_non_root_user(instructions: list[Instruction]) -> None:
    users = [i.args for i in _final_stage(instructions) if i.op == "USER"]
    assert users, "final stage must switch user"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) > 0 and (not gid or int(gid) > 0), users[-1]


def test_image_declares_a_health_check_that_knows_every_process(
        instructions: list[Instruction]) -> None:
    final = _final_stage(instructions)
    (check,) = [i for i in final if i.op == "HEALTHCHECK"]
    (script_path,) = re.findall(r"/\S+\.py", check.args)
    (script,) = [i.heredocs[0] for i in final if i.op == "COPY" and script_path in i.args]
    compile(script, script_path, "exec")
    for port in ("50051", "50052", "50053", "50054", "50055"):
        assert port in script
    assert "/healthz" in script


def test_dependencies_come_from_the_lock_before_the_packages_without_deps(
        instructions: list[Instruction]) -> None:
    runs = [i.args for i in instructions if i.op == "RUN"]
    lock = next(n for n, r in enumerate(runs) if "-r requirements.lock" in r)
    pkgs = next(n for n, r in enumerate(runs) if "./libs/servicekit" in r)
    assert lock < pkgs
    assert "--no-deps" in runs[pkgs] and " -e " not in runs[pkgs]
    copied = [i.args.split()[0] for i in instructions if i.op == "COPY" and "--from" not in i.args
              and "<<" not in i.args]
    for src in copied:
        assert (REPO / src).exists(), f"COPY of a path the repo does not have: {src}"


def test_every_process_is_a_buildable_service_arg(instructions: list[Instruction]) -> None:
    (build,) = [i.args for i in instructions if i.op == "RUN" and "case" in i.args]
    named = {name for alts in re.findall(r"([\w|]+)\) dir=", build) for name in alts.split("|")}
    assert named == set(PROCESSES)


def test_entrypoint_execs_the_chosen_process(instructions: list[Instruction]) -> None:
    final = _final_stage(instructions)
    (entry,) = [i.heredocs[0] for i in final
                if i.op == "COPY" and i.args.endswith("/usr/local/bin/salesos")]
    assert 'exec python -m "${SALESOS_PROCESS}" "$@"' in entry
    assert any(i.op == "ENV" and "SALESOS_PROCESS=${SERVICE}" in i.args for i in final)


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".venv", ".data", "**/.git"} <= ignored
