"""Neuron maps: each hidden and output neuron shows, inside its circle, what it computes
over the input plane; clicking one shows it large on the decision-boundary plot."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor

from nndesigner.ui.plane_colours import MAP_COLOURS
from tests.ui.conftest import send_mouse, view_point
from tests.ui.test_training import click
from tests.ui.test_window import CTRL, press


def shown_maps(window) -> dict[str, bool]:
    return {i: item.map.isVisible() for i, item in window.scene.neuron_items.items()}


def centre_colour(window, neuron_id: str) -> QColor:
    """The colour the neuron's map shows at the middle of the plane."""
    image = window.scene.neuron_items[neuron_id].map.image
    return image.pixelColor(image.width() // 2, image.height() // 2)


def expected_centre_colour(maps, neuron_id: str) -> QColor:
    values = maps.of(neuron_id)
    low, high = maps.levels[maps.ids.index(neuron_id)]
    middle = values.shape[0] // 2  # the image's middle pixel: x index n/2, y row n/2 up
    value = values[middle, values.shape[1] - 1 - middle]
    return MAP_COLOURS.map(float(np.clip((value - low) / (high - low), 0, 1)), mode="qcolor")


def close_colours(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 3


def click_neuron(window, neuron_id: str) -> None:
    viewport = window.canvas.viewport()
    point = view_point(window, window.scene.neuron_items[neuron_id].scenePos())
    left = Qt.MouseButton.LeftButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, point, left)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton)


def test_a_two_input_design_opens_with_a_map_in_every_hidden_and_output_neuron(window, qtbot):
    assert window.actions["neuron_maps"].isChecked()
    document = window.design.document
    qtbot.waitUntil(lambda: any(shown_maps(window).values()))
    expected = {n.id: n.role != "input" for n in document.neurons}
    assert shown_maps(window) == expected
    maps = window.shown.results.snapshot().maps
    for neuron in document.neurons_with_role("hidden") + document.neurons_with_role("output"):
        seen = centre_colour(window, neuron.id)
        assert close_colours(seen, expected_centre_colour(maps, neuron.id)), neuron.id


def test_ctrl_m_turns_the_maps_off_and_on_and_is_remembered(window, qtbot):
    qtbot.waitUntil(lambda: any(shown_maps(window).values()))
    press(window, Qt.Key.Key_M, CTRL)
    qtbot.waitUntil(lambda: not any(shown_maps(window).values()))
    assert not window.actions["neuron_maps"].isChecked()
    window.files.new_design()  # the choice holds for the next design
    assert not window.actions["neuron_maps"].isChecked()
    press(window, Qt.Key.Key_M, CTRL)
    assert window.actions["neuron_maps"].isChecked()


def test_the_maps_follow_training_live_and_end_with_the_trained_weights(window, qtbot):
    qtbot.waitUntil(lambda: any(shown_maps(window).values()))
    output = window.design.document.neurons_with_role("output")[0].id
    before = window.scene.neuron_items[output].map.image
    window.design.settings = replace(window.design.settings, epochs=10_000_000)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.snapshot_taken, timeout=30_000) as taken:
        click(qtbot, window, "train-button")
    assert taken.args[0].maps is not None
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "stop-button")
    trained = window.shown.results.snapshot().maps
    assert window.scene.neuron_items[output].map.image != before
    assert close_colours(centre_colour(window, output), expected_centre_colour(trained, output))


def test_clicking_a_hidden_neuron_shows_its_map_large_also_while_training(window, qtbot):
    hidden = window.design.document.neurons_with_role("hidden")[0]
    click_neuron(window, hidden.id)
    assert window.shown.selected_plot_neuron() == hidden.id
    plot = window.decision_boundary
    qtbot.waitUntil(lambda: f"output of {hidden.label}" in plot.plot.plotItem.titleLabel.text)
    np.testing.assert_array_equal(
        plot.grid.values, window.shown.results.neuron_grid(hidden.id).values
    )
    window.design.settings = replace(window.design.settings, epochs=10_000_000)
    controller = window.training_panel.controller
    with qtbot.waitSignal(
        controller.events.snapshot_taken, timeout=30_000, check_params_cb=lambda s: s.grid
    ) as taken:
        click(qtbot, window, "train-button")
    assert taken.args[0].grid.neuron_id == hidden.id
    assert f"output of {hidden.label}" in plot.plot.plotItem.titleLabel.text
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "stop-button")
    window.scene.clearSelection()
    qtbot.waitUntil(lambda: "network output" in plot.plot.plotItem.titleLabel.text)
