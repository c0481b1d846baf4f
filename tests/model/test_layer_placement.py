"""Where Add layer puts a hidden layer when the design already has outputs."""

from __future__ import annotations

from nndesigner.model.building import LayerOptions
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron
from nndesigner.model.layer_placement import place_layer
from nndesigner.model.layout import COLUMN_GAP

HIDDEN = LayerOptions(3, "hidden", "tanh", "previous")


def document_of(*neurons: tuple[str, str, float]) -> NetworkDocument:
    document = NetworkDocument()
    for neuron_id, role, x in neurons:
        document.add_neuron(Neuron(neuron_id, role, neuron_id, "linear", x=x, y=0.0))
    return document


def test_a_layer_before_lone_outputs_links_to_them_and_sits_left_of_them():
    placement = place_layer(document_of(("y", "output", 0.0)), HIDDEN, [])
    assert placement.targets == ["y"] and placement.sources == []
    output_x = placement.moved.get("y", {"x": 0.0})["x"]
    assert all(x + COLUMN_GAP <= output_x for x, _ in placement.positions)


def test_an_output_standing_in_a_hidden_column_is_moved_right_of_the_new_layer():
    document = document_of(("x", "input", 0.0), ("h", "hidden", 220.0), ("y", "output", 220.0))
    placement = place_layer(document, HIDDEN, [])
    new_x = placement.positions[0][0]
    assert new_x == 440.0
    assert placement.moved["y"]["x"] > new_x
    assert placement.sources == ["h"] and placement.targets == ["y"]


def test_layers_of_inputs_or_outputs_go_right_of_everything():
    document = document_of(("x", "input", 0.0), ("y", "output", 220.0))
    for role in ("input", "output"):
        placement = place_layer(document, LayerOptions(2, role, "linear", "previous"), [])
        assert placement.positions[0][0] == 440.0 and placement.targets == []
