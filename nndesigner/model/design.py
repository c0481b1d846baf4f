"""A design: the document plus its training settings, data source, preprocessing and history.

`Design` is evented (psygnal): assigning a field emits `design.events.<field>(new, old)`
when the value changed, and `design.events.all` relays every field's signal. Settings
and history are compared by value; the document, the data table and the preprocessing
(which hold arrays) by identity, as comparing them element by element would cost more
than the signal saves.
"""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass, field, fields

import numpy as np
from psygnal import evented

from nndesigner.engine.features import InputFeatures
from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.training import TrainingSettings
from nndesigner.model.categories import Categories, encoded_inputs, input_sources
from nndesigner.model.dataset import Table, class_columns
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError
from nndesigner.model.feature_inputs import input_features, parse_formula, raw_input_labels
from nndesigner.model.missing_values import kept_rows, usable_rows

SETTING_NAMES = tuple(f.name for f in fields(TrainingSettings))


def named_class_column(labels: list[str]) -> str | None:
    """The column all `labels` name when each is written `column=class`: their common
    beginning up to its last "=" (so a column name may hold "=" too), else None."""
    common = os.path.commonprefix(labels) if len(labels) > 1 else ""
    return common[: common.rindex("=")] if "=" in common else None


@dataclass
class TrainingHistory:
    """What the last training run achieved."""

    epochs_run: int = 0
    training_loss: float | None = None
    validation_loss: float | None = None


