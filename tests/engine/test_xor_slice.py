"""The 2-2-1 sigmoid XOR network: gradients and training."""

import numpy as np

from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.initialization import initialize
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.gradcheck import gradient_errors

XOR_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_TARGETS = np.array([[0], [1], [1], [0]], dtype=float)


def xor_spec(hidden: int = 2) -> NetworkSpec:
    """A fully connected 2-hidden-1 sigmoid network."""
    hidden_ids = [f"h{k}" for k in range(1, hidden + 1)]
    neurons = (
        NeuronSpec("x1", "input"),
        NeuronSpec("x2", "input"),
        *(NeuronSpec(h, "hidden", "sigmoid") for h in hidden_ids),
        NeuronSpec("y", "output", "sigmoid"),
    )
    links = [(x, h) for h in hidden_ids for x in ("x1", "x2")] + [(h, "y") for h in hidden_ids]
    synapses = tuple(SynapseSpec(f"s{i}", a, b) for i, (a, b) in enumerate(links))
    return NetworkSpec.from_records(neurons, synapses)


def test_xor_is_one_matrix_product_per_layer():
    network = compile_network(xor_spec())
    assert [level.weights.value.shape for level in network.levels] == [(2, 2), (2, 1)]


def test_xor_gradients_match_finite_differences():
    network = compile_network(xor_spec())
    initialize(network, "small", seed=3)
    errors = gradient_errors(network, XOR_INPUTS, XOR_TARGETS, get_loss("half_squared_error"))
    assert len(errors) == 6 + 3
    # One gradient here is about 1e-6: the difference quotient's rounding error (about
    # 1e-12) is then 1e-6 of it, more or less by the BLAS build.
    assert max(errors) < 1e-5


def test_xor_training_fits_all_four_rows():
    network = compile_network(xor_spec())
    initialize(network, "small", seed=0)
    settings = TrainingSettings(epochs=3000, learning_rate=2.0)
    data = prepare_data(XOR_INPUTS, XOR_TARGETS, settings)
    records = list(train(network, data, settings))
    assert len(records) == 3000
    assert records[-1].training_loss < records[0].training_loss
    outputs = NumpyKernel(network).predict(data.train_inputs)
    assert np.all(np.abs(outputs - XOR_TARGETS) < 0.1)
