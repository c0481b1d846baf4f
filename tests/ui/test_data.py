"""Bundled datasets in the GUI: loading one fits the network's inputs and outputs, and a
2-8-8-1 tanh network learns the spiral through the panel's controls."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtTest import QTest

from nndesigner.model.building import LayerOptions, columns
from nndesigner.model.results import Results
from nndesigner.model.run_checks import off_path_neurons
from nndesigner.ui import dialogs
from tests.ui.conftest import send_mouse, view_point
from tests.ui.test_canvas import centre
from tests.ui.test_training import click


def build_mlp(window, monkeypatch, hidden: list[int]) -> None:
    window.files.new_design()
    layers = [LayerOptions(2, "input", "linear", "none")]
    layers += [LayerOptions(n, "hidden", "tanh", "previous") for n in hidden]
    layers += [LayerOptions(1, "output", "sigmoid", "previous")]
    choices = iter(layers)
    monkeypatch.setattr(dialogs, "ask_layer_options", lambda parent, previous: next(choices))
    for _ in layers:
        window.actions["add_layer"].trigger()


def load_spiral(window, monkeypatch, rows: int = 400) -> None:
    choice = dialogs.DatasetChoice("spiral", rows, 0.1, 0)
    monkeypatch.setattr(dialogs, "ask_dataset", lambda parent: choice)
    window.training_panel.load_dataset_button.click()


def choose(box, value) -> None:
    box.setCurrentIndex(box.findData(value))
    box.activated.emit(box.currentIndex())


def test_loading_a_dataset_relabels_the_outputs_in_one_undo_step(window, monkeypatch, qtbot):
    build_mlp(window, monkeypatch, [3])
    load_spiral(window, monkeypatch, rows=100)
    document = window.design.document
    assert [n.label for n in document.neurons_with_role("input")] == ["x1", "x2"]
    assert [n.label for n in document.neurons_with_role("output")] == ["label"]
    assert window.design.data.row_count == 100
    qtbot.waitUntil(lambda: window.decision_boundary.grid is not None)
    window.actions["undo"].trigger()
    assert window.design.data is None
    qtbot.waitUntil(lambda: window.decision_boundary.grid is None)
    assert [n.label for n in document.neurons_with_role("output")] == ["y1"]


def test_an_empty_design_gets_neurons_for_the_datasets_columns(window, monkeypatch):
    window.files.new_design()
    load_spiral(window, monkeypatch, rows=50)
    roles = sorted((n.role, n.label) for n in window.design.document.neurons)
    assert roles == [("input", "x1"), ("input", "x2"), ("output", "label")]


def test_a_2_8_8_1_tanh_network_learns_the_spiral(window, qtbot, monkeypatch):
    build_mlp(window, monkeypatch, [8, 8])
    load_spiral(window, monkeypatch)
    panel = window.training_panel
    choose(panel.optimizer, "adam")
    choose(panel.loss, "binary_cross_entropy")
    choose(panel.init, "xavier")
    panel.learning_rate.setValue(0.03)
    qtbot.mouseClick(panel.full_batch_button, Qt.MouseButton.LeftButton)
    panel.epochs.setValue(2000)
    panel.seed.setValue(0)
    with qtbot.waitSignal(panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    inputs, targets = window.design.data_arrays()
    accuracy = np.mean((Results(window.design).predict(inputs) > 0.5) == (targets > 0.5))
    assert accuracy >= 0.95
    boundary = window.decision_boundary
    # The run's last grid is drawn on the next turn of the event loop.
    qtbot.waitUntil(lambda: boundary.grid is not None and np.ptp(boundary.grid.values) > 0.8)
    grid = boundary.grid
    assert grid.values.min() < 0.1 and grid.values.max() > 0.9
    # A legend for the colours, and the line where the output crosses 0.5 (the spiral's
    # two arms: a long curve, well inside the plane).
    assert boundary.scale.isVisible() and boundary.scale.labels() == ("0", "0.5", "1")
    boundary.contour.generatePath()
    outline = boundary.contour.path.boundingRect()  # in the image's cells
    assert boundary.image.boundingRect().contains(outline)
    assert outline.width() > 0.5 * len(grid.x)


def test_predict_panel_reads_typed_inputs_and_scores_the_data(window, qtbot):
    from PySide6.QtWidgets import QDoubleSpinBox, QLabel

    panel = window.predict_panel
    x1 = panel.findChild(QDoubleSpinBox, "predict-input-x1")
    x2 = panel.findChild(QDoubleSpinBox, "predict-input-x2")
    output = panel.findChild(QLabel, "predict-output-y")
    x1.setValue(1.0)
    x2.setValue(0.0)
    expected = Results(window.design).predict(np.array([[1.0, 0.0]]))[0, 0]
    assert float(output.text()) == pytest.approx(expected, rel=1e-5)
    window.design.settings = replace(window.design.settings, epochs=2000)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    qtbot.waitUntil(lambda: float(output.text()) > 0.9, timeout=5_000)
    assert "accuracy 100.0% (4 rows)" in panel.scores.text()
    qtbot.mouseClick(panel.predict_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 4
    assert panel.table.horizontalHeaderItem(0).text() == "y predicted"


def test_hovering_a_hidden_neuron_shows_its_own_output_over_the_plane(window, monkeypatch):
    output_grid = window.decision_boundary.grid.values.copy()
    viewport = window.canvas.viewport()
    nothing = Qt.MouseButton.NoButton
    send_mouse(viewport, QEvent.Type.MouseMove, centre(window, "h1"), nothing, nothing)
    hovered = window.decision_boundary.grid.values
    assert hovered.shape == output_grid.shape and not np.allclose(hovered, output_grid)
    assert hovered.min() >= 0.0 and hovered.max() <= 1.0
    assert window.decision_boundary.scale.labels() == ("0", "0.5", "1")
    away = view_point(window, QPointF(100, -150))
    assert window.canvas.itemAt(away) is None
    send_mouse(viewport, QEvent.Type.MouseMove, away, nothing, nothing)
    np.testing.assert_allclose(window.decision_boundary.grid.values, output_grid)


def test_the_decision_boundary_says_what_it_needs(window, qtbot):
    window.files.new_design()
    for role in ("input", "input", "output"):
        qtbot.mouseDClick(window.palette.entries[role], Qt.MouseButton.LeftButton)
    assert len(window.design.document.neurons) == 3
    qtbot.waitUntil(lambda: "Load data" in window.decision_boundary.message.toPlainText())
    qtbot.mouseDClick(window.palette.entries["input"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "two inputs" in window.decision_boundary.message.toPlainText())
    assert window.decision_boundary.message.isVisible()


def test_hidden_layers_added_after_the_data_go_between_inputs_and_outputs(
    window, qtbot, monkeypatch
):
    window.files.new_design()
    load_spiral(window, monkeypatch, rows=60)
    document = window.design.document
    layers = iter([LayerOptions(4, "hidden", "tanh", "previous")] * 2)
    monkeypatch.setattr(dialogs, "ask_layer_options", lambda parent, previous: next(layers))
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    label = {n.id: n.label for n in document.neurons}
    x = {n.label: n.x for n in document.neurons}
    first, second = columns(document, [n.id for n in document.neurons_with_role("hidden")])
    links = {(label[s.source], label[s.target]) for s in document.synapses}
    expected = {(i, label[h]) for i in ("x1", "x2") for h in first}
    expected |= {(label[a], label[b]) for a in first for b in second}
    expected |= {(label[h], "label") for h in second}
    assert links == expected  # inputs -> first -> second -> output, nothing bypassed
    assert x["x1"] < x[label[first[0]]] < x[label[second[0]]] < x["label"]
    assert off_path_neurons(document) == []
    assert window.canvas.visible_rect().contains(window.scene.network_rect())
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    links = {(label[s.source], label[s.target]) for s in document.synapses}
    assert links == {(i, label[h]) for i in ("x1", "x2") for h in first} | {
        (label[h], "label") for h in first
    }


def test_a_fresh_network_on_a_dataset_shows_a_probability_scale_and_a_short_data_name(
    window, qtbot, monkeypatch
):
    window.files.new_design()
    load_spiral(window, monkeypatch, rows=50)  # all weights zero: the output is 0.5 everywhere
    boundary = window.decision_boundary
    qtbot.waitUntil(lambda: boundary.grid is not None)
    assert np.ptp(boundary.grid.values) == 0
    assert boundary.scale.labels() == ("0", "0.5", "1")
    label = window.training_panel.data_label
    assert label.text() == "spiral (50 rows)"
    assert "noise 0.1" in label.toolTip()
