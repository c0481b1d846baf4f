"""The training generator: optimisers, batches, seeds, stop flag, divergence, splits."""

import numpy as np
import pytest

from nndesigner.engine import data_split, kernel, preprocessing, training
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.initialization import initialize
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import compile_network
from nndesigner.engine.preprocessing import Standardization
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec
from nndesigner.engine.training import TrainingControl, TrainingDiverged, TrainingSettings, train
from tests.engine.random_dag import random_batch, random_dag
from tests.engine.test_xor_slice import XOR_INPUTS, XOR_TARGETS, xor_spec

AND_TARGETS = np.array([[0], [0], [0], [1]], dtype=float)


def perceptron_spec() -> NetworkSpec:
    return NetworkSpec.from_records(
        (NeuronSpec("a", "input"), NeuronSpec("b", "input"), NeuronSpec("y", "output", "step")),
        (SynapseSpec("wa", "a", "y"), SynapseSpec("wb", "b", "y")),
    )


def test_single_step_neuron_learns_and_by_online_sgd():
    network = compile_network(perceptron_spec())
    settings = TrainingSettings(
        epochs=50, learning_rate=0.1, batch_size=1, standardize_inputs=False, seed=2
    )
    list(train(network, prepare_data(XOR_INPUTS, AND_TARGETS, settings), settings))
    assert NumpyKernel(network).predict(XOR_INPUTS).tolist() == AND_TARGETS.tolist()


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [1, 2, None])
def test_every_optimizer_and_batch_size_learns_xor(optimizer, batch_size):
    network = compile_network(xor_spec(hidden=4))
    initialize(network, "small", seed=1)
    learning_rate = {"sgd": 1.0, "momentum": 0.3, "adam": 0.05}[optimizer]
    settings = TrainingSettings(
        epochs=3000, learning_rate=learning_rate, batch_size=batch_size, optimizer=optimizer
    )
    data = prepare_data(XOR_INPUTS, XOR_TARGETS, settings)
    records = list(train(network, data, settings))
    outputs = NumpyKernel(network).predict(data.train_inputs)
    assert records[-1].training_loss < 0.1 * records[0].training_loss
    assert np.all(np.abs(outputs - XOR_TARGETS) < 0.1)


def run_twice(seed_a: int, seed_b: int):
    results = []
    for seed in (seed_a, seed_b):
        spec = random_dag(5)
        network = compile_network(spec)
        initialize(network, "xavier", seed=seed)
        inputs, targets = random_batch(spec, 30, 5)
        settings = TrainingSettings(epochs=20, learning_rate=0.1, batch_size=4, seed=seed)
        list(train(network, prepare_data(inputs, targets, settings), settings))
        results.append(network.export_parameters())
    return results


def test_same_seed_gives_same_weights():
    first, second = run_twice(7, 7)
    assert first == second


def test_large_training_sets_gather_batches_in_the_same_shuffled_order(monkeypatch):
    """Above `CACHED_DATA_BYTES` each batch gathers its own rows; the batches must be the
    very ones a shuffled copy of the whole set would have given."""
    by_epoch = run_twice(3, 3)[0]
    monkeypatch.setattr(training, "CACHED_DATA_BYTES", 0)
    by_batch = run_twice(3, 3)[0]
    assert by_batch == by_epoch


def test_different_seed_gives_different_weights():
    first, second = run_twice(7, 8)
    assert first.weights != second.weights


def test_stop_request_is_honoured_between_batches():
    network = compile_network(xor_spec())
    settings = TrainingSettings(epochs=100, batch_size=1)
    control = TrainingControl()
    records = []
    for record in train(
        network, prepare_data(XOR_INPUTS, XOR_TARGETS, settings), settings, control
    ):
        records.append(record)
        control.request_stop()
    assert len(records) == 1


