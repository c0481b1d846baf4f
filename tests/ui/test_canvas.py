"""Designing on the canvas with real mouse events, drops and keys; every step undoable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from nndesigner.ui.canvas.items import NEURON_RADIUS, SynapseItem
from nndesigner.ui.panels.palette import neuron_mime_data
from tests.ui.conftest import mouse_drag, send_mouse, snapshot, view_point


def drop_neuron(window, role: str, scene_point: QPointF) -> None:
    """A real drag-enter, drag-move and drop of the palette's MIME data on the viewport."""
    viewport = window.canvas.viewport()
    point = QPointF(view_point(window, scene_point))
    data = neuron_mime_data(role)
    args = (
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    for event_type in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        event = event_type(point.toPoint() if event_type is not QDropEvent else point, *args)
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted(), event_type.__name__


def centre(window, neuron_id: str) -> QPoint:
    return view_point(window, window.scene.neuron_items[neuron_id].pos())


def handle(window, neuron_id: str) -> QPoint:
    item = window.scene.neuron_items[neuron_id]
    return view_point(window, item.pos() + QPointF(NEURON_RADIUS, 0))


def added_neuron(window, before: set[str]) -> str:
    (new,) = {n.id for n in window.design.document.neurons} - before
    return new


def test_drop_places_a_neuron_of_each_role_at_the_mouse(window):
    document = window.design.document
    for role, spot in (("input", (-200, 300)), ("hidden", (0, 300)), ("output", (200, 300))):
        before = {n.id for n in document.neurons}
        drop_neuron(window, role, QPointF(*spot))
        neuron = document.neuron(added_neuron(window, before))
        assert neuron.role == role
        assert abs(neuron.x - spot[0]) <= 2 and abs(neuron.y - spot[1]) <= 2
        assert neuron.id in window.scene.neuron_items
    assert window.undo_stack.count() == 3


def test_drag_between_neurons_connects_them(window):
    document = window.design.document
    before = {n.id for n in document.neurons}
    drop_neuron(window, "input", QPointF(0, 400))
    new_input = added_neuron(window, before)
    mouse_drag(window, handle(window, new_input), centre(window, "h2"))
    links = {(s.source, s.target) for s in document.synapses}
    assert (new_input, "h2") in links
    assert window.undo_stack.undoText() == "Connect neurons"


def test_a_cycle_is_refused_with_the_reason_in_the_status_bar(window, qtbot):
    document = window.design.document
    mouse_drag(window, handle(window, "h1"), centre(window, "h2"))
    assert ("h1", "h2") in {(s.source, s.target) for s in document.synapses}
    before = snapshot(window.design)
    mouse_drag(window, handle(window, "h2"), centre(window, "h1"))
    assert snapshot(window.design) == before
    assert "would make a loop" in window.statusBar().currentMessage()
    # The next step the user takes makes the old hint stale: it goes.
    mouse_drag(window, centre(window, "y"), centre(window, "y") + QPoint(30, 0))
    assert window.statusBar().currentMessage() == ""


def test_dragging_a_neuron_moves_it_in_one_undo_step(window):
    document = window.design.document
    start = document.neuron("h1")
    mouse_drag(window, centre(window, "h1") + QPoint(-8, 0), centre(window, "h1") + QPoint(52, 80))
    moved = document.neuron("h1")
    assert (moved.x - start.x, moved.y - start.y) != (0, 0)
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert (document.neuron("h1").x, document.neuron("h1").y) == (start.x, start.y)
    assert window.scene.neuron_items["h1"].pos() == QPointF(start.x, start.y)


def test_rubber_band_select_and_delete_removes_neurons_with_their_synapses(window, qtbot):
    document = window.design.document
    h1, h2 = (window.scene.neuron_items[i].pos() for i in ("h1", "h2"))
    top_left = view_point(window, QPointF(h1.x() - 60, min(h1.y(), h2.y()) - 60))
    bottom_right = view_point(window, QPointF(h1.x() + 45, max(h1.y(), h2.y()) + 60))
    mouse_drag(window, top_left, bottom_right)
    assert sorted(window.scene.selected_neuron_ids()) == ["h1", "h2"]
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert {n.id for n in document.neurons} == {"x1", "x2", "y"}
    assert document.synapses == []
    assert set(window.scene.synapse_items) == set()


def test_every_gesture_undoes_back_to_the_start(window, qtbot):
    start = snapshot(window.design)
    document = window.design.document
    before = {n.id for n in document.neurons}
    drop_neuron(window, "hidden", QPointF(100, 350))
    new_hidden = added_neuron(window, before)
    mouse_drag(window, handle(window, "x1"), centre(window, new_hidden))
    mouse_drag(window, centre(window, "y") + QPoint(-6, 0), centre(window, "y") + QPoint(40, -60))
    window.scene.neuron_items["h1"].setSelected(True)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert window.undo_stack.count() == 4
    assert snapshot(window.design) != start
    for _ in range(4):
        window.actions["undo"].trigger()
    assert snapshot(window.design) == start
    assert set(window.scene.neuron_items) == {n.id for n in document.neurons}
    assert set(window.scene.synapse_items) == {s.id for s in document.synapses}


def test_select_all_and_shift_click(window, qtbot):
    window.actions["select_all"].trigger()
    assert len(window.scene.selected_neuron_ids()) == 5
    assert len(window.scene.selected_synapse_ids()) == 6
    window.scene.clearSelection()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=centre(window, "x1"))
    qtbot.mouseClick(
        window.canvas.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        centre(window, "x2"),
    )
    assert sorted(window.scene.selected_neuron_ids()) == ["x1", "x2"]


