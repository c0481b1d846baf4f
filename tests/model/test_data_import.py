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


def test_whole_numbers_are_classes_only_when_few_over_every_row():
    rows = [("1", "0.5")] * 1500 + [("7", "1.5"), ("2", "2.5")]
    many = [(str(k), "0") for k in range(1500)]
    long = Table.from_rows("t.csv", ("code", "measure"), rows)
    kinds = {c.name: c.classes for c in describe_columns(long)}
    assert kinds == {"code": ("1", "2", "7"), "measure": ()}  # 7 and 2 only past row 1,000
    late = Table.from_rows("t.csv", ("code", "x"), [("1", "0")] * 1200 + many)
    assert describe_columns(late)[0].classes == ()  # past row 1,000: too many to be classes


def test_outputs_follow_the_targets():
    classes = output_plan(TABLE, ImportPlan(("a",), (), "species"))
    assert (classes.labels, classes.activation, classes.loss) == (
        ("cat", "dog"),
        "softmax",
        "cross_entropy",
    )
    assert output_plan(TABLE, ImportPlan(("a",), ("flag",))).activation == "sigmoid"
    assert output_plan(TABLE, ImportPlan(("b",), ("a",))).activation == "linear"
