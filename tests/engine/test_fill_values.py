"""Filling missing inputs: the mean, median and most frequent value of the values there
are, fitted on the training rows only and kept in the preprocessing."""

from __future__ import annotations

import numpy as np
import pytest

from nndesigner.engine.data_split import prepare_data, split_rows
from nndesigner.engine.preprocessing import Preprocessing, fill_values
from nndesigner.engine.training import TrainingSettings

VALUES = np.array([[1.0, 5.0], [np.nan, 5.0], [4.0, np.nan], [10.0, 7.0], [4.0, 7.0]])


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("mean", [np.mean([1, 4, 10, 4]), np.mean([5, 5, 7, 7])]),
        ("median", [np.median([1, 4, 10, 4]), np.median([5, 5, 7, 7])]),
        ("mode", [4.0, 5.0]),  # a tie (5 and 7 twice each) goes to the smaller value
    ],
)
def test_each_fill_uses_only_the_values_that_are_there(how, expected):
    np.testing.assert_array_equal(fill_values(VALUES, how), expected)


def test_a_column_without_values_has_no_fill():
    assert np.isnan(fill_values(np.array([[np.nan], [np.nan]]), "mean")).all()


def test_preprocessing_fills_then_standardises():
    filled = Preprocessing(fill=np.array([2.0, 3.0])).prepare_inputs(VALUES)
    np.testing.assert_array_equal(filled[1], [2.0, 5.0])
    np.testing.assert_array_equal(filled[2], [4.0, 3.0])


def test_the_fill_comes_from_the_training_rows_not_the_validation_rows():
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(40, 2))
    inputs[::5, 0] = np.nan
    targets = rng.normal(size=(40, 1))
    settings = TrainingSettings(validation_split=0.25, missing="median", split_seed=3)
    prepared = prepare_data(inputs, targets, settings)
    training, _, _ = split_rows(40, settings)
    np.testing.assert_array_equal(
        prepared.preprocessing.fill, np.nanmedian(inputs[training], axis=0)
    )
    assert np.isfinite(prepared.train_inputs).all()
    assert np.isfinite(prepared.validation_inputs).all()


def test_the_validation_rows_follow_the_split_seed_not_the_training_seed():
    first = split_rows(100, TrainingSettings(validation_split=0.2, seed=1))
    second = split_rows(100, TrainingSettings(validation_split=0.2, seed=2))
    np.testing.assert_array_equal(first[1], second[1])
    moved = split_rows(100, TrainingSettings(validation_split=0.2, split_seed=9))
    assert set(moved[1]) != set(first[1])
