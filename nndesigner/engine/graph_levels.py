"""Levels of a feed-forward graph: the longest path to each neuron from the inputs.

A neuron's level decides which weight matrix holds its incoming synapses (see
network.py). Everything here works on the spec's synapse columns as whole arrays.
"""

from __future__ import annotations

import numpy as np

from nndesigner.engine.spec import NetworkSpec, SynapseColumns

INPUT, HIDDEN, OUTPUT = 0, 1, 2
ROLE_CODES = {"input": INPUT, "hidden": HIDDEN, "output": OUTPUT}


def role_codes(spec: NetworkSpec) -> np.ndarray:
    """Each neuron's role as INPUT, HIDDEN or OUTPUT, in spec order."""
    return np.array([ROLE_CODES[neuron.role] for neuron in spec.neurons], np.intp)


def sort_order(keys: np.ndarray, largest: int) -> np.ndarray:
    """A stable argsort of non-negative integer keys below `largest`; held as uint16
    where they fit, for which NumPy sorts by radix in linear time."""
    if largest <= np.iinfo(np.uint16).max:
        keys = keys.astype(np.uint16)
    return np.argsort(keys, kind="stable")


def _refuse(columns: SynapseColumns, bad: np.ndarray, problem: str) -> None:
    """ValueError naming the first synapse where `bad` holds."""
    if bad.any():
        raise ValueError(f"synapse '{columns.ids[int(np.argmax(bad))]}' {problem}")


def check_synapses(columns: SynapseColumns, roles: np.ndarray) -> None:
    """ValueError for a synapse naming no neuron, leaving an output or entering an input."""
    sources, targets = columns.sources, columns.targets
    count = roles.size
    outside = (sources < 0) | (sources >= count) | (targets < 0) | (targets >= count)
    _refuse(columns, outside, "links a neuron that does not exist")
    _refuse(columns, roles[sources] == OUTPUT, "leaves an output neuron")
    _refuse(columns, roles[targets] == INPUT, "enters an input neuron")


def _leaving(neurons: np.ndarray, first: np.ndarray, by_source: np.ndarray) -> np.ndarray:
    """The synapses leaving `neurons`: positions first[i] .. first[i+1]-1 of `by_source`
    for each neuron i, in one array (one slice for one neuron, as in a chain)."""
    if neurons.size == 1:
        return by_source[first[neurons[0]] : first[neurons[0] + 1]]
    counts = first[neurons + 1] - first[neurons]
    starts = first[neurons] - np.cumsum(counts) + counts
    return by_source[np.repeat(starts, counts) + np.arange(int(counts.sum()))]


def neuron_levels(spec: NetworkSpec) -> np.ndarray:
    """Each neuron's level, in spec order: inputs 0, any other neuron the larger of 1
    and 1 + its deepest source's level; outputs all on one last level, 1 + the deepest
    other neuron's. ValueError for a bad synapse (`check_synapses`) or a cycle.

    Kahn's order a whole frontier at a time: time linear in the synapses, plus a few
    array calls per level, so a chain of any length compiles."""
    roles = role_codes(spec)
    count = roles.size
    columns = spec.synapses
    check_synapses(columns, roles)
    sources, targets = columns.sources, columns.targets
    waiting = np.bincount(targets, minlength=count)
    by_source = sort_order(sources, count)
    first = np.zeros(count + 1, np.intp)
    np.cumsum(np.bincount(sources, minlength=count), out=first[1:])
    level = (roles != INPUT).astype(np.intp)
    frontier = np.flatnonzero(waiting == 0)
    placed = frontier.size
    while frontier.size:
        edges = _leaving(frontier, first, by_source)
        if not edges.size:
            break
        reached = targets[edges]
        np.maximum.at(level, reached, level[sources[edges]] + 1)
        np.subtract.at(waiting, reached, 1)
        frontier = reached[waiting[reached] == 0]
        if frontier.size > 1:
            frontier = np.unique(frontier)
        placed += frontier.size
    if placed < count:
        raise ValueError("the synapses form a cycle")
    outputs = roles == OUTPUT
    level[outputs] = 1 + level[~outputs].max(initial=0)
    return level
