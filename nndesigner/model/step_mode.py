"""Step mode: one online-SGD step on one row, cut into the phases a learner follows —
forward level by level, the cost, backward level by level, then the update."""

from __future__ import annotations

from dataclasses import dataclass

from nndesigner.engine.trace import StepTrace


def number(value: float) -> str:
    """How numbers are written in the glass box: six significant digits, never -0."""
    return f"{value + 0.0:.6g}"


@dataclass(frozen=True)
class Phase:
    """What one phase shows: a title, the neurons it works on, and a short text on
    every neuron that has a value by then."""

    kind: str  # "forward", "cost", "backward" or "update"
    title: str
    active: tuple[str, ...]
    shown: dict[str, str]


def step_phases(trace: StepTrace) -> list[Phase]:
    """Forward through levels 1..L, the cost, backward through levels L..1, the update."""
    levels = trace.levels
    neurons = trace.neurons
    phases = []
    for depth in range(1, len(levels)):
        shown = {i: f"x = {number(neurons[i].a)}" for i in levels[0]}
        for earlier in levels[1:depth]:
            shown.update({i: f"a = {number(neurons[i].a)}" for i in earlier})
        shown.update(
            {i: f"z = {number(neurons[i].z)}\na = {number(neurons[i].a)}" for i in levels[depth]}
        )
        phases.append(
            Phase(
                "forward",
                f"Forward, level {depth} of {len(levels) - 1}: z = Σ x·w + b, then a = f(z).",
                tuple(levels[depth]),
                shown,
            )
        )
    outputs = tuple(trace.targets)
    phases.append(
        Phase(
            "cost",
            f"Cost of this row: {number(trace.cost)} (outputs against their targets).",
            outputs,
            {i: f"a = {number(neurons[i].a)}\ntarget {number(trace.targets[i])}" for i in outputs},
        )
    )
    for depth in range(len(levels) - 1, 0, -1):
        shown = {i: f"δ = {number(neurons[i].delta)}" for lv in levels[depth:] for i in lv}
        phases.append(
            Phase(
                "backward",
                f"Backward, level {depth}: δ = dCost/dz, sent back along every synapse.",
                tuple(levels[depth]),
                shown,
            )
        )
    trained = tuple(i for level in levels[1:] for i in level)
    phases.append(
        Phase(
            "update",
            f"Update: every weight and bias moves against its gradient, "
            f"w ← w − {number(trace.learning_rate)} · dCost/dw.",
            trained,
            {i: f"b {number(neurons[i].bias)}\n→ {number(neurons[i].new_bias)}" for i in trained},
        )
    )
    return phases
