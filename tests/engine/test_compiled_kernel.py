"""The compiled kernel against the NumPy kernel: same numbers to 1e-12, same behaviour."""

import dataclasses
import logging

import numpy as np
import pytest

from nndesigner.engine import compiled_kernel, kernel_choice, kernel_warm_up, training
from nndesigner.engine.compiled_kernel import CompiledKernel
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec
from nndesigner.engine.training import TrainingControl, TrainingDiverged, TrainingSettings, train
from tests.engine.random_dag import random_batch, random_dag, synapse_records

# (output activation, loss, one-hot targets): every loss, softmax fused and not.
OUTPUT_CASES = [
    (None, "half_squared_error", False),
    (None, "mse", False),
    ("sigmoid", "binary_cross_entropy", False),
    ("softmax", "cross_entropy", True),
    ("softmax", "half_squared_error", True),
    ("step", "half_squared_error", False),
]


@pytest.fixture(scope="module", autouse=True)
def compiled():
    assert kernel_warm_up.WARM_UP.wait(), kernel_warm_up.WARM_UP.error


def layered(sizes: tuple[int, ...]) -> NetworkSpec:
    """Fully connected layers of ReLU neurons with linear outputs."""
    layers = [[f"l{depth}n{k}" for k in range(size)] for depth, size in enumerate(sizes)]
    roles = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    activations = ["linear"] + ["relu"] * (len(sizes) - 2) + ["linear"]
    neurons = tuple(
        NeuronSpec(i, role, activation)
        for ids, role, activation in zip(layers, roles, activations, strict=True)
        for i in ids
    )
    synapses = tuple(
        SynapseSpec(f"{s}-{t}", s, t, 0.1)
        for sources, targets in zip(layers, layers[1:], strict=False)
        for t in targets
        for s in sources
    )
    return NetworkSpec.from_records(neurons, synapses)


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), 1e-300))


def trained(spec, inputs, targets, settings, kernel):
    """The trained parameters, the epoch records and the divergence message (or None)."""
    network = compile_network(spec)
    records, diverged = [], None
    try:
        for record in train(network, prepare_data(inputs, targets, settings), settings,
                            None, kernel):  # fmt: skip
            records.append(record)
    except TrainingDiverged as error:
        diverged = str(error)
    return network.flatten().values, records, diverged


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("output", "loss", "one_hot"), OUTPUT_CASES)
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [1, 4, None])
def test_training_matches_the_numpy_kernel(seed, output, loss, one_hot, optimizer, batch_size):
    spec = random_dag(seed, hidden=9, output_activation=output, density=0.4)
    inputs, targets = random_batch(spec, 23, seed, one_hot=one_hot)
    settings = TrainingSettings(
        epochs=5, learning_rate=0.02, batch_size=batch_size, optimizer=optimizer, loss=loss,
        validation_split=0.25, seed=seed, l2=(0, 0.05, 0, 0.03)[seed], l1=(0, 0, 0.02, 0.01)[seed],
    )  # fmt: skip
    numpy_values, numpy_records, numpy_diverged = trained(spec, inputs, targets, settings, "numpy")
    compiled_values, compiled_records, diverged = trained(
        spec, inputs, targets, settings, "compiled"
    )
    assert diverged == numpy_diverged
    assert relative_difference(numpy_values, compiled_values) < 1e-12
    for ours, theirs in zip(compiled_records, numpy_records, strict=True):
        assert ours.epoch == theirs.epoch
        assert ours.training_loss == pytest.approx(theirs.training_loss, rel=1e-12)
        assert ours.validation_loss == pytest.approx(theirs.validation_loss, rel=1e-12)
        assert ours.penalty == pytest.approx(theirs.penalty, rel=1e-12)
        assert (ours.penalty > 0) == (seed > 0)


@pytest.mark.parametrize(("output", "loss", "one_hot"), OUTPUT_CASES)
def test_one_batch_gives_the_numpy_kernels_gradients_and_outputs(output, loss, one_hot):
    spec = random_dag(7, hidden=12, output_activation=output, density=0.3)
    inputs, targets = random_batch(spec, 9, 7, one_hot=one_hot)
    network = compile_network(spec)
    flat = network.flatten()
    compiled_kernel, numpy_kernel = CompiledKernel(network, flat), NumpyKernel(network)
    cost = compiled_kernel.loss_and_gradients(inputs, targets, get_loss(loss), 0.3)
    compiled_grads = flat.grads.copy()
    assert numpy_kernel.loss_and_gradients(inputs, targets, get_loss(loss), 0.3) == (
        pytest.approx(cost, rel=1e-13)
    )
    synapses = compiled_kernel.synapses
    touched = np.concatenate([synapses.weight, synapses.others])  # every gradient written
    assert relative_difference(flat.grads[touched], compiled_grads[touched]) < 1e-13
    assert relative_difference(numpy_kernel.predict(inputs), compiled_kernel.predict(inputs)) < (
        1e-14
    )


