"""Gradient flow: |dC/dw| per synapse, mean |delta| per neuron, mean |dC/dw| per level,
each checked against finite differences of the cost."""

import numpy as np
import pytest

from nndesigner.engine.gradient_flow import gradient_flow
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from tests.engine.random_dag import random_batch, random_dag

STEP = 1e-6


def cost(network, inputs, targets, loss) -> float:
    return loss.value(targets, NumpyKernel(network).predict(inputs))


def central_difference(network, inputs, targets, loss, array, index) -> float:
    """(C(p + h) - C(p - h)) / 2h for the parameter at `index` of `array(network)`."""
    copies = []
    for h in (STEP, -STEP):
        copy = network.copy()
        array(copy)[index] += h
        copies.append(cost(copy, inputs, targets, loss))
    return (copies[0] - copies[1]) / (2 * STEP)


def bias_of(network, neuron_id):
    column = network.neuron_ids.index(neuron_id)
    for k, level in enumerate(network.levels):
        if level.start <= column < level.stop:
            return (lambda copy, k=k: copy.levels[k].bias.value), column - level.start
    raise AssertionError(neuron_id)


@pytest.mark.parametrize("seed", range(4))
def test_gradients_equal_finite_differences(seed):
    spec = random_dag(seed, inputs=3, hidden=5, outputs=1, output_activation="sigmoid")
    network = compile_network(spec)
    inputs, targets = random_batch(spec, 6, seed)
    loss = get_loss("mse")
    flow = gradient_flow(network, inputs, targets, loss)
    for k, level in enumerate(network.levels):
        expected = []
        for synapse_id, row, col in zip(
            level.synapse_ids, level.synapse_rows, level.synapse_cols, strict=True
        ):
            weights = lambda copy, k=k: copy.levels[k].weights.value  # noqa: E731
            difference = central_difference(network, inputs, targets, loss, weights, (row, col))
            assert flow.synapses[synapse_id] == pytest.approx(abs(difference), abs=1e-7)
            expected.append(abs(difference))
        assert flow.levels[k] == pytest.approx(np.mean(expected), abs=1e-7)
    for neuron_id in flow.neurons:  # mean over rows of each row's own |dC/dz|
        array, index = bias_of(network, neuron_id)
        per_row = [
            abs(
                central_difference(
                    network, inputs[r : r + 1], targets[r : r + 1], loss, array, index
                )
            )
            for r in range(len(inputs))
        ]
        assert flow.neurons[neuron_id] == pytest.approx(np.mean(per_row), abs=1e-7)


def test_the_network_is_left_as_it_was():
    spec = random_dag(0, inputs=2, outputs=1, output_activation="tanh")
    network = compile_network(spec)
    network.levels[0].weights.grad[...] = 7.0
    inputs, targets = random_batch(spec, 4, 0)
    before = network.export_parameters()
    gradient_flow(network, inputs, targets, get_loss("mse"))
    assert network.export_parameters() == before
    assert np.all(network.levels[0].weights.grad == 7.0)


def test_log_positions_span_six_decades_below_the_largest():
    from nndesigner.engine.gradient_flow import log_positions

    positions, low, high = log_positions(np.array([0.0, 1e-9, 1e-4, 0.05, np.inf, np.nan]))
    assert (low, high) == (-7.0, -1.0)  # the largest finite value 0.05 rounds up to 1e-1
    np.testing.assert_allclose(positions, [0, 0, 0.5, (np.log10(0.05) + 7) / 6, 1, 1])
    assert log_positions(np.zeros(3))[1:] == (-6.0, 0.0)
