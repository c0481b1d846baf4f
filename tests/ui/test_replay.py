"""Replay: once a run is over, dragging the cursor back along the cost plot (or moving
it with the arrow keys) shows the canvas, the neuron maps, the decision boundary and the
explain panel as they were at that epoch; training from there asks first."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtWidgets import QDockWidget

from nndesigner.engine.inspection import output_grid, padded_bounds
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.neuron_maps import neuron_maps
from nndesigner.model.compile import compile_document
from nndesigner.ui import dialogs
from tests.ui.conftest import send_mouse
from tests.ui.test_training import click, set_epochs
from tests.ui.test_window import CTRL, press

EPOCHS = 400


@pytest.fixture
def trained(window, qtbot):
    """The XOR example after a run of EPOCHS epochs, the plots in a wide window of their
    own (the offscreen screen is small): room to drag."""
    plots = window.findChild(QDockWidget, "plots-dock")
    plots.setFloating(True)
    plots.resize(1400, 400)
    set_epochs(window, EPOCHS)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    qtbot.waitUntil(lambda: window.cost_plot.replay_cursor.line.isVisible())
    qtbot.wait(50)  # the plot's range follows the last points at its next paint
    return window


def plot_point(window, epoch: float) -> QPoint:
    """Viewport coordinates of `epoch` on the cost plot, halfway up."""
    plot = window.cost_plot.plot
    box = plot.plotItem.vb
    (_, _), (low, high) = box.viewRange()
    scene = box.mapViewToScene(QPointF(epoch, (low + high) / 2))
    return plot.mapFromScene(scene)


def drag_cursor(window, qtbot, to_epoch: float) -> None:
    """Press on the replay line, move with the button held, release at `to_epoch`."""
    viewport = window.cost_plot.plot.viewport()
    start = plot_point(window, window.cost_plot.replay_cursor.line.value())
    end = plot_point(window, to_epoch)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(viewport, QEvent.Type.MouseMove, start, none, none)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start, left)
    for step in range(1, 9):
        point = start + (end - start) * step / 8
        qtbot.wait(20)  # pyqtgraph drops moves that come faster than 100 a second
        send_mouse(viewport, QEvent.Type.MouseMove, point, left, none)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, none)
    qtbot.wait(20)


def at(window, tape, epoch: int):
    """The design's network with the parameters `tape` recorded after `epoch`."""
    return tape.network_at(epoch, compile_document(window.design.document))


def replayed_epoch(window) -> int | None:
    replayed = window.shown.results.replaying
    return None if replayed is None else replayed.epoch


def shown_grid(window) -> np.ndarray:
    return window.decision_boundary.image.image


def grid_of(window, network) -> np.ndarray:
    """The output over the plane of `network`, computed here from the data."""
    results = window.shown.results
    inputs, _ = results.arrays()
    preprocessing = results.seen_preprocessing()
    return output_grid(network, preprocessing, *padded_bounds(inputs)).values


def test_dragging_the_cursor_back_shows_every_panel_at_that_epoch(trained, qtbot):
    window = trained
    tape = window.training_panel.controller.tape
    assert window.cost_plot.replay_cursor.line.value() == EPOCHS
    trained_grid = shown_grid(window).copy()
    drag_cursor(window, qtbot, EPOCHS * 0.25)
    epoch = replayed_epoch(window)
    assert epoch is not None and abs(epoch - EPOCHS * 0.25) <= tape.stride
    assert window.cost_plot.replay_cursor.line.value() == epoch  # snapped to a recorded epoch
    training_cost, _ = window.shown.results.costs()
    assert window.cost_plot.readout.text() == f"epoch {epoch} (replay): cost {training_cost:.4g}"
    assert f"Replaying epoch {epoch}" in window.statusBar().currentMessage()
    network = at(window, tape, epoch)
    at_epoch = network.export_parameters()
    # The decision boundary is the network's at that epoch, not the trained one's.
    assert np.allclose(shown_grid(window), grid_of(window, network))
    assert not np.allclose(shown_grid(window), trained_grid)
    # The synapses are coloured by that epoch's weights; the document keeps its own.
    shown_weights = window.scene.synapse_layer._shown_weights
    assert shown_weights == pytest.approx(at_epoch.weights)
    assert window.design.document.parameters().weights != pytest.approx(at_epoch.weights)
    # Every neuron map is that epoch's.
    results = window.shown.results
    maps = results.snapshot().maps
    bounds = padded_bounds(results.arrays()[0])
    expected_maps = neuron_maps(network, results.seen_preprocessing(), *bounds)
    for neuron_id in expected_maps.ids:
        assert np.allclose(maps.of(neuron_id), expected_maps.of(neuron_id)), neuron_id
    output = window.design.document.neurons_with_role("output")[0].id
    item = window.scene.neuron_items[output]
    assert item.map.isVisible()
    # The explain panel's arithmetic is that epoch's.
    window.scene.neuron_items[output].setSelected(True)
    qtbot.waitUntil(lambda: window.explain_panel.trace is not None)
    inputs, _ = window.shown.results.arrays()
    seen = window.shown.results.seen_preprocessing().prepare_inputs(inputs[:1])
    expected = NumpyKernel(network).predict(seen)[0, 0]
    assert window.explain_panel.trace.neurons[output].a == pytest.approx(expected)


