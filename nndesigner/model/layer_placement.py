"""Where Add layer puts a new column and how it links it in.

A hidden layer added to a design that already has outputs is inserted: it goes right of
the last input or hidden column, the outputs (and anything right of them) move one
column gap further right when there is no room, and, when it connects from the previous
column, it is linked from that column and to the outputs, replacing that column's direct
links to the outputs. Any other layer goes right of everything, linked from the previous
column or the selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nndesigner.model.building import LayerOptions, columns
from nndesigner.model.document import NetworkDocument
from nndesigner.model.layout import COLUMN_GAP, column_positions


@dataclass(frozen=True)
class LayerPlacement:
    """Positions of the new neurons; neurons moved aside (id -> {"x": new x}); the ids
    the new column is linked from and to; synapses it replaces."""

    positions: list[tuple[float, float]]
    moved: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def place_layer(
    document: NetworkDocument, options: LayerOptions, selection: list[str]
) -> LayerPlacement:
    """Where a column of `options.count` neurons goes and what it links (see above);
    `selection` is linked from when `options.connect_from` is "selection"."""
    neurons = document.neurons
    centre = sum(n.y for n in neurons) / len(neurons) if neurons else 0.0
    outputs = [n for n in neurons if n.role == "output"]
    before = [n for n in neurons if n.role != "output"]
    chosen = selection if options.connect_from == "selection" else []
    if options.role != "hidden" or not outputs:
        x = max((n.x for n in neurons), default=-COLUMN_GAP) + COLUMN_GAP
        if options.connect_from == "previous" and neurons:
            chosen = columns(document, [n.id for n in neurons])[-1]
        sources = [] if options.role == "input" else chosen
        return LayerPlacement(column_positions(options.count, x, centre), sources=sources)
    first_output_x = min(n.x for n in outputs)
    last_x = max((n.x for n in before), default=first_output_x - 2 * COLUMN_GAP)
    x = last_x + COLUMN_GAP
    shift = x + COLUMN_GAP - first_output_x
    moved = {}
    if shift > 0:  # the outputs, and whatever stands right of the new column, make room
        moved = {n.id: {"x": n.x + shift} for n in neurons if n.role == "output" or n.x > last_x}
    previous = columns(document, [n.id for n in before])[-1] if before else []
    if options.connect_from == "previous":
        chosen = previous
    targets = [n.id for n in outputs] if options.connect_from != "none" else []
    replaced = []
    if options.connect_from == "previous":
        replaced = [s.id for s in document.synapses if s.source in previous and s.target in targets]
    return LayerPlacement(
        column_positions(options.count, x, centre), moved, chosen, targets, replaced
    )
