"""How good the predictions are: accuracy for classifiers, R^2 and mean absolute error
for regressions, on the training and the held-out rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nndesigner.model.design import Design


def is_classifier(design: Design, targets: np.ndarray) -> bool:
    """Softmax outputs, or sigmoid/step outputs with 0/1 targets."""
    outputs = design.document.neurons_with_role("output")
    if outputs and all(n.activation == "softmax" for n in outputs):
        return True
    zero_one = bool(np.isin(targets, (0.0, 1.0)).all())
    return zero_one and all(n.activation in ("sigmoid", "step") for n in outputs)


def accuracy(outputs: np.ndarray, targets: np.ndarray) -> float:
    """Share of rows classified right: argmax for several outputs, a >= 0.5 for one."""
    if outputs.shape[1] > 1:
        return float(np.mean(outputs.argmax(axis=1) == targets.argmax(axis=1)))
    return float(np.mean((outputs >= 0.5) == (targets >= 0.5)))


def r_squared(outputs: np.ndarray, targets: np.ndarray) -> float:
    """1 - sum (y - a)^2 / sum (y - mean y)^2, over all output columns."""
    residual = np.sum((targets - outputs) ** 2)
    total = np.sum((targets - targets.mean(axis=0)) ** 2)
    return float(1.0 - residual / total) if total > 0 else float("nan")


def mean_absolute_error(outputs: np.ndarray, targets: np.ndarray) -> float:
    return float(np.mean(np.abs(targets - outputs)))


@dataclass(frozen=True)
class Scores:
    """Scores on one set of rows; `accuracy` for classifiers, the others for regressions."""

    rows: int
    accuracy: float | None = None
    r_squared: float | None = None
    mean_absolute_error: float | None = None

    def describe(self) -> str:
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        if self.accuracy is not None:
            return f"accuracy {self.accuracy:.1%} ({rows})"
        if self.r_squared is None:
            return f"predictions are not finite ({rows})"
        error = self.mean_absolute_error
        if math.isnan(self.r_squared):  # one row, or targets that never change
            return f"mean abs. error {error:.4g} (R² needs targets that vary; {rows})"
        return f"R² {self.r_squared:.4f}, mean abs. error {error:.4g} ({rows})"


def score_rows(classifier: bool, outputs: np.ndarray, targets: np.ndarray) -> Scores:
    """Accuracy (`classifier`) or R² and mean absolute error of `outputs` against
    `targets`, one row each; no figures when an output is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        if not np.isfinite(outputs).all():
            return Scores(len(outputs))
        if classifier:
            return Scores(len(outputs), accuracy=accuracy(outputs, targets))
        return Scores(
            len(outputs),
            r_squared=r_squared(outputs, targets),
            mean_absolute_error=mean_absolute_error(outputs, targets),
        )


OutputsAndTargets = tuple[np.ndarray, np.ndarray]  # one row each


def score_sets(
    design: Design, training: OutputsAndTargets, *held_out: OutputsAndTargets
) -> tuple[Scores | None, ...]:
    """Scores on the training rows and on each set of held-out rows (None for a set
    without rows); the design is a classifier on all of them or on none."""
    sets = (training, *held_out)
    classifier = all(is_classifier(design, targets) for _, targets in sets if len(targets))
    return (
        score_rows(classifier, *training),
        *(score_rows(classifier, *rows) if len(rows[1]) else None for rows in held_out),
    )


def score_outputs(
    design: Design,
    outputs: np.ndarray,
    targets: np.ndarray,
    rows: tuple[np.ndarray, ...],
) -> tuple[Scores | None, ...]:
    """Scores of `outputs` against `targets` on the training rows and on the validation
    and test rows (`rows` as `split_rows` gives them; None for a set without rows)."""
    return score_sets(design, *((outputs[chosen], targets[chosen]) for chosen in rows))


def predicts_classes(design: Design) -> bool:
    """Whether `predicted_classes` names classes: several softmax outputs, or one sigmoid
    or step output."""
    neurons = design.document.neurons_with_role("output")
    if len(neurons) > 1 and all(n.activation == "softmax" for n in neurons):
        return True
    return len(neurons) == 1 and neurons[0].activation in ("sigmoid", "step")


def predicted_classes(design: Design, outputs: np.ndarray) -> list[str] | None:
    """For a classifier, each row's class: the class of the largest of several softmax
    outputs, or 1/0 for a single output at or above 0.5; None for a regression."""
    if not predicts_classes(design):
        return None
    if outputs.shape[1] > 1:
        classes = design.class_names()
        return [classes[k] for k in outputs.argmax(axis=1)]
    return ["1" if value >= 0.5 else "0" for value in outputs[:, 0]]