def test_keys_step_through_the_recorded_epochs_and_end_returns(trained, qtbot):
    window = trained
    tape = window.training_panel.controller.tape
    trained_grid = shown_grid(window).copy()
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    assert window.cost_plot.hasFocus()
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Home)
    assert replayed_epoch(window) == 0
    assert window.cost_plot.readout.text().startswith("epoch 0 (replay)")
    assert "before training" in window.cost_plot.readout.toolTip()
    start_grid = grid_of(window, at(window, tape, 0))
    qtbot.waitUntil(lambda: np.allclose(shown_grid(window), start_grid))
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Right)
    assert replayed_epoch(window) == tape.epochs[1]
    assert window.cost_plot.replay_cursor.line.value() == tape.epochs[1]
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_End)
    assert replayed_epoch(window) is None
    assert window.cost_plot.readout.text().startswith(f"epoch {EPOCHS}: cost")
    assert window.statusBar().currentMessage() == ""
    qtbot.waitUntil(lambda: np.allclose(shown_grid(window), trained_grid))
    shown_weights = window.scene.synapse_layer._shown_weights
    assert shown_weights == pytest.approx(window.design.document.parameters().weights)


def test_training_from_a_replayed_epoch_asks_then_goes_on_from_it(trained, qtbot, monkeypatch):
    window = trained
    controller = window.training_panel.controller
    trained_weights = window.design.document.parameters().weights
    asked = []
    answer = [None]
    monkeypatch.setattr(
        dialogs, "ask_train_from_epoch", lambda _, e, more: asked.append((e, more)) or answer[0]
    )
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    for _ in range(3):
        qtbot.keyClick(window.cost_plot, Qt.Key.Key_Left)
    epoch = replayed_epoch(window)
    assert epoch is not None and epoch < EPOCHS
    at_epoch = at(window, controller.tape, epoch).export_parameters()
    click(qtbot, window, "train-button")  # declined: nothing trains, the replay stays
    assert asked == [(epoch, EPOCHS)] and not controller.running
    assert replayed_epoch(window) == epoch
    answer[0] = "epoch"
    set_epochs(window, 50)
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    # The run went on from the epoch's weights: its epochs count on from there.
    curve = window.cost_plot.curve.xData
    assert curve[-1] == epoch + 50
    assert np.all(np.diff(curve) > 0) and curve[0] == 1
    assert controller.tape.epochs[0] == 0 and epoch in controller.tape.epochs
    assert at(window, controller.tape, epoch).export_parameters() == at_epoch
    # Undo: the run, then the step back to the epoch; the first run's weights return.
    press(window, Qt.Key.Key_Z, CTRL)
    assert window.design.document.parameters().weights == pytest.approx(at_epoch.weights)
    press(window, Qt.Key.Key_Z, CTRL)
    assert window.design.document.parameters().weights == pytest.approx(trained_weights)
    # The design no longer has the weights the last run ended with: nothing to replay.
    assert not window.cost_plot.replay_cursor.line.isVisible()


