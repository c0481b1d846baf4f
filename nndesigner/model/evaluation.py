"""How well a trained network does on a set of rows, in the terms of scikit-learn's
metrics.

Classifiers (softmax outputs, or one sigmoid or step output with 0/1 targets): accuracy;
per class precision TP / (TP + FP), recall TP / (TP + FN) and F1 2·TP / (2·TP + FP + FN),
each 0 where its denominator is; the confusion matrix, C[i][j] = rows of true class i
predicted as class j, classes in output order (one sigmoid output: "0" and "1"); and
for binary outputs (one sigmoid output, or two softmax outputs) the area under the ROC
curve of the second class's score, ties counted half. Regressions: per output column
R² = 1 − SS_res / SS_tot (1 when both are 0, 0 when only SS_tot is), mean absolute error
and root mean squared error, each averaged over the output columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.metrics import is_classifier

CONFUSION_TITLE = "confusion matrix (rows: true class, columns: predicted class)"


@dataclass(frozen=True)
class ClassifierEvaluation:
    classes: list[str]
    rows: int
    accuracy: float
    precision: list[float]
    recall: list[float]
    f1: list[float]
    confusion_matrix: list[list[int]]
    roc_auc: float | None

    def as_dict(self) -> dict:
        found = asdict(self)
        if self.roc_auc is None:
            del found["roc_auc"]
        return found

    def describe(self) -> list[str]:
        """The figures as lines of text, the confusion matrix as a table."""
        width = max(len("class"), *(len(name) for name in self.classes))
        lines = [f"rows: {self.rows}", f"accuracy: {self.accuracy:.1%}", ""]
        lines.append(f"{'class':<{width}}  precision  recall  f1")
        for k, name in enumerate(self.classes):
            lines.append(
                f"{name:<{width}}  {self.precision[k]:<9.3f}  {self.recall[k]:<6.3f}  "
                f"{self.f1[k]:.3f}"
            )
        lines += ["", CONFUSION_TITLE]
        cells = [[str(n) for n in row] for row in self.confusion_matrix]
        column = max(len(text) for text in [*self.classes, *(c for row in cells for c in row)])
        lines.append(" " * width + "".join(f"  {name:>{column}}" for name in self.classes))
        for name, row in zip(self.classes, cells, strict=True):
            lines.append(f"{name:<{width}}" + "".join(f"  {cell:>{column}}" for cell in row))
        if self.roc_auc is not None:
            lines += ["", f"ROC AUC ({self.classes[-1]}): {self.roc_auc:.4f}"]
        return lines


@dataclass(frozen=True)
class RegressionEvaluation:
    rows: int
    r2: float
    mae: float
    rmse: float

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> list[str]:
        return [
            f"rows: {self.rows}",
            f"R²: {self.r2:.4f}",
            f"mean absolute error: {self.mae:.6g}",
            f"root mean squared error: {self.rmse:.6g}",
        ]


Evaluation = ClassifierEvaluation | RegressionEvaluation


def evaluate_outputs(design: Design, outputs: np.ndarray, targets: np.ndarray) -> Evaluation:
    """The evaluation of `outputs` against `targets` (one row each, in the data's units)."""
    if not is_classifier(design, targets):
        return regression_evaluation(outputs, targets)
    return classifier_evaluation(*row_classes(design, outputs, targets))


def row_classes(
    design: Design, outputs: np.ndarray, targets: np.ndarray
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray | None]:
    """A classifier's class names, each row's true and predicted class index, and the
    second class's score when the outputs are binary (else None)."""
    if outputs.shape[1] == 1:
        truth, predicted = (targets[:, 0] >= 0.5).astype(int), (outputs[:, 0] >= 0.5).astype(int)
        return ["0", "1"], truth, predicted, outputs[:, 0]
    if not all(n.activation == "softmax" for n in design.document.neurons_with_role("output")):
        raise DesignError(
            "Several sigmoid outputs are yes/no answers each (multi-label), which the "
            "evaluation does not score yet; give the classes softmax outputs."
        )
    score = outputs[:, 1] if outputs.shape[1] == 2 else None
    return design.class_names(), targets.argmax(axis=1), outputs.argmax(axis=1), score


def classifier_evaluation(
    classes: list[str], truth: np.ndarray, predicted: np.ndarray, score: np.ndarray | None
) -> ClassifierEvaluation:
    """The figures for class indices `truth` and `predicted`; ROC AUC from the second
    class's `score` when given."""
    count = len(classes)
    matrix = np.bincount(truth * count + predicted, minlength=count * count).reshape(count, -1)
    hits = np.diag(matrix).astype(float)
    predicted_as, truly = matrix.sum(axis=0), matrix.sum(axis=1)
    return ClassifierEvaluation(
        list(classes),
        len(truth),
        float(hits.sum() / len(truth)) if len(truth) else float("nan"),
        _ratios(hits, predicted_as),
        _ratios(hits, truly),
        _ratios(2 * hits, predicted_as + truly),
        matrix.tolist(),
        None if score is None else roc_auc(truth == 1, score),
    )


def _ratios(numerators: np.ndarray, denominators: np.ndarray) -> list[float]:
    """numerator / denominator per class, 0 where the denominator is 0."""
    safe = np.where(denominators > 0, denominators, 1)
    return np.where(denominators > 0, numerators / safe, 0.0).tolist()


def roc_auc(positive: np.ndarray, score: np.ndarray) -> float | None:
    """The probability that a positive row scores above a negative one (ties count half):
    the Mann-Whitney statistic from average ranks. None without both kinds of row."""
    positives = int(positive.sum())
    negatives = len(positive) - positives
    if not positives or not negatives:
        return None
    _, group, counts = np.unique(score, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    average_rank = ends - (counts - 1) / 2.0  # ranks from 1, ties sharing their mean
    rank_sum = float(average_rank[group][positive].sum())
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def roc_curve(positive: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False and true positive rates as the threshold falls past each distinct score,
    from (0, 0) to (1, 1): the ROC curve whose area `roc_auc` is."""
    order = np.argsort(-score, kind="stable")
    ranked, hits = score[order], positive[order].astype(float)
    last_of_each = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]
    true_positives = np.cumsum(hits)[last_of_each]
    false_positives = (last_of_each + 1) - true_positives
    positives, negatives = max(hits.sum(), 1.0), max(len(hits) - hits.sum(), 1.0)
    return (
        np.r_[0.0, false_positives / negatives],
        np.r_[0.0, true_positives / positives],
    )


@np.errstate(over="ignore", invalid="ignore")  # a diverged network's huge errors
def regression_evaluation(outputs: np.ndarray, targets: np.ndarray) -> RegressionEvaluation:
    errors = targets - outputs
    residual = (errors**2).sum(axis=0)
    total = ((targets - targets.mean(axis=0)) ** 2).sum(axis=0)
    r2 = np.where(total > 0, 1.0 - residual / np.where(total > 0, total, 1.0), 0.0)
    r2 = np.where((total == 0) & (residual == 0), 1.0, r2)
    return RegressionEvaluation(
        len(targets),
        float(r2.mean()),
        float(np.abs(errors).mean(axis=0).mean()),
        float(np.sqrt((errors**2).mean(axis=0)).mean()),
    )


def row_table(
    design: Design, numbers: np.ndarray, outputs: np.ndarray, targets: np.ndarray
) -> tuple[list[str], list[list[str]]]:
    """Header and cells of the rows an evaluation saw, one line each, by their `numbers`
    in the file: for a classifier the true and predicted class (and the second
    class's score when binary), for a regression each output's actual value, prediction
    and residual (actual − predicted)."""
    numbers = [str(k) for k in numbers]
    if is_classifier(design, targets):
        names, truth, predicted, score = row_classes(design, outputs, targets)
        header = ["row", "true class", "predicted class"]
        columns = [numbers, [names[k] for k in truth], [names[k] for k in predicted]]
        if score is not None:
            header.append(f"score of {names[-1]}")
            columns.append([f"{value:.6g}" for value in score])
    else:
        header, columns = ["row"], [numbers]
        for k, label in enumerate(design.output_labels()):
            actual, guess = targets[:, k], outputs[:, k]
            header += [label, f"{label} (predicted)", f"{label} (residual)"]
            columns += [[f"{v:.6g}" for v in values] for values in (actual, guess, actual - guess)]
    return header, [list(cells) for cells in zip(*columns, strict=True)]