def test_a_diverging_run_stops_in_the_same_epoch_with_the_same_weights():
    spec = random_dag(2, hidden=8)
    inputs, targets = random_batch(spec, 30, 2)
    settings = TrainingSettings(epochs=20, learning_rate=3.0, batch_size=1, optimizer="momentum")
    numpy_values, numpy_records, numpy_diverged = trained(spec, inputs, targets, settings, "numpy")
    values, records, diverged = trained(spec, inputs, targets, settings, "compiled")
    assert numpy_diverged is not None
    assert (len(records), diverged) == (len(numpy_records), numpy_diverged)
    assert relative_difference(numpy_values, values) < 1e-12


@pytest.mark.parametrize("kernel", ["numpy", "compiled"])
@pytest.mark.parametrize("penalties", [(0.0, 0.0), (0.1, 0.05)])
def test_frozen_neurons_keep_their_values_penalised_or_not(kernel, penalties):
    spec = random_dag(3, hidden=6)
    inputs, targets = random_batch(spec, 12, 3)
    network = compile_network(spec)
    frozen = {"h0", "h3"}
    network.freeze(frozen)
    before = network.export_parameters()
    l2, l1 = penalties
    settings = TrainingSettings(
        epochs=3, batch_size=2, optimizer="adam", learning_rate=0.05, l2=l2, l1=l1
    )
    list(train(network, prepare_data(inputs, targets, settings), settings, None, kernel))
    after = network.export_parameters()
    moved = 0
    for synapse in synapse_records(spec):
        if {synapse.source, synapse.target} & frozen:
            assert after.weights[synapse.id] == before.weights[synapse.id]
        else:
            moved += after.weights[synapse.id] != before.weights[synapse.id]
    assert moved
    assert after.biases["h0"] == before.biases["h0"]
    assert after.biases["out0"] != before.biases["out0"]


def test_a_stop_and_a_new_learning_rate_are_taken_up_on_the_compiled_kernel():
    spec = random_dag(4, hidden=5)
    inputs, targets = random_batch(spec, 50, 4)
    settings = TrainingSettings(epochs=100, batch_size=1, learning_rate=0.01)
    control = TrainingControl()
    network = compile_network(spec)
    records = []
    for record in train(network, prepare_data(inputs, targets, settings), settings, control,
                        "compiled"):  # fmt: skip
        records.append(record)
        control.learning_rate = 0.0
        if record.epoch == 3:
            control.request_stop()
    assert len(records) == 3
    # With a learning rate of 0 from epoch 2 on, epochs 2 and 3 cost the same.
    assert records[1].training_loss == pytest.approx(records[2].training_loss, rel=1e-12)


def test_the_kernel_is_chosen_by_shape_and_can_be_forced():
    online = compile_network(random_dag(1, inputs=4, hidden=16, outputs=1))
    flat = online.flatten()
    assert isinstance(kernel_choice.make_kernel(online, flat, 1), CompiledKernel)
    assert isinstance(kernel_choice.make_kernel(online, flat, 1, "numpy"), NumpyKernel)
    wide = compile_network(layered((64, 256, 10)))
    wide_flat = wide.flatten()
    assert isinstance(kernel_choice.make_kernel(wide, wide_flat, 256), NumpyKernel)
    assert isinstance(kernel_choice.make_kernel(wide, wide_flat, 256, "compiled"), CompiledKernel)
    online.cast("float32")
    single = online.flatten()
    assert isinstance(kernel_choice.make_kernel(online, single, 1), NumpyKernel)
    with pytest.raises(ValueError, match="float64"):
        kernel_choice.make_kernel(online, single, 1, "compiled")
    with pytest.raises(ValueError, match="unknown kernel"):
        kernel_choice.make_kernel(online, single, 1, "gpu")


