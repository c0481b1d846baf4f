"""The steps around one training run that the GUI and the CLI share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.data_split import PreparedData, held_out_count, prepare_data, test_row_count
from nndesigner.engine.initialization import initialize
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.schedules import SCHEDULES
from nndesigner.engine.spec import Parameters
from nndesigner.engine.training import EpochRecord, TrainingSettings
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design, TrainingHistory
from nndesigner.model.errors import DesignError
from nndesigner.model.metrics import Scores, score_sets
from nndesigner.model.run_checks import data_warnings, loss_problem, off_path_neurons


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
    if not 0 <= settings.test_split < 1:
        raise DesignError("The test split must be at least 0 and below 1.")
    if not (settings.l2 >= 0 and settings.l1 >= 0):
        raise DesignError("The L2 and L1 penalties must be at least 0.")
    if settings.early_stopping < 0:
        raise DesignError("Early stopping's patience must be 0 (off) or more epochs.")
    if settings.target_cost is not None and not settings.target_cost >= 0:
        raise DesignError("The target cost must be at least 0.")
    if settings.schedule not in SCHEDULES:
        raise DesignError(f"'{settings.schedule}' is not a learning-rate schedule "
                          f"(known: {', '.join(SCHEDULES)}).")  # fmt: skip
    if settings.schedule_epochs < 1:
        raise DesignError("The schedule's epochs must be at least 1.")
    if not 0 < settings.schedule_factor <= 1:
        raise DesignError("The schedule's factor must be above 0 and at most 1.")


def prepare_run(
    design: Design,
    inputs: np.ndarray,
    targets: np.ndarray,
    settings: TrainingSettings,
    reinitialize: bool = False,
    network: CompiledNetwork | None = None,
    consume: bool = False,
) -> TrainingRun:
    """Compile the document (or take `network`, a compiled copy of it, to train); draw
    new weights when asked, when the file had none, or when
    every weight is zero (as drawn on the canvas): such a network could never break the
    symmetry between its hidden neurons. Neurons on no path from an input to an output
    are frozen: training leaves them as they are. `consume`: `inputs` and `targets` may
    be split and prepared in place (see `prepare_data`)."""
    check_settings(settings)
    if len(inputs) == 0:
        raise DesignError("There are no data rows to train on.")
    activations = [n.activation for n in design.document.neurons_with_role("output")]
    problem = loss_problem(activations, targets, settings)
    if problem:
        raise DesignError(problem)
    held_out = held_out_count(len(inputs), settings) + test_row_count(len(inputs), settings)
    if held_out >= len(inputs):
        raise DesignError(
            f"Holding out {settings.validation_split:.0%} of {len(inputs)} rows for "
            f"validation and {settings.test_split:.0%} for testing leaves none to train "
            "on; lower the validation or the test split."
        )
    if settings.early_stopping and not held_out_count(len(inputs), settings):
        raise DesignError(
            "Early stopping watches the cost on held-out rows: set a validation split "
            "(20% is usual), or turn early stopping off."
        )
    if network is None:
        network = compile_document(design.document)
    if reinitialize or design.untrained():
        try:
            initialize(network, settings.init, settings.seed)
        except ValueError as error:
            raise DesignError(f"{error}.") from error
    network.freeze(set(off_path_neurons(design.document)))
    with np.errstate(over="ignore", invalid="ignore"):
        data = prepare_data(inputs, targets, settings, consume)
    _check_finite(data, design)
    # The prepared training rows: a column constant there is constant after filling and
    # standardising too, and no copy of the rows is needed to find it.
    warnings = data_warnings(data.train_inputs, design.input_labels())
    return TrainingRun(network, data, settings, tuple(warnings))


def _check_finite(data: PreparedData, design: Design) -> None:
    """DesignError when a column's values are too large to standardise (cells near
    ±1e308 overflow the mean or the spread), naming the column."""
    preprocessing = data.preprocessing
    parts = [(preprocessing.inputs, design.input_labels()),
             (preprocessing.outputs, design.output_labels())]  # fmt: skip
    for standardization, names in parts:
        if standardization is None:
            continue
        finite = np.isfinite(standardization.mean) & np.isfinite(standardization.std)
        if not finite.all():
            name = names[int(np.argmin(finite))] if len(names) == len(finite) else "a column"
            raise DesignError(
                f"The values of {name!s} are too large to standardise; scale them down "
                "(below about 1e150) in the file."
            )


def progress_line(run: TrainingRun, last: EpochRecord, elapsed: float, first_epoch: int = 0) -> str:
    """ "Epoch e of E · cost c · r rows/s · t s left" after `elapsed` seconds of `run`,
    whose epochs count on from `first_epoch` (f): E = f + the epochs set, n = e − f done,
    r = n · training rows / elapsed, t = (E − e) · elapsed / n; then "· rate x" when the
    rate is not the one set (a schedule changed it), "· compiled" when the compiled
    kernel ran the epoch."""
    total = first_epoch + run.settings.epochs
    elapsed = max(elapsed, 1e-9)
    done = max(last.epoch - first_epoch, 1)
    rows_per_second = done * len(run.data.train_inputs) / elapsed
    left = (total - last.epoch) * elapsed / done
    scheduled = last.learning_rate is not None and last.learning_rate != run.settings.learning_rate
    return (
        f"Epoch {last.epoch} of {total} · cost {last.training_loss:.5g} · "
        f"{rows_per_second:,.0f} rows/s · {left:.0f} s left"
        + (f" · rate {last.learning_rate:.4g}" if scheduled else "")
        + (" · compiled" if last.kernel == "compiled" else "")
    )


def run_outcome(run: TrainingRun, records: Sequence[EpochRecord]) -> dict:
    """The design fields a run produces besides the weights: the preprocessing it fitted,
    that the design has weights, and (when an epoch finished) the final losses. Never the
    settings: those are the user's, and may have changed while the run went on."""
    outcome: dict = {"preprocessing": run.data.preprocessing, "has_weights": True}
    if records:
        last = records[-1]
        costs = last.kept_costs or (last.training_loss, last.validation_loss)
        outcome["history"] = TrainingHistory(last.epoch, *costs)
    return outcome


def run_scores(design: Design, run: TrainingRun) -> tuple[Scores | None, ...]:
    """The scores of the trained copy on its training rows and, when some are held out,
    its validation and test rows (None for a set without rows): from the prepared rows,
    outputs and targets de-standardised (no second pass over the data)."""
    kernel = NumpyKernel(run.network)
    restore = run.data.preprocessing.restore_outputs
    data = run.data
    sets = [(data.train_inputs, data.train_targets),
            (data.validation_inputs, data.validation_targets),
            (data.test_inputs, data.test_targets)]  # fmt: skip
    with np.errstate(over="ignore", invalid="ignore"):
        scored = [
            (restore(kernel.predict(inputs)), restore(targets)) if len(inputs) else (inputs, inputs)
            for inputs, targets in sets
        ]
    return score_sets(design, *scored)


def record_run(design: Design, run: TrainingRun, records: Sequence[EpochRecord]) -> None:
    """Store the run's outcome in the design (the CLI's way; the GUI makes it undoable).
    Weights go separately, through `document.set_parameters`."""
    for field_name, value in run_outcome(run, records).items():
        setattr(design, field_name, value)


def fresh_parameters(network: CompiledNetwork, settings: TrainingSettings) -> Parameters:
    """New weights and biases drawn as `settings.init` and `settings.seed` say, into
    `network` (a compiled copy, which this changes)."""
    try:
        initialize(network, settings.init, settings.seed)
    except ValueError as error:
        raise DesignError(f"{error}.") from error
    return network.export_parameters()
