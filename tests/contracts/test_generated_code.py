"""The generated gRPC/event code must match proto/: a stale copy fails here, in CI."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [f"only in {left}: {n}" for n in compared.left_only]
    found += [f"only in {right}: {n}" for n in compared.right_only]
    found += [f"differs: {left / n}" for n in compared.diff_files]
    for name in compared.subdirs:
        found += _differences(left / name, right / name)
    return found


def test_generated_contracts_match_the_protos(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run([str(ROOT / "scripts" / "gen_proto.sh"), str(tmp_path)], check=True, env=env)
    fresh, committed = tmp_path / "salesos", ROOT / "libs" / "contracts" / "src" / "salesos"
    assert _differences(committed, fresh) == [], "run `make proto` and commit the result"
