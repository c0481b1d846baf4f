"""Event-loop lag while the GUI trains, and GUI throughput against headless training.

Trains a tanh network (2-64-64-1 by default) on 10,000 rows with batch size 32 in the
offscreen main window for `--seconds` while a 10 ms QTimer records how late each tick
fires; then trains the same network headless (engine only) for the same number of epochs.
`--network 784-64-10` measures a canvas of 50,816 synapses recoloured live (the window
shows the whole network, then a zoomed-in part of it, half the time each). The window
has painted once before the timer starts.

Each of `--rounds` rounds (default 3) runs the GUI, then headless, one after the other,
so a busy spell of the shared machine falls on both; the throughput ratio is the median
over the rounds, with its spread; the lags are pooled over them.

The canvas shows no neuron maps unless `--neuron-maps` is given: then every hidden and
output neuron of a two-input network shows its live map (a 2-8-8-1 network is the case
the maps are made for). Threads: training picks its BLAS threads as in the app
(engine/blas_threads.py: one on this machine's networks); the headless run does the same.

Run: .venv/bin/python benchmarks/ui_responsiveness.py [--json] [--seconds S] [--network N]
     [--rounds K] [--neuron-maps]
Targets: p99 lag < 50 ms (< 100 ms for 784-64-10), max lag < 150 ms, throughput ratio
(GUI / headless) >= 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent.parent))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer  # noqa: E402

from benchmarks.large_design import mlp_design  # noqa: E402
from nndesigner.app import build_main_window  # noqa: E402
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.training import TrainingSettings, train
from nndesigner.model.compile import compile_document  # noqa: E402
from nndesigner.model.dataset import Table  # noqa: E402

TICK_MS = 10
ROWS = 10_000


def regression_table(sizes: list[int], seed: int = 0) -> Table:
    """ROWS rows of uniform inputs with targets sin(x1) cos(x2) (each output the same)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, (ROWS, sizes[0]))
    y = np.sin(x[:, 0]) * np.cos(x[:, 1 % sizes[0]])
    values = np.column_stack([x] + [y] * sizes[-1])
    inputs = [f"x{k + 1}" for k in range(sizes[0])]
    outputs = ["y"] if sizes[-1] == 1 else [f"y{k + 1}" for k in range(sizes[-1])]
    cells = tuple(tuple(f"{v:.6f}" for v in row) for row in values)
    return Table.from_rows("generated", tuple(inputs + outputs), cells)


def gui_run(
    seconds: float, settings: TrainingSettings, sizes: list[int], neuron_maps: bool
) -> tuple[list[float], int, float]:
    """Lags of each tick (ms), epochs completed and the seconds they took, in the GUI."""
    window = build_main_window()
    design = mlp_design(sizes)
    design.data = regression_table(sizes)
    design.settings = settings
    window.files.show(design, None, "benchmark")
    window.actions["neuron_maps"].setChecked(neuron_maps)
    window.canvas_shading.show_maps(neuron_maps)
    window.show()
    view = window.canvas
    view.fit()
    QCoreApplication.processEvents()  # the window's first paint, before the clock starts
    QTimer.singleShot(int(seconds * 500), lambda: view.scale(20.0, 20.0))
    lags: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        lags.append(max(0.0, now - last[0] - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    epochs = [0]
    panel = window.training_panel
    panel.controller.events.progressed.connect(
        lambda records: epochs.__setitem__(0, records[-1].epoch)
    )
    start = time.perf_counter()
    timer.start()
    panel.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - start
    timer.stop()
    panel.stop()
    window.undo_stack.setClean()
    window.close()
    return lags, epochs[0], elapsed


def headless_seconds(epochs: int, settings: TrainingSettings, sizes: list[int]) -> float:
    design = mlp_design(sizes)
    table = regression_table(sizes)
    network = compile_document(design.document)
    data = prepare_data(design.input_array(table), design.target_array(table), settings)
    run_settings = replace(settings, epochs=epochs)
    start = time.perf_counter()
    for _ in train(network, data, run_settings):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--network", default="2-64-64-1", help="layer sizes, e.g. 784-64-10")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--neuron-maps", action="store_true", help="live maps in the neurons")
    args = parser.parse_args()
    sizes = [int(size) for size in args.network.split("-")]
    settings = TrainingSettings(
        epochs=1_000_000, learning_rate=0.01, batch_size=32, optimizer="sgd", loss="mse"
    )
    all_lags: list[float] = []
    ratios = []
    for _ in range(args.rounds):
        lags, epochs, gui_seconds = gui_run(args.seconds, settings, sizes, args.neuron_maps)
        if epochs == 0:
            raise SystemExit("no epoch finished in the GUI run")
        headless = headless_seconds(epochs, settings, sizes)
        all_lags += lags
        ratios.append(headless / gui_seconds)  # GUI rows/s over headless rows/s
        if not args.json:
            print(f"GUI: {epochs} epochs in {gui_seconds:.1f} s, headless in {headless:.1f} s")
    result = {
        "network": args.network,
        "neuron_maps": args.neuron_maps,
        "p99_lag_ms": round(float(np.percentile(all_lags, 99)), 2),
        "max_lag_ms": round(float(np.max(all_lags)), 2),
        "throughput_ratio": round(float(np.median(ratios)), 3),
        "throughput_ratio_spread": [round(min(ratios), 3), round(max(ratios), 3)],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"event-loop lag over {len(all_lags)} ticks, GUI / headless: {result}")


if __name__ == "__main__":
    main()
