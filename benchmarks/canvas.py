"""Canvas speed on large designs: building the scene, a full repaint of an unchanged
scene (panning, exposing), and recolouring every synapse then repainting (what live
training does several times a second).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/canvas.py
Aims (medians of several runs): 300 neurons / 10,000 synapses built in under 1 s and
repainted in under 50 ms; 784-64-10 (50,816 synapses) built in under 2 s and repainted
in under 100 ms.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent.parent))

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.large_design import large_design, mlp_design  # noqa: E402
from nndesigner.engine.spec import Parameters  # noqa: E402
from nndesigner.ui.canvas.scene import NetworkScene  # noqa: E402
from nndesigner.ui.canvas.view import NetworkView  # noqa: E402

RUNS = 5


def median_seconds(action, runs: int = RUNS, between=None) -> float:  # noqa: ANN001
    """Median time of `action()`; `between()`, untimed, runs after each but the last."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        if between is not None and run < runs - 1:
            between()
    return statistics.median(times)


def measure(app: QApplication, design, build_aim_ms: float, repaint_aim_ms: float) -> None:
    """Median scene build and full repaint (fit to view) of `design`, printed."""
    scenes: list[NetworkScene] = []

    def build() -> None:
        scenes.append(NetworkScene(design.document))
        scenes[-1].synapse_layer.boundingRect()  # the layer's geometry is built lazily

    def tear_down() -> None:
        scene = scenes.pop()
        scene.detach()
        del scene
        gc.collect()

    build_time = median_seconds(build, between=tear_down)
    view = NetworkView(scenes[-1])
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    view.fit()
    app.processEvents()
    repaint_time = median_seconds(lambda: view.viewport().repaint(), runs=RUNS * 2)
    rng = np.random.default_rng(0)
    ids = [s.id for s in design.document.synapses]

    def recolour_and_repaint() -> None:
        weights = dict(zip(ids, rng.normal(0, 1.5, len(ids)).tolist(), strict=True))
        view.network_scene.show_live_parameters(Parameters(weights, {}, {}))
        view.viewport().repaint()

    recolour_time = median_seconds(recolour_and_repaint, runs=RUNS * 2)
    neurons, synapses = len(design.document.neurons), len(design.document.synapses)
    print(f"design: {neurons} neurons, {synapses} synapses")
    print(f"  scene build   median {build_time * 1000:8.1f} ms   (aim < {build_aim_ms:.0f} ms)")
    print(f"  full repaint  median {repaint_time * 1000:8.1f} ms   (aim < {repaint_aim_ms:.0f} ms)")
    print(f"  recolour all synapses and repaint  median {recolour_time * 1000:8.1f} ms")
    view.close()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    measure(app, large_design(neurons=300, synapses=10_000), 1000, 50)
    measure(app, mlp_design([784, 64, 10]), 2000, 100)


if __name__ == "__main__":
    main()
