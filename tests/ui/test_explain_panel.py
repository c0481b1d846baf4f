"""The explain panel shows the engine's own numbers for the selected neuron or synapse."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.training import prepare_data
from nndesigner.model.compile import compile_document
from nndesigner.model.landscape import cost_landscape
from nndesigner.model.step_mode import number
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
    assert f"z = Σ x·w + b = {number(z)}" in text
    assert f"= {number(a)}" in text and "1 / (1 + e^−z)" in text


def test_the_backward_numbers_and_the_update_are_one_sgd_step(window):
    panel = window.explain_panel
    select_only(window, "y")
    trace = panel.trace
    step = trace.neurons["y"]
    text = panel.summary.text()
    assert f"δ = dCost/dz = {number(step.delta)}" in text
    assert f"new b = b − {number(trace.learning_rate)}·δ = {number(step.new_bias)}" in text
    for cells in table_rows(panel):
        gradient, new_weight = float(cells[4]), float(cells[5])
        weight = float(cells[2])
        assert np.isclose(new_weight, weight - trace.learning_rate * gradient, rtol=1e-5)
        assert np.isclose(gradient, step.delta * float(cells[1]), rtol=1e-5, atol=1e-9)


def test_a_synapse_and_nothing_selected(window):
    panel = window.explain_panel
    select_only(window, "s1")
    synapse = panel.trace.synapses["s1"]
    assert f"new w = w − {number(panel.trace.learning_rate)}·dCost/dw = " in panel.summary.text()
    assert number(synapse.new_weight) in panel.summary.text()
    window.scene.clearSelection()
    assert panel.summary.text().startswith("Select one neuron or one synapse")


def test_one_or_two_synapses_show_the_cost_landscape_with_the_next_step(window):
    panel = window.explain_panel
    select_only(window, "s1")
    shown = panel.landscape.landscape
    expected = cost_landscape(window.design, ["s1"])
    assert shown.synapse_ids == ("s1",)
    assert shown.current[0] == window.design.document.synapse("s1").weight
    np.testing.assert_array_equal(shown.costs, expected.costs)
    np.testing.assert_array_equal(shown.step, expected.step)
    curves = [item for item in panel.landscape.getPlotItem().listDataItems()]
    x, y = curves[0].getData()
    np.testing.assert_array_equal(y, expected.costs)
    select_only(window, "s1", "s2")
    assert panel.landscape.landscape.costs.ndim == 2
    select_only(window, "h1")
    assert panel.landscape.landscape is None


def test_a_selected_synapse_shows_its_weight_history_from_training(window, qtbot):
    window.design.settings = replace(window.design.settings, epochs=30_000)
    seen = []
    panel_training = window.training_panel
    panel_training.snapshot_taken.connect(
        lambda snapshot: seen.append(snapshot.parameters.weights["s1"])
    )
    with qtbot.waitSignal(panel_training.controller.finished, timeout=60_000):
        qtbot.mouseClick(panel_training.train_button, Qt.MouseButton.LeftButton)
    assert seen
    select_only(window, "s1")
    history = window.explain_panel.history_plot
    assert history.isVisible()
    _, weights = window.explain_panel.history_curve.getData()
    assert weights.tolist() == seen[-len(weights) :]
