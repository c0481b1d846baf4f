"""The explain panel shows the engine's own numbers for the selected neuron or synapse."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.model.compile import compile_document
from nndesigner.model.results import Results
from nndesigner.model.step_mode import number
from nndesigner.ui.panels.explain_panel import STANDARDISED
from tests.ui.test_window import select_only


def engine_values(window, row: int):
    """z and a of every neuron on data row `row` (0-based), by the engine's forward pass."""
    design = window.design
    inputs, targets = design.data_arrays()
    # The stored preprocessing, or (XOR has none) the one training would fit.
    preprocessing = (
        design.preprocessing or prepare_data(inputs, targets, design.settings).preprocessing
    )
    x = preprocessing.prepare_inputs(inputs[row : row + 1])
    network = compile_document(design.document)
    pre, post = NumpyKernel(network).neuron_values(x)
    return {i: (pre[0, k], post[0, k]) for k, i in enumerate(network.neuron_ids)}


def table_rows(panel) -> list[list[str]]:
    table = panel.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_a_neuron_shows_its_inputs_weights_sum_and_activation(window):
    window._docks["explain"].raise_()
    panel = window.explain_panel
    panel.row_box.setValue(3)
    select_only(window, "h1")
    values = engine_values(window, 2)
    document = window.design.document
    incoming = [s for s in document.synapses if s.target == "h1"]
    rows = table_rows(panel)
    assert [r[0] for r in rows] == [document.neuron(s.source).label for s in incoming]
    for cells, synapse in zip(rows, incoming, strict=True):
        x = values[synapse.source][1]
        assert cells[1:4] == [number(x), number(synapse.weight), number(x * synapse.weight)]
    z, a = values["h1"]
    text = panel.summary.text()
    # One line each, as written: no markup shown as text (the summary is plain text).
    assert text.splitlines()[:2] == ["h1 (sigmoid) on row 3", f"z = Σ x·w + b = {number(z)}"]
    assert f"z = Σ x·w + b = {number(z)}" in text
    assert f"= {number(a)}" in text and "1 / (1 + e^−z)" in text


def engine_gradients(window, row: int):
    """The engine's own backward pass on one row: dCost/dz per neuron and dCost/dw per
    synapse, from the kernel that trains (batch of one row)."""
    design = window.design
    inputs, targets = design.data_arrays()
    pre = prepare_data(inputs, targets, design.settings).preprocessing
    x = pre.prepare_inputs(inputs[row : row + 1])
    y = pre.prepare_targets(targets[row : row + 1])
    network = compile_document(design.document)
    kernel = NumpyKernel(network)
    kernel.loss_and_gradients(x, y, get_loss(design.settings.loss))
    deltas = dict(zip(network.neuron_ids, kernel.pre_activation_gradients(1)[0], strict=True))
    weight_grads, bias_grads = {}, {}
    for level in network.levels:
        for synapse_id, r, c in zip(
            level.synapse_ids, level.synapse_rows, level.synapse_cols, strict=True
        ):
            weight_grads[synapse_id] = level.weights.grad[r, c]
        ids = network.neuron_ids[level.start : level.stop]
        bias_grads.update(zip(ids, level.bias.grad, strict=True))
    return deltas, weight_grads, bias_grads


def test_the_backward_numbers_and_the_update_are_the_engines(window):
    panel = window.explain_panel
    select_only(window, "y")
    deltas, weight_grads, bias_grads = engine_gradients(window, 0)
    rate = window.design.settings.learning_rate
    document = window.design.document
    text = panel.summary.text()
    assert f"δ = dCost/dz = {number(deltas['y'])}" in text
    new_bias = document.neuron("y").bias - rate * bias_grads["y"]
    assert f"new b = b − {number(rate)}·δ = {number(new_bias)}" in text
    incoming = [s for s in document.synapses if s.target == "y"]
    for cells, synapse in zip(table_rows(panel), incoming, strict=True):
        gradient = weight_grads[synapse.id]
        assert cells[4:] == [number(gradient), number(synapse.weight - rate * gradient)]


