"""1,000 random edits through the editor, then undo all and redo all: the document must
come back exactly, and the canvas must show exactly the document."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from nndesigner.engine.activations import ACTIVATIONS
from tests.ui.conftest import snapshot

EDITS = 1000
HIDDEN_ACTIVATIONS = [name for name in ACTIVATIONS if name != "softmax"]


def random_edit(window, rng: np.random.Generator) -> None:
    """One valid edit of a random kind, made through the editor as the GUI makes it."""
    editor, document = window.editor, window.design.document
    neurons = [n.id for n in document.neurons]
    synapses = [s.id for s in document.synapses]
    kind = rng.choice(["add", "connect", "move", "delete", "neuron", "weight"], p=[
        0.2, 0.3, 0.15, 0.1, 0.15, 0.1
    ])  # fmt: skip
    if kind == "add" or len(neurons) < 2:
        role = rng.choice(["input", "hidden", "output"])
        editor.add_neuron(str(role), QPointF(*rng.uniform(-800, 800, 2)))
    elif kind == "connect":
        source, target = rng.choice(neurons, 2, replace=False)
        editor.connect(str(source), str(target))  # refused links are simply not made
    elif kind == "move":
        chosen = rng.choice(neurons, min(3, len(neurons)), replace=False)
        editor.move(
            {str(i): dict(zip("xy", rng.uniform(-800, 800, 2), strict=True)) for i in chosen}
        )
    elif kind == "delete":
        window.scene.clearSelection()
        items = [window.scene.neuron_items[str(rng.choice(neurons))]]
        if synapses:
            items.append(window.scene.synapse_items[str(rng.choice(synapses))])
        for item in items:
            item.setSelected(True)
        editor.delete_selection()
    elif kind == "neuron":
        neuron = document.neuron(str(rng.choice(neurons)))
        change = rng.choice(["bias", "activation", "label", "alpha"])
        if change == "bias":
            editor.update_neurons([neuron.id], bias=float(rng.normal()))
        elif change == "activation" and neuron.role != "input":
            editor.update_neurons([neuron.id], activation=str(rng.choice(HIDDEN_ACTIVATIONS)))
        elif change == "label":
            editor.update_neurons([neuron.id], label=f"n{rng.integers(10**9)}")
        else:
            editor.update_neurons([neuron.id], alpha=float(rng.uniform(0, 0.5)))
    elif synapses:
        editor.update_synapses([str(rng.choice(synapses))], float(rng.normal()))


def canvas_matches_document(window) -> bool:
    document = window.design.document
    return set(window.scene.neuron_items) == {n.id for n in document.neurons} and set(
        window.scene.synapse_items
    ) == {s.id for s in document.synapses}


def test_a_thousand_edits_undo_to_the_start_and_redo_to_the_end(window):
    rng = np.random.default_rng(2026)
    start = snapshot(window.design)
    for _ in range(EDITS):
        random_edit(window, rng)
    end = snapshot(window.design)
    steps = window.undo_stack.count()
    assert steps > 0.8 * EDITS  # refused connections and no-op edits push nothing
    assert end != start
    for _ in range(steps):
        window.undo_stack.undo()
    assert snapshot(window.design) == start
    assert canvas_matches_document(window)
    for _ in range(steps):
        window.undo_stack.redo()
    assert snapshot(window.design) == end
    assert canvas_matches_document(window)
