"""A longer fuzz of every command than the test suite runs: mutated designs and CSV files
through new, train, predict and export, each run required to end with exit 0 or 2 and no
exception. Prints the number of cases and runs, and the time taken.

Run: .venv/bin/python benchmarks/fuzz_commands.py [--examples N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).parent.parent))

from nndesigner.cli import main  # noqa: E402
from nndesigner.resources import resource_path  # noqa: E402
from tests.cli.test_fuzz_commands import XOR_CSV, mutated_csvs, run_every_command  # noqa: E402
from tests.model.test_loading import mutated_designs  # noqa: E402


class Result:
    def __init__(self, code: int, err: str) -> None:
        self.code, self.err = code, err


RUNS = [0]


def run_cli(*args: object) -> Result:
    RUNS[0] += 1
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, err.getvalue())


def main_fuzz() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    examples = parser.parse_args().examples
    fuzz = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    xor = resource_path("examples", "xor.nnd.json").read_text()

    @fuzz
    @given(design=mutated_designs())
    def designs(design: dict) -> None:
        with tempfile.TemporaryDirectory() as folder:
            run_every_command(run_cli, Path(folder), json.dumps(design), XOR_CSV)

    @fuzz
    @given(data=mutated_csvs())
    def csvs(data: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            run_every_command(run_cli, Path(folder), xor, data)

    start = time.perf_counter()
    designs()
    csvs()
    seconds = time.perf_counter() - start
    print(f"{2 * examples} cases, {RUNS[0]} command runs, all exit 0 or 2: {seconds:.0f} s")


if __name__ == "__main__":
    main_fuzz()
