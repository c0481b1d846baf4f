"""Drawn data: with Draw points on, a click on the decision-boundary plot adds a point of
the chosen target and a drag erases, one undo step each; the points are saved in the
design and trained on."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtWidgets import QDockWidget

from nndesigner.model.building import LayerOptions
from nndesigner.model.serialize import load_design
from nndesigner.ui import dialogs
from tests.ui.conftest import send_mouse
from tests.ui.test_training import click, set_epochs
from tests.ui.test_window import CTRL, press

XOR_POINTS = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]


def float_plots(window, qtbot) -> None:
    """The plots in a window of their own, wide enough to aim at (the offscreen screen
    is small)."""
    plots = window.findChild(QDockWidget, "plots-dock")
    plots.setFloating(True)
    plots.resize(1200, 420)
    qtbot.wait(50)


@pytest.fixture
def drawing(window, qtbot):
    """The XOR example with its plots in a window of their own, Draw points on."""
    float_plots(window, qtbot)
    toggle = window.decision_boundary.drawing.toggle
    assert toggle.isEnabled()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert toggle.isChecked()
    return window


def plane_point(window, x: float, y: float) -> QPoint:
    """Viewport coordinates of the plane point (x, y) on the decision-boundary plot."""
    plot = window.decision_boundary.plot
    return plot.mapFromScene(plot.plotItem.vb.mapViewToScene(QPointF(x, y)))


def click_plane(window, qtbot, x: float, y: float) -> None:
    qtbot.mouseClick(
        window.decision_boundary.plot.viewport(), Qt.MouseButton.LeftButton,
        pos=plane_point(window, x, y),
    )  # fmt: skip


def drag_plane(window, start: tuple[float, float], end: tuple[float, float]) -> None:
    viewport = window.decision_boundary.plot.viewport()
    a, b = plane_point(window, *start), plane_point(window, *end)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, a, left)
    for step in range(1, 11):
        send_mouse(viewport, QEvent.Type.MouseMove, a + (b - a) * step / 10, left, none)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, b, none)


def points(window) -> list[list[float]]:
    table = window.design.data
    return np.column_stack([table.columns[c] for c in ("x1", "x2", "y")]).tolist()


def test_a_click_adds_a_point_of_the_chosen_target_as_one_undo_step(drawing, qtbot):
    window = drawing
    view_range = window.decision_boundary.plot.plotItem.vb.viewRange()
    click_plane(window, qtbot, 0.5, 0.25)
    assert points(window) == XOR_POINTS + [[pytest.approx(0.5, abs=0.02),
                                            pytest.approx(0.25, abs=0.02), 1.0]]  # fmt: skip
    assert window.undo_stack.undoText() == "Add point"
    # The plane stays still under the pen; the new point is drawn.
    assert window.decision_boundary.plot.plotItem.vb.viewRange() == view_range
    qtbot.waitUntil(lambda: len(window.decision_boundary.training_points.data) == 5)
    target = window.decision_boundary.drawing.target
    target.selectAll()
    qtbot.keyClicks(target, "0")
    click_plane(window, qtbot, 0.2, 0.8)
    assert points(window)[-1][2] == 0.0 and len(points(window)) == 6
    press(window, Qt.Key.Key_Z, CTRL)
    press(window, Qt.Key.Key_Z, CTRL)
    assert points(window) == XOR_POINTS
    assert window.design.data.generator is None  # the CSV the example reads, as it was


def test_a_drag_erases_the_points_under_the_brush(drawing, qtbot):
    window = drawing
    drag_plane(window, (-0.1, 1.0), (0.3, 1.0))  # over (0, 1) only
    assert points(window) == [p for p in XOR_POINTS if p[:2] != [0, 1]]
    assert window.undo_stack.undoText() == "Erase points"
    drag_plane(window, (0.4, 0.5), (0.6, 0.5))  # near no point: nothing to undo
    assert window.undo_stack.undoText() == "Erase points" and len(points(window)) == 3
    press(window, Qt.Key.Key_Z, CTRL)
    assert points(window) == XOR_POINTS


def test_drawn_points_are_saved_in_the_design_and_trained_on(drawing, qtbot, tmp_path,
                                                             monkeypatch):  # fmt: skip
    window = drawing
    click_plane(window, qtbot, 0.5, 0.5)
    drawn = points(window)
    path = tmp_path / "drawn.nnd.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args, **kwargs: str(path))
    press(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    opened = load_design(path)
    assert opened.data_source["columns"] == ["x1", "x2", "y"]
    table = opened.data
    assert np.column_stack([table.columns[c] for c in ("x1", "x2", "y")]).tolist() == drawn
    assert "drawn points (5 rows)" in window.training_panel.data_label.text()
    toggle = window.decision_boundary.drawing.toggle
    set_epochs(window, 20)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
        assert not toggle.isEnabled()  # no new data under a run
    assert "Done: 20 epochs" in window.training_panel.status.text()
    assert toggle.isEnabled() and toggle.isChecked()  # drawing goes on after the run
    click_plane(window, qtbot, 0.1, 0.1)
    assert len(points(window)) == 6


def test_drawing_is_off_where_it_cannot_apply(window, qtbot):
    toggle = window.decision_boundary.drawing.toggle
    assert toggle.isEnabled()
    window.files.new_design()  # no neurons: nothing to draw for
    assert not toggle.isEnabled()
    assert "two inputs" in toggle.toolTip()


def test_a_new_design_learns_from_points_drawn_on_an_empty_plane(window, qtbot, monkeypatch):
    window.files.new_design()
    layers = iter([LayerOptions(2, "input", "linear", "none"),
                   LayerOptions(4, "hidden", "tanh", "previous"),
                   LayerOptions(1, "output", "sigmoid", "previous")])  # fmt: skip
    monkeypatch.setattr(dialogs, "ask_layer_options", lambda parent, previous: next(layers))
    for _ in range(3):
        window.actions["add_layer"].trigger()
    assert window.design.data is None
    float_plots(window, qtbot)
    toggle = window.decision_boundary.drawing.toggle
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    box = window.decision_boundary.plot.plotItem.vb
    for low, high in box.viewRange():  # a plane to draw on (its aspect kept)
        assert -1.5 < low <= -1.0 and 1.0 <= high < 1.5
    target = window.decision_boundary.drawing.target
    for value, spots in ((1.0, [(-0.6, 0.5), (-0.5, -0.4), (-0.7, 0.0)]),
                         (0.0, [(0.6, 0.5), (0.5, -0.4), (0.7, 0.0)])):  # fmt: skip
        target.setValue(value)
        for x, y in spots:
            click_plane(window, qtbot, x, y)
    table = window.design.data
    assert table.header[2] == window.design.output_labels()[0] and table.row_count == 6
    assert "drawn points (6 rows)" in window.training_panel.data_label.text()
    set_epochs(window, 300)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    grid = window.decision_boundary.grid
    qtbot.waitUntil(lambda: window.decision_boundary.image.isVisible())
    left, right = grid.values[5, 32], grid.values[-5, 32]  # x low and high, y middle
    assert left > 0.5 > right
