"""Event-loop lag while the GUI trains, and GUI throughput against headless training.

Trains a 2-64-64-1 tanh network on 10,000 rows with batch size 32 in the offscreen main
window for DURATION seconds while a 10 ms QTimer records how late each tick fires; then
trains the same network headless (engine only) for the same number of epochs.

Run: .venv/bin/python benchmarks/ui_responsiveness.py [--json] [--seconds S]
Targets: p99 lag < 50 ms, max lag < 150 ms, throughput ratio (GUI / headless) >= 0.8.
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
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402

from benchmarks.large_design import mlp_design  # noqa: E402
from nndesigner.app import build_main_window  # noqa: E402
from nndesigner.engine.training import TrainingSettings, prepare_data, train  # noqa: E402
from nndesigner.model.compile import compile_document  # noqa: E402
from nndesigner.model.dataset import Table  # noqa: E402

TICK_MS = 10
ROWS = 10_000


def regression_table(rows: int, seed: int = 0) -> Table:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, (rows, 2))
    y = np.sin(x[:, 0]) * np.cos(x[:, 1])
    cells = tuple((f"{a:.6f}", f"{b:.6f}", f"{c:.6f}") for (a, b), c in zip(x, y, strict=True))
    return Table("generated", ("x1", "x2", "y"), cells)


def gui_run(seconds: float, settings: TrainingSettings) -> tuple[list[float], int, float]:
    """Lags of each tick (ms), epochs completed and the seconds they took, in the GUI."""
    window = build_main_window()
    design = mlp_design([2, 64, 64, 1])
    design.data = regression_table(ROWS)
    design.settings = settings
    window._install(design, None, "benchmark")
    window.show()
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
    panel.controller.progressed.connect(lambda records: epochs.__setitem__(0, records[-1].epoch))
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


def headless_seconds(epochs: int, settings: TrainingSettings) -> float:
    design = mlp_design([2, 64, 64, 1])
    table = regression_table(ROWS)
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
    args = parser.parse_args()
    settings = TrainingSettings(
        epochs=1_000_000, learning_rate=0.01, batch_size=32, optimizer="sgd", loss="mse"
    )
    lags, epochs, gui_seconds = gui_run(args.seconds, settings)
    if epochs == 0:
        raise SystemExit("no epoch finished in the GUI run")
    headless = headless_seconds(epochs, settings)
    gui_rate = epochs * ROWS / gui_seconds
    headless_rate = epochs * ROWS / headless
    result = {
        "p99_lag_ms": round(float(np.percentile(lags, 99)), 2),
        "max_lag_ms": round(float(np.max(lags)), 2),
        "throughput_ratio": round(gui_rate / headless_rate, 3),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"GUI: {epochs} epochs in {gui_seconds:.1f} s = {gui_rate:,.0f} rows/s")
        print(f"headless: same epochs in {headless:.1f} s = {headless_rate:,.0f} rows/s")
        print(f"event-loop lag over {len(lags)} ticks: {result}")


if __name__ == "__main__":
    main()
