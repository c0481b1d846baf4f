"""Step mode: forward level by level, cost, backward level by level, update — driven by
buttons and arrow keys; the canvas shows the engine's numbers, and a full cycle leaves the
design exactly one online-SGD step further."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nndesigner.engine.data_split import PreparedData, prepare_data
from nndesigner.engine.trace import trace_step
from nndesigner.engine.training import TrainingSettings, train
from nndesigner.model.compile import compile_document
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.step_mode import number
from nndesigner.resources import resource_path
from nndesigner.ui.canvas.items import ROLE_COLOURS, NeuronItem


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def engine_step(design, row: int):
    """The trace and the weights after one online-SGD step of the engine's own training
    loop on data row `row`, seen through the preprocessing training would use."""
    inputs, targets = design.data_arrays()
    prepared = prepare_data(inputs, targets, design.settings)
    pre = prepared.preprocessing
    x = pre.prepare_inputs(inputs[row : row + 1])
    y = pre.prepare_targets(targets[row : row + 1])
    settings = TrainingSettings(
        epochs=1, learning_rate=design.settings.learning_rate, batch_size=1,
        loss=design.settings.loss, shuffle=False,
    )  # fmt: skip
    trace = trace_step(
        compile_document(design.document), x[0], y[0], settings.loss, settings.learning_rate
    )
    network = compile_document(design.document)
    data = PreparedData(x, y, np.zeros((0, x.shape[1])), np.zeros((0, y.shape[1])), pre)
    list(train(network, data, settings))
    return trace, network.export_parameters()


def test_a_full_cycle_shows_every_phase_and_takes_one_sgd_step(window, qtbot):
    panel = window.explain_panel
    steps = panel.steps
    window._docks["explain"].raise_()
    panel.row_box.setValue(2)
    trace, stepped = engine_step(window.design, 1)
    click(qtbot, steps.step_button)
    items = window.scene.neuron_items
    levels = trace.levels
    kinds = []
    while True:
        phase = steps.phases[steps.phase_index]
        kinds.append(phase.kind)
        active = {i for i, item in items.items() if item.step_active}
        assert active == set(phase.active)
        if phase.kind == "forward":
            for neuron_id in phase.active:
                step = trace.neurons[neuron_id]
                assert items[neuron_id].step_text == f"z = {number(step.z)}\na = {number(step.a)}"
        if phase.kind == "backward":
            for neuron_id in phase.active:
                assert items[neuron_id].step_text == f"δ = {number(trace.neurons[neuron_id].delta)}"
        if phase.kind == "cost":
            assert number(trace.cost) in steps.phase_label.text()
        if phase.kind == "update":
            # The explain panel explains the step just taken, as the canvas shows it.
            window.scene.clearSelection()
            items["h1"].setSelected(True)
            qtbot.waitUntil(lambda: panel.trace is steps.trace)
            h1 = trace.neurons["h1"]
            shown = panel.summary.text()
            assert f"z = Σ x·w + b = {number(h1.z)}" in shown
            assert f"·δ = {number(h1.new_bias)}" in shown
            break
        click(qtbot, steps.next_button)
    depth = len(levels) - 1
    assert kinds == ["forward"] * depth + ["cost"] + ["backward"] * depth + ["update"]
    after = window.design.document.parameters()
    # Equal up to rounding: the engine folds the learning rate into the backward pass.
    assert after.weights == pytest.approx(stepped.weights, rel=1e-14, abs=1e-15)
    biases = {i: after.biases[i] for i in stepped.biases}
    assert biases == pytest.approx(stepped.biases, rel=1e-14, abs=1e-15)
    assert window.undo_stack.undoText() == "Step mode: one SGD step"


def test_arrow_keys_walk_the_phases_and_leaving_clears_the_canvas(window, qtbot):
    panel = window.explain_panel
    steps = panel.steps
    click(qtbot, steps.step_button)
    assert steps.phase_index == 0
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert steps.phase_index == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert steps.phase_index == 1
    click(qtbot, steps.step_button)  # off
    assert steps.phases == []
    assert not any(
        item.step_active or item.step_text for item in window.scene.neuron_items.values()
    )


def skip_link_softmax_design():
    """x1, x2 -> h1 (tanh) -> softmax outputs y1, y2, with a skip link x1 -> y2."""
    document = NetworkDocument()
    for neuron_id, role, activation, x in [
        ("x1", "input", "linear", 0), ("x2", "input", "linear", 0), ("h1", "hidden", "tanh", 200),
        ("y1", "output", "softmax", 400), ("y2", "output", "softmax", 400),
    ]:  # fmt: skip
        document.add_neuron(Neuron(neuron_id, role, neuron_id, activation, bias=0.1, x=x))
    links = [("x1", "h1", 0.5), ("x2", "h1", -0.4), ("h1", "y1", 0.8), ("h1", "y2", -0.3),
             ("x1", "y2", 0.6)]  # fmt: skip
    for index, (source, target, weight) in enumerate(links):
        document.add_synapse(Synapse(f"s{index}", source, target, weight))
    rows = (("0.5", "1.0", "1", "0"), ("-1.0", "0.2", "0", "1"), ("0.3", "-0.7", "1", "0"))
    settings = TrainingSettings(learning_rate=0.2, loss="cross_entropy")
    return Design(
        document, settings, data=Table.from_rows("dag.csv", ("x1", "x2", "y1", "y2"), rows)
    )


def test_step_mode_walks_a_network_with_skip_links_and_softmax(window, qtbot):
    window.files.show(skip_link_softmax_design(), None, "dag")
    panel = window.explain_panel
    steps = panel.steps
    trace, stepped = engine_step(window.design, 0)
    click(qtbot, steps.step_button)
    # Levels: inputs, h1, then the outputs (y2 is fed by x1 directly as well).
    assert [phase.kind for phase in steps.phases] == [
        "forward",
        "forward",
        "cost",
        "backward",
        "backward",
        "update",
    ]
    for _ in range(len(steps.phases) - 1):
        click(qtbot, steps.next_button)
    after = window.design.document.parameters()
    assert after.weights == pytest.approx(stepped.weights, rel=1e-14, abs=1e-15)
    biases = {i: after.biases[i] for i in stepped.biases}
    assert biases == pytest.approx(stepped.biases, rel=1e-14, abs=1e-15)


def test_opening_another_design_ends_step_mode(window, qtbot):
    steps = window.explain_panel.steps
    click(qtbot, steps.step_button)
    click(qtbot, steps.next_button)
    assert steps.phases and not window.explain_panel.row_box.isEnabled()
    before = window.undo_stack.count()
    window.files.show(skip_link_softmax_design(), None, "dag")
    assert steps.phases == [] and not steps.step_button.isChecked()
    assert window.explain_panel.row_box.isEnabled()
    assert not steps.next_button.isEnabled()
    assert window.undo_stack.count() == 0 <= before


def test_step_values_sit_on_cards_clear_of_every_other_neuron_and_label(window, qtbot):
    assert window.files.open_example(resource_path("examples", "house_prices.nnd.json"))
    steps = window.explain_panel.steps
    click(qtbot, steps.step_button)
    items = window.scene.neuron_items
    for _ in range(len(steps.phases) - 1):
        shown = [item for item in items.values() if item.step_text]
        for item in shown:
            card = item._step_card.sceneBoundingRect()
            assert item._step_card.isVisible() and item.zValue() > 2
            for other in items.values():
                if other is not item:
                    assert not card.intersects(other.sceneBoundingRect()), other.neuron_id
                    assert not card.intersects(other._label.sceneBoundingRect())
        click(qtbot, steps.next_button)


def shading(window) -> dict[str, str]:
    return {i: item.brush().color().name() for i, item in window.scene.neuron_items.items()}


def expected_shading(window) -> dict[str, str]:
    """The tints the cached results call for: each neuron's mean activation over the data."""
    means = window.shown.results.snapshot().mean_activations
    expected = {}
    for neuron in window.design.document.neurons:
        item = NeuronItem(neuron)
        item.show_activity(means.get(neuron.id))
        expected[neuron.id] = item.brush().color().name()
    return expected


def test_the_canvas_shading_follows_the_weights_through_a_step_update(window, qtbot):
    steps = window.explain_panel.steps
    qtbot.waitUntil(lambda: shading(window) == expected_shading(window))
    before = shading(window)
    click(qtbot, steps.step_button)
    for _ in range(len(steps.phases) - 1):
        click(qtbot, steps.next_button)
    assert window.undo_stack.undoText() == "Step mode: one SGD step"
    qtbot.waitUntil(lambda: shading(window) == expected_shading(window))
    assert shading(window)["h1"] != ROLE_COLOURS["hidden"]
    assert before != shading(window)  # the update changed the mean activations
