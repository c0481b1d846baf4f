"""Compiled networks over random sparse DAGs: structure, gradients, masks, forward pass."""

import numpy as np
import pytest

from nndesigner.engine.activations import get_activation
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec, synapse_columns
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.gradcheck import gradient_errors
from tests.engine.random_dag import random_batch, random_dag, synapse_records


def reference_values(spec: NetworkSpec, inputs: np.ndarray) -> dict[str, np.ndarray]:
    """Every neuron's activation, neuron by neuron, straight from the definition
    a_j = act(b_j + sum w a_i)."""
    values = dict(zip(spec.ids_with_role("input"), inputs.T, strict=True))
    by_id = {n.id: n for n in spec.neurons}
    pending = [n.id for n in spec.neurons if n.role != "input"]
    records = synapse_records(spec)
    z = {}
    while pending:
        for neuron_id in list(pending):
            sources = [s for s in records if s.target == neuron_id]
            if all(s.source in values for s in sources):
                total = np.full(len(inputs), by_id[neuron_id].bias)
                for s in sources:
                    total = total + s.weight * values[s.source]
                z[neuron_id] = total
                if by_id[neuron_id].role != "output" or by_id[neuron_id].activation != "softmax":
                    activation = get_activation(by_id[neuron_id].activation)
                    alpha = by_id[neuron_id].alpha
                    alpha = activation.default_alpha if alpha is None else alpha
                    values[neuron_id] = activation.value(total[:, None], np.array([alpha]))[:, 0]
                else:
                    values[neuron_id] = None
                pending.remove(neuron_id)
    softmax = [o for o in spec.ids_with_role("output") if by_id[o].activation == "softmax"]
    if softmax:
        exp = np.exp(np.stack([z[o] for o in softmax], axis=1))
        for k, o in enumerate(softmax):
            values[o] = exp[:, k] / exp.sum(axis=1)
    return values


def reference_forward(spec: NetworkSpec, inputs: np.ndarray) -> np.ndarray:
    """The outputs, from `reference_values`."""
    values = reference_values(spec, inputs)
    return np.stack([values[o] for o in spec.ids_with_role("output")], axis=1)


