"""Planning an import: column types, bad cells, and the outputs a plan needs."""

from nndesigner.model.data_import import (
    ImportPlan,
    bad_cells,
    describe_columns,
    output_plan,
)
from nndesigner.model.dataset import Table

TABLE = Table.from_rows(
    "t.csv",
    ("a", "b", "flag", "species"),
    (("1", "2", "0", "cat"), ("3", "x", "1", "dog"), ("5", "6", "1", "cat")),
)


def test_columns_are_typed_and_bad_cells_named_by_file_row():
    kinds = {c.name: (c.numeric, c.classes) for c in describe_columns(TABLE)}
    assert kinds["a"] == (True, ("1", "3", "5"))  # a few whole numbers: maybe classes
    assert kinds["species"] == (False, ("cat", "dog"))
    assert bad_cells(TABLE, ["a", "b"]) == [(3, "b", "x")]


def test_outputs_follow_the_targets():
    classes = output_plan(TABLE, ImportPlan(("a",), (), "species"))
    assert (classes.labels, classes.activation, classes.loss) == (
        ("cat", "dog"),
        "softmax",
        "cross_entropy",
    )
    assert output_plan(TABLE, ImportPlan(("a",), ("flag",))).activation == "sigmoid"
    assert output_plan(TABLE, ImportPlan(("b",), ("a",))).activation == "linear"
