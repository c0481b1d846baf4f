"""Diagnosis: constructed runs that must trigger each notice, healthy runs that must
trigger none. Every run here is a real one (engine training on real data), except the
oscillating cost, whose curve is written out."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import numpy as np
import pytest

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.datasets import make_dataset
from nndesigner.engine.diagnosis import Evidence, baseline_cost, diagnose
from nndesigner.engine.gradient_flow import gradient_flow
from nndesigner.engine.initialization import initialize
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec
from nndesigner.engine.training import TrainingDiverged, TrainingSettings, train


def layered(sizes, hidden="tanh", output="sigmoid", weights=None, biases=None) -> NetworkSpec:
    """A fully connected network of `sizes`; weights[k] and biases[k] set level k's."""
    neurons, synapses, previous = [], [], []
    for level, size in enumerate(sizes):
        role = "input" if level == 0 else "output" if level == len(sizes) - 1 else "hidden"
        activation = "linear" if role == "input" else output if role == "output" else hidden
        bias = 0.0 if biases is None or level == 0 else biases[level - 1]
        ids = [f"{role[0]}{level}_{k}" for k in range(size)]
        neurons += [NeuronSpec(i, role, activation, bias) for i in ids]
        for target in ids if level else ():
            for source in previous:
                weight = 0.1 if weights is None else weights[level - 1]
                synapses.append(SynapseSpec(f"s{len(synapses)}", source, target, weight))
        previous = ids
    return NetworkSpec.from_records(tuple(neurons), tuple(synapses))


def run(spec, inputs, targets, settings, draw=True):
    """Train, then gather the evidence the way the app does, on the training rows."""
    network = compile_network(spec)
    if draw:
        initialize(network, settings.init, settings.seed)
    data = prepare_data(inputs, targets, settings)
    records = []
    with np.errstate(over="ignore", invalid="ignore"):  # the diverging run
        with contextlib.suppress(TrainingDiverged):
            records.extend(train(network, data, settings))
        pre, _ = NumpyKernel(network).neuron_values(data.train_inputs)
        flow = gradient_flow(
            network, data.train_inputs, data.train_targets, get_loss(settings.loss)
        )
    hidden = {n.id: n.activation for n in spec.neurons if n.role == "hidden"}
    columns = {i: k for k, i in enumerate(network.neuron_ids)}
    validation = [np.nan if r.validation_loss is None else r.validation_loss for r in records]
    return Evidence(
        hidden,
        {n.id: n.id for n in spec.neurons},
        {i: pre[:, columns[i]] for i in hidden},
        flow.levels,
        np.array([r.training_loss for r in records]),
        np.array(validation, dtype=float),
        baseline_cost(data.train_targets, settings.loss),
    )


def kinds(evidence) -> list[str]:
    return [notice.kind for notice in diagnose(evidence)]


def dataset(name, rows=200, noise=0.1, seed=0):
    data = make_dataset(name, rows, noise, seed)
    return data.inputs, data.targets


FAST = TrainingSettings(epochs=300, learning_rate=0.3, batch_size=32, init="xavier")


# ----- healthy runs: no notice ---------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "sizes", "hidden", "settings"),
    [
        ("moons", [2, 8, 8, 1], "tanh", FAST),
        ("circles", [2, 8, 1], "relu", replace(FAST, init="he", validation_split=0.2)),
        ("blobs", [2, 4, 1], "sigmoid", replace(FAST, epochs=100)),
        ("xor", [2, 6, 1], "tanh", replace(FAST, optimizer="adam", learning_rate=0.02)),
    ],
)
def test_healthy_runs_give_no_notice(name, sizes, hidden, settings):
    inputs, targets = dataset(name)
    assert kinds(run(layered(sizes, hidden), inputs, targets, settings)) == []


def test_a_healthy_regression_gives_no_notice():
    inputs, targets = dataset("plane", noise=0.3)
    spec = layered([2, 6, 1], "tanh", "linear")
    settings = replace(FAST, standardize_outputs=True, learning_rate=0.05, validation_split=0.25)
    assert kinds(run(spec, inputs, targets, settings)) == []


