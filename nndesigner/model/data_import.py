"""Importing a CSV: which columns feed the inputs, which are targets, and which rows have
cells that are not numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from nndesigner.model.categories import MAX_CATEGORIES, Categories, categories_of
from nndesigner.model.dataset import Table, is_number
from nndesigner.model.document import NetworkDocument
from nndesigner.model.feature_inputs import raw_input_labels

MAX_CLASSES = 20


# A header a spreadsheet or pandas writes over its row numbers: not a feature.
INDEX_NAME = re.compile(r"^(|Unnamed: ?\d+|index)$", re.IGNORECASE)
# Whole numbers with this many distinct values at most are offered as classes.
FEW_WHOLE_NUMBERS = 10


@dataclass(frozen=True)
class ColumnInfo:
    """A column's name, whether it holds numbers, and its distinct values when it holds
    text or a few whole numbers (which may be classes)."""

    name: str
    numeric: bool
    classes: tuple[str, ...]

    @property
    def kind(self) -> str:
        if self.categorical:
            return f"{len(self.classes)} categories"
        if not self.numeric:
            return f"text, {len(self.classes)} values"
        return f"{len(self.classes)} whole numbers" if self.classes else "number"

    @property
    def categorical(self) -> bool:
        """Text with a few distinct values, mostly not numbers: an input of categories
        (one-hot). A column of numbers with a few typos is not one."""
        numbers = sum(is_number(value) for value in self.classes)
        few = 2 <= len(self.classes) <= MAX_CATEGORIES
        return not self.numeric and few and numbers < len(self.classes) / 2

    @property
    def whole_classes(self) -> bool:
        """A few whole numbers other than just 0 and 1 (a binary target): likely classes."""
        return self.numeric and len(self.classes) >= 3


def whole_number_classes(values: np.ndarray) -> tuple[str, ...]:
    """The distinct values of a column of numbers (NaN = missing) as text, when they are
    at most FEW_WHOLE_NUMBERS whole numbers (maybe classes); else (). The first rows
    decide most columns: a million measurements are not sorted to find that out."""
    head = values[:1000]
    present = np.unique(head[~np.isnan(head)])
    if not _few_whole(present):
        return ()
    unseen = ~np.isnan(values)
    for value in present:
        unseen &= values != value
    present = np.unique(np.concatenate([present, values[unseen]]))
    if not _few_whole(present):
        return ()
    return tuple(format(v, ".15g") for v in present)


def _few_whole(values: np.ndarray) -> bool:
    return len(values) <= FEW_WHOLE_NUMBERS and bool(np.all(values == np.round(values)))


def describe_columns(table: Table) -> list[ColumnInfo]:
    """Numeric when most non-empty cells parse as numbers (the rest are bad cells)."""
    described = []
    for name in table.header:
        if table.is_numeric(name):
            described.append(ColumnInfo(name, True, whole_number_classes(table.columns[name])))
            continue
        cells = [c for c in table.text_column(name) if c]
        numbers = sum(is_number(c) for c in cells)
        numeric = bool(cells) and numbers >= 0.8 * len(cells)
        classes = () if numeric else tuple(sorted(set(cells)))
        described.append(ColumnInfo(name, numeric, classes))
    return described


def bad_cells(
    table: Table, numeric_columns: list[str], categorical_columns: tuple[str, ...] = ()
) -> list[tuple[int, str, str]]:
    """(row number as in the file, column, cell) for every empty or non-numeric cell of
    the numeric columns and every empty cell of the categorical ones."""
    found = []
    for name in categorical_columns:
        cells = enumerate(table.text_column(name), start=table.first_row)
        found += [(row, name, "") for row, cell in cells if not cell]
    for name in numeric_columns:
        if table.is_numeric(name):  # only gaps can be bad: found without text
            gaps = np.flatnonzero(np.isnan(table.columns[name]))
            found += [(int(row) + table.first_row, name, "") for row in gaps]
            continue
        for row_number, cell in enumerate(table.text_column(name), start=table.first_row):
            if not is_number(cell):
                found.append((row_number, name, cell))
    return found


@dataclass(frozen=True)
class ImportPlan:
    """Input columns (in order), those of them that are categories (one-hot), and either
    numeric target columns or one class column."""

    inputs: tuple[str, ...]
    targets: tuple[str, ...]
    class_column: str | None = None
    categorical: tuple[str, ...] = ()


def input_categories(table: Table, plan: ImportPlan) -> Categories:
    """The plan's categorical input columns with their values (one-hot inputs)."""
    return categories_of(table, list(plan.categorical))


@dataclass(frozen=True)
class OutputPlan:
    """The output neurons an import needs: their labels, activation and, for classes,
    the cost that goes with softmax."""

    labels: tuple[str, ...]
    activation: str
    loss: str | None = None


def output_plan(table: Table, plan: ImportPlan) -> OutputPlan:
    """One softmax output per class of a class column (cross-entropy cost); otherwise one
    output per target column, sigmoid when every target is 0 or 1, linear if not."""
    if plan.class_column is not None:
        cells = set(table.text_column(plan.class_column)) - {""}
        classes = tuple(sorted(cells, key=class_order))
        return OutputPlan(classes, "softmax", "cross_entropy")
    values = {cell for name in plan.targets for cell in table.text_column(name)}
    binary = all(is_number(v) and float(v) in (0.0, 1.0) for v in values)
    return OutputPlan(tuple(plan.targets), "sigmoid" if binary else "linear")


def class_order(name: str) -> tuple[int, float, str]:
    """Classes in numeric order when they are numbers, else alphabetically."""
    try:
        return (0, float(name), name)
    except ValueError:
        return (1, 0.0, name)


def default_plan(document: NetworkDocument, columns: list[ColumnInfo]) -> ImportPlan:
    """Columns named like the input and output neurons, if there are such; otherwise every
    column but the last feeds an input and the last is the target (a class column when it
    holds a few text values or whole numbers); an unnamed row index feeds nothing."""
    names = [c.name for c in columns]
    columns = [c for c in columns if not INDEX_NAME.match(c.name)]  # row numbers
    if not columns:
        return ImportPlan((), ())
    labels = [n.label for n in document.neurons_with_role("input")]
    inputs = [label for label in raw_input_labels(labels) if label in names]
    targets = [n.label for n in document.neurons_with_role("output") if n.label in names]
    if inputs and targets:
        return ImportPlan(tuple(inputs), tuple(targets))
    last = columns[-1]
    others = tuple(c.name for c in columns[:-1] if c.numeric or c.categorical)
    categorical = tuple(c.name for c in columns[:-1] if c.categorical)
    if (not last.numeric or last.whole_classes) and 2 <= len(last.classes) <= MAX_CLASSES:
        return ImportPlan(others, (), last.name, categorical)
    return ImportPlan(others, (last.name,), None, categorical)
