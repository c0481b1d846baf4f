"""Feature input labels: what they parse to, the raw inputs they read, and the values
computed from them against direct evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from nndesigner.engine.features import Feature, InputFeatures
from nndesigner.model.data_mapping import map_columns
from nndesigner.model.dataset import read_table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron
from nndesigner.model.errors import DesignError
from nndesigner.model.feature_inputs import input_features, parse_formula, raw_input_labels


@pytest.mark.parametrize(
    ("label", "parsed"),
    [
        ("x1^2", ("none", (("x1", 2),))),
        ("x1²", ("none", (("x1", 2),))),
        ("x1 · x2", ("none", (("x1", 1), ("x2", 1)))),
        ("petal length*width³", ("none", (("petal length", 1), ("width", 3)))),
        ("sin(x1)", ("sin", (("x1", 1),))),
        ("cos(a*b^4)", ("cos", (("a", 1), ("b", 4)))),
    ],
)
def test_a_formula_label_parses_to_its_function_and_factors(label, parsed):
    assert parse_formula(label) == parsed


@pytest.mark.parametrize(
    "label",
    ["x1", "colour=red", "x^", "x^0", "sin()", "a**b", "x^1.5", "sin(x1)^2", "x1^2^3",
     "sin(x1)*cos(x2)", "sin(sin(x1))", "2*x1", "x*-1"],
)  # fmt: skip
def test_any_other_label_names_a_column(label):
    assert parse_formula(label) is None


def test_raw_inputs_are_the_plain_inputs_then_the_further_columns_formulas_name():
    assert raw_input_labels(["b", "a·c", "c²", "sin(d)", "a"]) == ["b", "a", "c", "d"]


def test_computed_inputs_match_direct_evaluation():
    rng = np.random.default_rng(0)
    raw = rng.normal(size=(50, 3))
    raw[4, 1] = np.nan
    a, b, c = raw.T
    labels = ["b", "a²", "a·b", "sin(c)", "cos(a*c^3)", "a"]
    computed = input_features(labels).apply(raw[:, [1, 0, 2]])  # raw inputs b, a, c
    expected = np.stack([b, a**2, a * b, np.sin(c), np.cos(a * c**3), a], axis=1)
    np.testing.assert_allclose(computed, expected, rtol=1e-15)
    assert np.isnan(computed[4, [0, 2]]).all() and not np.isnan(computed[4, [1, 3, 4, 5]]).any()


def test_plain_inputs_pass_the_array_through():
    raw = np.ones((3, 2))
    assert input_features(["x", "y"]).apply(raw) is raw
    assert not InputFeatures(2, (Feature(((1, 1),)), Feature(((0, 1),)))).is_plain


def test_a_feature_needs_positive_powers_and_a_known_function():
    with pytest.raises(ValueError):
        Feature(((0, 0),))
    with pytest.raises(ValueError):
        Feature(((0, 1),), "tan")


def document_with(inputs: list[str], output: str = "y") -> NetworkDocument:
    document = NetworkDocument()
    document.add_neurons(
        [Neuron(f"i{k}", "input", label, "linear") for k, label in enumerate(inputs)]
        + [Neuron("o", "output", output, "sigmoid")]
    )
    return document


def test_data_naming_the_raw_inputs_changes_nothing():
    mapping = map_columns(document_with(["x1", "x1·x2"]), ["x1", "x2"], ["y"], "sigmoid")
    assert not mapping.changes_network


def test_relabelling_for_new_columns_renames_what_the_formulas_read():
    document = document_with(["x1", "x2", "x1²", "sin(x1*x2^4)"])
    mapping = map_columns(document, ["u", "v"], ["z"], "sigmoid")
    assert mapping.relabel == {"i0": "u", "i1": "v", "i2": "u²", "i3": "sin(u·v^4)", "o": "z"}


def test_data_with_another_number_of_raw_inputs_is_refused():
    with pytest.raises(DesignError, match="the network has 2 inputs"):
        map_columns(document_with(["x1", "x1·x2"]), ["a", "b", "c"], ["y"], "sigmoid")


def test_a_feature_too_large_to_compute_is_refused_with_its_label(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x1,y\n1e40,1\n2,0\n")
    design = Design(document_with(["x1", "x1^9"]))
    with pytest.raises(DesignError, match="'x1\\^9' is too large to compute on 1 row;"):
        design.arrays_of(read_table(path))
