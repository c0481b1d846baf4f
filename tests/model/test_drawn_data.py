"""Drawn data: which designs can be drawn on, adding and erasing points, and the file
that keeps them (loaded by the GUI and by the command line alike)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nndesigner.model.dataset import MAX_DRAWN_ROWS, drawn_table, generated_table
from nndesigner.model.drawn_data import (
    NEEDS_PLANE,
    drawing_columns,
    drawn_points,
    with_point,
    without_points_near,
)
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import load_design, save_design
from tests.cli.test_feature_inputs import feature_design


@pytest.fixture
def design(tmp_path):
    """Inputs x1, x2 (and no data yet), three tanh neurons, one sigmoid output 'inside'."""
    loaded = load_design(feature_design(tmp_path, ["x1", "x2"]))
    loaded.data = None
    return loaded


def test_drawing_fills_the_two_input_columns_and_the_output(design, tmp_path):
    assert drawing_columns(design) == ("x1", "x2", "inside")
    with_features = load_design(feature_design(tmp_path, ["x1", "x2", "x1·x2", "sin(x1)"]))
    assert drawing_columns(with_features) == ("x1", "x2", "inside")
    for labels in (["x1"], ["x1", "x2", "x3"], ["x1", "x2", "x3·x1"]):
        other = load_design(feature_design(tmp_path, labels))
        with pytest.raises(DesignError, match="two inputs"):
            drawing_columns(other)
    assert "one output" in NEEDS_PLANE


def test_points_are_added_to_the_data_and_erased_under_an_elliptic_brush(design):
    design.data = with_point(design, 0.5, -0.5, 1.0)
    design.data = with_point(design, 2.0, 0.0, 0.0)
    assert drawn_points(design).tolist() == [[0.5, -0.5, 1.0], [2.0, 0.0, 0.0]]
    assert design.data.header == ("x1", "x2", "inside")
    # Half-axes 1 along x and 0.1 along y: (2, 0) is inside the brush at (1.1, 0), not
    # (0.5, -0.5), whose y is 5 half-axes off.
    kept = without_points_near(design, np.array([[1.1, 0.0]]), (1.0, 0.1))
    assert np.column_stack(list(kept.columns.values())).tolist() == [[0.5, -0.5, 1.0]]
    assert without_points_near(design, np.array([[5.0, 5.0]]), (0.1, 0.1)) is None


def test_a_generated_dataset_drawn_on_keeps_its_rows(design):
    circles = generated_table("circles", 50, 0.1, 0)
    design.data = circles
    design.document.relabel({"o": "label"})
    table = with_point(design, 0.0, 0.0, 1.0)
    assert table.row_count == 51 and table.generator["columns"] == ["x1", "x2", "label"]
    assert np.array_equal(table.columns["x1"][:50], circles.columns["x1"])


def test_the_design_file_keeps_the_points(design, tmp_path):
    for x, y in np.random.default_rng(0).uniform(-1, 1, (40, 2)):
        design.data = with_point(design, x, y, float(x * y > 0))
    path = tmp_path / "drawn.nnd.json"
    save_design(design, path)
    saved = json.loads(path.read_text())["training"]["data"]
    assert saved["columns"] == ["x1", "x2", "inside"] and len(saved["drawn"]) == 40
    assert np.array_equal(drawn_points(load_design(path)), drawn_points(design))


@pytest.mark.parametrize(
    "drawn, message",
    [
        ({"columns": ["a", "b"], "drawn": [[0, 0, 1]]}, "columns"),
        ({"columns": ["a", "b", "c"], "drawn": [[0, 1]]}, "drawn"),
        ({"columns": ["a", "a", "c"], "drawn": [[0, 1, 2]]}, "three different"),
        ({"columns": ["a", "b", "c"], "drawn": [[0, 0, 1]] * (MAX_DRAWN_ROWS + 1)}, "drawn"),
    ],
)
def test_a_bad_drawn_dataset_is_refused_with_a_sentence(tmp_path, drawn, message):
    path = feature_design(tmp_path, ["x1", "x2"])
    data = json.loads(path.read_text())
    data["training"]["data"] = drawn
    path.write_text(json.dumps(data))
    with pytest.raises(DesignError, match=message):
        load_design(path)


def test_a_drawn_table_refuses_numbers_that_are_not_finite():
    with pytest.raises(DesignError, match="finite"):
        drawn_table(["a", "b", "c"], np.array([[0.0, np.nan, 1.0]]))
