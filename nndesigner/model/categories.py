"""Categorical input columns, one-hot encoded.

A text column with a few distinct values (MAX_CATEGORIES at most) feeds one input neuron
per value, labelled `column=value`: the input is 1 where the row's cell is that value,
0 where it is another of the column's values, and missing (NaN, dealt with as the
design's `missing` setting says) where the cell is empty. The design keeps the mapping,
`categories`: each categorical column with its values in the order of their inputs. A
value the mapping does not list is refused with its row. An input neuron whose value was
deleted from the canvas leaves that value encoded as all zeros.
"""

from __future__ import annotations

import numpy as np

from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError

MAX_CATEGORIES = 20

# Column name -> its values, in the order of their input neurons.
Categories = dict[str, tuple[str, ...]]


def one_hot_labels(column: str, values: tuple[str, ...]) -> list[str]:
    return [f"{column}={value}" for value in values]


def input_labels_of(columns: list[str], categories: Categories) -> list[str]:
    """The input neurons' labels for feature `columns`: a column's name, or
    `column=value` for each value of a column of categories."""
    return [
        label
        for name in columns
        for label in (one_hot_labels(name, categories[name]) if name in categories else [name])
    ]


def categories_of(table: Table, columns: list[str]) -> Categories:
    """Each of the text `columns` with its distinct values (sorted); DesignError for a
    column with more than MAX_CATEGORIES of them, or with none."""
    found: Categories = {}
    for column in columns:
        values = sorted(set(table.text_column(column)) - {""})
        if not 1 <= len(values) <= MAX_CATEGORIES:
            raise DesignError(
                f"{table.path}: column '{column}' holds {len(values)} different texts; a "
                f"column of categories has 1 to {MAX_CATEGORIES} (leave it out with --ignore)."
            )
        found[column] = tuple(values)
    return found


def input_sources(labels: list[str], categories: Categories) -> list[tuple[str, str | None]]:
    """For each input label, the column it reads and, for a one-hot input, its value
    (None for a column of numbers)."""
    one_hot = {
        label: (column, value)
        for column, values in categories.items()
        for label, value in zip(one_hot_labels(column, values), values, strict=True)
    }
    return [one_hot.get(label, (label, None)) for label in labels]


def source_columns(labels: list[str], categories: Categories) -> tuple[list[str], list[str]]:
    """The columns the inputs read: those of numbers, and the categorical ones."""
    sources = input_sources(labels, categories)
    numbers = [column for column, value in sources if value is None]
    texts = list(dict.fromkeys(column for column, value in sources if value is not None))
    return numbers, texts


def encoded_inputs(
    table: Table, labels: list[str], categories: Categories, allow_missing: bool = False
) -> np.ndarray:
    """The input rows of `table` (rows x labels) as the module's description says;
    DesignError for a cell that is not a number, an unknown category and, unless
    `allow_missing`, a missing cell, each named by row and column."""
    sources = input_sources(labels, categories)
    numbers, texts = source_columns(labels, categories)
    numeric = table.numeric_columns(numbers, allow_missing)
    if not texts:  # every input a column of numbers, in the labels' order
        return numeric
    values = np.empty((table.row_count, len(labels)))
    positions = [k for k, (_, value) in enumerate(sources) if value is None]
    values[:, positions] = numeric
    for column in texts:
        one_hot = table.one_hot(column, categories[column], "its categories", allow_missing)
        for k, (source, value) in enumerate(sources):
            if source == column:
                values[:, k] = one_hot[:, categories[column].index(value)]
    return values
