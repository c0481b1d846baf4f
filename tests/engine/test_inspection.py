"""Snapshots report each neuron's pre-activations and mean activation."""

import numpy as np

from nndesigner.engine.inspection import sample_rows, take_snapshot
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


def test_sample_rows_spreads_evenly_and_keeps_small_sets():
    rows = np.arange(2000)[:, None]
    picked = sample_rows(rows, 100)
    assert len(picked) == 100 and picked[0, 0] == 0 and picked[-1, 0] == 1999
    assert sample_rows(rows[:10], 100).shape == (10, 1)
