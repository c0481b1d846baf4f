"""Categorical input columns, one-hot encoded: the encoding, its refusals, and the
mapping's round trip through the file format (since version 2; version 1 still reads)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nndesigner.model.categories import categories_of, encoded_inputs, source_columns
from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError
from nndesigner.model.new_design import new_design
from nndesigner.model.serialize import design_from_dict, design_to_dict, load_design
from nndesigner.resources import resource_path

LABELS = ["size", "colour=blue", "colour=red"]
CATEGORIES = {"colour": ("blue", "red")}


def table(colours: list[str], sizes: list[float] | None = None) -> Table:
    sizes = sizes if sizes is not None else [float(k) for k in range(len(colours))]
    columns = {"size": np.array(sizes), "colour": np.array(colours, dtype=object)}
    return Table("shop.csv", ("size", "colour"), columns)


def test_each_value_of_a_column_of_categories_lights_its_own_input():
    values = encoded_inputs(table(["red", "blue", "red"]), LABELS, CATEGORIES)
    assert values.tolist() == [[0, 0, 1], [1, 1, 0], [2, 0, 1]]


def test_a_missing_category_is_missing_in_each_of_its_inputs():
    values = encoded_inputs(table(["red", ""]), LABELS, CATEGORIES, allow_missing=True)
    assert values[0].tolist() == [0, 0, 1]
    assert values[1, 0] == 1 and np.isnan(values[1, 1:]).all()
    with pytest.raises(DesignError, match="row 3: column 'colour' is empty"):
        encoded_inputs(table(["red", ""]), LABELS, CATEGORIES)


def test_a_value_that_is_no_category_is_refused_with_its_row():
    with pytest.raises(DesignError, match=r"row 3: column 'colour' holds 'green', which is none"):
        encoded_inputs(table(["red", "green"]), LABELS, CATEGORIES)


def test_a_value_whose_input_was_deleted_is_all_zeros():
    values = encoded_inputs(table(["red", "blue"]), ["size", "colour=red"], CATEGORIES)
    assert values.tolist() == [[0, 1], [1, 0]]


def test_the_inputs_read_their_columns_once_each():
    assert source_columns(LABELS, CATEGORIES) == (["size"], ["colour"])
    assert source_columns(["colour=blue"], {}) == (["colour=blue"], [])  # a column so named


def test_too_many_values_are_no_categories():
    names = table([f"name{k}" for k in range(21)])
    with pytest.raises(DesignError, match="holds 21 different texts"):
        categories_of(names, ["colour"])


def test_the_mapping_is_saved_and_read_back():
    made = new_design(table(["red", "blue", "red", "blue"]), ["size"], [2]).design
    data = design_to_dict(made)
    assert data["version"] == 3
    assert data["preprocessing"] == {"categories": {"colour": ["blue", "red"]}}
    again = design_from_dict(json.loads(json.dumps(data)))
    assert again.categories == {"colour": ("blue", "red")}
    assert again.preprocessing is None  # nothing fitted yet: not trained
    assert [n.label for n in again.document.neurons_with_role("input")] == LABELS[1:]


def test_a_version_1_file_still_reads():
    path = resource_path("examples", "xor.nnd.json")
    assert json.loads(path.read_text())["version"] == 1
    design = load_design(path)
    assert design.categories == {} and design.input_labels() == ["x1", "x2"]
