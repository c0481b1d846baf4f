"""The main window trains the XOR example on a background thread and plots the cost."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path
from nndesigner.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    design = load_design(resource_path("examples", "xor.nnd.json"))
    design.settings = replace(design.settings, epochs=400)
    window = MainWindow(design)
    qtbot.addWidget(window)
    window.show()
    return window


def test_window_shows_network_on_canvas(window):
    from PySide6.QtWidgets import QGraphicsView

    canvas = window.findChild(QGraphicsView, "canvas")
    assert canvas is not None
    assert len(window.scene.neuron_items) == 5
    assert len(window.scene.synapse_items) == 6


def test_train_button_fills_cost_plot_one_point_per_epoch(window, qtbot):
    button = window.findChild(type(window.train_button), "train-button")
    with qtbot.waitSignal(window.training.finished, timeout=30_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    epochs, costs = window.cost_plot.curve.getData()
    assert list(epochs) == list(range(1, 401))
    assert costs[-1] < costs[0]
    assert button.text() == "Train"
    assert window.undo_stack.count() == 1


def test_training_writes_weights_to_document_in_one_undo_step(window, qtbot):
    before = window.design.document.parameters()
    with qtbot.waitSignal(window.training.finished, timeout=30_000):
        qtbot.mouseClick(window.train_button, Qt.MouseButton.LeftButton)
    after = window.design.document.parameters()
    assert after.weights != before.weights
    shown = {i: item.weight for i, item in window.scene.synapse_items.items()}
    assert shown == after.weights
    window.undo_stack.undo()
    assert window.design.document.parameters().weights == before.weights