def test_a_new_learning_rate_takes_effect_at_the_next_batch():
    settings = TrainingSettings(epochs=3, batch_size=None, learning_rate=0.5, shuffle=False)
    data = prepare_data(XOR_INPUTS, XOR_TARGETS, settings)
    frozen, steered = compile_network(xor_spec()), compile_network(xor_spec())
    for network in (frozen, steered):
        initialize(network, "small", seed=4)
    list(train(frozen, data, TrainingSettings(**{**settings.__dict__, "epochs": 1})))
    control = TrainingControl()
    for record in train(steered, data, settings, control):
        if record.epoch == 1:
            assert steered.export_parameters() == frozen.export_parameters()
            control.learning_rate = 0.0
    assert steered.export_parameters() == frozen.export_parameters()


def test_divergence_stops_with_last_finite_weights():
    spec = random_dag(3, output_activation="linear")
    network = compile_network(spec)
    inputs, targets = random_batch(spec, 10, 3)
    settings = TrainingSettings(epochs=500, learning_rate=50.0, loss="mse")
    seen = []
    with pytest.raises(TrainingDiverged, match="smaller learning rate"):
        for _record in train(network, prepare_data(inputs, targets, settings), settings):
            seen.append(network.export_parameters())
    assert seen
    kept = network.export_parameters()
    assert all(np.isfinite(list(kept.weights.values())))
    assert kept == seen[-1]


def test_validation_split_reports_held_out_cost():
    spec = random_dag(2)
    inputs, targets = random_batch(spec, 40, 2)
    settings = TrainingSettings(epochs=3, validation_split=0.25, learning_rate=0.1)
    data = prepare_data(inputs, targets, settings)
    assert len(data.train_inputs) == 30
    assert len(data.validation_inputs) == 10
    records = list(train(compile_network(spec), data, settings))
    assert all(record.validation_loss is not None for record in records)


