"""The evaluation's figures equal scikit-learn's metrics on the same predictions."""

import copy
from dataclasses import replace

import numpy as np
import pytest

from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError
from nndesigner.model.evaluation import (
    classifier_evaluation,
    evaluate_outputs,
    regression_evaluation,
    roc_auc,
    roc_curve,
)
from nndesigner.model.serialize import design_from_dict
from tests.malformed_files import XOR

metrics = pytest.importorskip("sklearn.metrics")


@pytest.mark.parametrize("seed", range(6))
def test_classifier_figures_equal_scikit_learns(seed):
    rng = np.random.default_rng(seed)
    classes = 2 + seed % 3
    truth = rng.integers(0, classes, 60)
    # Mostly right, some wrong, and in seed 0 one class is never predicted at all.
    predicted = np.where(rng.random(60) < 0.7, truth, rng.integers(0, classes, 60))
    if seed == 0:
        predicted[predicted == classes - 1] = 0
    names = [f"c{k}" for k in range(classes)]
    ours = classifier_evaluation(names, truth, predicted, None)
    labels = list(range(classes))
    assert ours.accuracy == pytest.approx(metrics.accuracy_score(truth, predicted))
    kwargs = {"labels": labels, "average": None, "zero_division": 0}
    assert ours.precision == pytest.approx(metrics.precision_score(truth, predicted, **kwargs))
    assert ours.recall == pytest.approx(metrics.recall_score(truth, predicted, **kwargs))
    assert ours.f1 == pytest.approx(metrics.f1_score(truth, predicted, **kwargs))
    assert (
        ours.confusion_matrix == metrics.confusion_matrix(truth, predicted, labels=labels).tolist()
    )


@pytest.mark.parametrize("seed", range(6))
def test_roc_auc_equals_scikit_learns_with_ties(seed):
    rng = np.random.default_rng(seed)
    positive = rng.random(80) < 0.4
    score = np.round(rng.random(80) * 0.6 + 0.4 * positive, 1)  # rounded: many ties
    assert roc_auc(positive, score) == pytest.approx(metrics.roc_auc_score(positive, score))


def test_roc_auc_needs_both_kinds_of_row():
    assert roc_auc(np.array([True, True]), np.array([0.2, 0.9])) is None


@pytest.mark.parametrize("seed", range(4))
def test_regression_figures_equal_scikit_learns(seed):
    rng = np.random.default_rng(seed)
    targets = rng.normal(size=(50, 3)) * [1, 10, 100]
    outputs = targets + rng.normal(size=(50, 3)) * [0.3, 5, 20]
    if seed == 0:
        targets[:, 1] = 4.0  # a constant column: scikit-learn counts its R² as 0
    ours = regression_evaluation(outputs, targets)
    assert ours.r2 == pytest.approx(metrics.r2_score(targets, outputs))
    assert ours.mae == pytest.approx(metrics.mean_absolute_error(targets, outputs))
    assert ours.rmse == pytest.approx(metrics.root_mean_squared_error(targets, outputs))


def test_one_sigmoid_output_is_a_binary_classifier_with_its_roc_auc():
    design = design_from_dict(copy.deepcopy(XOR))  # one sigmoid output, 0/1 targets
    targets = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    outputs = np.array([[0.2], [0.7], [0.4], [0.6], [0.9]])
    ours = evaluate_outputs(design, outputs, targets)
    assert ours.classes == ["0", "1"]
    assert ours.confusion_matrix == [[1, 1], [1, 2]]
    assert ours.roc_auc == pytest.approx(metrics.roc_auc_score(targets[:, 0], outputs[:, 0]))


@pytest.mark.parametrize("seed", range(4))
def test_the_roc_curve_equals_scikit_learns(seed):
    rng = np.random.default_rng(seed)
    positive = rng.random(70) < 0.5
    score = np.round(rng.random(70) * 0.5 + 0.5 * positive, 1)
    fpr, tpr = roc_curve(positive, score)
    their_fpr, their_tpr, _ = metrics.roc_curve(positive, score, drop_intermediate=False)
    np.testing.assert_allclose(fpr, their_fpr)
    np.testing.assert_allclose(tpr, their_tpr)
    assert np.trapezoid(tpr, fpr) == pytest.approx(roc_auc(positive, score))


def test_several_sigmoid_outputs_are_refused_with_a_sentence():
    data = copy.deepcopy(XOR)
    data["neurons"].append({**data["neurons"][-1], "id": "z", "label": "z"})
    data["synapses"].append({"id": "sz", "from": "h1", "to": "z", "weight": 0.5})
    design = design_from_dict(data)
    targets = np.array([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(DesignError, match="multi-label"):
        evaluate_outputs(design, np.array([[0.2, 0.9], [0.8, 0.1]]), targets)


def test_rows_are_numbered_as_the_file_numbers_them_when_some_are_dropped():
    design = design_from_dict(copy.deepcopy(XOR))
    cells = (("0", "0", "0"), ("0", "", "1"), ("1", "0", "1"), ("1", "1", "0"))
    table = Table.from_rows("gaps.csv", ("x1", "x2", "y"), cells)
    design.settings = replace(design.settings, missing="drop")
    assert design.row_numbers(table).tolist() == [2, 4, 5]  # row 3 has a missing x2
    design.settings = replace(design.settings, missing="mean")
    assert design.row_numbers(table).tolist() == [2, 3, 4, 5]
