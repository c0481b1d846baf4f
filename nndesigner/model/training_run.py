"""The steps around one training run that the GUI and the CLI share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.initialization import initialize
from nndesigner.engine.inspection import (
    NetworkSnapshot,
    OutputGrid,
    output_grid,
    padded_bounds,
    take_snapshot,
)
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.spec import Parameters
from nndesigner.engine.trace import StepTrace, trace_step
from nndesigner.engine.training import (
    EpochRecord,
    PreparedData,
    TrainingSettings,
    prepare_data,
    split_rows,
)
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design, TrainingHistory
from nndesigner.model.errors import DesignError
from nndesigner.model.run_checks import data_warnings, off_path_neurons


@dataclass(frozen=True)
class TrainingRun:
    """A compiled copy of the design and the prepared rows it will train on."""

    network: CompiledNetwork
    data: PreparedData
    settings: TrainingSettings
    # Sentences about data that will train poorly (one row, constant inputs).
    warnings: tuple[str, ...] = ()


def check_settings(settings: TrainingSettings) -> None:
    """DesignError for settings that cannot train."""
    if settings.epochs < 1:
        raise DesignError("The number of epochs must be at least 1.")
    if not settings.learning_rate > 0:
        raise DesignError("The learning rate must be greater than 0.")
    if settings.batch_size is not None and settings.batch_size < 1:
        raise DesignError("The batch size must be at least 1.")
    if not 0 <= settings.validation_split < 1:
        raise DesignError("The validation split must be at least 0 and below 1.")


def prepare_run(
    design: Design,
    inputs: np.ndarray,
    targets: np.ndarray,
    settings: TrainingSettings,
    reinitialize: bool = False,
) -> TrainingRun:
    """Compile the document; draw new weights when asked, when the file had none, or when
    every weight is zero (as drawn on the canvas): such a network could never break the
    symmetry between its hidden neurons. Neurons on no path from an input to an output
    are frozen: training leaves them as they are."""
    check_settings(settings)
    if len(inputs) == 0:
        raise DesignError("There are no data rows to train on.")
    training_rows, _ = split_rows(len(inputs), settings)
    if len(training_rows) == 0:
        raise DesignError(
            f"Holding out {settings.validation_split:.0%} of {len(inputs)} rows for "
            "validation leaves none to train on; lower the validation split."
        )
    network = compile_document(design.document)
    weightless = all(s.weight == 0.0 for s in design.document.synapses)
    if reinitialize or not design.has_weights or weightless:
        try:
            initialize(network, settings.init, settings.seed)
        except ValueError as error:
            raise DesignError(f"{error}.") from error
    network.freeze(set(off_path_neurons(design.document)))
    warnings = data_warnings(inputs[training_rows], design.input_labels())
    return TrainingRun(network, prepare_data(inputs, targets, settings), settings, tuple(warnings))


def run_outcome(design: Design, run: TrainingRun, records: Sequence[EpochRecord]) -> dict:
    """The design fields a run changes besides the weights: preprocessing, settings,
    whether it has weights, and (when an epoch finished) the final losses."""
    outcome = {
        "preprocessing": run.data.preprocessing,
        "settings": run.settings,
        "has_weights": True,
    }
    if records:
        last = records[-1]
        outcome["history"] = TrainingHistory(last.epoch, last.training_loss, last.validation_loss)
    return outcome


def record_run(design: Design, run: TrainingRun, records: Sequence[EpochRecord]) -> None:
    """Store the run's outcome in the design (the CLI's way; the GUI makes it undoable).
    Weights go separately, through `document.set_parameters`."""
    for field_name, value in run_outcome(design, run, records).items():
        setattr(design, field_name, value)


def predict(design: Design, inputs: np.ndarray) -> np.ndarray:
    """Outputs for raw input rows: standardise, forward pass, de-standardise."""
    preprocessing = design.preprocessing or Preprocessing()
    kernel = NumpyKernel(compile_document(design.document))
    return preprocessing.restore_outputs(kernel.predict(preprocessing.prepare_inputs(inputs)))


def fresh_parameters(design: Design, settings: TrainingSettings) -> Parameters:
    """New weights and biases drawn as `settings.init` and `settings.seed` say."""
    network = compile_document(design.document)
    try:
        initialize(network, settings.init, settings.seed)
    except ValueError as error:
        raise DesignError(f"{error}.") from error
    return network.export_parameters()


def seen_preprocessing(design: Design, inputs: np.ndarray, targets: np.ndarray) -> Preprocessing:
    """The preprocessing the network sees its data through: the stored one, or the one
    training would fit to these rows."""
    if design.preprocessing is not None:
        return design.preprocessing
    return prepare_data(inputs, targets, design.settings).preprocessing


def _data_and_preprocessing(design: Design) -> tuple[np.ndarray, Preprocessing] | None:
    """The raw input rows and the preprocessing the network sees them through (stored,
    or fitted as training would); None without usable data."""
    if design.data is None:
        return None
    try:
        inputs, targets = design.data_arrays()
    except DesignError:
        return None
    return inputs, seen_preprocessing(design, inputs, targets)


def neuron_grid(design: Design, neuron_id: str) -> OutputGrid | None:
    """One neuron's activation over the plane of a two-input design's data."""
    found = _data_and_preprocessing(design)
    if found is None or len(design.document.neurons_with_role("input")) != 2:
        return None
    inputs, preprocessing = found
    network = compile_document(design.document)
    return output_grid(network, preprocessing, *padded_bounds(inputs), neuron_id=neuron_id)


def inspect_design(design: Design) -> NetworkSnapshot | None:
    """Each neuron's values over the design's data as the network sees it (with the
    stored preprocessing, or one fitted as training would); None without usable data."""
    found = _data_and_preprocessing(design)
    if found is None:
        return None
    inputs, preprocessing = found
    try:
        network = compile_document(design.document)
    except DesignError:
        return None
    return take_snapshot(network, preprocessing.prepare_inputs(inputs), preprocessing)


def trace_row(design: Design, row: int) -> StepTrace:
    """The online-SGD step the design would take on data row `row` (0-based), seen through
    its preprocessing, with its cost and learning rate; DesignError without usable data."""
    inputs, targets = design.data_arrays()
    if not 0 <= row < len(inputs):
        raise DesignError(f"There is no data row {row + 1}; the data has {len(inputs)} rows.")
    preprocessing = seen_preprocessing(design, inputs, targets)
    network = compile_document(design.document)
    network.freeze(set(off_path_neurons(design.document)))
    x = preprocessing.prepare_inputs(inputs[row : row + 1])[0]
    y = preprocessing.prepare_targets(targets[row : row + 1])[0]
    settings = design.settings
    return trace_step(network, x, y, settings.loss, settings.learning_rate)