# ----- constructed runs: each notice -----------------------------------------------------
def test_a_relu_whose_bias_keeps_it_negative_is_dead():
    inputs, targets = dataset("moons")
    spec = layered([2, 4, 1], "relu", weights=[0.2, 0.5], biases=[-50.0, 0.0])
    evidence = run(spec, inputs, targets, replace(FAST, epochs=30), draw=False)
    notices = diagnose(evidence)
    dead = [n for n in notices if n.kind == "dead"]
    assert dead and set(dead[0].neurons) == {f"h1_{k}" for k in range(4)}
    assert "h1_0" in dead[0].text and "dead" in dead[0].text


def test_huge_weights_saturate_sigmoid_neurons():
    inputs, targets = dataset("blobs")
    spec = layered([2, 3, 1], "sigmoid", weights=[80.0, 0.1])
    evidence = run(spec, inputs, targets, replace(FAST, epochs=20, learning_rate=0.01), False)
    saturated = [n for n in diagnose(evidence) if n.kind == "saturated"]
    assert saturated and set(saturated[0].neurons) == {"h1_0", "h1_1", "h1_2"}


def test_a_deep_sigmoid_chain_makes_the_gradients_vanish():
    inputs, targets = dataset("blobs")
    spec = layered([2] + [1] * 10 + [1], "sigmoid", weights=[1.0] * 11)
    evidence = run(spec, inputs, targets, replace(FAST, epochs=1), draw=False)
    vanishing = [n for n in diagnose(evidence) if n.kind == "vanishing"]
    assert vanishing and 1 in vanishing[0].levels and 10 not in vanishing[0].levels


def test_tiny_first_weights_and_huge_last_ones_make_them_explode():
    inputs, targets = dataset("plane")
    spec = layered([2, 2, 1], "linear", "linear", weights=[1e-3, 1e3])
    evidence = run(spec, inputs, targets, replace(FAST, epochs=1, learning_rate=1e-12), False)
    exploding = [n for n in diagnose(evidence) if n.kind == "exploding"]
    assert exploding and exploding[0].levels == (1,)


def test_too_high_a_learning_rate_diverges():
    inputs, targets = dataset("plane")
    spec = layered([2, 4, 1], "linear", "linear")
    settings = replace(FAST, epochs=200, learning_rate=5.0, batch_size=None)
    assert "diverging" in kinds(run(spec, inputs, targets, settings))


def test_a_cost_that_jumps_up_and_down_oscillates():
    epochs = np.arange(200)
    jumping = 0.5 + 0.2 * (-1.0) ** epochs + 0.01 * np.exp(-epochs / 50)
    evidence = Evidence({}, {}, {}, None, jumping, np.full(200, np.nan), 1.0)
    assert kinds(evidence) == ["oscillating"]
    settling = 0.5 * np.exp(-epochs / 40) + 0.02 * (-1.0) ** epochs * np.exp(-epochs / 20)
    assert kinds(replace(evidence, training_costs=settling)) == []


def test_a_big_network_on_few_noisy_rows_overfits():
    inputs, targets = dataset("plane", rows=24, noise=1.0)
    spec = layered([2, 48, 48, 1], "tanh", "linear")
    settings = TrainingSettings(
        epochs=1500, learning_rate=0.01, optimizer="adam", validation_split=0.5,
        standardize_outputs=True, init="xavier",
    )  # fmt: skip
    notices = [n for n in diagnose(run(spec, inputs, targets, settings)) if n.kind == "overfitting"]
    assert notices and "epoch" in notices[0].text


def test_xor_without_hidden_neurons_is_too_small():
    inputs, targets = dataset("xor", rows=200, noise=0.0)
    spec = layered([2, 1])
    evidence = run(spec, inputs, targets, replace(FAST, epochs=300))
    assert "too_small" in kinds(evidence)


def test_the_baseline_is_the_cost_of_the_mean_target():
    targets = np.array([[0.0], [1.0], [1.0], [1.0]])
    expected = 0.5 * np.mean((targets - 0.75) ** 2)
    assert baseline_cost(targets, "half_squared_error") == pytest.approx(expected)
