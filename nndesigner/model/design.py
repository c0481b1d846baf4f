"""A design: the document plus its training settings, data source, preprocessing and history.

`Design` is evented (psygnal): assigning a field emits `design.events.<field>(new, old)`
when the value changed, and `design.events.all` relays every field's signal. Settings
and history are compared by value; the document, the data table and the preprocessing
(which hold arrays) by identity, as comparing them element by element would cost more
than the signal saves.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields

import numpy as np
from psygnal import evented

from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.training import TrainingSettings
from nndesigner.model.dataset import Table
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError

SETTING_NAMES = tuple(f.name for f in fields(TrainingSettings))


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

    def input_labels(self) -> list[str]:
        return [n.label for n in self.document.neurons_with_role("input")]

    def output_labels(self) -> list[str]:
        return [n.label for n in self.document.neurons_with_role("output")]

    def input_array(self, table: Table) -> np.ndarray:
        """The columns named by the input neurons' labels, in their order."""
        return table.numeric_columns(self.input_labels())

    def target_array(self, table: Table) -> np.ndarray:
        """The columns named by the output labels; for a softmax classifier, a single column
        of class names that are output labels is accepted and one-hot encoded."""
        labels = self.output_labels()
        outputs = self.document.neurons_with_role("output")
        if all(label in table.header for label in labels) or not all(
            n.activation == "softmax" for n in outputs
        ):
            return table.numeric_columns(labels)
        column = table.class_column(labels, exclude=self.input_labels())
        if column is None:
            missing = next(label for label in labels if label not in table.header)
            raise DesignError(
                f"{table.path} has no column '{missing}'"
                f" and no column of class names ({', '.join(labels)})."
            )
        names = table.text_column(column)
        return np.array([[1.0 if name == label else 0.0 for label in labels] for name in names])

    def data_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and targets from the loaded data."""
        if self.data is None:
            raise DesignError(self.data_problem or "No data is loaded.")
        return self.input_array(self.data), self.target_array(self.data)
