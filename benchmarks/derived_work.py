"""Derived work per gesture in the real window, and how long each gesture freezes it.

For each gesture on the bundled XOR example (offscreen main window), counts on the GUI
thread how often the network is compiled, every neuron's values are taken (snapshot),
the data are scored, a step is traced and a cost landscape is computed, by profiling
the gesture (cProfile counts calls by function, whatever name a module imported it
under), and times the gesture until the event loop is idle again (the UI is frozen for
that long). Gestures: edit the learning rate, select one neuron, deselect, select two
synapses with the Explain tab showing, hover a hidden neuron and leave it, one 50-epoch
run (compiles at its start and after its write-back).

Run: .venv/bin/python benchmarks/derived_work.py [--repeats N] [--json]
Targets (issue 18): one compile per gesture and per run start; no stall over 50 ms on
select/deselect. Times are medians and maxima over the repeats; the machine is shared.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nndesigner.app import build_main_window  # noqa: E402

# (label, function name, file the function is defined in)
COUNTED = (
    ("compiles", "compile_document", "model/compile.py"),
    ("snapshots", "take_snapshot", "engine/inspection.py"),
    ("scorings", "score_outputs", "model/metrics.py"),
    ("traces", "trace_step", "engine/trace.py"),
    ("landscapes", "cost_landscape", "model/landscape.py"),
)


def settle(milliseconds: int = 30) -> None:
    """Run the event loop until queued redraws have happened."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def measure(gesture: Callable[[], None]) -> tuple[dict[str, int], float]:
    """Calls of each counted function during `gesture` and its queued redraws, and the
    seconds until the event loop was idle (the settling time itself excluded)."""
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    gesture()
    for _ in range(3):  # the redraws it queued for the next turns of the event loop
        QApplication.processEvents()
    profile.disable()
    elapsed = time.perf_counter() - started
    profile.enable()
    settle()
    profile.disable()
    stats = pstats.Stats(profile).stats
    counts = dict.fromkeys((label for label, _, _ in COUNTED), 0)
    for (filename, _, function), (_, calls, *_rest) in stats.items():
        for label, name, where in COUNTED:
            if function == name and filename.replace("\\", "/").endswith(where):
                counts[label] += calls
    return counts, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    window = build_main_window()
    window.show()
    settle(200)
    scene, panel = window.scene, window.training_panel
    explain_dock = window.findChild(type(window._docks["explain"]), "explain-dock")
    rates = iter([0.5 + k / 1000 for k in range(10_000)])

    def run_50_epochs() -> None:
        window.design.settings = replace(window.design.settings, epochs=50)
        settle()
        loop = QEventLoop()
        panel.controller.events.finished.connect(loop.quit)
        panel.train_button.click()
        loop.exec()
        panel.controller.events.finished.disconnect(loop.quit)

    def select_synapses() -> None:
        explain_dock.raise_()
        scene.clearSelection()
        scene.synapse_items["s1"].setSelected(True)
        scene.synapse_items["s2"].setSelected(True)

    def select_neuron() -> None:
        scene.neuron_items["h1"].setSelected(True)

    def hover_and_leave() -> None:
        scene.neuron_hovered.emit("h1")
        scene.neuron_hovered.emit("")

    def edit_learning_rate() -> None:
        panel.learning_rate.setValue(next(rates))

    def nothing() -> None:
        pass

    # (gesture, what it measures, the untimed step that sets it up)
    gestures: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
        ("edit learning rate", edit_learning_rate, nothing),
        ("select a neuron", select_neuron, scene.clearSelection),
        ("deselect", scene.clearSelection, select_neuron),
        ("select two synapses", select_synapses, scene.clearSelection),
        ("deselect synapses", scene.clearSelection, select_synapses),
        ("hover h1 and leave", hover_and_leave, scene.clearSelection),
        ("one 50-epoch run", run_50_epochs, nothing),
    ]
    results = {}
    for name, gesture, set_up in gestures:
        worst: dict[str, int] = {}
        times = []
        for _ in range(args.repeats):
            set_up()
            settle()
            counts, elapsed = measure(gesture)
            worst = {label: max(worst.get(label, 0), n) for label, n in counts.items()}
            times.append(elapsed * 1000)
        results[name] = {
            **worst,
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
        }
    window.undo_stack.setClean()
    window.close()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    labels = [label for label, _, _ in COUNTED]
    print(f"{'gesture':22}" + "".join(f"{label:>11}" for label in labels) + "  median ms  max ms")
    for name, row in results.items():
        cells = "".join(f"{row[label]:>11}" for label in labels)
        print(f"{name:22}{cells}{row['median_ms']:>11}{row['max_ms']:>8}")
    print(f"(counts: the most in one of {args.repeats} repeats; GUI thread only)")


if __name__ == "__main__":
    main()