def test_clicking_a_synapse_selects_it_and_delete_removes_only_it(window, qtbot):
    item = window.scene.synapse_items["s1"]
    middle = view_point(window, (item.start + item.end) / 2)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert window.scene.selected_synapse_ids() == ["s1"]
    synapse = window.design.document.synapse("s1")
    ends = [window.design.document.neuron(i).label for i in (synapse.source, synapse.target)]
    assert window.inspector.title.text() == f"Synapse {ends[0]} → {ends[1]}"
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert "s1" not in {s.id for s in window.design.document.synapses}
    assert len(window.design.document.neurons) == 5


def test_a_click_beside_a_thin_synapse_picks_it_at_any_zoom(window, qtbot):
    window.canvas.setFocus()
    for _ in range(4):  # zoomed out to 0.8**4: a 10-unit band is 4 pixels wide
        qtbot.keyClick(window.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    item = window.scene.synapse_items["s1"]
    start, end = view_point(window, item.start), view_point(window, item.end)
    middle = (start + end) / 2
    direction = QPointF(end - start)
    normal = (
        QPointF(-direction.y(), direction.x()) / (direction.x() ** 2 + direction.y() ** 2) ** 0.5
    )
    viewport = window.canvas.viewport()
    beside = middle + (normal * 6).toPoint()
    assert not isinstance(window.canvas.itemAt(beside), SynapseItem)  # outside the band
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=beside)
    assert window.scene.selected_synapse_ids() == ["s1"]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))  # far from all
    assert window.scene.selected_synapse_ids() == []


def test_shift_click_adds_to_the_selection(window, qtbot):
    viewport = window.canvas.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre(window, "h1"))
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, centre(window, "y")
    )
    assert sorted(window.scene.selected_neuron_ids()) == ["h1", "y"]


def test_snap_to_grid_puts_a_dragged_neuron_on_the_grid(window):
    window.actions["snap"].trigger()
    mouse_drag(window, centre(window, "h1") + QPoint(-8, 0), centre(window, "h1") + QPoint(37, 53))
    moved = window.design.document.neuron("h1")
    assert moved.x % 20 == 0 and moved.y % 20 == 0


def test_wheel_zooms_and_middle_drag_pans(window, qtbot):
    viewport = window.canvas.viewport()
    scale = window.canvas.transform().m11()
    middle = QPoint(viewport.width() // 2, viewport.height() // 2)
    wheel = QWheelEvent(
        QPointF(middle),
        QPointF(viewport.mapToGlobal(middle)),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert window.canvas.transform().m11() > scale
    window.canvas.zoom(4.0)
    before = window.canvas.mapToScene(middle)
    button = Qt.MouseButton.MiddleButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, middle, button, button)
    send_mouse(
        viewport, QEvent.Type.MouseMove, middle + QPoint(80, 40), button, Qt.MouseButton.NoButton
    )
    send_mouse(
        viewport,
        QEvent.Type.MouseButtonRelease,
        middle + QPoint(80, 40),
        Qt.MouseButton.NoButton,
        button,
    )
    after = window.canvas.mapToScene(middle)
    assert after.x() < before.x() and after.y() < before.y()
