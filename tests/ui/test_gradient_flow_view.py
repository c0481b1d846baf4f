"""The gradient flow view: synapses by |dC/dw|, neurons by |delta| on one log scale, and
a bar per level, from the results and live from the snapshots."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from nndesigner.engine.gradient_flow import log_positions
from nndesigner.ui.canvas.synapse_layer import GRADIENT_COLOURS
from tests.ui.test_training import click
from tests.ui.test_window import CTRL, SHIFT, press


def test_ctrl_shift_g_colours_the_canvas_by_gradient_and_back(window, qtbot):
    overlay = window.canvas_shading.overlay
    assert not overlay.isVisible()
    press(window, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.waitUntil(overlay.isVisible)
    flow = window.shown.results.snapshot().gradients
    values = np.array([*flow.synapses.values(), *flow.neurons.values()])
    positions, low, high = log_positions(values)
    assert window.scene.synapse_layer.gradient_positions == dict(
        zip(flow.synapses, positions[: len(flow.synapses)].tolist(), strict=True)
    )
    for k, (neuron_id, _) in enumerate(flow.neurons.items()):
        brush = window.scene.neuron_items[neuron_id].brush().color()
        expected = GRADIENT_COLOURS.map(positions[len(flow.synapses) + k], mode="qcolor")
        assert brush == expected, neuron_id
    assert (
        overlay.scale.labels()[0] == f"1e{low:.0f}" and overlay.scale.labels()[2] == f"1e{high:.0f}"
    )
    np.testing.assert_allclose(overlay.level_heights, np.clip(np.log10(flow.levels), low, high))
    press(window, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    assert window.scene.synapse_layer.gradient_positions is None


def test_the_view_follows_a_run_live(window, qtbot):
    press(window, Qt.Key.Key_G, CTRL | SHIFT)
    overlay = window.canvas_shading.overlay
    qtbot.waitUntil(overlay.isVisible)
    before = overlay.level_heights.copy()
    window.design.settings = replace(window.design.settings, epochs=10_000_000)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.snapshot_taken, timeout=30_000) as taken:
        click(qtbot, window, "train-button")
    live = taken.args[0].gradients
    assert live is not None
    qtbot.waitUntil(lambda: not np.array_equal(overlay.level_heights, before))
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "stop-button")
