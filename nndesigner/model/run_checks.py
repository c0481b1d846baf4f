"""What is worth telling the user before a run starts: neurons off every path from an
input to an output, data that will train poorly, and a cost that cannot train the
outputs."""

from __future__ import annotations

import numpy as np

from nndesigner.engine.training import TrainingSettings
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
        # Only columns constant over the first rows can be constant over all of them.
        candidates = np.flatnonzero((inputs[:1000] == inputs[0]).all(axis=0))
        constant = [labels[k] for k in candidates if np.all(inputs[:, k] == inputs[0, k])]
        if constant:
            warnings.append(
                f"Input {', '.join(constant)} has the same value in every row and "
                "carries nothing to learn from."
            )
    return warnings


def loss_problem(
    activations: list[str], targets: np.ndarray, settings: TrainingSettings
) -> str | None:
    """Why the cost cannot train outputs with these activations on these targets, if it
    cannot: cross-entropy needs softmax outputs; binary cross-entropy sigmoid (or step)
    outputs and targets in [0, 1]; neither works on standardised targets."""
    loss = settings.loss
    if loss not in ("cross_entropy", "binary_cross_entropy"):
        return None
    if settings.standardize_outputs:
        return (
            "Standardised targets are for regressions: turn them off for a cross-entropy "
            "cost, or choose a squared error."
        )
    if loss == "cross_entropy" and not all(a == "softmax" for a in activations):
        return (
            "The cross-entropy cost needs softmax outputs (one per class); for one sigmoid "
            "output choose binary cross-entropy, for a regression a squared error."
        )
    if loss == "binary_cross_entropy":
        if not all(a in ("sigmoid", "step") for a in activations):
            return (
                "Binary cross-entropy needs sigmoid outputs; for softmax outputs choose "
                "cross-entropy, for a regression a squared error."
            )
        finite = targets[np.isfinite(targets)]
        if len(finite) and (finite.min() < 0 or finite.max() > 1):
            return (
                f"Binary cross-entropy needs targets between 0 and 1; these run from "
                f"{finite.min():g} to {finite.max():g}. Choose a squared error."
            )
    return None