def test_a_failed_compilation_is_logged_once_and_auto_keeps_numpy(monkeypatch, caplog):
    def broken() -> None:
        raise RuntimeError("no LLVM here")

    monkeypatch.setattr(compiled_kernel, "warm_up", broken)
    fresh = kernel_warm_up.WarmUp()
    monkeypatch.setattr(kernel_warm_up, "WARM_UP", fresh)
    with caplog.at_level(logging.WARNING, logger="nndesigner"):
        assert not fresh.wait()
        assert not fresh.wait()  # asked again: not compiled again
    assert [record.getMessage() for record in caplog.records] == [
        "The compiled kernel is not available (no LLVM here); NumPy trains."
    ]
    online = compile_network(random_dag(1, inputs=4, hidden=16, outputs=1))
    flat = online.flatten()
    assert isinstance(kernel_choice.make_kernel(online, flat, 1, "auto", wait=True), NumpyKernel)
    with pytest.raises(kernel_choice.KernelUnavailable, match="no LLVM here"):
        kernel_choice.make_kernel(online, flat, 1, "compiled")


def test_auto_trains_on_numpy_until_the_compilation_is_done_then_moves_over(monkeypatch):
    fresh = kernel_warm_up.WarmUp()  # this process's compilation, not yet asked for
    monkeypatch.setattr(kernel_warm_up, "WARM_UP", fresh)
    spec = random_dag(5, inputs=2, hidden=6)
    inputs, targets = random_batch(spec, 40, 5)
    settings = TrainingSettings(epochs=4, batch_size=1, learning_rate=0.05)
    network = compile_network(spec)
    kernels = []
    for record in train(network, prepare_data(inputs, targets, settings), settings, None, "auto"):
        kernels.append(record.kernel)
        if record.epoch == 2:
            assert fresh.wait()
    assert kernels == ["numpy", "numpy", "compiled", "compiled"]
    numpy_values, _, _ = trained(spec, inputs, targets, settings, "numpy")
    assert relative_difference(numpy_values, network.flatten().values) < 1e-12


def with_hidden_steps(spec: NetworkSpec) -> NetworkSpec:
    """`spec` with every third hidden neuron a step neuron."""
    hidden = [n.id for n in spec.neurons if n.role == "hidden"][::3]
    neurons = tuple(
        dataclasses.replace(n, activation="step", alpha=None) if n.id in hidden else n
        for n in spec.neurons
    )
    return NetworkSpec(neurons, spec.synapses)


@pytest.mark.parametrize("batch_size", [None, 40, 7])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_many_rows_in_blocks_and_many_calls_an_epoch_match_the_numpy_kernel(
    batch_size, optimizer, monkeypatch
):
    # 75 rows: two full blocks of 32 and a part; one batch per call of the compiled loops.
    monkeypatch.setattr(training, "SECONDS_PER_CALL", 0.0)
    spec = with_hidden_steps(random_dag(11, hidden=10, output_activation="softmax"))
    inputs, targets = random_batch(spec, 94, 11, one_hot=True)
    settings = TrainingSettings(
        epochs=3, learning_rate=0.05, batch_size=batch_size, optimizer=optimizer,
        loss="cross_entropy", validation_split=0.2, l2=0.02, l1=0.01,
    )  # fmt: skip
    numpy_values, numpy_records, _ = trained(spec, inputs, targets, settings, "numpy")
    values, records, _ = trained(spec, inputs, targets, settings, "compiled")
    assert [r.kernel for r in records] == ["compiled"] * 3
    assert relative_difference(numpy_values, values) < 1e-12
    for ours, theirs in zip(records, numpy_records, strict=True):
        assert ours.validation_loss == pytest.approx(theirs.validation_loss, rel=1e-12)
        assert ours.penalty == pytest.approx(theirs.penalty, rel=1e-12)
        assert ours.penalty > 0


def test_a_saturated_sigmoid_output_gives_the_numpy_kernels_gradients():
    spec = NetworkSpec.from_records(
        (NeuronSpec("x", "input"), NeuronSpec("y", "output", "sigmoid", -22.0)),
        (SynapseSpec("w", "x", "y", 7.0),),
    )
    inputs = np.linspace(-2.0, 2.0, 41)[:, None]  # z from -36 to -8
    targets = np.ones((41, 1))
    network = compile_network(spec)
    flat = network.flatten()
    loss = get_loss("binary_cross_entropy")
    compiled_cost = CompiledKernel(network, flat).loss_and_gradients(inputs, targets, loss)
    compiled_grads = flat.grads.copy()
    numpy_cost = NumpyKernel(network).loss_and_gradients(inputs, targets, loss)
    assert compiled_cost == pytest.approx(numpy_cost, rel=1e-13)
    assert relative_difference(flat.grads, compiled_grads) < 1e-13
