"""Compile a feed-forward graph into levels of masked dense matrices.

A neuron's level is the longest path to it from the inputs; every output neuron sits on
the last level, so softmax outputs are one contiguous block. Columns of the activation
matrix A follow level order, so level l computes

    Z_l = A[:, s0:s1] @ W_l + b_l,   A[:, t0:t1] = act(Z_l)

where [s0, s1) is the contiguous range of columns that feed the level and W_l is dense
with a 0/1 mask that keeps missing synapses exactly zero. A layered MLP is one matrix
product per layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nndesigner.engine.activations import Activation, get_activation
from nndesigner.engine.graph_levels import INPUT, OUTPUT, neuron_levels, role_codes, sort_order
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, Parameters


@dataclass
class Parameter:
    """A trainable array with its gradient buffer and an optional 0/1 mask of what trains."""

    value: np.ndarray
    mask: np.ndarray | None = None
    grad: np.ndarray = field(init=False)
    dense: bool = field(init=False)

    def __post_init__(self) -> None:
        self.grad = np.zeros_like(self.value)
        self.dense = self.mask is None or bool(np.all(self.mask == 1.0))


@dataclass(frozen=True)
class FlatParameters:
    """All parameters of a network as one array each: values, gradients, and the 0/1
    mask of what trains (None when everything does)."""

    values: np.ndarray
    grads: np.ndarray
    mask: np.ndarray | None


@dataclass(frozen=True)
class ActivationGroup:
    """Neurons [start, stop) of a level (relative columns) that share one activation."""

    start: int
    stop: int
    activation: Activation


@dataclass
class Level:
    """Target columns [start, stop), fed by source columns [source_start, source_stop)."""

    start: int
    stop: int
    source_start: int
    source_stop: int
    weights: Parameter
    bias: Parameter
    alpha: np.ndarray
    alpha_parameter: Parameter | None
    groups: tuple[ActivationGroup, ...]
    synapse_ids: tuple[str, ...]
    synapse_rows: np.ndarray
    synapse_cols: np.ndarray
    # Each neuron's dropout rate while training, or None when no neuron has one.
    dropout: np.ndarray | None = None

    @property
    def width(self) -> int:
        return self.stop - self.start


@dataclass
class CompiledNetwork:
    """A network ready to train: column order, levels and their parameters."""

    neuron_ids: tuple[str, ...]
    input_count: int
    output_ids: tuple[str, ...]
    output_columns: np.ndarray
    levels: list[Level]

    @property
    def neuron_count(self) -> int:
        return len(self.neuron_ids)

    @property
    def output_start(self) -> int:
        """First column of the last level, which holds exactly the output neurons."""
        return self.levels[-1].start if self.levels else self.input_count

    @property
    def has_dropout(self) -> bool:
        return any(level.dropout is not None for level in self.levels)

    @property
    def softmax_output(self) -> bool:
        """Whether the outputs are one softmax group (the case where the kernels fuse
        softmax with cross-entropy: dCost/dz = (a - y) / rows)."""
        last = self.levels[-1].groups if self.levels else ()
        return len(last) == 1 and last[0].activation.joint

    @property
    def dtype(self) -> np.dtype:
        return self.levels[0].weights.value.dtype if self.levels else np.dtype("float64")

    def cast(self, dtype: str) -> None:
        """Hold every parameter (and gradient buffer) as `dtype`; a no-op when it already
        is. Kernels and optimizers made before a cast must be made again."""
        if self.dtype == np.dtype(dtype):
            return
        for level in self.levels:
            level.weights = Parameter(
                level.weights.value.astype(dtype), level.weights.mask.astype(dtype)
            )
            bias_mask = level.bias.mask
            level.bias = Parameter(
                level.bias.value.astype(dtype),
                None if bias_mask is None else bias_mask.astype(dtype),
            )
            level.alpha = level.alpha.astype(dtype)
            if level.alpha_parameter is not None:
                level.alpha_parameter = Parameter(
                    level.alpha, level.alpha_parameter.mask.astype(dtype)
                )

    def flatten(self) -> FlatParameters:
        """Every parameter's value, gradient and mask as views into one contiguous array
        each, so an optimizer can update them all in a single call. Kernels made before
        this must be made again."""
        parameters = self.parameters()
        sizes = [p.value.size for p in parameters]
        values = np.empty(sum(sizes), self.dtype)
        grads = np.zeros(sum(sizes), self.dtype)
        mask = np.ones(sum(sizes), self.dtype)
        offset = 0
        for parameter, size in zip(parameters, sizes, strict=True):
            shape = parameter.value.shape
            view = values[offset : offset + size].reshape(shape)
            view[...] = parameter.value
            parameter.value = view
            parameter.grad = grads[offset : offset + size].reshape(shape)
            if parameter.mask is not None:
                mask[offset : offset + size] = parameter.mask.ravel()
            offset += size
        for level in self.levels:
            if level.alpha_parameter is not None:
                level.alpha = level.alpha_parameter.value
        return FlatParameters(values, grads, None if np.all(mask == 1.0) else mask)

    def synapse_position(self, synapse_id: str) -> tuple[Level, int, int]:
        """The level holding a synapse's weight, and its row and column in that level's
        weight matrix; ValueError for an unknown id."""
        for level in self.levels:
            if synapse_id in level.synapse_ids:
                k = level.synapse_ids.index(synapse_id)
                return level, int(level.synapse_rows[k]), int(level.synapse_cols[k])
        raise ValueError(f"there is no synapse '{synapse_id}'")

    def freeze(self, neuron_ids: set[str]) -> None:
        """Keep these neurons as they are through training: their bias and alpha, and
        every synapse into or out of them, get a 0 mask (their values stay, so they
        still take part in the forward pass). Call before `flatten` or `train`."""
        frozen = np.array([i in neuron_ids for i in self.neuron_ids])
        for level in self.levels:
            targets = frozen[level.start : level.stop]
            sources = frozen[level.source_start : level.source_stop]
            keep = ~(sources[:, None] | targets[None, :])
            level.weights = Parameter(level.weights.value, level.weights.mask * keep)
            bias_mask = (~targets).astype(level.bias.value.dtype)
            level.bias = Parameter(level.bias.value, bias_mask)
            if level.alpha_parameter is not None:
                level.alpha_parameter = Parameter(
                    level.alpha, level.alpha_parameter.mask * ~targets
                )

    def parameters(self) -> list[Parameter]:
        """Every trainable array, in a fixed order (weights, bias, alpha per level)."""
        found: list[Parameter] = []
        for level in self.levels:
            found += [level.weights, level.bias]
            if level.alpha_parameter is not None:
                found.append(level.alpha_parameter)
        return found

    def export_parameters(self) -> Parameters:
        """Current weights, biases and alphas by id."""
        weights: dict[str, float] = {}
        biases: dict[str, float] = {}
        alphas: dict[str, float] = {}
        for level in self.levels:
            values = level.weights.value[level.synapse_rows, level.synapse_cols]
            weights.update(zip(level.synapse_ids, values.tolist(), strict=True))
            ids = self.neuron_ids[level.start : level.stop]
            biases.update(zip(ids, level.bias.value.tolist(), strict=True))
            for group in level.groups:
                if group.activation.uses_alpha:
                    for column in range(group.start, group.stop):
                        alphas[ids[column]] = float(level.alpha[column])
        return Parameters(weights, biases, alphas)

    def copy(self) -> CompiledNetwork:
        """A deep copy of the parameters; structure arrays are shared (never mutated)."""
        levels = []
        for level in self.levels:
            alpha = level.alpha.copy()
            alpha_parameter = None
            if level.alpha_parameter is not None:
                alpha_parameter = Parameter(alpha, level.alpha_parameter.mask)
            levels.append(
                Level(
                    level.start,
                    level.stop,
                    level.source_start,
                    level.source_stop,
                    Parameter(level.weights.value.copy(), level.weights.mask),
                    Parameter(level.bias.value.copy(), level.bias.mask),
                    alpha,
                    alpha_parameter,
                    level.groups,
                    level.synapse_ids,
                    level.synapse_rows,
                    level.synapse_cols,
                    level.dropout,
                )
            )
        return CompiledNetwork(
            self.neuron_ids, self.input_count, self.output_ids, self.output_columns, levels
        )


# A level's weights are dense (sources x neurons, zeros where no synapse): at most this
# many (25 million, 200 MB as float64, twice with the mask), however few synapses it has.
MAX_LEVEL_CELLS = 25_000_000


def compile_network(spec: NetworkSpec) -> CompiledNetwork:
    """Compile `spec` into levels; weights, biases and alphas are copied from it. Neurons
    are ordered by (level, activation, spec order), so each level's activations form
    contiguous groups; each level's synapses keep their spec order."""
    roles = role_codes(spec)
    if not (roles == OUTPUT).any():
        raise ValueError("the network has no output neuron")
    level_of = neuron_levels(spec)
    keys = ["" if neuron.role == "input" else neuron.activation for neuron in spec.neurons]
    rank = {key: index for index, key in enumerate(sorted(set(keys)))}
    order = np.lexsort((np.arange(roles.size), np.array([rank[key] for key in keys]), level_of))
    neuron_ids = tuple(spec.neurons[i].id for i in order)
    column = np.empty(roles.size, np.intp)
    column[order] = np.arange(roles.size)
    input_count = int(np.count_nonzero(roles == INPUT))

    synapses = spec.synapses
    synapse_level = level_of[synapses.targets]
    by_level = sort_order(synapse_level, int(level_of.max()) + 1)
    synapse_level = synapse_level[by_level]
    column_level = level_of[order]
    names: np.ndarray | None = None  # the ids as an array, made when a level needs it
    levels: list[Level] = []
    numbers = np.unique(column_level[input_count:])
    column_bounds = np.searchsorted(column_level, np.append(numbers, numbers[-1] + 1))
    synapse_bounds = np.searchsorted(synapse_level, np.append(numbers, numbers[-1] + 1))
    for k in range(numbers.size):
        start, stop = column_bounds[k : k + 2].tolist()
        chosen = by_level[synapse_bounds[k] : synapse_bounds[k + 1]]
        source_columns = column[synapses.sources[chosen]]
        source_start = int(source_columns.min()) if chosen.size else 0
        source_stop = int(source_columns.max()) + 1 if chosen.size else 0
        rows = source_columns - source_start
        cols = column[synapses.targets[chosen]] - start
        shape = (source_stop - source_start, stop - start)
        if shape[0] * shape[1] > MAX_LEVEL_CELLS:
            raise ValueError(
                f"a level of {shape[1]:,} neurons fed by {shape[0]:,} would need "
                f"{shape[0] * shape[1]:,} weights held densely, for {chosen.size:,} "
                f"synapses; the limit is {MAX_LEVEL_CELLS:,}"
            )
        if chosen.size and chosen[-1] - chosen[0] == chosen.size - 1:
            ids = synapses.ids[int(chosen[0]) : int(chosen[-1]) + 1]  # listed level by level
        else:
            if names is None:
                names = np.array(synapses.ids, dtype=object)
            ids = tuple(names[chosen])
        weights = np.zeros(shape)
        mask = np.zeros(shape)
        weights[rows, cols] = synapses.weights[chosen]
        mask[rows, cols] = 1.0
        levels.append(
            _level(
                [spec.neurons[i] for i in order[start:stop]],
                (start, stop, source_start, source_stop),
                Parameter(weights, mask),
                (ids, rows, cols),
            )
        )

    output_ids = tuple(spec.ids_with_role("output"))
    by_id = dict(zip(neuron_ids, range(len(neuron_ids)), strict=True))
    return CompiledNetwork(
        neuron_ids,
        input_count,
        output_ids,
        np.array([by_id[i] for i in output_ids], dtype=np.intp),
        levels,
    )


