"""The diagnosis of a design's run (engine/diagnosis.py) from what the model knows: its
neurons, a snapshot of the network on the training rows and the run's epoch records."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nndesigner.engine.diagnosis import Evidence, Notice, diagnose
from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.engine.training import EpochRecord
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.results import Results


def diagnose_run(
    design: Design,
    snapshot: NetworkSnapshot,
    records: Sequence[EpochRecord],
    baseline: float,
) -> tuple[Notice, ...]:
    """Every notice a run's evidence supports: the design's hidden neurons, the
    snapshot's z values and gradient flow (taken on training rows), the records' costs
    and the `baseline` cost of the constant guess."""
    document = design.document
    hidden = {n.id: n.activation for n in document.neurons_with_role("hidden")}
    validation = [np.nan if r.validation_loss is None else r.validation_loss for r in records]
    gradients = snapshot.gradients
    evidence = Evidence(
        hidden=hidden,
        labels={n.id: n.label for n in document.neurons},
        pre_activations={i: snapshot.pre_activations[i] for i in hidden},
        level_gradients=None if gradients is None else gradients.levels,
        training_costs=np.array([r.training_loss for r in records], dtype=float),
        validation_costs=np.array(validation, dtype=float),
        baseline_cost=baseline,
    )
    return diagnose(evidence)


def diagnose_results(
    results: Results, records: Sequence[EpochRecord], snapshot: NetworkSnapshot | None = None
) -> tuple[Notice, ...] | None:
    """`diagnose_run` on `snapshot` (by default the results' own, on the training rows)
    with the results' baseline cost (NaN when there is none); None when there is
    nothing to diagnose (no records, or no training rows)."""
    snapshot = snapshot or results.training_snapshot()
    if snapshot is None or not records:
        return None
    try:
        baseline = results.baseline_cost()
    except DesignError:
        baseline = float("nan")
    return diagnose_run(results.design, snapshot, records, baseline)
