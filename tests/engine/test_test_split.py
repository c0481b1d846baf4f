"""The test rows: held out first with their own seed, prepared like the others, never
trained on or validated on."""

from dataclasses import replace

import numpy as np
import pytest

from nndesigner.engine import data_split
from nndesigner.engine.data_split import prepare_data, split_rows
from nndesigner.engine.network import compile_network
from nndesigner.engine.training import TrainingSettings, train
from tests.engine.random_dag import random_batch, random_dag


@pytest.mark.parametrize(("rows", "validation", "test"), [(50, 0.2, 0.2), (101, 0.3, 0.15)])
def test_the_three_sets_are_disjoint_and_seeded_apart(rows, validation, test):
    settings = TrainingSettings(validation_split=validation, test_split=test, test_seed=4)
    kept, held, tested = split_rows(rows, settings)
    assert sorted([*kept, *held, *tested]) == list(range(rows))
    count = data_split.test_row_count(rows, settings)
    assert sorted(tested) == sorted(np.random.default_rng(4).permutation(rows)[rows - count :])
    assert len(held) == data_split.held_out_count(rows, settings)
    # Another validation seed moves the validation rows, never the test rows.
    moved = split_rows(rows, replace(settings, split_seed=8))
    assert set(moved[2]) == set(tested) and set(moved[1]) != set(held)
    assert set(split_rows(rows, replace(settings, test_seed=5))[2]) != set(tested)


def test_without_test_rows_the_validation_rows_are_as_before():
    settings = TrainingSettings(validation_split=0.25, split_seed=3)
    _, held, tested = split_rows(40, settings)
    assert len(tested) == 0
    assert sorted(held) == sorted(np.random.default_rng(3).permutation(40)[30:])


def test_prepared_test_rows_are_standardised_with_the_training_rows_values():
    rng = np.random.default_rng(1)
    inputs, targets = rng.normal(3, 2, size=(60, 2)), rng.normal(size=(60, 1))
    settings = TrainingSettings(validation_split=0.2, test_split=0.25)
    data = prepare_data(inputs, targets, settings)
    kept, _, tested = split_rows(60, settings)
    mean, std = inputs[kept].mean(axis=0), inputs[kept].std(axis=0)
    np.testing.assert_allclose(data.test_inputs, (inputs[tested] - mean) / std)
    np.testing.assert_array_equal(data.test_targets, targets[tested])
    consumed = prepare_data(inputs.copy(), targets.copy(), settings, consume=True)
    for name in ("train_inputs", "validation_inputs", "test_inputs", "test_targets"):
        np.testing.assert_array_equal(getattr(consumed, name), getattr(data, name))


def test_training_never_reads_the_test_rows():
    spec = random_dag(2, inputs=2, hidden=6, outputs=1, output_activation="linear")
    inputs, targets = random_batch(spec, 48, 2)
    settings = TrainingSettings(
        epochs=30, validation_split=0.25, test_split=0.25, seed=1, standardize_outputs=True
    )
    _, _, tested = split_rows(48, settings)
    poisoned = targets.copy()
    poisoned[tested] = 1e6  # any use of these rows would move the weights far
    trained = []
    for values in (targets, poisoned):
        network = compile_network(spec)
        records = list(train(network, prepare_data(inputs, values, settings), settings))
        trained.append((network.flatten().values, [r.validation_loss for r in records]))
    np.testing.assert_array_equal(trained[0][0], trained[1][0])
    assert trained[0][1] == trained[1][1]
