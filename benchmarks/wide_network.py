"""Memory and compile time of a wide network: 2-1024-1024-1 (1,051,648 synapses).

Peak memory: each job runs in a fresh process, in turn (interleaved) over the rounds.
The network's description is made first (nndesigner: the design's document, as a file
gives it; PyTorch: the `nn.Sequential`), then the process's peak RSS is reset
(/proc/self/clear_refs) and the job compiles (nndesigner only) and trains one epoch of
ROWS rows with Adam, batch 32, MSE, float64, one thread. The figure is the peak RSS
above the RSS at the reset, in MB; "held" is the RSS after the epoch above the reset.

Compile time, in this process: `compile_network` of the engine's spec (the vectorised
part) and `compile_document` (document to spec to compiled network), medians of
`--rounds` runs.

Run: .venv/bin/python benchmarks/wide_network.py [--rounds K] [--json]
Target (issue 22): peak ≤ 1.5× PyTorch's; compiling ≤ 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

SIZES = [2, 1024, 1024, 1]
ROWS = 4096
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")}

PRELUDE = """
import sys, time
sys.path.insert(0, ROOT)
import numpy as np

def rss_mb():
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

rng = np.random.default_rng(0)
inputs = rng.normal(size=(ROWS, SIZES[0]))
targets = np.sin(inputs.sum(axis=1, keepdims=True))
"""
JOBS = {
    "nndesigner": """
from benchmarks.large_design import mlp_design
from nndesigner.engine.training import TrainingSettings, train
from nndesigner.engine.data_split import prepare_data
from nndesigner.model.compile import compile_document
design = mlp_design(SIZES)
settings = TrainingSettings(epochs=1, batch_size=32, optimizer="adam", loss="mse",
                            validation_split=0.0, learning_rate=0.001)
data = prepare_data(inputs, targets, settings)
def job():
    network = compile_document(design.document)
    list(train(network, data, settings, kernel="numpy"))
    return network
""",
    "torch": """
import torch
torch.set_num_threads(1)
layers = []
for fan_in, fan_out in zip(SIZES, SIZES[1:]):
    layers += [torch.nn.Linear(fan_in, fan_out, dtype=torch.float64), torch.nn.Tanh()]
model = torch.nn.Sequential(*layers[:-1])
x = torch.tensor(inputs)
y = torch.tensor(targets)
def job():
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.MSELoss()
    order = torch.randperm(ROWS, generator=torch.Generator().manual_seed(0))
    for start in range(0, ROWS, 32):
        rows = order[start : start + 32]
        optimizer.zero_grad()
        loss_fn(model(x[rows]), y[rows]).backward()
        optimizer.step()
    return optimizer
""",
}
FOOTER = """
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
base, _ = rss_mb()
kept = job()
held, peak = rss_mb()
print(peak - base, held - base)
"""


def memory_job(name: str) -> tuple[float, float]:
    """Peak and held MB of one job in a fresh process."""
    code = f"ROOT = {str(ROOT)!r}\nSIZES = {SIZES}\nROWS = {ROWS}\n" + PRELUDE
    code += JOBS[name] + FOOTER
    env = {**os.environ, **ONE_THREAD}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    peak, held = out.stdout.split()
    return float(peak), float(held)


def compile_seconds(rounds: int) -> dict[str, list[float]]:
    from benchmarks.large_design import mlp_design
    from nndesigner.engine.network import compile_network
    from nndesigner.model.compile import compile_document, document_spec

    document = mlp_design(SIZES).document
    spec = document_spec(document)
    times: dict[str, list[float]] = {"compile_network": [], "compile_document": []}
    for _ in range(rounds):
        start = time.perf_counter()
        compile_network(spec)
        times["compile_network"].append(time.perf_counter() - start)
        start = time.perf_counter()
        compile_document(document)
        times["compile_document"].append(time.perf_counter() - start)
    return times


def summary(values: list[float], digits: int) -> dict:
    return {
        "median": round(statistics.median(values), digits),
        "spread": [round(min(values), digits), round(max(values), digits)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in JOBS}
    for _ in range(args.rounds):
        for name in JOBS:
            runs[name].append(memory_job(name))
    result: dict = {"synapses": sum(a * b for a, b in zip(SIZES, SIZES[1:], strict=False))}
    for name, values in runs.items():
        result[name] = {
            "peak_mb": summary([peak for peak, _ in values], 1),
            "held_mb": summary([held for _, held in values], 1),
        }
    ours = result["nndesigner"]["peak_mb"]["median"]
    result["peak_ratio_to_torch"] = round(ours / result["torch"]["peak_mb"]["median"], 2)
    for name, values in compile_seconds(args.rounds).items():
        result[f"{name}_s"] = summary(values, 3)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
