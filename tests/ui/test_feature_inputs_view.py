"""Edit > Add feature inputs (Ctrl+Shift+F) on the XOR example: the Playground's
derived inputs appear below the inputs, linked as they are, drawn in their own colour,
as one undo step; the network then trains on what they compute."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from nndesigner.model.serialize import load_design, save_design
from nndesigner.ui.canvas.items import FEATURE_COLOUR, ROLE_COLOURS
from tests.ui.test_window import CTRL, SHIFT, press

ADDED = ["x1²", "x2²", "x1·x2", "sin(x1)", "sin(x2)"]


def input_labels(window) -> list[str]:
    return window.design.input_labels()


def fill(window, neuron_id: str) -> str:
    return window.scene.neuron_items[neuron_id].brush().color().name()


def test_the_shortcut_adds_linked_feature_inputs_in_their_own_colour(window):
    press(window, Qt.Key.Key_F, CTRL | SHIFT)
    assert input_labels(window) == ["x1", "x2", *ADDED]
    document = window.design.document
    fed_by_x1 = {s.target for s in document.synapses_of("x1") if s.source == "x1"}
    for neuron in document.neurons_with_role("input")[2:]:
        assert {s.target for s in document.synapses_of(neuron.id)} == fed_by_x1
        assert neuron.y > document.neuron("x2").y
        assert fill(window, neuron.id) == QColor(FEATURE_COLOUR).name()
    assert fill(window, "x1") == QColor(ROLE_COLOURS["input"]).name()

    press(window, Qt.Key.Key_F, CTRL | SHIFT)  # all there: nothing added, and why
    assert len(input_labels(window)) == 7
    assert "are all there" in window.statusBar().currentMessage()

    press(window, Qt.Key.Key_Z, CTRL)
    assert input_labels(window) == ["x1", "x2"]


def test_the_network_sees_what_the_features_compute(window):
    press(window, Qt.Key.Key_F, CTRL | SHIFT)
    inputs, _ = window.shown.results.arrays()
    x1, x2 = inputs[:, 0], inputs[:, 1]
    expected = np.stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)], axis=1)
    np.testing.assert_allclose(inputs, expected)


def test_the_plane_and_the_predict_fields_stay_those_of_the_two_columns(window, qtbot):
    press(window, Qt.Key.Key_F, CTRL | SHIFT)
    boundary = window.decision_boundary
    qtbot.waitUntil(lambda: boundary.grid is not None)
    assert not boundary.message.isVisible()
    inputs, _ = window.shown.results.arrays()
    shown_x, shown_y = boundary.training_points.getData()  # XOR: every row trains
    assert list(shown_x) == list(inputs[:, 0]) and list(shown_y) == list(inputs[:, 1])
    # The grid is what the network computes from the features of each (x, y).
    grid = boundary.grid
    x, y = np.meshgrid(grid.x, grid.y, indexing="ij")
    x, y = x.ravel(), y.ravel()
    features = np.stack([x, y, x**2, y**2, x * y, np.sin(x), np.sin(y)], axis=1)
    expected = window.shown.results.predict(features)[:, 0].reshape(grid.values.shape)
    np.testing.assert_allclose(grid.values, expected, rtol=1e-12)

    panel = window.predict_panel
    assert list(panel.inputs) == ["x1", "x2"]
    panel.inputs["x1"].setValue(1.0)
    panel.inputs["x2"].setValue(0.0)
    one = np.array([[1.0, 0.0, 1.0, 0.0, 0.0, np.sin(1.0), 0.0]])
    shown = float(panel.outputs["y"].text())
    assert shown == pytest.approx(window.shown.results.predict(one)[0, 0], rel=1e-5)


def test_features_added_to_a_trained_design_predict_and_save(window, qtbot, tmp_path):
    """The trained preprocessing is sized for two inputs: with seven, the results use
    what training would fit now, and the saved file leaves the stale part out."""
    window.design.settings = replace(window.design.settings, epochs=5)
    window.training_panel.train_button.click()
    qtbot.waitUntil(lambda: not window.training_panel.running, timeout=20000)
    assert len(window.design.preprocessing.inputs.mean) == 2
    press(window, Qt.Key.Key_F, CTRL | SHIFT)
    results = window.shown.results
    assert results.predictions().shape == (4, 1)
    assert len(results.seen_preprocessing().inputs.mean) == 7
    path = tmp_path / "grown.nnd.json"
    save_design(window.design, path)
    assert load_design(path).input_labels() == ["x1", "x2", *ADDED]


def test_a_feature_written_otherwise_is_not_added_again(window, qtbot):
    label = window.inspector.findChild(QLineEdit, "inspector-label")
    window.editor.add_neuron("input", QPointF(0, 400))
    (new,) = [n.id for n in window.design.document.neurons_with_role("input")][2:]
    window.scene.neuron_items[new].setSelected(True)
    label.setFocus()
    label.selectAll()
    qtbot.keyClicks(label, "x2 * x1")
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert window.design.input_labels()[2] == "x2 * x1"
    press(window, Qt.Key.Key_F, CTRL | SHIFT)
    assert window.design.input_labels() == ["x1", "x2", "x2 * x1", "x1²", "x2²", "sin(x1)",
                                            "sin(x2)"]  # fmt: skip
