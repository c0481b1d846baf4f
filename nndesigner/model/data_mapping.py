"""Fitting a design to a table: which neurons to relabel or create so that the input
neurons' labels name the input columns and the output neurons' labels the targets."""

from __future__ import annotations

from dataclasses import dataclass

from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron
from nndesigner.model.errors import DesignError
from nndesigner.model.feature_inputs import raw_input_labels, renamed
from nndesigner.model.layout import COLUMN_GAP, column_positions


@dataclass(frozen=True)
class DataMapping:
    """Labels to change (neuron id -> column) and neurons to add."""

    relabel: dict[str, str]
    new_neurons: tuple[Neuron, ...]

    @property
    def changes_network(self) -> bool:
        return bool(self.relabel or self.new_neurons)


def map_columns(
    document: NetworkDocument,
    input_columns: list[str],
    target_columns: list[str],
    output_activation: str,
) -> DataMapping:
    """Input neurons must be labelled by `input_columns` and output neurons by
    `target_columns` (a target column's name, or a class name for softmax outputs).
    Nothing changes when they already are; otherwise neurons are relabelled in document
    order when the counts agree, and an empty design gets one neuron per column.
    DesignError when none of these fits. With feature inputs (model/feature_inputs.py)
    it is the raw inputs that must name the input columns; relabelling renames the
    columns their formulas read too."""
    inputs = document.neurons_with_role("input")
    raw = raw_input_labels([n.label for n in inputs])
    outputs = document.neurons_with_role("output")
    if set(raw) == set(input_columns) and {n.label for n in outputs} == set(target_columns):
        return DataMapping({}, ())
    if not document.neurons:
        ids = document.new_ids("n", len(input_columns) + len(target_columns))
        new = [
            Neuron(i, "input", label, "linear", x=x, y=y)
            for i, label, (x, y) in zip(
                ids[: len(input_columns)],
                input_columns,
                column_positions(len(input_columns), 0.0),
                strict=True,
            )
        ]
        new += [
            Neuron(i, "output", label, output_activation, x=x, y=y)
            for i, label, (x, y) in zip(
                ids[len(input_columns) :],
                target_columns,
                column_positions(len(target_columns), 2 * COLUMN_GAP),
                strict=True,
            )
        ]
        return DataMapping({}, tuple(new))
    if len(raw) == len(input_columns) and len(outputs) == len(target_columns):
        names = dict(zip(raw, input_columns, strict=True))
        labels = {n.id: renamed(n.label, names) for n in inputs}
        labels |= {n.id: column for n, column in zip(outputs, target_columns, strict=True)}
        return DataMapping({i: label for i, label in labels.items()
                            if label != document.neuron(i).label}, ())  # fmt: skip
    raise DesignError(
        f"The data has {len(input_columns)} input columns ({', '.join(input_columns)}) and "
        f"{len(target_columns)} target ({', '.join(target_columns)}); the network has "
        f"{len(raw)} inputs and {len(outputs)} outputs."
    )
