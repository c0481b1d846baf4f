"""Canvas layout computed from the graph alone: columns by level, rows centred."""

from __future__ import annotations

from nndesigner.engine.graph_levels import neuron_levels
from nndesigner.model.compile import document_spec
from nndesigner.model.document import NetworkDocument

COLUMN_GAP = 220.0
ROW_GAP = 110.0


def column_positions(count: int, x: float, centre_y: float = 0.0) -> list[tuple[float, float]]:
    """`count` points in a vertical column at `x`, ROW_GAP apart, centred on `centre_y`."""
    top = centre_y - (count - 1) * ROW_GAP / 2
    return [(x, top + row * ROW_GAP) for row in range(count)]


def layer_of(document: NetworkDocument, neuron_ids: list[str]) -> list[str]:
    """The hidden neurons on the level (longest path from the inputs) of any of
    `neuron_ids`, in document order: the layer a gesture like "set for the layer" means."""
    spec = document_spec(document)
    levels = dict(zip((n.id for n in spec.neurons), neuron_levels(spec).tolist(), strict=True))
    chosen = {levels[i] for i in neuron_ids}
    return [n.id for n in document.neurons if n.role == "hidden" and levels[n.id] in chosen]


def arranged_positions(document: NetworkDocument) -> dict[str, tuple[float, float]]:
    """Inputs in the first column, each neuron in the column of its level (longest path
    from the inputs), outputs in the last; document order within a column."""
    spec = document_spec(document)
    levels = dict(zip((n.id for n in spec.neurons), neuron_levels(spec).tolist(), strict=True))
    columns: dict[int, list[str]] = {}
    for neuron in document.neurons:
        columns.setdefault(levels[neuron.id], []).append(neuron.id)
    positions: dict[str, tuple[float, float]] = {}
    for column, level in enumerate(sorted(columns)):
        ids = columns[level]
        positions.update(zip(ids, column_positions(len(ids), column * COLUMN_GAP), strict=True))
    return positions
