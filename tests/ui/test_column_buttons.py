"""The + and − buttons under a hidden column add a neuron linked like its neighbours, or
remove the bottom one with its synapses, each as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nndesigner.ui.canvas.column_buttons import GROW, SHRINK
from tests.ui.conftest import view_point
from tests.ui.test_training import click


def click_column_button(window, qtbot, change: int) -> None:
    """A real left click, in the viewport, on the column's + (GROW) or − (SHRINK)."""
    qtbot.waitUntil(lambda: bool(window.scene.column_buttons.buttons))
    (button,) = [b for b in window.scene.column_buttons.buttons if b.change == change]
    point = view_point(window, button.scenePos())
    QTest.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(10)


def links(document, neuron_id: str) -> tuple[set[str], set[str]]:
    """Labels of the neurons linked into and out of `neuron_id`."""
    label = {n.id: n.label for n in document.neurons}
    synapses = document.synapses_of(neuron_id)
    into = {label[s.source] for s in synapses if s.target == neuron_id}
    out = {label[s.target] for s in synapses if s.source == neuron_id}
    return into, out


def hidden_labels(document) -> list[str]:
    return [n.label for n in document.neurons_with_role("hidden")]


def test_plus_adds_a_linked_neuron_at_the_foot_of_the_layer_and_undo_takes_it_back(window, qtbot):
    document = window.design.document
    h2 = next(n for n in document.neurons if n.label == "h2")
    click_column_button(window, qtbot, GROW)
    assert hidden_labels(document) == ["h1", "h2", "h3"]
    h3 = next(n for n in document.neurons if n.label == "h3")
    assert links(document, h3.id) == ({"x1", "x2"}, {"y"})
    assert (h3.x, h3.activation) == (h2.x, h2.activation)
    assert h3.y > h2.y
    assert window.undo_stack.undoText() == "Add neuron 'h3'"
    # The buttons follow the column down to its new bottom neuron.
    qtbot.waitUntil(
        lambda: all(b.scenePos().y() > h3.y for b in window.scene.column_buttons.buttons)
    )
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert hidden_labels(document) == ["h1", "h2"]
    assert len(document.synapses) == 6


def test_minus_removes_the_bottom_neuron_with_its_synapses_as_one_step(window, qtbot):
    document = window.design.document
    before = {s.id for s in document.synapses}
    click_column_button(window, qtbot, SHRINK)
    assert hidden_labels(document) == ["h1"]
    assert len(document.synapses) == 3
    assert window.undo_stack.undoText() == "Remove neuron 'h2'"
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert hidden_labels(document) == ["h1", "h2"]
    assert {s.id for s in document.synapses} == before


def test_the_buttons_do_nothing_while_a_run_is_paused(window, qtbot):
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    click_column_button(window, qtbot, GROW)
    assert hidden_labels(window.design.document) == ["h1", "h2"]
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
