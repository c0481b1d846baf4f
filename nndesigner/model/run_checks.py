"""What is worth telling the user before a run starts: neurons off every path from an
input to an output, and data that will train poorly."""

from __future__ import annotations

import numpy as np

from nndesigner.model.document import NetworkDocument


def off_path_neurons(document: NetworkDocument) -> list[str]:
    """Ids of neurons on no path from an input to an output (in document order): an
    input that reaches no output, a hidden neuron cut off on either side, an output no
    input reaches. Training leaves them as they are."""
    from_inputs = document.reachable([n.id for n in document.neurons_with_role("input")])
    to_outputs = document.reachable(
        [n.id for n in document.neurons_with_role("output")], backwards=True
    )
    return [n.id for n in document.neurons if n.id not in from_inputs or n.id not in to_outputs]


def data_warnings(inputs: np.ndarray, labels: list[str]) -> list[str]:
    """Sentences about training rows that will train poorly: a single row, and input
    columns that never change (they carry nothing to learn from)."""
    warnings = []
    if len(inputs) == 1:
        warnings.append("There is only one training row: the network can only memorise it.")
    if len(inputs) > 1:
        constant = [label for label, column in zip(labels, inputs.T, strict=True)
                    if np.all(column == column[0])]  # fmt: skip
        if constant:
            warnings.append(
                f"Input {', '.join(constant)} has the same value in every row and "
                "carries nothing to learn from."
            )
    return warnings
