"""Neuron maps: every hidden and output neuron's activation over the input plane."""

import numpy as np
import pytest

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.engine.inspection import SnapshotContents, padded_bounds, take_snapshot
from nndesigner.engine.network import compile_network
from nndesigner.engine.neuron_maps import colour_levels, neuron_maps
from nndesigner.engine.preprocessing import Preprocessing, Standardization
from tests.engine.random_dag import random_dag
from tests.engine.test_network import reference_values


@pytest.mark.parametrize("seed", range(4))
def test_every_map_equals_the_neuron_evaluated_directly(seed):
    spec = random_dag(seed, inputs=2, hidden=5, outputs=2)
    network = compile_network(spec)
    raw = np.random.default_rng(seed).normal([3.0, -1.0], [2.0, 0.5], (40, 2))
    preprocessing = Preprocessing(Standardization.fit(raw), None)
    maps = neuron_maps(network, preprocessing, *padded_bounds(raw), resolution=7)
    hidden_and_outputs = {n.id for n in spec.neurons if n.role != "input"}
    assert set(maps.ids) == hidden_and_outputs
    for i, j in [(0, 0), (2, 5), (6, 3)]:
        point = preprocessing.prepare_inputs(np.array([[maps.x[i], maps.y[j]]]))
        expected = reference_values(spec, point)
        for neuron_id in hidden_and_outputs:
            assert maps.of(neuron_id)[i, j] == pytest.approx(expected[neuron_id][0], rel=1e-12)
    assert maps.of("in0") is None


def test_bounded_activations_keep_their_range_and_others_span_the_map():
    for activation in ("sigmoid", "tanh", "step", "softmax"):
        assert ACTIVATIONS[activation].bounds is not None
    assert colour_levels(np.array([0.2, 0.3]), (0.0, 1.0)) == (0.0, 1.0)
    assert colour_levels(np.array([-2.0, np.inf, 5.0]), None) == (-2.0, 5.0)
    assert colour_levels(np.array([3.0, 3.0]), None) == (2.5, 3.5)
    assert colour_levels(np.array([np.nan]), None) == (-0.5, 0.5)


def test_a_snapshot_holds_maps_and_a_chosen_neurons_grid_only_when_asked():
    spec = random_dag(1, inputs=2, hidden=3, outputs=1, output_activation="sigmoid")
    network = compile_network(spec)
    raw = np.random.default_rng(0).normal(0.0, 1.0, (30, 2))
    preprocessing = Preprocessing(Standardization.fit(raw), None)
    inputs = preprocessing.prepare_inputs(raw)
    plain = take_snapshot(network, inputs, preprocessing)
    assert plain.maps is None and plain.grid.neuron_id is None
    contents = SnapshotContents(maps=True, grid_neuron="h1")
    chosen = take_snapshot(network, inputs, preprocessing, contents)
    assert chosen.grid.neuron_id == "h1" and chosen.maps is not None
    gone = take_snapshot(network, inputs, preprocessing, SnapshotContents(grid_neuron="gone"))
    assert gone.grid.neuron_id is None
    three = compile_network(random_dag(1, inputs=3))
    assert take_snapshot(three, np.zeros((4, 3)), Preprocessing(), contents).maps is None