def test_undoing_the_run_hides_the_cursor_and_redoing_brings_it_back(trained, qtbot):
    window = trained
    press(window, Qt.Key.Key_Z, CTRL)
    assert not window.cost_plot.replay_cursor.line.isVisible()
    press(window, Qt.Key.Key_Y, CTRL)
    assert window.cost_plot.replay_cursor.line.isVisible()


def test_training_from_the_end_leaves_the_replay(trained, qtbot, monkeypatch):
    window = trained
    monkeypatch.setattr(dialogs, "ask_train_from_epoch", lambda *args: "end")
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Home)
    trained_weights = window.design.document.parameters().weights
    set_epochs(window, 5)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    assert list(window.cost_plot.curve.xData) == [1, 2, 3, 4, 5]
    assert window.undo_stack.undoText() == "Train network"
    press(window, Qt.Key.Key_Z, CTRL)
    assert window.design.document.parameters().weights == pytest.approx(trained_weights)


def test_a_run_that_cannot_start_leaves_the_design_and_the_replay(trained, qtbot, monkeypatch):
    window = trained
    monkeypatch.setattr(dialogs, "ask_train_from_epoch", lambda *args: "epoch")
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _, message: errors.append(message))
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Home)
    window.design.settings = replace(window.design.settings, early_stopping=10)
    trained_weights = window.design.document.parameters().weights
    click(qtbot, window, "train-button")  # early stopping needs held-out rows
    assert errors and not window.training_panel.controller.running
    assert window.design.document.parameters().weights == trained_weights
    assert replayed_epoch(window) == 0


def test_early_stopping_ends_the_tape_at_the_best_epoch(window, qtbot, monkeypatch):
    monkeypatch.setattr(
        dialogs, "ask_dataset", lambda _: dialogs.DatasetChoice("moons", 60, 0.4, 0)
    )
    window.files.load_dataset()
    window.design.settings = replace(
        window.design.settings, epochs=20_000, validation_split=0.5, early_stopping=30
    )
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    last = window.cost_plot.curve.xData[-1]
    assert "stopped early" in window.training_panel.status.text()
    tape = controller.tape
    assert tape.end < tape.epochs[-1] <= last  # the best epoch's weights came back
    assert tape.ends_with(compile_document(window.design.document))
    cursor = window.cost_plot.replay_cursor
    qtbot.waitUntil(cursor.line.isVisible)
    assert cursor.line.value() == tape.end
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Right)  # past the best: the later weights
    assert replayed_epoch(window) > tape.end
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Escape)
    assert replayed_epoch(window) is None and cursor.line.value() == tape.end


def test_an_edit_ends_the_replay_and_a_new_structure_hides_the_cursor(trained, qtbot):
    window = trained
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Home)
    assert replayed_epoch(window) == 0
    synapse = window.design.document.synapses[0].id
    window.scene.synapse_items[synapse].setSelected(True)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert replayed_epoch(window) is None
    assert not window.cost_plot.replay_cursor.line.isVisible()
    press(window, Qt.Key.Key_Z, CTRL)  # the same network again: the run can be replayed
    assert window.cost_plot.replay_cursor.line.isVisible()
    assert window.cost_plot.replay_cursor.line.value() == EPOCHS


def test_the_inspector_shows_the_replayed_values_read_only(trained, qtbot):
    window = trained
    tape = window.training_panel.controller.tape
    output = window.design.document.neurons_with_role("output")[0].id
    window.scene.neuron_items[output].setSelected(True)
    inspector = window.inspector
    qtbot.mouseClick(window.cost_plot.plot.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_Home)
    at_start = at(window, tape, 0).export_parameters().biases[output]
    assert inspector.bias.value() == pytest.approx(at_start, abs=1e-4)
    assert inspector.bias.isReadOnly() and "at epoch 0 (replay)" in inspector.title.text()
    qtbot.keyClick(window.cost_plot, Qt.Key.Key_End)
    own = window.design.document.neuron(output).bias
    assert inspector.bias.value() == pytest.approx(own, abs=1e-4)
    assert not inspector.bias.isReadOnly() and "replay" not in inspector.title.text()