def test_standardisation_uses_training_rows_and_centres_constant_columns():
    inputs = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    standardization = Standardization.fit(inputs)
    result = standardization.apply(inputs)
    np.testing.assert_allclose(result.mean(axis=0), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(result[:, 0].std(), 1.0)
    assert np.all(result[:, 1] == 0.0)
    np.testing.assert_allclose(standardization.revert(result), inputs)


def test_standardisation_fitted_in_blocks_matches_numpy(monkeypatch):
    monkeypatch.setattr(preprocessing, "FIT_BLOCK_ROWS", 7)  # many blocks, a ragged last one
    values = np.random.default_rng(3).normal(5.0, 3.0, size=(100, 4))
    standardization = Standardization.fit(values)
    np.testing.assert_allclose(standardization.mean, values.mean(axis=0))
    np.testing.assert_allclose(standardization.std, values.std(axis=0), rtol=1e-12)


def test_prepared_rows_are_the_split_rows_filled_and_standardised():
    inputs = np.random.default_rng(4).normal(size=(50, 3))
    inputs[[3, 17, 40], [0, 1, 2]] = np.nan
    targets = np.arange(50.0)[:, None]
    settings = TrainingSettings(validation_split=0.2, missing="median", standardize_outputs=True)
    data = prepare_data(inputs, targets, settings)
    train_rows, validation_rows, _ = data_split.split_rows(50, settings)
    filled = np.where(np.isnan(inputs), np.nanmedian(inputs[train_rows], axis=0), inputs)
    mean, std = filled[train_rows].mean(axis=0), filled[train_rows].std(axis=0)
    np.testing.assert_allclose(data.train_inputs, (filled[train_rows] - mean) / std)
    np.testing.assert_allclose(data.validation_inputs, (filled[validation_rows] - mean) / std)
    low, spread = targets[train_rows].mean(), targets[train_rows].std()
    np.testing.assert_allclose(data.validation_targets, (targets[validation_rows] - low) / spread)
    assert np.isnan(inputs).sum() == 3  # the caller's rows are left as they were


@pytest.mark.parametrize("rows, split", [(50, 0.2), (101, 0.37), (10, 0.0), (7, 0.9)])
def test_split_holds_out_the_seeded_rows_once_each(rows, split):
    settings = TrainingSettings(validation_split=split, split_seed=5)
    train_rows, validation_rows, _ = data_split.split_rows(rows, settings)
    held_out = data_split.held_out_count(rows, settings)
    permutation = np.random.default_rng(5).permutation(rows)
    assert sorted(validation_rows) == sorted(permutation[rows - held_out :])
    assert sorted([*train_rows, *validation_rows]) == list(range(rows))


def test_a_consumed_split_equals_the_copied_one_without_a_copy():
    rng = np.random.default_rng(6)
    inputs, targets = rng.normal(size=(101, 3)), rng.normal(size=(101, 2))
    inputs[[4, 60], [0, 2]] = np.nan
    settings = TrainingSettings(validation_split=0.3, missing="mean", standardize_outputs=True)
    copied = prepare_data(inputs, targets, settings)
    consumed = prepare_data(inputs.copy(), targets.copy(), settings, consume=True)
    for name in ("train_inputs", "train_targets", "validation_inputs", "validation_targets"):
        np.testing.assert_array_equal(getattr(consumed, name), getattr(copied, name))
    owned = inputs.copy()
    data = prepare_data(owned, targets.copy(), settings, consume=True)
    assert np.shares_memory(data.train_inputs, owned)
    assert np.shares_memory(data.validation_inputs, owned)


def test_predicting_in_blocks_equals_one_forward_pass(monkeypatch):
    spec = random_dag(7)
    network = compile_network(spec)
    initialize(network, "xavier", 1)
    inputs, _ = random_batch(spec, 23, 7)
    whole = NumpyKernel(network).predict(inputs)
    monkeypatch.setattr(kernel, "PREDICT_ROWS", 5)  # four blocks and a ragged one
    # Equal to rounding: BLAS may sum a block of 5 rows in another order than one of 23.
    np.testing.assert_allclose(NumpyKernel(network).predict(inputs), whole, rtol=1e-14)


def test_output_standardisation_is_recorded_and_reverted():
    targets = np.array([[100.0], [200.0], [300.0]])
    settings = TrainingSettings(standardize_outputs=True)
    data = prepare_data(np.zeros((3, 1)), targets, settings)
    assert data.preprocessing.outputs is not None
    np.testing.assert_allclose(data.train_targets.mean(), 0.0, atol=1e-12)
    np.testing.assert_allclose(data.preprocessing.restore_outputs(data.train_targets), targets)


@pytest.mark.parametrize("method", ["small", "xavier", "he"])
def test_initialisation_is_seeded_small_and_respects_masks(method):
    spec = random_dag(6, hidden=10, density=0.4)
    first, second = compile_network(spec), compile_network(spec)
    initialize(first, method, seed=11)
    initialize(second, method, seed=11)
    assert first.export_parameters() == second.export_parameters()
    weights = np.array(list(first.export_parameters().weights.values()))
    assert np.all(weights != 0.0)
    assert np.abs(weights).max() < 5.0
    for level in first.levels:
        assert np.all(level.weights.value[level.weights.mask == 0] == 0.0)


def test_float32_training_follows_float64_closely():
    results = {}
    for dtype in ("float64", "float32"):
        network = compile_network(xor_spec(hidden=4))
        initialize(network, "small", seed=1)
        settings = TrainingSettings(epochs=200, learning_rate=0.5, dtype=dtype)
        records = list(train(network, prepare_data(XOR_INPUTS, XOR_TARGETS, settings), settings))
        assert network.dtype == np.dtype(dtype)
        results[dtype] = (records[-1].training_loss, network.export_parameters())
    (loss64, params64), (loss32, params32) = results["float64"], results["float32"]
    assert loss32 == pytest.approx(loss64, rel=1e-3)
    for key, value in params64.weights.items():
        assert params32.weights[key] == pytest.approx(value, abs=1e-3)