@pytest.mark.parametrize("seed", range(6))
def test_forward_matches_neuron_by_neuron_definition(seed):
    spec = random_dag(seed, output_activation="softmax" if seed % 2 else None)
    inputs, _ = random_batch(spec, 7, seed)
    outputs = NumpyKernel(compile_network(spec)).predict(inputs)
    np.testing.assert_allclose(outputs, reference_forward(spec, inputs), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("loss", ["half_squared_error", "mse", "binary_cross_entropy"])
def test_random_dag_gradients_match_finite_differences(seed, loss):
    spec = random_dag(seed, output_activation="sigmoid" if loss == "binary_cross_entropy" else None)
    inputs, targets = random_batch(spec, 6, seed)
    errors = gradient_errors(compile_network(spec), inputs, targets, get_loss(loss))
    assert max(errors) < 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_softmax_cross_entropy_gradients_match_finite_differences(seed):
    spec = random_dag(seed, outputs=3, output_activation="softmax")
    inputs, targets = random_batch(spec, 6, seed, one_hot=True)
    errors = gradient_errors(compile_network(spec), inputs, targets, get_loss("cross_entropy"))
    assert max(errors) < 1e-6


@pytest.mark.parametrize(
    ("seed", "output", "loss"),
    [(0, None, "mse"), (1, "softmax", "cross_entropy"), (2, "sigmoid", "binary_cross_entropy")],
)
def test_scaled_gradients_are_the_gradients_times_the_scale(seed, output, loss):
    """Plain SGD asks for lr * gradient from the kernel; every parameter, PReLU alpha
    included, must then be scaled alike, and the cost not at all."""
    spec = random_dag(seed, outputs=3 if output == "softmax" else 2, output_activation=output)
    network = compile_network(spec)
    inputs, targets = random_batch(spec, 6, seed, one_hot=output == "softmax")
    kernel = NumpyKernel(network)
    cost = kernel.loss_and_gradients(inputs, targets, get_loss(loss))
    plain = [parameter.grad.copy() for parameter in network.parameters()]
    assert kernel.loss_and_gradients(inputs, targets, get_loss(loss), scale=0.3) == cost
    for parameter, grad in zip(network.parameters(), plain, strict=True):
        np.testing.assert_allclose(parameter.grad, 0.3 * grad, rtol=1e-12, atol=1e-15)


def test_prelu_alpha_is_trained_and_checked():
    spec = NetworkSpec.from_records(
        (
            NeuronSpec("a", "input"),
            NeuronSpec("p", "hidden", "prelu"),
            NeuronSpec("o", "output", "linear"),
        ),
        (SynapseSpec("s1", "a", "p", 1.0), SynapseSpec("s2", "p", "o", 0.7)),
    )
    network = compile_network(spec)
    inputs = np.array([[-2.0], [-1.0], [0.5]])
    targets = np.array([[1.0], [0.0], [0.3]])
    errors = gradient_errors(network, inputs, targets, get_loss("mse"))
    assert len(errors) == 2 + 2 + 1
    assert max(errors) < 1e-6
    assert network.export_parameters().alphas == {"p": 0.25}


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_missing_synapses_stay_exactly_zero_through_training(optimizer):
    spec = random_dag(4, hidden=8, density=0.3)
    network = compile_network(spec)
    inputs, targets = random_batch(spec, 20, 4)
    settings = TrainingSettings(epochs=30, learning_rate=0.1, batch_size=5, optimizer=optimizer)
    list(train(network, prepare_data(inputs, targets, settings), settings))
    for level in network.levels:
        assert np.all(level.weights.value[level.weights.mask == 0] == 0.0)
    assert set(network.export_parameters().weights) == set(spec.synapses.ids)


def test_layered_network_costs_one_product_per_layer():
    neurons = [NeuronSpec(f"i{k}", "input") for k in range(3)]
    neurons += [NeuronSpec(f"h{k}", "hidden", "tanh") for k in range(4)]
    neurons += [NeuronSpec(f"g{k}", "hidden", "relu") for k in range(5)]
    neurons += [NeuronSpec("o", "output", "linear")]
    links = [(f"i{a}", f"h{b}") for a in range(3) for b in range(4)]
    links += [(f"h{a}", f"g{b}") for a in range(4) for b in range(5)]
    links += [(f"g{a}", "o") for a in range(5)]
    synapses = tuple(SynapseSpec(f"s{k}", a, b) for k, (a, b) in enumerate(links))
    network = compile_network(NetworkSpec.from_records(tuple(neurons), synapses))
    assert [level.weights.value.shape for level in network.levels] == [(3, 4), (4, 5), (5, 1)]
    assert all(level.weights.mask.all() for level in network.levels)


def test_outputs_all_sit_on_the_last_level():
    spec = NetworkSpec.from_records(
        (
            NeuronSpec("a", "input"),
            NeuronSpec("h", "hidden", "tanh"),
            NeuronSpec("o1", "output", "softmax"),
            NeuronSpec("o2", "output", "softmax"),
        ),
        (
            SynapseSpec("s1", "a", "o1"),
            SynapseSpec("s2", "a", "h"),
            SynapseSpec("s3", "h", "o2"),
        ),
    )
    network = compile_network(spec)
    assert network.neuron_ids[network.output_start :] == ("o1", "o2")
    assert len(network.levels[-1].groups) == 1


@pytest.mark.parametrize(
    ("synapses", "message"),
    [
        ((SynapseSpec("s", "h", "h"),), "cycle"),
        ((SynapseSpec("s", "o", "h"),), "leaves an output"),
        ((SynapseSpec("s", "h", "a"),), "enters an input"),
        ((SynapseSpec("s", "h", "ghost"),), "does not exist"),
    ],
)
def test_invalid_graphs_are_refused(synapses, message):
    neurons = (NeuronSpec("a", "input"), NeuronSpec("h", "hidden"), NeuronSpec("o", "output"))
    with pytest.raises(ValueError, match=message):
        compile_network(NetworkSpec.from_records(neurons, synapses))


@pytest.mark.parametrize(("source", "target"), [(1, 3), (-1, 2)])
def test_synapse_columns_naming_no_neuron_are_refused(source, target):
    neurons = (NeuronSpec("a", "input"), NeuronSpec("h", "hidden"), NeuronSpec("o", "output"))
    spec = NetworkSpec(neurons, synapse_columns(["s0", "s1"], [0, source], [1, target], [1, 2]))
    with pytest.raises(ValueError, match="synapse 's1' links a neuron that does not exist"):
        compile_network(spec)


def test_a_sparse_level_too_large_to_hold_densely_is_refused_with_its_sizes():
    width = 6000  # 6,000 x 6,000 weights for 6,000 synapses: over the dense budget
    neurons = [NeuronSpec(f"i{k}", "input", "linear") for k in range(width)]
    neurons += [NeuronSpec(f"o{k}", "output") for k in range(width)]
    synapses = [SynapseSpec(f"s{k}", f"i{k}", f"o{k}") for k in range(width)]
    with pytest.raises(ValueError, match="36,000,000 weights held densely, for 6,000 synapses"):
        compile_network(NetworkSpec.from_records(tuple(neurons), tuple(synapses)))
