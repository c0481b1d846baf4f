"""A design made from a data table: one input per feature column (one per value for a
column of categories, see `categories`), the hidden layers asked for, and the outputs
the target calls for, fully connected and laid out in columns.

A class target (a text column, or any column with `task="classification"`) gets one
softmax output per class, labelled `column=class`, with the cross-entropy cost; numeric
targets get linear outputs named after them, trained on standardised targets. Whole
numbers with few distinct values stay a regression unless the task says otherwise (a
note says so). Columns named like a spreadsheet's or pandas' unnamed index are left
out, with a note.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.engine.training import TrainingSettings
from nndesigner.model.building import full_links, new_neurons
from nndesigner.model.categories import categories_of, input_labels_of, one_hot_labels
from nndesigner.model.data_import import (
    INDEX_NAME,
    class_order,
    describe_columns,
    whole_number_classes,
)
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Synapse
from nndesigner.model.errors import DesignError
from nndesigner.model.file_checks import MAX_NEURONS, MAX_SYNAPSES
from nndesigner.model.layout import COLUMN_GAP, column_positions

TASKS = ("auto", "classification", "regression")
# A named target may have more classes than the data dialog guesses a column has.
MAX_CLASSES = 100
INITIALISATION = {"relu": "he", "leaky_relu": "he", "prelu": "he"}


@dataclass(frozen=True)
class NewDesign:
    """The design and what to tell the user about how it was made."""

    design: Design
    notes: tuple[str, ...]


def _is_class_target(table: Table, column: str, task: str, notes: list[str]) -> bool:
    if task != "auto":
        return task == "classification"
    if not table.is_numeric(column):
        return True
    classes = whole_number_classes(table.columns[column])
    if classes:
        notes.append(
            f"'{column}' holds {len(classes)} different whole numbers: trained as a regression; "
            "use --task classification to treat them as classes."
        )
    return False


def _check_size(columns: int, hidden: list[int]) -> None:
    """DesignError, before anything is built, when the layers asked for exceed the limits
    a design file may hold (counted with at most every column as an input)."""
    neurons = columns + sum(hidden) + MAX_CLASSES
    widths = [columns, *hidden, MAX_CLASSES]
    synapses = sum(a * b for a, b in itertools.pairwise(widths))
    if neurons > MAX_NEURONS or synapses > MAX_SYNAPSES:
        raise DesignError(
            f"Hidden layers of {', '.join(map(str, hidden))} neurons would make up to "
            f"{neurons:,} neurons and {synapses:,} synapses; a design holds at most "
            f"{MAX_NEURONS:,} neurons and {MAX_SYNAPSES:,} synapses."
        )


def starting_settings(activation: str = "relu") -> TrainingSettings:
    """How a network made for a CSV starts to train (here and in the GUI's import on an
    empty design): Adam, learning rate 0.01, batches of 32, 200 epochs, a fifth of the
    rows held out, and the initialisation that suits the hidden activation."""
    return TrainingSettings(
        epochs=200, learning_rate=0.01, batch_size=32, optimizer="adam",
        validation_split=0.2, init=INITIALISATION.get(activation, "xavier"),
    )  # fmt: skip


RARE_ROWS = 1


def _rare_classes(table: Table, column: str, classes: list[str]) -> list[str]:
    """A note for each class that only RARE_ROWS rows of many hold: likely a typo."""
    cells = table.text_column(column)
    if len(cells) < 20 * len(classes):
        return []
    notes = []
    for name in classes:
        rows = [k + table.first_row for k, cell in enumerate(cells) if cell == name]
        if len(rows) <= RARE_ROWS:
            notes.append(
                f"'{name}' is a class of {column} in only row {rows[0]}: a typo? Its "
                "output learns from that row alone."
            )
    return notes


def new_design(
    table: Table,
    targets: list[str],
    hidden: list[int],
    activation: str = "relu",
    task: str = "auto",
    ignore: tuple[str, ...] = (),
) -> NewDesign:
    """A fully connected design for `table` (see the module's description)."""
    if activation not in ACTIVATIONS or activation == "softmax":
        raise DesignError(f"'{activation}' is not an activation for hidden neurons.")
    if task not in TASKS:
        raise DesignError(f"The task is one of {', '.join(TASKS)}, not '{task}'.")
    if not targets:
        raise DesignError("Name the target column with --target.")
    for name in [*targets, *ignore]:
        if name not in table.header:
            raise DesignError(table.no_column(name))
    if any(count < 0 for count in hidden):
        raise DesignError("A hidden layer needs a positive number of neurons.")
    _check_size(len(table.header), [n for n in hidden if n])
    notes: list[str] = []
    index_columns = [n for n in table.header if INDEX_NAME.match(n) and n not in targets]
    if index_columns:
        named = ", ".join(f"'{n}'" for n in index_columns)
        notes.append(f"Left out {named}, a row index, not a feature.")
    features = [
        n for n in table.header if n not in targets and n not in ignore and n not in index_columns
    ]
    text = [
        c for c in describe_columns(table) if c.name in features and not table.is_numeric(c.name)
    ]
    for column in text:
        if column.numeric:  # numbers with a few typos: refused with the first bad cell
            table.numeric_columns([column.name], allow_missing=True)
    categories = categories_of(table, [column.name for column in text])
    for column, values in categories.items():
        shown = ", ".join(one_hot_labels(column, values)[:4]) + (", ..." * (len(values) > 4))
        notes.append(f"'{column}' holds {len(values)} categories: one input each ({shown}).")
    input_labels = input_labels_of(features, categories)
    if not features:
        raise DesignError(f"{table.path} has no feature column left for the inputs.")
    classes_of = None
    if len(targets) == 1 and _is_class_target(table, targets[0], task, notes):
        classes_of = targets[0]
    elif len(targets) > 1 and task == "classification":
        raise DesignError("A classification has one target column (of class names).")
    settings = starting_settings(activation)
    if classes_of is not None:
        classes = sorted({c for c in table.text_column(classes_of) if c}, key=class_order)
        if not 2 <= len(classes) <= MAX_CLASSES:
            raise DesignError(
                f"'{classes_of}' has {len(classes)} classes; a classifier needs 2 to {MAX_CLASSES}."
            )
        output_labels = [f"{classes_of}={c}" for c in classes]
        notes += _rare_classes(table, classes_of, classes)
        output_activation = "softmax"
        settings = replace(settings, loss="cross_entropy")
    else:
        for name in targets:
            table.numeric_columns([name], allow_missing=True)  # refuses text targets
        output_labels = list(targets)
        output_activation = "linear"
        settings = replace(settings, loss="mse", standardize_outputs=True)
    document = _layered_document(input_labels, [n for n in hidden if n], output_labels,
                                 activation, output_activation)  # fmt: skip
    design = Design(document, settings, data=table, has_weights=False, categories=categories)
    return NewDesign(design, tuple(notes))


def _layered_document(
    inputs: list[str],
    hidden: list[int],
    outputs: list[str],
    activation: str,
    output_activation: str,
) -> NetworkDocument:
    """Columns of inputs, hidden layers and outputs, each fully linked to the next."""
    document = NetworkDocument()
    layers = [("input", len(inputs), "linear"), *(("hidden", n, activation) for n in hidden)]
    layers.append(("output", len(outputs), output_activation))
    previous: list[str] = []
    for column, (role, count, layer_activation) in enumerate(layers):
        positions = column_positions(count, column * COLUMN_GAP)
        neurons = new_neurons(document, role, positions, layer_activation)
        labels = {"input": inputs, "output": outputs}.get(role)
        for index, neuron in enumerate(neurons):
            if labels is not None:
                neuron = replace(neuron, label=labels[index])
            document.add_neuron(neuron)
        ids = [n.id for n in neurons]
        links = full_links(document, previous, ids)
        for synapse_id, (source, target) in zip(
            document.new_ids("s", len(links)), links, strict=True
        ):
            document.add_synapse(Synapse(synapse_id, source, target, 0.0))
        previous = ids
    return document
