"""Importing trained values onto a design: by ids, by structure, or a clear refusal."""

import json

import pytest

from nndesigner.engine.spec import Parameters
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import design_from_dict, load_design
from nndesigner.model.weights_import import matching_parameters
from nndesigner.resources import resource_path


def xor():
    return load_design(resource_path("examples", "xor.nnd.json"), with_data=False).document


def test_same_ids_take_the_values_directly():
    target, source = xor(), xor()
    source.set_parameters(Parameters(dict.fromkeys(source.parameters().weights, 7.0), {}, {}))
    parameters = matching_parameters(target, source)
    assert set(parameters.weights.values()) == {7.0}


def test_other_ids_with_the_same_structure_are_matched_by_order():
    data = json.loads(resource_path("examples", "xor.nnd.json").read_text())
    for neuron in data["neurons"]:
        neuron["id"] = "z" + neuron["id"]
        neuron["bias"] = 0.5
    for synapse in data["synapses"]:
        synapse.update(id="z" + synapse["id"], weight=-3.0)
        synapse["from"], synapse["to"] = "z" + synapse["from"], "z" + synapse["to"]
    parameters = matching_parameters(xor(), design_from_dict(data).document)
    assert parameters.weights == {s.id: -3.0 for s in xor().synapses}
    assert parameters.biases == {"h1": 0.5, "h2": 0.5, "y": 0.5}


def test_a_mismatch_names_what_differs():
    target, source = xor(), xor()
    source.remove_synapse("s6")
    with pytest.raises(DesignError, match="The file has 5 synapses; this design has 6"):
        matching_parameters(target, source)
    other = xor()
    other.remove_neuron("h2")
    with pytest.raises(DesignError, match="The file has 1 hidden neurons; this design has 2"):
        matching_parameters(target, other)


@pytest.mark.parametrize(
    "labels, message",
    [
        (["x1²", "x2"], "input 'x1²' is computed otherwise than this design's input 'x1'"),
        (["x1", "x1·x2"], "input 'x1·x2' is computed otherwise than this design's input 'x2'"),
    ],
)
def test_inputs_computing_other_features_are_refused(labels, message):
    target, source = xor(), xor()
    source.relabel(dict(zip(["x1", "x2"], labels, strict=True)))
    with pytest.raises(DesignError, match=message):
        matching_parameters(target, source)


def test_inputs_reading_renamed_columns_fit():
    target, source = xor(), xor()
    source.relabel({"x1": "a", "x2": "b"})
    assert matching_parameters(target, source).weights == target.parameters().weights
    target.relabel({"x2": "x1²"})
    source.relabel({"x2": "a²"})  # the same feature of a renamed column
    assert matching_parameters(target, source).weights == target.parameters().weights
