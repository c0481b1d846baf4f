"""The glass-box trace of one step: its numbers obey the formulas they illustrate, its
gradients match finite differences, and its update is exactly one online-SGD step."""

from __future__ import annotations

import numpy as np
import pytest

from nndesigner.engine.activations import get_activation
from nndesigner.engine.data_split import PreparedData
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.spec import NetworkSpec
from nndesigner.engine.trace import trace_step
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.random_dag import random_dag

CASES = [(seed, None, "half_squared_error") for seed in range(4)] + [
    (7, "softmax", "cross_entropy")
]


def row(spec: NetworkSpec, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=len(spec.ids_with_role("input")))
    outputs = len(spec.ids_with_role("output"))
    y = np.eye(outputs)[rng.integers(outputs)] if outputs > 1 else rng.uniform(0, 1, outputs)
    return x, y


def traced(seed: int, output_activation: str | None, loss: str):
    """A random DAG, one row for it, and the trace of a step on that row (rate 0.1)."""
    spec = random_dag(seed, output_activation=output_activation)
    x, y = row(spec, seed)
    return spec, x, y, trace_step(compile_network(spec), x, y, loss, 0.1)


@pytest.mark.parametrize(("seed", "output_activation", "loss"), CASES)
def test_forward_numbers_follow_the_neuron_formula(seed, output_activation, loss):
    spec, _, _, trace = traced(seed, output_activation, loss)
    by_id = {n.id: n for n in spec.neurons}
    for neuron_id, step in trace.neurons.items():
        if by_id[neuron_id].role == "input":
            assert step.delta is None
            continue
        incoming = [s for s in trace.synapses.values() if s.target == neuron_id]
        for synapse in incoming:
            assert synapse.input == trace.neurons[synapse.source].a
            assert synapse.product == synapse.weight * synapse.input
        assert step.z == pytest.approx(step.bias + sum(s.product for s in incoming), abs=1e-12)
        activation = get_activation(by_id[neuron_id].activation)
        if not activation.joint:
            alpha = np.array([by_id[neuron_id].alpha or activation.default_alpha])
            assert step.a == pytest.approx(activation.value(np.array([[step.z]]), alpha)[0, 0])
    if output_activation == "softmax":
        outputs = [trace.neurons[i] for i in spec.ids_with_role("output")]
        z = np.array([o.z for o in outputs])
        np.testing.assert_allclose([o.a for o in outputs], np.exp(z) / np.exp(z).sum())


@pytest.mark.parametrize(("seed", "output_activation", "loss"), CASES)
def test_backward_numbers_are_the_cost_gradients(seed, output_activation, loss):
    spec, x, y, trace = traced(seed, output_activation, loss)
    assert trace.cost == pytest.approx(
        get_loss(loss).value(y[None, :], NumpyKernel(compile_network(spec)).predict(x[None, :]))
    )
    for synapse in trace.synapses.values():
        assert synapse.gradient == pytest.approx(
            trace.neurons[synapse.target].delta * synapse.input, abs=1e-12
        )
    # Each weight's gradient against a central finite difference of the cost.
    h = 1e-6
    for synapse_id, synapse in trace.synapses.items():
        costs = []
        for sign in (1, -1):
            nudged = compile_network(spec)
            level, r, c = nudged.synapse_position(synapse_id)
            level.weights.value[r, c] += sign * h
            outputs = NumpyKernel(nudged).predict(x[None, :])
            costs.append(get_loss(loss).value(y[None, :], outputs))
        numeric = (costs[0] - costs[1]) / (2 * h)
        assert synapse.gradient == pytest.approx(numeric, rel=1e-5, abs=1e-8)


@pytest.mark.parametrize(("seed", "output_activation", "loss"), CASES)
def test_the_update_is_one_online_sgd_step_of_the_engine(seed, output_activation, loss):
    spec = random_dag(seed, output_activation=output_activation)
    x, y = row(spec, seed)
    learning_rate = 0.3
    trace = trace_step(compile_network(spec), x, y, loss, learning_rate)
    network = compile_network(spec)
    settings = TrainingSettings(
        epochs=1, learning_rate=learning_rate, batch_size=1, loss=loss, shuffle=False
    )
    data = PreparedData(x[None, :], y[None, :], np.zeros((0, len(x))), np.zeros((0, len(y))),
                        Preprocessing())  # fmt: skip
    list(train(network, data, settings))
    after = network.export_parameters()
    for synapse_id, synapse in trace.synapses.items():
        assert after.weights[synapse_id] == pytest.approx(synapse.new_weight, abs=1e-14)
    for neuron_id, step in trace.neurons.items():
        if step.new_bias is not None:
            assert after.biases[neuron_id] == pytest.approx(step.new_bias, abs=1e-14)


def test_the_levels_list_every_neuron_once_in_forward_order():
    spec = random_dag(3)
    trace = trace_step(compile_network(spec), *row(spec, 3), "half_squared_error", 0.1)
    flat = [i for level in trace.levels for i in level]
    assert sorted(flat) == sorted(n.id for n in spec.neurons)
    position = {neuron_id: k for k, level in enumerate(trace.levels) for neuron_id in level}
    assert all(position[s.source] < position[s.target] for s in trace.synapses.values())
