"""Where the compiled kernel stops beating the NumPy kernel: layered tanh networks of
growing width and batch size, both kernels timed interleaved, one BLAS thread.

For each shape it prints both rates, their ratio (compiled / NumPy) and which kernel
`kernel_choice` picks for it ("ok" when that is the faster one, or within 15% of it).

Run: .venv/bin/python benchmarks/kernel_crossover.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nndesigner.engine import kernel_choice, kernel_warm_up  # noqa: E402
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.initialization import initialize  # noqa: E402
from nndesigner.engine.network import compile_network  # noqa: E402
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec  # noqa: E402
from nndesigner.engine.training import TrainingSettings, train

WIDTHS = (4, 8, 16, 32, 64, 128)
BATCHES = (1, 4, 16, 64)
DEPTH = 2  # hidden layers
ROW_VISITS = 8_000_000  # synapse-row visits per timed run (rows = this / synapses)


def layered(width: int) -> NetworkSpec:
    """2 inputs, DEPTH tanh layers of `width`, one linear output, fully connected."""
    sizes = (2,) + (width,) * DEPTH + (1,)
    layers = [[f"l{d}n{k}" for k in range(size)] for d, size in enumerate(sizes)]
    roles = ["input"] + ["hidden"] * DEPTH + ["output"]
    activations = ["linear"] + ["tanh"] * DEPTH + ["linear"]
    neurons = tuple(
        NeuronSpec(i, role, activation)
        for ids, role, activation in zip(layers, roles, activations, strict=True)
        for i in ids
    )
    synapses = tuple(
        SynapseSpec(f"{s}-{t}", s, t)
        for sources, targets in zip(layers, layers[1:], strict=False)
        for t in targets
        for s in sources
    )
    return NetworkSpec.from_records(neurons, synapses)


def rate(spec: NetworkSpec, batch: int, rows: int, kernel: str) -> float:
    """Rows per second of one epoch of SGD over `rows` rows."""
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(rows, 2))
    targets = np.sin(inputs.sum(axis=1, keepdims=True))
    network = compile_network(spec)
    initialize(network, "xavier", seed=0)
    settings = TrainingSettings(epochs=1, learning_rate=0.01, batch_size=batch, loss="mse")
    data = prepare_data(inputs, targets, settings)
    start = time.perf_counter()
    for _ in train(network, data, settings, None, kernel):
        pass
    return rows / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    threadpool_limits(1)
    kernel_warm_up.WARM_UP.wait()
    rows_out = []
    for width in WIDTHS:
        spec = layered(width)
        rows = max(2_000, min(50_000, ROW_VISITS // len(spec.synapses)))
        network = compile_network(spec)
        for batch in BATCHES:
            rates: dict[str, list[float]] = {"numpy": [], "compiled": []}
            for _ in range(args.runs):
                for kernel in rates:
                    rates[kernel].append(rate(spec, batch, rows, kernel))
            numpy_rate = statistics.median(rates["numpy"])
            compiled_rate = statistics.median(rates["compiled"])
            picked = "compiled" if kernel_choice.prefers_compiled(network, batch) else "numpy"
            best = max(numpy_rate, compiled_rate)
            ok = {"numpy": numpy_rate, "compiled": compiled_rate}[picked] >= 0.85 * best
            entry = {
                "width": width, "batch": batch, "synapses": len(spec.synapses),
                "numpy": numpy_rate, "compiled": compiled_rate, "picked": picked, "ok": ok,
            }  # fmt: skip
            rows_out.append(entry)
            if not args.json:
                print(
                    f"2-{width}x{DEPTH}-1 B={batch:<3d} numpy {numpy_rate:>10,.0f}  compiled "
                    f"{compiled_rate:>10,.0f}  ratio {compiled_rate / numpy_rate:6.2f}  "
                    f"picks {picked:8s} {'ok' if ok else 'WRONG'}"
                )
    if args.json:
        print(json.dumps({"threads": 1, "shapes": rows_out}))


if __name__ == "__main__":
    main()
