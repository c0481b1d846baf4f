"""Levels and column order of compiled networks against their definitions."""

from functools import cache

import numpy as np
import pytest

from nndesigner.engine.graph_levels import neuron_levels
from nndesigner.engine.network import compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseColumns, SynapseSpec
from tests.engine.random_dag import random_dag, synapse_records


def defined_levels(spec: NetworkSpec) -> list[int]:
    """Inputs 0; others max(1, 1 + deepest source); outputs one past every other level."""
    records = synapse_records(spec)
    sources = {n.id: [s.source for s in records if s.target == n.id] for n in spec.neurons}
    roles = {n.id: n.role for n in spec.neurons}

    @cache
    def level(neuron_id: str) -> int:
        if roles[neuron_id] == "input":
            return 0
        return max([1] + [1 + level(source) for source in sources[neuron_id]])

    last = 1 + max(level(n.id) for n in spec.neurons if n.role != "output")
    return [last if n.role == "output" else level(n.id) for n in spec.neurons]


def with_lonely_hidden_neurons(spec: NetworkSpec, count: int) -> NetworkSpec:
    """`spec` plus hidden neurons that no synapse enters (they sit on level 1)."""
    extra = tuple(NeuronSpec(f"lonely{k}", "hidden", "tanh", 0.5) for k in range(count))
    return NetworkSpec(spec.neurons + extra, spec.synapses)


def shuffled_synapses(spec: NetworkSpec, seed: int) -> NetworkSpec:
    """The same network with its synapses listed in a random order."""
    order = np.random.default_rng(seed).permutation(len(spec.synapses))
    columns = spec.synapses
    return NetworkSpec(
        spec.neurons,
        SynapseColumns(
            tuple(columns.ids[k] for k in order),
            columns.sources[order],
            columns.targets[order],
            columns.weights[order],
        ),
    )


@pytest.mark.parametrize("seed", range(12))
def test_levels_follow_the_longest_path_definition(seed):
    spec = with_lonely_hidden_neurons(random_dag(seed, inputs=3, hidden=12, density=0.3), 2)
    assert neuron_levels(spec).tolist() == defined_levels(spec)


@pytest.mark.parametrize("sourceless_first", [True, False])
def test_a_neuron_fed_by_a_sourceless_hidden_neuron_sits_above_it(sourceless_first):
    inputs = [NeuronSpec("x", "input"), NeuronSpec("a", "hidden")]
    neurons = (inputs[::-1] if sourceless_first else inputs) + [
        NeuronSpec("b", "hidden"),
        NeuronSpec("y", "output"),
    ]
    synapses = [SynapseSpec("xb", "x", "b"), SynapseSpec("ab", "a", "b")]
    spec = NetworkSpec.from_records(neurons, synapses + [SynapseSpec("by", "b", "y")])
    levels = dict(zip((n.id for n in neurons), neuron_levels(spec).tolist(), strict=True))
    assert levels == {"x": 0, "a": 1, "b": 2, "y": 3}


@pytest.mark.parametrize("seed", range(8))
def test_every_weight_lands_where_its_synapse_says_in_any_listing_order(seed):
    spec = random_dag(seed, inputs=3, hidden=10, density=0.4)
    for listed in (spec, shuffled_synapses(spec, seed)):
        network = compile_network(listed)
        column = {neuron_id: k for k, neuron_id in enumerate(network.neuron_ids)}
        for synapse in synapse_records(listed):
            level, row, col = network.synapse_position(synapse.id)
            assert level.weights.value[row, col] == synapse.weight
            assert level.source_start + row == column[synapse.source]
            assert level.start + col == column[synapse.target]
        for level in network.levels:
            listed_order = [i for i in listed.synapses.ids if i in set(level.synapse_ids)]
            assert list(level.synapse_ids) == listed_order
            assert level.weights.mask.sum() == len(level.synapse_ids)


def test_columns_follow_level_then_activation_then_listing_order():
    spec = random_dag(3, inputs=2, hidden=14, density=0.3)
    network = compile_network(spec)
    levels = dict(zip((n.id for n in spec.neurons), neuron_levels(spec).tolist(), strict=True))
    by_id = {n.id: n for n in spec.neurons}
    listing = {n.id: k for k, n in enumerate(spec.neurons)}

    def key(neuron_id: str) -> tuple:
        neuron = by_id[neuron_id]
        activation = "" if neuron.role == "input" else neuron.activation
        return levels[neuron_id], activation, listing[neuron_id]

    assert list(network.neuron_ids) == sorted(listing, key=key)
