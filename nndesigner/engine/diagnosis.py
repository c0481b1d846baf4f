"""What is going wrong in a run, in plain sentences: dead ReLUs, saturated sigmoid and tanh
neurons, vanishing or exploding gradients, a learning rate that makes the cost oscillate
or diverge, overfitting, and a network too small to fit.

Every check reads the evidence of one run: the hidden neurons' pre-activations z over
the training rows, the mean |dCost/dw| per level (gradient_flow.py), the training and
validation cost of every epoch, and the cost of the best constant guess (the mean
target), which says whether a cost is high. Each notice names the neurons or levels it
concerns; none is given without enough evidence (e.g. fewer than MIN_EPOCHS epochs)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.activations import get_activation
from nndesigner.engine.losses import get_loss

# Epochs a cost curve needs before its shape says anything.
MIN_EPOCHS = 20
# A sigmoid or tanh neuron is saturated on a row where its slope is below this share of
# its slope at z = 0 (sigmoid: |z| > 6.9; tanh: |z| > 3.0) ...
FLAT_SLOPE = 0.01
# ... and saturated when that holds on at least this share of the training rows.
SATURATED_ROWS = 0.95
# Mean |dC/dw| of a level against the last level's: below VANISHING, or above EXPLODING.
VANISHING = 1e-3
EXPLODING = 1e3
# The last epochs the curve checks look at: this share of the run (at least MIN_EPOCHS).
TAIL = 0.25
# Oscillation: the share of epochs where the cost turns, and the mean step against the cost.
TURNS = 0.6
SWING = 0.1
# Overfitting: the validation cost this far above its best, at least this many epochs on.
OVERFIT_RISE = 1.2
OVERFIT_EPOCHS = 10
# Too small: the training cost improved by less than STALLED over the tail and is still
# at least HIGH_COST of the constant guess's cost.
STALLED = 0.01
HIGH_COST = 0.5


@dataclass(frozen=True)
class Notice:
    """One problem: its `kind`, a sentence for the user, and what it concerns."""

    kind: str
    text: str
    neurons: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What one run shows. `hidden` maps each hidden neuron's id to its activation's name,
    `labels` every neuron's id to its label, `pre_activations` a hidden neuron's id to its
    z over the training rows; `level_gradients[k]` is the mean |dC/dw| of level k (from
    the inputs; NaN for a level without synapses), `training_costs` and
    `validation_costs` (NaN where none was measured) one value per epoch, and
    `baseline_cost` the training cost of always giving the mean target."""

    hidden: dict[str, str]
    labels: dict[str, str]
    pre_activations: dict[str, np.ndarray]
    level_gradients: np.ndarray | None
    training_costs: np.ndarray
    validation_costs: np.ndarray
    baseline_cost: float


def baseline_cost(targets: np.ndarray, loss: str) -> float:
    """The cost of always giving the mean target row, the best constant guess for the
    squared error and for cross-entropy alike (there the mean is each class's share)."""
    if not len(targets):
        return float("nan")
    guess = np.broadcast_to(targets.mean(axis=0), targets.shape)
    return float(get_loss(loss).value(targets, guess))


def _about_neurons(evidence: Evidence, kind: str, ids: list[str], says: str) -> list[Notice]:
    """One notice of `kind` about the neurons `ids` (none without any): "<labels> is (or
    are) " followed by `says`."""
    if not ids:
        return []
    labels = [evidence.labels.get(i, i) for i in ids]
    named = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    verb = "is" if len(ids) == 1 else "are"
    return [Notice(kind, f"{named} {verb} {says}", tuple(ids))]


def _hidden_values(
    evidence: Evidence, activations: tuple[str, ...]
) -> Iterator[tuple[str, str, np.ndarray]]:
    """(id, activation, z) of every hidden neuron with one of `activations` and z values."""
    for i, name in evidence.hidden.items():
        z = evidence.pre_activations.get(i)
        if name in activations and z is not None and len(z):
            yield i, name, np.asarray(z, float)


def dead_relus(evidence: Evidence) -> list[Notice]:
    """ReLU neurons whose z <= 0 on every training row: a = 0 and no gradient, for good."""
    dead = [i for i, _, z in _hidden_values(evidence, ("relu",)) if np.all(z <= 0)]
    return _about_neurons(
        evidence, "dead", dead,
        "dead: never active on the training rows, so no gradient reaches them and they "
        "will not learn again. Try leaky ReLU, a lower learning rate or new weights.",
    )  # fmt: skip


def saturated_neurons(evidence: Evidence) -> list[Notice]:
    """Sigmoid and tanh neurons whose slope f'(z) < FLAT_SLOPE · f'(0) on at least
    SATURATED_ROWS of the training rows."""
    saturated = []
    for i, name, z in _hidden_values(evidence, ("sigmoid", "tanh")):
        activation = get_activation(name)
        alpha = np.zeros(1)
        slope = activation.derivative(z[:, None], alpha)[:, 0]
        top = activation.derivative(np.zeros((1, 1)), alpha)[0, 0]
        if np.mean(~(slope >= FLAT_SLOPE * top)) >= SATURATED_ROWS:
            saturated.append(i)
    return _about_neurons(
        evidence, "saturated", saturated,
        "saturated: flat on almost every training row, so little gradient passes. "
        "Standardise the inputs, start from smaller weights or lower the learning rate.",
    )  # fmt: skip


