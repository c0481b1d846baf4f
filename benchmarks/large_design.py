"""A seeded large design for benchmarks: layered columns with random sparse links."""

from __future__ import annotations

import numpy as np

from nndesigner.model.design import Design
from nndesigner.model.serialize import design_from_dict


def large_design_dict(
    neurons: int = 300, synapses: int = 10_000, columns: int = 6, seed: int = 0
) -> dict:
    """`neurons` spread over `columns` (inputs first, outputs last) and `synapses` random
    links from each column to any later one."""
    rng = np.random.default_rng(seed)
    per_column = np.full(columns, neurons // columns)
    per_column[: neurons % columns] += 1
    entries, column_of = [], []
    for column, count in enumerate(per_column):
        role = "input" if column == 0 else "output" if column == columns - 1 else "hidden"
        for row in range(count):
            index = len(entries)
            entries.append(
                {
                    "id": f"n{index}",
                    "role": role,
                    "label": f"{role[0]}{index}",
                    "activation": "linear" if role == "input" else "tanh",
                    "bias": 0.0,
                    "position": [column * 260.0, row * 70.0],
                }
            )
            column_of.append(column)
    column_of = np.array(column_of)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < synapses:
        source, target = rng.integers(0, neurons, 2)
        if column_of[source] < column_of[target] and column_of[source] < columns - 1:
            pairs.add((int(source), int(target)))
    links = [
        {"id": f"s{k}", "from": f"n{a}", "to": f"n{b}", "weight": float(rng.normal(0, 0.5))}
        for k, (a, b) in enumerate(sorted(pairs))
    ]
    return {
        "format": "nndesigner-design",
        "version": 1,
        "neurons": entries,
        "synapses": links,
        "preprocessing": None,
        "training": {},
    }


def large_design(**kwargs: int) -> Design:
    return design_from_dict(large_design_dict(**kwargs))


def mlp_design(sizes: list[int], seed: int = 0) -> Design:
    """A fully connected layered network: inputs x1.., tanh hidden, one linear output y."""
    rng = np.random.default_rng(seed)
    neurons, synapses, layers = [], [], []
    for depth, size in enumerate(sizes):
        role = "input" if depth == 0 else "output" if depth == len(sizes) - 1 else "hidden"
        ids = []
        for row in range(size):
            neuron_id = f"l{depth}n{row}"
            output_label = "y" if size == 1 else f"y{row + 1}"
            label = {"input": f"x{row + 1}", "output": output_label}.get(role, neuron_id)
            activation = {"input": "linear", "output": "linear"}.get(role, "tanh")
            neurons.append(
                {"id": neuron_id, "role": role, "label": label, "activation": activation,
                 "bias": 0.0, "position": [depth * 220.0, row * 40.0]}
            )  # fmt: skip
            ids.append(neuron_id)
        layers.append(ids)
    for sources, targets in zip(layers, layers[1:], strict=False):
        scale = 1.0 / np.sqrt(len(sources))
        for target in targets:
            for source in sources:
                synapses.append(
                    {"id": f"s{len(synapses)}", "from": source, "to": target,
                     "weight": float(rng.normal(0, scale))}
                )  # fmt: skip
    return design_from_dict(
        {"format": "nndesigner-design", "version": 1, "neurons": neurons,
         "synapses": synapses, "preprocessing": None, "training": {}}
    )  # fmt: skip
