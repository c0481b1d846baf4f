"""Before a run: neurons off every input-to-output path are found and frozen; data
that trains poorly is named; a split that leaves no training rows is refused."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nndesigner.engine.training import train
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.errors import DesignError
from nndesigner.model.run_checks import data_warnings, off_path_neurons
from nndesigner.model.training_run import prepare_run


def design_with_loose_ends() -> Design:
    """x1, x2 -> h1 -> y; plus x3 feeding nothing, h2 fed by x1 but feeding nothing,
    and h3 fed by nothing but feeding y."""
    document = NetworkDocument()
    for neuron_id, role, activation in [
        ("x1", "input", "linear"), ("x2", "input", "linear"), ("x3", "input", "linear"),
        ("h1", "hidden", "tanh"), ("h2", "hidden", "tanh"), ("h3", "hidden", "tanh"),
        ("y", "output", "linear"),
    ]:  # fmt: skip
        document.add_neuron(Neuron(neuron_id, role, neuron_id, activation, bias=0.3))
    for index, (source, target) in enumerate(
        [("x1", "h1"), ("x2", "h1"), ("h1", "y"), ("x1", "h2"), ("h3", "y")]
    ):
        document.add_synapse(Synapse(f"s{index}", source, target, 0.5))
    return Design(document)


def test_neurons_on_no_input_to_output_path_are_found():
    assert off_path_neurons(design_with_loose_ends().document) == ["x3", "h2", "h3"]


def test_off_path_neurons_stay_as_they_are_while_the_rest_trains():
    design = design_with_loose_ends()
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(40, 3))
    targets = inputs[:, :1] - inputs[:, 1:2]
    settings = replace(design.settings, epochs=20, learning_rate=0.1, optimizer="adam")
    run = prepare_run(design, inputs, targets, settings)
    before = run.network.export_parameters()
    list(train(run.network, run.data, settings))
    after = run.network.export_parameters()
    for frozen in ("h2", "h3"):
        assert after.biases[frozen] == before.biases[frozen]
    assert after.weights["s3"] == before.weights["s3"]  # x1 -> h2
    assert after.weights["s4"] == before.weights["s4"]  # h3 -> y
    assert after.weights["s0"] != before.weights["s0"]
    assert after.biases["h1"] != before.biases["h1"]


def test_one_row_and_constant_inputs_are_named():
    assert data_warnings(np.array([[1.0, 2.0]]), ["a", "b"]) == [
        "There is only one training row: the network can only memorise it."
    ]
    rows = np.array([[1.0, 5.0, 0.0], [2.0, 5.0, 0.0], [3.0, 5.0, 0.0]])
    (warning,) = data_warnings(rows, ["a", "b", "c"])
    assert warning.startswith("Input b, c has the same value in every row")
    assert data_warnings(rows[:, :1], ["a"]) == []


def test_a_validation_split_that_leaves_no_training_rows_is_refused():
    design = design_with_loose_ends()
    settings = replace(design.settings, validation_split=0.9)
    with pytest.raises(DesignError, match="leaves none to train on"):
        prepare_run(design, np.zeros((1, 3)), np.zeros((1, 1)), settings)


def test_one_training_row_trains_with_a_warning():
    design = design_with_loose_ends()
    settings = replace(design.settings, epochs=5)
    run = prepare_run(design, np.ones((1, 3)), np.ones((1, 1)), settings)
    assert run.warnings == ("There is only one training row: the network can only memorise it.",)
    records = list(train(run.network, run.data, settings))
    assert len(records) == 5 and all(np.isfinite(r.training_loss) for r in records)