def gradient_levels(evidence: Evidence) -> list[Notice]:
    """Levels whose mean |dC/dw| is below VANISHING or above EXPLODING times the last
    level's; any non-finite gradient is exploding."""
    grads = evidence.level_gradients
    if grads is None or len(grads) < 2:
        return []
    notices = []
    if not np.all(np.isfinite(grads[~np.isnan(grads)])):
        levels = tuple(int(k) + 1 for k in np.flatnonzero(np.isinf(grads)))
        text = "The gradients are not finite numbers: they have exploded."
        return [Notice("exploding", text, levels=levels)]
    last = grads[-1]
    if not last > 0:
        return []
    ratio = grads[:-1] / last
    for kind, chosen, what in (
        ("vanishing", ratio < VANISHING, "vanish"),
        ("exploding", ratio > EXPLODING, "explode"),
    ):
        levels = tuple(int(k) + 1 for k in np.flatnonzero(chosen))
        if levels:
            named = ", ".join(str(k) for k in levels)
            factor = 1 / VANISHING if kind == "vanishing" else EXPLODING
            size = "smaller" if kind == "vanishing" else "larger"
            text = (
                f"The gradients {what} towards the inputs: at level {named} they are "
                f"over {factor:.0f} times {size} than at the outputs. "
                + (
                    "Use ReLU-like activations in deep networks, or fewer levels."
                    if kind == "vanishing"
                    else "Lower the learning rate or start from smaller weights."
                )
            )
            notices.append(Notice(kind, text, levels=levels))
    return notices


def _tail(costs: np.ndarray) -> np.ndarray:
    return costs[-max(MIN_EPOCHS, int(len(costs) * TAIL)) :]


def learning_rate_trouble(evidence: Evidence) -> list[Notice]:
    """Diverging: a cost that is not finite, or that ends (after 3 epochs at least) above
    twice both its first and its lowest value. Oscillating: over the tail the cost turns
    on at least TURNS of the epochs with steps of at least SWING of its mean, without
    getting lower overall."""
    costs = evidence.training_costs
    if len(costs) and not np.all(np.isfinite(costs)):
        text = "The cost diverged (it is no longer a finite number): lower the learning rate."
        return [Notice("diverging", text)]
    if len(costs) >= 3 and costs[-1] > 2 * costs[0] and costs[-1] > 2 * costs.min():
        text = "The cost is rising: the learning rate is too high for this network."
        return [Notice("diverging", text)]
    if len(costs) < MIN_EPOCHS:
        return []
    tail = _tail(costs)
    steps = np.diff(tail)
    turns = np.mean(np.sign(steps[1:]) * np.sign(steps[:-1]) < 0)
    swing = np.mean(np.abs(steps)) / max(np.mean(tail), 1e-300)
    net_fall = tail[0] - tail[-1]
    if turns >= TURNS and swing >= SWING and net_fall < np.sum(np.abs(steps)) / 10:
        text = (
            "The cost jumps up and down from epoch to epoch instead of settling: lower "
            "the learning rate, or take larger batches."
        )
        return [Notice("oscillating", text)]
    return []


def overfitting(evidence: Evidence) -> list[Notice]:
    """The validation cost ended over OVERFIT_RISE times its best, at least OVERFIT_EPOCHS
    epochs after it, while the training cost kept falling."""
    validation = evidence.validation_costs
    measured = np.flatnonzero(np.isfinite(validation))
    if len(measured) < MIN_EPOCHS:
        return []
    best = measured[np.argmin(validation[measured])]
    last = measured[-1]
    training = evidence.training_costs
    if (
        validation[last] > OVERFIT_RISE * validation[best]
        and last - best >= OVERFIT_EPOCHS
        and training[last] < training[best]
    ):
        text = (
            f"Overfitting: the validation cost was lowest at epoch {best + 1} and has "
            "risen since, while the training cost kept falling. Use early stopping, a "
            "weight penalty, dropout or more data."
        )
        return [Notice("overfitting", text)]
    return []


def too_small(evidence: Evidence) -> list[Notice]:
    """Over the tail the training cost improved by less than STALLED of itself and stays
    at least HIGH_COST of the constant guess's cost."""
    costs = evidence.training_costs
    if len(costs) < MIN_EPOCHS or not np.all(np.isfinite(costs)):
        return []
    tail = _tail(costs)
    stalled = tail[0] - tail[-1] < STALLED * abs(tail[0])
    if stalled and evidence.baseline_cost > 0 and tail[-1] >= HIGH_COST * evidence.baseline_cost:
        share = tail[-1] / evidence.baseline_cost
        text = (
            f"The training cost has stalled at {share:.0%} of what always guessing the "
            "average gives: the network may be too small for the data. Add neurons or "
            "a level (or check for dead neurons)."
        )
        return [Notice("too_small", text)]
    return []


CHECKS = (
    dead_relus,
    saturated_neurons,
    gradient_levels,
    learning_rate_trouble,
    overfitting,
    too_small,
)


def diagnose(evidence: Evidence) -> tuple[Notice, ...]:
    """Every notice the evidence supports, in the order of CHECKS."""
    return tuple(notice for check in CHECKS for notice in check(evidence))
