"""Training as a plain generator: one frozen record per epoch, no threads, no Qt."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nndesigner.engine.blas_threads import limited_threads
from nndesigner.engine.data_split import PreparedData
from nndesigner.engine.dropout import DropoutDraws
from nndesigner.engine.early_stopping import StoppingRule
from nndesigner.engine.kernel import Kernel, NumpyKernel
from nndesigner.engine.kernel_choice import (
    KernelUnavailable,
    compiled_cost,
    compiled_would_pay,
    default_choice,
    make_kernel,
)
from nndesigner.engine.kernel_warm_up import compiled_ready
from nndesigner.engine.losses import Loss, get_loss
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.optimizers import Optimizer, make_optimizer
from nndesigner.engine.regularization import Penalty
from nndesigner.engine.schedules import LearningRateSchedule

if TYPE_CHECKING:  # imported at run time only when numba is there
    from nndesigner.engine.compiled_kernel import CompiledKernel

# A shuffled copy of training inputs up to this size is made once an epoch; a larger one
# would be out of the cache again by the time its batches are used, so each batch gathers
# its own rows instead (measured: 8% faster on the medium benchmark, 5% slower on small).
CACHED_DATA_BYTES = 1 << 20
# The compiled kernel runs an epoch in calls of about this many seconds (estimated by the
# kernel choice's cost model): long enough that the window's thread rarely waits for the
# GIL, short enough that a stop or a new learning rate is taken up at once.
SECONDS_PER_CALL = 0.02


class TrainingControl:
    """Steers a running `train` from another thread: plain attribute writes, read by the
    loop between batches (a stale read costs at most one batch)."""

    def __init__(self) -> None:
        self.stop_requested = False
        self.learning_rate: float | None = None

    def request_stop(self) -> None:
        self.stop_requested = True


class TrainingDiverged(ArithmeticError):
    """The cost became NaN or infinite; the network keeps its last finite weights."""


@dataclass(frozen=True)
class TrainingSettings:
    """How to train. `batch_size` None means the whole training set (batch gradient descent)."""

    epochs: int = 1000
    learning_rate: float = 0.5
    batch_size: int | None = None
    optimizer: str = "sgd"
    loss: str = "half_squared_error"
    shuffle: bool = True
    seed: int = 0
    validation_split: float = 0.0
    standardize_inputs: bool = True
    standardize_outputs: bool = False
    # Missing input cells: "refuse" (the model's check), "drop" their rows (the model
    # drops them), or fill with the training rows' "mean", "median" or "mode".
    missing: str = "refuse"
    # The validation rows: a permutation seeded apart from `seed`, so trying seeds keeps
    # validating on the same rows.
    split_seed: int = 0
    # Test rows: held out before the validation rows, with a seed of their own; never
    # trained on, validated on or watched by early stopping.
    test_split: float = 0.0
    test_seed: int = 0
    init: str = "small"
    # "float64" (exact teaching numbers) or "float32" (faster on large layers).
    dtype: str = "float64"
    # Weight penalties (regularization.py): (l2 / 2) · Σ w² + l1 · Σ |w|.
    l2: float = 0.0
    l1: float = 0.0
    # Stop after this many epochs without a better validation cost, the best epoch's
    # weights restored (0: never); stop once the training cost is at most target_cost.
    early_stopping: int = 0
    target_cost: float | None = None
    # The learning rate over the epochs (schedules.py): constant, step, exponential or
    # plateau, every `schedule_epochs` epochs multiplied by `schedule_factor`.
    schedule: str = "constant"
    schedule_epochs: int = 100
    schedule_factor: float = 0.5


@dataclass(frozen=True)
class EpochRecord:
    """The state after one epoch: mean batch data cost, cost on held-out rows if any,
    which kernel ran it ("numpy" or "compiled"), the weight penalty at its end
    (training minimises data cost + penalty), the learning rate it ended with, the
    epoch of the best validation cost so far when early stopping watches it, and why
    the run stops after this epoch, if it stops on its own."""

    epoch: int
    training_loss: float
    validation_loss: float | None = None
    kernel: str = "numpy"
    penalty: float = 0.0
    learning_rate: float | None = None
    best_epoch: int | None = None
    stop_reason: str | None = None
    # When early stopping put the best epoch's weights back: that epoch's training and
    # validation cost (the record's own costs are the last epoch's).
    kept_costs: tuple[float, float] | None = None


def train(
    network: CompiledNetwork,
    data: PreparedData,
    settings: TrainingSettings,
    control: TrainingControl | None = None,
    kernel: str | None = None,
    first_epoch: int = 0,
) -> Iterator[EpochRecord]:
    """Train `network` in place, yielding an `EpochRecord` after every epoch: epochs
    first_epoch + 1 to first_epoch + settings.epochs (a run going on from an earlier
    one's epoch counts on, its learning-rate schedule too).

    Each epoch visits the training rows once (shuffled with a seeded generator unless
    `settings.shuffle` is off) in batches of `settings.batch_size`, one optimizer step per
    batch. Between batches (on the compiled kernel: between its calls, every
    SECONDS_PER_CALL or so) the loop stops when `control.stop_requested` is set and takes
    up `control.learning_rate` when one is given; otherwise each epoch trains with the
    schedule's rate. Each step follows the data cost plus the weight penalty. The run
    ends after the last epoch, or earlier when early stopping or the target cost says so
    (`StoppingRule`; that epoch's record says why). Raises `TrainingDiverged` with the
    weights of the last finite epoch restored when the cost stops being finite.

    `kernel` is "auto", "numpy" or "compiled" (`kernel_choice.make_kernel`; None: the
    process's default); with "auto" an epoch starts on the compiled kernel once its
    compilation, begun by `kernel_warm_up.start_warm_up()` (the window and the CLI call
    it), has finished. The kernels agree to rounding on every step; like any two orders
    of floating-point sums, they drift apart over long chaotic runs.
    """
    network.cast(settings.dtype)
    flat = network.flatten()
    loss = get_loss(settings.loss)
    parameters = network.parameters()
    optimizer = make_optimizer(settings.optimizer, parameters, settings.learning_rate, flat)
    penalty = Penalty.of(network, settings.l2, settings.l1)
    schedule = LearningRateSchedule(
        settings.schedule, settings.learning_rate, settings.schedule_epochs,
        settings.schedule_factor,
    )  # fmt: skip
    if settings.early_stopping and not len(data.validation_inputs):
        raise ValueError("early stopping watches the validation cost: hold out some rows")
    stopping = StoppingRule(settings.early_stopping, settings.target_cost, flat.values)
    rng = np.random.default_rng(settings.seed)
    train_inputs, train_targets = data.train_inputs, data.train_targets
    rows = len(train_inputs)
    batch = min(settings.batch_size or rows, rows)
    # The compiled loops read rows in place: C order (a no-op for prepared data).
    compiled_rows = (np.ascontiguousarray(train_inputs), np.ascontiguousarray(train_targets))
    kernel = kernel or default_choice()
    if network.has_dropout:
        if kernel == "compiled":
            raise KernelUnavailable("dropout trains on the NumPy kernel only")
        kernel = "numpy"
    current = make_kernel(network, flat, batch, kernel)
    if network.has_dropout:
        current.dropout = DropoutDraws(settings.seed)
    # "auto" moves to the compiled kernel at an epoch's start once its compilation is done.
    upgrade = (
        kernel == "auto" and isinstance(current, NumpyKernel)
        and compiled_would_pay(network, flat, batch)
    )  # fmt: skip
    with limited_threads(network, batch):  # BLAS threads by the products' size
        for epoch in range(first_epoch + 1, first_epoch + settings.epochs + 1):
            if upgrade and compiled_ready():
                current, upgrade = make_kernel(network, flat, batch, kernel), False
            if control is None or control.learning_rate is None:  # a rate set by hand wins
                optimizer.learning_rate = schedule.rate_for(epoch)
            saved = [parameter.value.copy() for parameter in parameters]
            order = rng.permutation(rows) if settings.shuffle and batch < rows else None
            with np.errstate(over="ignore", invalid="ignore"):
                if current.name == "compiled":
                    total, cost = _compiled_epoch(
                        current, compiled_rows, order, batch, (loss, penalty), optimizer,
                        control,
                    )  # fmt: skip
                else:
                    total, cost = _numpy_epoch(
                        current, (train_inputs, train_targets), order, batch, (loss, penalty),
                        optimizer, control,
                    )  # fmt: skip
            if cost is None:
                return
            if not math.isfinite(cost):
                for parameter, value in zip(parameters, saved, strict=True):
                    parameter.value[...] = value
                raise TrainingDiverged(
                    f"the cost became {cost} in epoch {epoch}; try a smaller learning rate"
                )
            validation = None
            if len(data.validation_inputs):
                outputs = current.predict(data.validation_inputs)
                validation = loss.value(data.validation_targets, outputs)
            cost = total / rows
            schedule.observe(cost if validation is None else validation)
            penalised = penalty.value()
            reason = stopping.after_epoch(epoch, cost, validation)
            yield EpochRecord(
                epoch, cost, validation, current.name, penalised, optimizer.learning_rate,
                stopping.best_epoch, reason, stopping.best_costs if stopping.restored else None,
            )  # fmt: skip
            if reason is not None:
                return


def _take_control(control: TrainingControl | None, optimizer: Optimizer) -> bool:
    """Apply a new learning rate from `control`; False when a stop was requested."""
    if control is None:
        return True
    if control.stop_requested:
        return False
    if control.learning_rate is not None:
        optimizer.learning_rate = control.learning_rate
    return True


def _numpy_epoch(
    kernel: Kernel, rows: tuple[np.ndarray, np.ndarray], order: np.ndarray | None,
    batch: int, costs: tuple[Loss, Penalty], optimizer: Optimizer,
    control: TrainingControl | None,
) -> tuple[float, float | None]:  # fmt: skip
    """One epoch over (inputs, targets) batch by batch through the `Kernel` protocol,
    rows taken in `order` (None: as they are), each step on the data cost's gradients
    plus the penalty's. Returns (sum of batch data cost × batch rows, the last batch's
    data cost); the cost is None on a stop request and not finite when a batch diverged
    (its step is not taken)."""
    inputs, targets = rows
    loss, penalty = costs
    if order is not None and inputs.nbytes <= CACHED_DATA_BYTES:
        inputs, targets = np.take(inputs, order, 0), np.take(targets, order, 0)
        order = None
    count = len(inputs)
    total, cost = 0.0, 0.0
    for start in range(0, count, batch):
        if not _take_control(control, optimizer):
            return total, None
        stop = start + batch
        if order is None:
            batch_inputs, batch_targets = inputs[start:stop], targets[start:stop]
        else:  # np.take gathers rows 2-3x faster than indexing with an array
            picked = order[start:stop]
            batch_inputs = np.take(inputs, picked, axis=0)
            batch_targets = np.take(targets, picked, axis=0)
        cost = kernel.loss_and_gradients(
            batch_inputs, batch_targets, loss, optimizer.gradient_scale
        )
        if not math.isfinite(cost):
            return total, cost
        total += cost * (min(stop, count) - start)
        penalty.add_gradients(optimizer.gradient_scale)
        optimizer.step()
    return total, cost


def _compiled_epoch(
    kernel: CompiledKernel, rows: tuple[np.ndarray, np.ndarray], order: np.ndarray | None,
    batch: int, costs: tuple[Loss, Penalty], optimizer: Optimizer,
    control: TrainingControl | None,
) -> tuple[float, float | None]:  # fmt: skip
    """One epoch on the compiled kernel over (inputs, targets), in calls of about
    SECONDS_PER_CALL; returns what `_numpy_epoch` returns, with the same numbers."""
    inputs, targets = rows
    order = np.arange(len(inputs)) if order is None else order
    batches = -(-len(inputs) // batch)
    seconds_per_batch = compiled_cost(kernel.network, batch) * batch
    per_call = max(1, int(SECONDS_PER_CALL / seconds_per_batch))
    total, cost = 0.0, 0.0
    for first in range(0, batches, per_call):
        if not _take_control(control, optimizer):
            return total, None
        asked = range(first, min(first + per_call, batches))
        part, done, cost = kernel.run_batches(
            inputs, targets, order, batch, asked, costs, optimizer
        )
        total += part
        if done < len(asked):
            break
    return total, cost