def _level(
    neurons: list[NeuronSpec],
    bounds: tuple[int, int, int, int],
    weights: Parameter,
    synapses: tuple[tuple[str, ...], np.ndarray, np.ndarray],
) -> Level:
    """A level of `neurons` (in column order) with its columns `bounds` (start, stop,
    source start, source stop), its weights and its synapses (ids, rows, columns)."""
    activations = [get_activation(n.activation) for n in neurons]
    alpha = np.array(
        [
            n.alpha if n.alpha is not None else a.default_alpha
            for n, a in zip(neurons, activations, strict=True)
        ]
    )
    learns = np.array([a.learns_alpha for a in activations], dtype=float)
    groups: list[ActivationGroup] = []
    for offset, activation in enumerate(activations):
        if groups and groups[-1].activation is activation:
            groups[-1] = ActivationGroup(groups[-1].start, offset + 1, activation)
        else:
            groups.append(ActivationGroup(offset, offset + 1, activation))
    dropout = np.array([n.dropout for n in neurons])
    return Level(
        *bounds,
        weights,
        Parameter(np.array([n.bias for n in neurons], dtype=float)),
        alpha,
        Parameter(alpha, learns) if learns.any() else None,
        tuple(groups),
        *synapses,
        dropout if dropout.any() else None,
    )
