"""One full-batch SGD epoch equals one PyTorch autograd step (optional: needs torch)."""

import pytest

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.random_dag import random_batch, random_dag
from tests.engine.torch_reference import torch_sgd_step

pytest.importorskip("torch")


def with_prelu(spec: NetworkSpec) -> NetworkSpec:
    """The same graph with every other hidden neuron switched to PReLU."""
    neurons = []
    hidden_seen = 0
    for n in spec.neurons:
        if n.role == "hidden":
            hidden_seen += 1
            if hidden_seen % 2:
                n = NeuronSpec(n.id, n.role, "prelu", n.bias, 0.2)
        neurons.append(n)
    return NetworkSpec(tuple(neurons), spec.synapses)


def one_epoch(spec, inputs, targets, loss, learning_rate, kernel="numpy", l2=0.0, l1=0.0):
    network = compile_network(spec)
    settings = TrainingSettings(
        epochs=1,
        learning_rate=learning_rate,
        batch_size=None,
        shuffle=False,
        standardize_inputs=False,
        loss=loss,
        l2=l2,
        l1=l1,
    )
    list(train(network, prepare_data(inputs, targets, settings), settings, None, kernel))
    return network.export_parameters()


def assert_same(ours, theirs):
    for name in ("weights", "biases", "alphas"):
        mine, reference = getattr(ours, name), getattr(theirs, name)
        assert set(mine) == set(reference)
        for key in mine:
            assert mine[key] == pytest.approx(reference[key], abs=1e-9), (name, key)


@pytest.mark.parametrize("seed", range(4))
def test_sparse_dag_with_prelu_matches_torch(seed):
    spec = with_prelu(random_dag(seed, hidden=7))
    assert any(n.activation == "prelu" for n in spec.neurons)
    inputs, targets = random_batch(spec, 9, seed)
    ours = one_epoch(spec, inputs, targets, "half_squared_error", 0.3)
    assert_same(ours, torch_sgd_step(spec, inputs, targets, "half_squared_error", 0.3))


@pytest.mark.parametrize("seed", range(4))
def test_softmax_cross_entropy_matches_torch(seed):
    spec = random_dag(seed, outputs=3, output_activation="softmax")
    inputs, targets = random_batch(spec, 9, seed, one_hot=True)
    ours = one_epoch(spec, inputs, targets, "cross_entropy", 0.5)
    assert_same(ours, torch_sgd_step(spec, inputs, targets, "cross_entropy", 0.5))


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
@pytest.mark.parametrize(("l2", "l1"), [(0.2, 0.0), (0.0, 0.05), (0.1, 0.03)])
@pytest.mark.parametrize("seed", range(4))
def test_a_penalised_step_matches_torch_on_the_penalised_cost(seed, l2, l1, kernel):
    spec = with_prelu(random_dag(seed, hidden=7, density=0.4))
    inputs, targets = random_batch(spec, 9, seed)
    ours = one_epoch(spec, inputs, targets, "mse", 0.3, kernel, l2, l1)
    assert_same(ours, torch_sgd_step(spec, inputs, targets, "mse", 0.3, l2, l1))
    plain = one_epoch(spec, inputs, targets, "mse", 0.3, kernel)
    assert max(abs(ours.weights[k] - plain.weights[k]) for k in plain.weights) > 1e-4
    assert ours.biases == pytest.approx(plain.biases, abs=1e-15)  # biases are not penalised


def test_step_really_moves_the_weights():
    spec = random_dag(1)
    inputs, targets = random_batch(spec, 9, 1)
    before = compile_network(spec).export_parameters().weights
    after = one_epoch(spec, inputs, targets, "mse", 0.5).weights
    assert max(abs(after[k] - before[k]) for k in before) > 1e-4
