"""Rules for new parts of a design: default activations, free labels, layer links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron
from nndesigner.model.feature_inputs import PLAYGROUND_FORMULAS, is_feature, same_formula
from nndesigner.model.layout import ROW_GAP

DEFAULT_ACTIVATION = {"input": "linear", "hidden": "sigmoid", "output": "sigmoid"}
LABEL_PREFIX = {"input": "x", "hidden": "h", "output": "y"}
COLUMN_TOLERANCE = 40.0


@dataclass(frozen=True)
class LayerOptions:
    """A column of `count` neurons; `connect_from` is "selection", "previous" or "none"."""

    count: int = 4
    role: str = "hidden"
    activation: str = "sigmoid"
    connect_from: str = "previous"


def free_labels(document: NetworkDocument, role: str, count: int) -> list[str]:
    """The first `count` of x1, x2, ... (h for hidden, y for outputs) used by no neuron."""
    used = {n.label for n in document.neurons}
    found: list[str] = []
    number = 1
    while len(found) < count:
        label = f"{LABEL_PREFIX[role]}{number}"
        if label not in used:
            found.append(label)
        number += 1
    return found


def new_neurons(
    document: NetworkDocument,
    role: str,
    positions: list[tuple[float, float]],
    activation: str | None = None,
) -> list[Neuron]:
    """Neurons with fresh ids and labels at `positions`, with the role's default activation
    unless one is given."""
    count = len(positions)
    ids = document.new_ids("n", count)
    labels = free_labels(document, role, count)
    return [
        Neuron(neuron_id, role, label, activation or DEFAULT_ACTIVATION[role], x=x, y=y)
        for neuron_id, label, (x, y) in zip(ids, labels, positions, strict=True)
    ]


def columns(document: NetworkDocument, neuron_ids: Iterable[str]) -> list[list[str]]:
    """Neurons grouped into columns by x (within COLUMN_TOLERANCE), left to right."""
    ordered = sorted(neuron_ids, key=lambda i: (document.neuron(i).x, document.neuron(i).y))
    groups: list[list[str]] = []
    for neuron_id in ordered:
        x = document.neuron(neuron_id).x
        if groups and abs(document.neuron(groups[-1][0]).x - x) <= COLUMN_TOLERANCE:
            groups[-1].append(neuron_id)
        else:
            groups.append([neuron_id])
    for group in groups:
        group.sort(key=lambda i: document.neuron(i).y)
    return groups


def full_links(
    document: NetworkDocument, sources: list[str], targets: list[str]
) -> list[tuple[str, str]]:
    """Every allowed (source, target) pair between two groups, skipping refused ones."""
    return [(s, t) for t in targets for s in sources if document.connection_problem(s, t) is None]


@dataclass(frozen=True)
class ColumnGrowth:
    """A neuron to add to a column and the (source, target) links it gets."""

    neuron: Neuron
    links: list[tuple[str, str]]


def hidden_columns(document: NetworkDocument) -> list[list[str]]:
    """The hidden neurons grouped into columns (each top to bottom), left to right."""
    return columns(document, [n.id for n in document.neurons if n.role == "hidden"])


def grown_column(document: NetworkDocument, column: list[str]) -> ColumnGrowth:
    """One more neuron at the foot of `column` (ids top to bottom): ROW_GAP below its
    bottom neuron, with that neuron's role, activation and alpha, linked from every
    source and to every target any neuron of the column has."""
    bottom = document.neuron(column[-1])
    (neuron,) = new_neurons(document, bottom.role, [(bottom.x, bottom.y + ROW_GAP)])
    neuron = replace(neuron, activation=bottom.activation, alpha=bottom.alpha)
    members = set(column)
    sources: dict[str, None] = {}
    targets: dict[str, None] = {}
    for synapse in (s for member in column for s in document.synapses_of(member)):
        if synapse.target in members and synapse.source not in members:
            sources[synapse.source] = None
        if synapse.source in members and synapse.target not in members:
            targets[synapse.target] = None
    links = [(s, neuron.id) for s in sources] + [(neuron.id, t) for t in targets]
    return ColumnGrowth(neuron, links)


def feature_inputs_growth(document: NetworkDocument) -> list[ColumnGrowth]:
    """The feature inputs TensorFlow Playground offers (a², b², a·b, sin a, sin b, for the
    first two inputs a and b that read a column) that the design lacks: below its bottom
    input, ROW_GAP apart, each linked to every neuron those two inputs feed. Empty
    without two such inputs."""
    plain = [n for n in document.neurons_with_role("input") if not is_feature(n.label)]
    if len(plain) < 2:
        return []
    a, b = plain[0], plain[1]
    # A formula the inputs already compute, however written (x1^2 is x1²), is not added.
    there = {same_formula(n.label) for n in document.neurons_with_role("input")}
    labels = [f.format(a=a.label, b=b.label) for f in PLAYGROUND_FORMULAS]
    labels = [label for label in labels if same_formula(label) not in there]
    bottom = max(document.neurons_with_role("input"), key=lambda n: n.y)
    ids = document.new_ids("n", len(labels))
    targets = list(dict.fromkeys(
        s.target for n in (a, b) for s in document.synapses_of(n.id) if s.source == n.id
    ))  # fmt: skip
    return [
        ColumnGrowth(
            Neuron(neuron_id, "input", label, "linear", x=bottom.x, y=bottom.y + k * ROW_GAP),
            [(neuron_id, target) for target in targets],
        )
        for k, (neuron_id, label) in enumerate(zip(ids, labels, strict=True), start=1)
    ]
