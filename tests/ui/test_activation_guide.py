"""The activation guide: a note for every activation, beside the plot and in tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt

from nndesigner.engine.activations import ACTIVATIONS, get_activation
from tests.ui.test_window import select_only


def note(name: str) -> str:
    return get_activation(name).note


def test_every_activation_has_a_note_and_a_formula():
    assert all(a.note and a.formula.startswith("f(z)") for a in ACTIVATIONS.values())
    assert "vanishing" in note("sigmoid") and "vanishing" in note("tanh")
    assert "die" in note("relu") and "cannot die" in note("leaky_relu")
    assert "learned" in note("prelu") and "outputs only" in note("softmax")
    assert "perceptron" in note("step")


def test_selecting_a_neuron_shows_the_note_on_its_activation(window):
    select_only(window, "h1")
    activation = window.design.document.neuron("h1").activation
    assert window.activation_view.note.text() == note(activation)
    assert window.activation_view.note.isVisible()
    window.scene.clearSelection()
    assert "select a neuron" in window.activation_view.note.text()


def test_the_activation_choices_and_gallery_plots_carry_the_notes(window):
    select_only(window, "h1")
    combo = window.inspector.activation
    for index in range(combo.count()):
        tip = combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
        assert note(combo.itemData(index)) in tip
    window.scene.clearSelection()
    gallery = window.activation_view.gallery
    plots = [item for item in gallery.ci.items if hasattr(item, "toolTip")]
    assert {plot.toolTip() for plot in plots} >= {
        f"<b>{a.title}</b><br>{a.note}" for a in ACTIVATIONS.values()
    }
