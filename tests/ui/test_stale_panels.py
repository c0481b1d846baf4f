"""Panels follow the design from its signals: what they show after undo, after another
design or example is opened, and after Reset weights is what the design now holds."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nndesigner.resources import resource_path
from tests.ui.test_training import click
from tests.ui.test_window import select_only


def plot_title(window) -> str:
    """The title the user reads above the activation plot ('' for the gallery)."""
    view = window.activation_view
    return view.neuron_plot.plot_item.titleLabel.text if view.mode == "neuron" else ""


def choose_activation(window, name: str) -> None:
    combo = window.inspector.activation
    combo.setCurrentIndex(combo.findData(name))
    combo.activated.emit(combo.currentIndex())


def test_undo_of_an_activation_change_shows_the_old_activation(window, qtbot):
    select_only(window, "h1")
    assert plot_title(window) == "h1: Sigmoid"
    choose_activation(window, "tanh")
    qtbot.waitUntil(lambda: plot_title(window) == "h1: Tanh")
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.design.document.neuron("h1").activation == "sigmoid"
    qtbot.waitUntil(lambda: plot_title(window) == "h1: Sigmoid")
    QTest.keyClick(
        window.canvas,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: plot_title(window) == "h1: Tanh")


def test_another_example_shows_its_own_neurons_and_status(window, qtbot):
    window.design.settings = replace(window.design.settings, epochs=50)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert window.training_panel.status.text().startswith("Done: 50 epochs")
    select_only(window, "h1")
    assert plot_title(window) == "h1: Sigmoid"
    window.undo_stack.setClean()
    assert window.files.open_example(resource_path("examples", "salary.nnd.json"))
    assert window.activation_view.mode == "gallery"
    assert window.training_panel.status.text() == "Ready."
    select_only(window, "h2")
    assert plot_title(window) == "h2: Tanh"
    histogram = window.activation_view.neuron_plot.histogram_counts
    assert histogram.sum() == window.design.data.row_count


def test_reset_weights_redraws_the_decision_boundary(window, qtbot):
    qtbot.waitUntil(lambda: window.decision_boundary.grid is not None)
    before = window.decision_boundary.grid.values.copy()
    click(qtbot, window, "reset-button")
    qtbot.waitUntil(
        lambda: not np.array_equal(window.decision_boundary.grid.values, before), timeout=2000
    )
    expected = window.shown.results.snapshot().grid.values
    assert np.array_equal(window.decision_boundary.grid.values, expected)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: np.array_equal(window.decision_boundary.grid.values, before))