def test_a_synapse_and_nothing_selected(window):
    panel = window.explain_panel
    select_only(window, "s1")
    _, weight_grads, _ = engine_gradients(window, 0)
    weight = window.design.document.synapse("s1").weight
    rate = window.design.settings.learning_rate
    text = panel.summary.text()
    assert "<" not in text and text.splitlines()[0].endswith("on row 1")
    assert f"= {number(weight_grads['s1'])}" in text
    assert (
        f"new w = w − {number(rate)}·dCost/dw = {number(weight - rate * weight_grads['s1'])}"
        in text
    )
    window.scene.clearSelection()
    assert panel.summary.text().startswith("Select one neuron or one synapse")


def test_one_or_two_synapses_show_the_cost_landscape_with_the_next_step(window, qtbot):
    panel = window.explain_panel
    select_only(window, "s1")
    qtbot.waitUntil(lambda: panel.landscape.landscape is not None)
    shown = panel.landscape.landscape
    expected = Results(window.design).landscape(["s1"])
    assert shown.synapse_ids == ("s1",)
    assert shown.current[0] == window.design.document.synapse("s1").weight
    # The current cost, computed independently of the landscape: the loss of the
    # network's outputs on the (standardised) training rows.
    design = window.design
    inputs, targets = design.data_arrays()
    preprocessing = prepare_data(inputs, targets, design.settings).preprocessing
    outputs = NumpyKernel(compile_document(design.document)).predict(
        preprocessing.prepare_inputs(inputs)
    )
    cost = get_loss(design.settings.loss).value(preprocessing.prepare_targets(targets), outputs)
    assert shown.current_cost == pytest.approx(cost, rel=1e-12)
    np.testing.assert_array_equal(shown.costs, expected.costs)
    np.testing.assert_array_equal(shown.step, expected.step)
    curves = [item for item in panel.landscape.getPlotItem().listDataItems()]
    x, y = curves[0].getData()
    np.testing.assert_array_equal(y, expected.costs)
    step_line = curves[1].getData()
    assert list(step_line[0]) == [expected.current[0], expected.step[0]]
    assert list(step_line[1]) == [expected.current_cost, expected.step_cost]
    select_only(window, "s1", "s2")
    qtbot.waitUntil(lambda: panel.landscape.landscape.costs.ndim == 2)
    select_only(window, "h1")
    qtbot.waitUntil(lambda: panel.landscape.landscape is None)


def test_a_selected_synapse_shows_its_weight_history_from_training(window, qtbot):
    window.design.settings = replace(window.design.settings, epochs=30_000)
    seen = []
    panel_training = window.training_panel
    panel_training.controller.events.snapshot_taken.connect(
        lambda snapshot: seen.append(snapshot.parameters.weights["s1"])
    )
    with qtbot.waitSignal(panel_training.controller.events.finished, timeout=60_000):
        qtbot.mouseClick(panel_training.train_button, Qt.MouseButton.LeftButton)
    assert seen
    select_only(window, "s1")
    history = window.explain_panel.history_plot
    assert history.isVisible()
    _, weights = window.explain_panel.history_curve.getData()
    assert weights.tolist() == seen[-len(weights) :]


def test_undo_stack_changes_after_the_panel_is_gone_reach_nothing(window, qtbot):
    """At exit the undo stack may outlive the panel (it emits while it is torn down): the
    connection must go with the panel instead of calling into deleted widgets."""
    window.editor.add_neuron("hidden", QPointF(0.0, 400.0))
    panel = window.explain_panel
    destroyed = []
    panel.destroyed.connect(lambda: destroyed.append(True))
    panel.setParent(None)
    panel.deleteLater()
    qtbot.waitUntil(lambda: destroyed == [True])
    window.undo_stack.clear()
    assert window.undo_stack.count() == 0


def test_the_explanation_says_when_inputs_are_standardised(window):
    select_only(window, "h1")
    assert STANDARDISED in window.explain_panel.summary.text()
    window.design.settings = replace(window.design.settings, standardize_inputs=False)
    window.design.preprocessing = None
    window.explain_panel.refresh()
    assert STANDARDISED not in window.explain_panel.summary.text()
