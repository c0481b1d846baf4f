"""Snapshots report each neuron's pre-activations and mean activation."""

import numpy as np

from nndesigner.engine.inspection import sample_indices, take_snapshot
from nndesigner.engine.network import compile_network
from tests.engine.random_dag import random_batch, random_dag
from tests.engine.test_network import reference_forward


def test_snapshot_values_match_the_definition():
    spec = random_dag(2, outputs=1, output_activation="tanh")
    inputs, _ = random_batch(spec, 9, 2)
    snapshot = take_snapshot(compile_network(spec), inputs)
    (output_id,) = spec.ids_with_role("output")
    z = snapshot.pre_activations[output_id]
    np.testing.assert_allclose(np.tanh(z), reference_forward(spec, inputs)[:, 0], rtol=1e-12)
    assert snapshot.mean_activations[output_id] == np.tanh(z).mean()
    for k, input_id in enumerate(spec.ids_with_role("input")):
        np.testing.assert_array_equal(snapshot.pre_activations[input_id], inputs[:, k])


def test_sample_indices_spread_evenly_and_keep_small_sets():
    picked = sample_indices(2000, 100)
    assert len(picked) == 100 and picked[0] == 0 and picked[-1] == 1999
    np.testing.assert_array_equal(sample_indices(10, 100), np.arange(10))


def test_output_grid_matches_predictions_in_raw_units():
    from nndesigner.engine.inspection import output_grid, padded_bounds
    from nndesigner.engine.kernel import NumpyKernel
    from nndesigner.engine.preprocessing import Preprocessing, Standardization

    spec = random_dag(3, inputs=2, outputs=1, output_activation="sigmoid")
    network = compile_network(spec)
    raw = np.random.default_rng(0).normal(5.0, 2.0, (50, 2))
    preprocessing = Preprocessing(Standardization.fit(raw), None)
    low, high = padded_bounds(raw)
    assert np.all(low < raw.min(axis=0)) and np.all(high > raw.max(axis=0))
    grid = output_grid(network, preprocessing, low, high, resolution=5)
    point = np.array([[grid.x[3], grid.y[1]]])
    expected = NumpyKernel(network).predict(preprocessing.prepare_inputs(point))[0, 0]
    assert grid.values[3, 1] == expected
    snapshot = take_snapshot(network, preprocessing.prepare_inputs(raw), preprocessing)
    assert snapshot.grid is not None and snapshot.grid.values.shape == (64, 64)
