"""The synapse layer's level of detail on a dense network: what is drawn, and where."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QTransform

from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.ui.canvas import synapse_layer
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.canvas.view import NetworkView


def dense_document(sources: int, targets: int) -> tuple[NetworkDocument, dict[str, float]]:
    """`sources` inputs in one column, `targets` outputs in the next, fully connected,
    with seeded weights."""
    document = NetworkDocument()
    for k in range(sources):
        document.add_neuron(Neuron(f"i{k}", "input", f"x{k + 1}", "linear", x=0.0, y=k * 60.0))
    for k in range(targets):
        document.add_neuron(Neuron(f"o{k}", "output", f"y{k + 1}", "linear", x=600.0, y=k * 60.0))
    weights = np.random.default_rng(0).normal(size=sources * targets)
    synapses = [(f"i{s}", f"o{t}") for s in range(sources) for t in range(targets)]
    for index, ((source, target), weight) in enumerate(zip(synapses, weights, strict=True)):
        document.add_synapse(Synapse(f"s{index}", source, target, float(weight)))
    return document, {f"s{k}": float(w) for k, w in enumerate(weights)}


def painted_view(qtbot, document: NetworkDocument) -> NetworkView:
    """A shown view of `document`; the view holds no reference to its scene (Qt does not
    own it), so the test keeps one on the view's Python side."""
    scene = NetworkScene(document)
    view = NetworkView(scene)
    view.kept_scene = scene
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_dense_view_draws_only_the_strongest_synapses(qtbot, monkeypatch):
    monkeypatch.setattr(synapse_layer, "LINE_BUDGET", 50)
    document, weights = dense_document(20, 10)
    view = painted_view(qtbot, document)
    view.fit()
    view.grab()
    layer = view.network_scene.synapse_layer
    assert layer.drawn_count == 50
    strongest = sorted(weights, key=lambda i: -abs(weights[i]))[:50]
    assert min(abs(weights[i]) for i in strongest) >= np.quantile(
        np.abs(list(weights.values())), 0.7
    )


def test_a_view_below_the_budget_draws_every_synapse_it_shows(qtbot):
    document, weights = dense_document(20, 10)
    view = painted_view(qtbot, document)
    view.fit()
    view.grab()
    assert view.network_scene.synapse_layer.drawn_count == len(weights)
    # Zoomed in on the first input, far from most synapses: fewer are drawn.
    view.setTransform(QTransform.fromScale(4.0, 4.0))
    view.centerOn(0.0, 0.0)
    view.grab()
    assert 0 < view.network_scene.synapse_layer.drawn_count < len(weights)


def test_live_weights_recolour_the_layer_without_touching_the_document(qtbot):
    document, weights = dense_document(3, 2)
    view = painted_view(qtbot, document)
    scene = view.network_scene
    before = view.grab().toImage()
    scene.synapse_layer.show_weights({i: -abs(w) - 3.0 for i, w in weights.items()})
    after = view.grab().toImage()
    assert after != before
    assert scene.synapse_layer.weight_of("s0") == -abs(weights["s0"]) - 3.0
    assert document.synapse("s0").weight == weights["s0"]