@evented(
    equality_operators={
        "document": operator.is_, "data": operator.is_, "preprocessing": operator.is_
    }
)  # fmt: skip
@dataclass
class Design:
    """What one window or one CLI run works on."""

    document: NetworkDocument
    settings: TrainingSettings = field(default_factory=TrainingSettings)
    data_source: str | dict | None = None
    data: Table | None = None
    preprocessing: Preprocessing | None = None
    history: TrainingHistory = field(default_factory=TrainingHistory)
    has_weights: bool = True
    # Why the data the file names could not be read; the design itself is still usable.
    data_problem: str | None = None
    # The categorical input columns and their one-hot values (see `categories`).
    categories: Categories = field(default_factory=dict)

    def untrained(self) -> bool:
        """Whether the weights are none the network learned: the file had none, or every
        weight is zero (as drawn on the canvas or made by `nndesigner new`)."""
        return not self.has_weights or all(s.weight == 0.0 for s in self.document.synapses)

    def input_labels(self) -> list[str]:
        return [n.label for n in self.document.neurons_with_role("input")]

    def output_labels(self) -> list[str]:
        return [n.label for n in self.document.neurons_with_role("output")]

    def raw_input_labels(self) -> list[str]:
        """What the inputs are computed from (model/feature_inputs.py): the labels of
        the inputs that read a column, then the further columns the formulas name."""
        return raw_input_labels(self.input_labels())

    def input_features(self) -> InputFeatures:
        return input_features(self.input_labels())

    def raw_input_array(self, table: Table, allow_missing: bool = False) -> np.ndarray:
        """The raw inputs of `table`: the columns `raw_input_labels` name, in their
        order, categorical ones one-hot encoded (NaN for missing cells when
        `allow_missing`). DesignError for a missing column; when it is missing because a
        column's name reads as a formula (`m²` squares a column `m`), the error says so."""
        for label in self.input_labels():
            formula = parse_formula(label)
            missing = [c for c, _ in formula[1] if c not in table.header] if formula else []
            if missing and label in table.header:
                raise DesignError(
                    f"The input '{label}' reads as a formula over a column '{missing[0]}', "
                    f"which {table.path} does not have. To read the column '{label}' itself, "
                    "rename it in the file without the signs ( ) ^ ² ³ * · ×."
                )
        return encoded_inputs(table, self.raw_input_labels(), self.categories, allow_missing)

    def input_array(self, table: Table, allow_missing: bool = False) -> np.ndarray:
        """The input neurons' values for `table`: its raw inputs, features computed."""
        return self.computed_inputs(self.raw_input_array(table, allow_missing))

    def input_columns(self) -> list[str]:
        """The column each raw input reads (a categorical column for each of its
        one-hot inputs)."""
        return [column for column, _ in input_sources(self.raw_input_labels(), self.categories)]

    def class_names(self) -> list[str]:
        """The class each softmax output stands for: its label, or the part after "="
        in labels written `column=class` (as `nndesigner new` names them)."""
        labels = self.output_labels()
        column = named_class_column(labels)
        return [label[len(column) + 1 :] for label in labels] if column else labels

    def target_columns(self, table: Table) -> list[str]:
        """The columns the targets come from: the output labels; for a softmax
        classifier, the column its labels name (`column=class`), or failing that the one
        column of its class names."""
        labels = self.output_labels()
        outputs = self.document.neurons_with_role("output")
        softmax = bool(outputs) and all(n.activation == "softmax" for n in outputs)
        named = named_class_column(labels) if softmax else None
        if named in table.header:
            return [named]
        if all(label in table.header for label in labels) or not softmax:
            return labels
        candidates = class_columns(table, labels, exclude=self.input_columns())
        if not candidates:
            missing = next(label for label in labels if label not in table.header)
            raise DesignError(
                f"{table.path} has no column '{missing}'"
                f" and no column of class names ({', '.join(labels)})."
            )
        if len(candidates) > 1:
            named = ", ".join(f"'{c}'" for c in candidates)
            raise DesignError(
                f"{table.path} has several columns of class names ({named}); name the "
                "target by leaving the others out of the file or renaming them."
            )
        return candidates

    def target_array(self, table: Table, allow_missing: bool = False) -> np.ndarray:
        """The targets: the columns named by the output labels, or the class column
        one-hot encoded (a class name that is no output label is refused with its row;
        an empty cell is a missing target, NaN when `allow_missing`)."""
        labels = self.output_labels()
        columns = self.target_columns(table)
        if columns == labels:
            return table.numeric_columns(labels, allow_missing)
        (column,) = columns
        return table.one_hot(column, self.class_names(), "the classes", allow_missing)

    def arrays_of(self, table: Table) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and targets of `table`, rows with missing cells dealt with as the
        `missing` setting says (inputs may keep NaN for the engine to fill)."""
        inputs = self.raw_input_array(table, allow_missing=True)
        targets = self.target_array(table, allow_missing=True)
        columns = self.target_columns(table)
        names = columns if len(columns) == targets.shape[1] else columns * targets.shape[1]
        inputs, targets = usable_rows(
            table, self.input_columns(), inputs, names, targets, self.settings.missing
        )
        return self.computed_inputs(inputs), targets

    def computed_inputs(self, raw: np.ndarray) -> np.ndarray:
        """The input neurons' values from the raw inputs; DesignError naming a feature
        input that overflows where the columns it reads are all there."""
        features = self.input_features()
        computed = features.apply(raw)
        if features.is_plain:
            return computed
        for label, feature, values in zip(
            self.input_labels(), features.features, computed.T, strict=True
        ):
            present = ~np.isnan(raw[:, [column for column, _ in feature.factors]]).any(axis=1)
            if count := int((present & ~np.isfinite(values)).sum()):
                raise DesignError(
                    f"The feature input '{label}' is too large to compute on {count} "
                    f"{'row' if count == 1 else 'rows'}; "
                    "use a lower power or scale its columns down in the file."
                )
        return computed

    def row_numbers(self, table: Table) -> np.ndarray:
        """The row of `table`, numbered as its messages number them (the header is row 1),
        of each row `arrays_of(table)` returns."""
        inputs = self.raw_input_array(table, allow_missing=True)
        targets = self.target_array(table, allow_missing=True)
        if self.settings.missing == "refuse":
            return np.arange(len(targets)) + table.first_row
        return np.flatnonzero(kept_rows(inputs, targets, self.settings.missing)) + table.first_row

    def data_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and targets from the loaded data."""
        if self.data is None:
            raise DesignError(self.data_problem or "No data is loaded.")
        return self.arrays_of(self.data)
