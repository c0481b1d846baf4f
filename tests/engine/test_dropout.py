"""Inverted dropout: exact gradients with a fixed mask, nothing dropped outside training,
reproducible runs, and the NumPy kernel only."""

import dataclasses

import numpy as np
import pytest

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.dropout import DropoutDraws
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.kernel_choice import KernelUnavailable
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec
from nndesigner.engine.trace import trace_step
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.gradcheck import gradient_errors
from tests.engine.random_dag import random_batch, random_dag


def with_dropout(spec: NetworkSpec, rate: float = 0.4) -> NetworkSpec:
    """`spec` with every other hidden neuron dropping at `rate`."""
    hidden = [n.id for n in spec.neurons if n.role == "hidden"][::2]
    neurons = tuple(
        dataclasses.replace(n, dropout=rate) if n.id in hidden else n for n in spec.neurons
    )
    return NetworkSpec(neurons, spec.synapses)


@pytest.mark.parametrize("seed", range(5))
def test_gradients_with_a_fixed_mask_match_finite_differences(seed):
    spec = with_dropout(random_dag(seed, hidden=8, density=0.5))
    inputs, targets = random_batch(spec, 12, seed)
    network = compile_network(spec)
    loss = get_loss("half_squared_error")
    assert max(gradient_errors(network, inputs, targets, loss, dropout_seed=seed)) < 1e-5
    # The mask really drops: the cost differs from the cost without dropout.
    plain = NumpyKernel(network).loss_and_gradients(inputs, targets, loss)
    dropping = NumpyKernel(network)
    dropping.dropout = DropoutDraws(seed)
    assert dropping.loss_and_gradients(inputs, targets, loss) != plain


def test_draws_drop_at_the_rate_and_scale_what_they_keep():
    rates = np.array([0.0, 0.25, 0.5])
    factors = DropoutDraws(3).draw(rates, 20_000)
    assert set(np.unique(factors[:, 0])) == {1.0}
    for column, rate in enumerate(rates[1:], start=1):
        assert set(np.unique(factors[:, column])) == {0.0, 1.0 / (1.0 - rate)}
        assert np.mean(factors[:, column] == 0.0) == pytest.approx(rate, abs=0.015)


def test_predictions_never_drop_even_on_the_kernel_that_trains_with_dropout():
    spec = random_dag(2, hidden=8)
    inputs, targets = random_batch(spec, 30, 2)
    training = NumpyKernel(compile_network(with_dropout(spec)))
    training.dropout = DropoutDraws(0)
    training.loss_and_gradients(inputs, targets, get_loss("mse"))
    np.testing.assert_array_equal(
        training.predict(inputs), NumpyKernel(compile_network(spec)).predict(inputs)
    )


def run(spec, seed, kernel="auto"):
    inputs, targets = random_batch(spec, 40, 1)
    settings = TrainingSettings(epochs=5, batch_size=8, learning_rate=0.1, seed=seed)
    network = compile_network(spec)
    records = list(train(network, prepare_data(inputs, targets, settings), settings, None, kernel))
    return network.flatten().values, records


def test_a_run_is_reproducible_and_its_seed_decides_the_masks():
    spec = with_dropout(random_dag(4, hidden=8))
    first, records = run(spec, 7)
    again, _ = run(spec, 7)
    np.testing.assert_array_equal(first, again)
    assert {r.kernel for r in records} == {"numpy"}  # auto never picks the compiled one
    other, _ = run(spec, 8)
    assert not np.array_equal(first, other)


def test_the_compiled_kernel_refuses_dropout():
    with pytest.raises(KernelUnavailable, match="NumPy kernel"):
        run(with_dropout(random_dag(4, hidden=8)), 7, "compiled")


def test_the_explained_step_never_drops():
    spec = random_dag(5, hidden=8)
    inputs, targets = random_batch(spec, 1, 5)
    plain = trace_step(compile_network(spec), inputs[0], targets[0], "half_squared_error", 0.1)
    dropping = trace_step(
        compile_network(with_dropout(spec, 0.9)), inputs[0], targets[0], "half_squared_error", 0.1
    )
    assert dropping.cost == plain.cost
    assert {i: n.a for i, n in dropping.neurons.items()} == {
        i: n.a for i, n in plain.neurons.items()
    }
