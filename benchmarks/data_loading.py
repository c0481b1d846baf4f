"""Loading a large CSV: nndesigner's reader against pandas.read_csv on the same file.

A file of ROWS rows and 11 columns (10 features, a 0/1 target; about 95 MB for a
million rows) is written once. Each round runs, one after the other in fresh processes
(so peak memory is each one's own): pandas.read_csv; nndesigner's read_table;
read_table plus the design's arrays and one training epoch of a 10-16-1 network
(batches of 1024, 20% held out), the whole path to a first epoch as `train` takes it;
the `train` command for one epoch (also its metrics on every row); and `nndesigner
predict` of a 10-16-1 design on the file and on its first quarter (it streams: its
peak memory should not grow with the file). The figures are the median and the spread
over the rounds, and the ratios to pandas.
Threads: pyarrow and pandas use their defaults; BLAS is held to one thread
(OPENBLAS_NUM_THREADS=1, MKL_NUM_THREADS=1) so the epoch does not fight them.

Run: .venv/bin/python benchmarks/data_loading.py [--rows N] [--rounds K] [--json]
pandas comes from the `bench` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).parent.parent
# BLAS on one thread; not OMP_NUM_THREADS, which would also shrink pyarrow's pool.
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}

# Each job prints "seconds peak_megabytes" of its own work; the imports (pandas, and the
# reader modules nndesigner imports on its first read, with pyarrow) are done before the
# clock starts. So is the one pyarrow makes on its first conversion of a Python value:
# it imports pandas when that is installed (as here, from the bench extra; 0.2-0.3 s).
PRELUDE = """
import pyarrow
pyarrow.array([0.0])
"""
JOBS = {
    "pandas.read_csv": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(PATH)
""",
    "nndesigner read": """
import nndesigner.model.csv_reading  # pyarrow and its compute functions
from nndesigner.model.dataset import read_table
start = time.perf_counter()
table = read_table(PATH)
""",
    "nndesigner to first epoch": """
import nndesigner.model.csv_reading  # pyarrow and its compute functions
from nndesigner.model.dataset import read_table
from nndesigner.model.serialize import load_design
from nndesigner.model.training_run import prepare_run
from nndesigner.engine.training import train
from dataclasses import replace
design = load_design(DESIGN, with_data=False)
settings = replace(design.settings, epochs=1, batch_size=1024)
start = time.perf_counter()
table = read_table(PATH)
run = prepare_run(design, *design.arrays_of(table), settings, consume=True)  # as train does
list(train(run.network, run.data, settings))
""",
    "nndesigner train --epochs 1": """
import nndesigner.model.csv_reading  # pyarrow and its compute functions
from nndesigner.cli import main
start = time.perf_counter()
main(["train", DESIGN, "--data", PATH, "--epochs", "1", "--batch-size", "1024"])
""",
    "nndesigner predict": """
import nndesigner.model.prediction_file  # pyarrow, as predict imports it
from nndesigner.cli import main
start = time.perf_counter()
main(["predict", DESIGN, "--data", PATH, "-o", os.devnull])
""",
    "nndesigner predict, 1/4 file": """
import nndesigner.model.prediction_file  # pyarrow, as predict imports it
from nndesigner.cli import main
start = time.perf_counter()
main(["predict", DESIGN, "--data", QUARTER, "-o", os.devnull])
""",
}
FOOTER = """
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def write_file(rows: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"nndesigner-bench-{rows}.csv"
    if not path.exists():
        rng = np.random.default_rng(0)
        values = rng.normal(size=(rows, 10))
        target = (values[:, 0] + values[:, 1] > 0).astype(int)
        header = ",".join([f"x{i}" for i in range(1, 11)] + ["y"])
        body = np.column_stack([values, target])
        np.savetxt(
            path, body, delimiter=",", header=header, comments="", fmt=["%.6f"] * 10 + ["%d"]
        )
    return path


def write_design(path: Path) -> Path:
    """A 10-16-1 design for the file's columns, for the predict jobs."""
    from nndesigner.model.dataset import read_table
    from nndesigner.model.new_design import new_design
    from nndesigner.model.serialize import save_design

    design_path = path.with_suffix(".nnd.json")
    head = path.with_suffix(".head.csv")
    head.write_text("".join(path.open().readlines()[:1000]))
    save_design(new_design(read_table(head), ["y"], [16], task="regression").design, design_path)
    return design_path


def write_quarter(path: Path) -> Path:
    quarter = path.with_suffix(".quarter.csv")
    with path.open() as source:
        lines = source.readlines()
    quarter.write_text("".join(lines[: 1 + (len(lines) - 1) // 4]))
    return quarter


def run_job(name: str, path: Path, design: Path, quarter: Path) -> tuple[float, float]:
    code = (
        f"import os, resource, time\nPATH = {str(path)!r}\nDESIGN = {str(design)!r}\n"
        f"QUARTER = {str(quarter)!r}\n{PRELUDE}{JOBS[name]}{FOOTER}"
    )
    environment = {**os.environ, **ONE_THREAD, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    seconds, megabytes = done.stdout.splitlines()[-1].split()  # after what `train` prints
    return float(seconds), float(megabytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = write_file(args.rows)
    design, quarter = write_design(path), write_quarter(path)
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in JOBS}
    for _ in range(args.rounds):  # interleaved: every round runs each job once
        for name in JOBS:
            figures[name].append(run_job(name, path, design, quarter))
    size = path.stat().st_size / 1e6
    summary = {}
    for name, runs in figures.items():
        seconds = [s for s, _ in runs]
        memory = [m for _, m in runs]
        summary[name] = {
            "seconds": statistics.median(seconds),
            "seconds_spread": [min(seconds), max(seconds)],
            "peak_mb": statistics.median(memory),
            "peak_mb_spread": [min(memory), max(memory)],
        }
    if args.json:
        print(json.dumps({"rows": args.rows, "file_mb": size, "jobs": summary}, indent=2))
        return
    peer = summary["pandas.read_csv"]
    print(f"{args.rows:,} rows, {size:.0f} MB, {args.rounds} rounds (median, min-max)")
    for name, figure in summary.items():
        low, high = figure["seconds_spread"]
        low_mb, high_mb = figure["peak_mb_spread"]
        print(
            f"{name:28s} {figure['seconds']:6.2f} s ({low:.2f}-{high:.2f})"
            f" {figure['seconds'] / peer['seconds']:5.2f}x   "
            f"{figure['peak_mb']:6.0f} MB ({low_mb:.0f}-{high_mb:.0f})"
            f" {figure['peak_mb'] / peer['peak_mb']:5.2f}x"
        )


if __name__ == "__main__":
    main()
