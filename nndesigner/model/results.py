"""Derived results of one design, each computed at most once per revision.

The compiled network, the data as arrays, the preprocessing the network sees its data
through, every neuron's values, maps and gradients (a snapshot), one neuron's output over
the plane, the predictions and scores on the data, the traced SGD step on one row and
cost landscapes are kept under their key until the document is edited or a design field
changes. Then they are dropped at once (the compiled network only when the document
changed: settings and data do not change it), `revision` goes up and `invalidated` is
emitted: the panels redraw from that one signal and read what they show from here, so one
gesture compiles the network at most once however many panels show it.

While a run is replayed (`replay`), every result is of the network with the parameters
the run had after the replayed epoch instead of the document's, until the replay ends or
the document is edited.

A result that could not be computed (no data, an invalid network) is kept as the
sentence of its `DesignError`, raised again (as a new error) on every read until the next
change. Only the sentence: a kept exception would keep its traceback's frames, and with
them a reference cycle through the cache and every caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from psygnal import EmissionInfo, Signal

from nndesigner.engine.data_split import prepare_data, split_rows
from nndesigner.engine.diagnosis import baseline_cost
from nndesigner.engine.inspection import (
    NetworkSnapshot,
    OutputGrid,
    SnapshotContents,
    output_grid,
    padded_bounds,
    take_snapshot,
)
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.parameter_tape import ParameterTape
from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.trace import StepTrace, trace_step
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.evaluation import Evaluation, evaluate_outputs
from nndesigner.model.landscape import Landscape, cost_landscape
from nndesigner.model.metrics import Scores, score_outputs
from nndesigner.model.run_checks import off_path_neurons

Result = TypeVar("Result")
# The most training rows a diagnosis reads (evenly spread over them).
DIAGNOSIS_ROWS = 20_000
# Results that depend on the document alone.
DOCUMENT_ONLY = (("network",), ("kernel",))
# Design fields that no result depends on: what the last run achieved, where the data
# came from, why it could not be read, whether training must draw weights first.
NOT_DERIVED_FROM = frozenset({"history", "data_source", "data_problem", "has_weights"})


@dataclass(frozen=True)
class _Failure:
    """Why a result could not be computed."""

    message: str


@dataclass(frozen=True)
class Replay:
    """The epoch of a run's tape whose parameters the results show."""

    tape: ParameterTape
    epoch: int


class Results:
    """The cache of one design's derived results; `close()` stops it following."""

    invalidated = Signal()

    def __init__(self, design: Design) -> None:
        self.design = design
        self.revision = 0
        self.replaying: Replay | None = None
        self._store: dict[tuple, object] = {}
        design.events.all.connect(self._on_design_field_changed)
        design.document.edited.connect(self._on_document_edited)

    def close(self) -> None:
        """Stop following the design (it is no longer shown)."""
        self.design.events.all.disconnect(self._on_design_field_changed)
        self.design.document.edited.disconnect(self._on_document_edited)
        self._store.clear()

    def _on_document_edited(self) -> None:
        self.replaying = None
        self._store.clear()
        self._invalidated()

    def _on_design_field_changed(self, info: EmissionInfo) -> None:
        if info.signal.name in NOT_DERIVED_FROM:
            return
        kept = {key: self._store[key] for key in DOCUMENT_ONLY if key in self._store}
        self._store = kept
        self._invalidated()

    def _invalidated(self) -> None:
        self.revision += 1
        self.invalidated.emit()

    def _cached(self, key: tuple, compute: Callable[[], Result]) -> Result:
        if key not in self._store:
            try:
                self._store[key] = compute()
            except DesignError as error:
                self._store[key] = _Failure(str(error))
        value = self._store[key]
        if isinstance(value, _Failure):
            raise DesignError(value.message)
        return value  # type: ignore[return-value]

    def replay(self, tape: ParameterTape, epoch: int | None) -> None:
        """Show the parameters `tape` recorded after `epoch` in every result (None: the
        document's again); DesignError when the tape is of another network than the
        document's, KeyError when it has no such epoch."""
        replaying = None if epoch is None else Replay(tape, epoch)
        if replaying == self.replaying:
            return
        if replaying is not None:
            if epoch not in tape.epochs:
                raise KeyError(epoch)
            if not tape.matches(self.network()):  # the replayed one has the same structure
                raise DesignError("The network has changed since that run; train it again.")
        self.replaying = replaying
        self._store.clear()
        self._invalidated()

    # ----- the network and its data ---------------------------------------------------
    def network(self) -> CompiledNetwork:
        """The document compiled (with the replayed parameters while a run is replayed);
        shared, so callers that change it take `.copy()`."""

        def compile_network() -> CompiledNetwork:
            network = compile_document(self.design.document)
            if self.replaying is not None:
                return self.replaying.tape.network_at(self.replaying.epoch, network)
            return network

        return self._cached(("network",), compile_network)

    def _kernel(self) -> NumpyKernel:
        return self._cached(("kernel",), lambda: NumpyKernel(self.network()))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Raw inputs and targets of the loaded data; DesignError without usable data."""
        return self._cached(("arrays",), self.design.data_arrays)

    def raw_input_means(self) -> np.ndarray:
        """Each raw input's mean over the data's rows, missing cells left out (0 for an
        input with none); DesignError without data."""

        def compute() -> np.ndarray:
            if self.design.data is None:
                raise DesignError(self.design.data_problem or "No data is loaded.")
            inputs = self.design.raw_input_array(self.design.data, allow_missing=True)
            present = ~np.isnan(inputs)
            sums = np.where(present, inputs, 0.0).sum(axis=0)
            return sums / np.maximum(present.sum(axis=0), 1)

        return self._cached(("raw input means",), compute)

    def seen_preprocessing(self) -> Preprocessing:
        """The preprocessing the network sees its data through: the stored one while it
        fits the inputs and outputs, else the one training would fit to the data."""
        stored = self.design.preprocessing
        document = self.design.document
        inputs, outputs = (len(document.neurons_with_role(r)) for r in ("input", "output"))
        if stored is not None and stored.fits(inputs, outputs):
            return stored
        return self._cached(
            ("preprocessing",),
            lambda: prepare_data(*self.arrays(), self.design.settings).preprocessing,
        )

    # ----- predictions and scores -----------------------------------------------------
    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Outputs for raw input rows: standardise, forward pass, de-standardise, through
        the preprocessing the plots show (`seen_preprocessing`; none without data). Once
        trained, that is the stored one the exported files carry."""
        try:
            preprocessing = self.seen_preprocessing()
        except DesignError:
            preprocessing = Preprocessing()
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = self._kernel().predict(preprocessing.prepare_inputs(inputs))
            return preprocessing.restore_outputs(outputs)

    def predictions(self) -> np.ndarray:
        """`predict` on every data row."""
        return self._cached(("predictions",), lambda: self.predict(self.arrays()[0]))

    def scores(self) -> tuple[Scores, Scores | None, Scores | None]:
        """Scores on the training rows and, when some are held out, the validation and
        the test rows."""

        def compute() -> tuple[Scores, Scores | None, Scores | None]:
            _, targets = self.arrays()
            rows = split_rows(len(targets), self.design.settings)
            return score_outputs(self.design, self.predictions(), targets, rows)

        return self._cached(("scores",), compute)

    def evaluation_rows(self, rows: str) -> np.ndarray:
        """Indices of the data's "training", "validation" or "test" rows, or of "all"."""
        _, targets = self.arrays()
        if rows == "all":
            return np.arange(len(targets))
        sets = split_rows(len(targets), self.design.settings)
        return sets[("training", "validation", "test").index(rows)]

    def row_numbers(self) -> np.ndarray:
        """Each data row's number in its file (`Design.row_numbers`)."""
        if self.design.data is None:
            raise DesignError(self.design.data_problem or "No data is loaded.")
        return self._cached(("row numbers",), lambda: self.design.row_numbers(self.design.data))

    def evaluation(self, rows: str) -> Evaluation:
        """The evaluation (evaluation.py) on the `evaluation_rows`; DesignError when there
        are none, or when an output is not finite."""

        def compute() -> Evaluation:
            chosen = self.evaluation_rows(rows)
            if not len(chosen):
                if rows == "all":
                    raise DesignError("There are no rows to evaluate.")
                raise DesignError(f"There are no {rows} rows: set a {rows} split.")
            outputs, targets = self.predictions()[chosen], self.arrays()[1][chosen]
            if not np.isfinite(outputs).all():
                raise DesignError("Some outputs are not finite numbers; train again.")
            return evaluate_outputs(self.design, outputs, targets)

        return self._cached(("evaluation", rows), compute)

    # ----- what the neurons do --------------------------------------------------------
    def snapshot(self) -> NetworkSnapshot | None:
        """Each neuron's values over the data as the network sees it, with the gradient
        flow on it and, for two inputs, the output over the plane and every neuron's map;
        None without usable data or network."""

        def compute() -> NetworkSnapshot:
            inputs, targets = self.arrays()
            preprocessing = self.seen_preprocessing()
            return take_snapshot(
                self.network(),
                preprocessing.prepare_inputs(inputs),
                preprocessing,
                SnapshotContents(maps=True, gradients=True, plane=self.design.input_features()),
                preprocessing.prepare_targets(targets),
                get_loss(self.design.settings.loss),
            )

        try:
            return self._cached(("snapshot",), compute)
        except DesignError:
            return None

    def _training_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The training rows' inputs and targets as the network sees them."""
        inputs, targets = self.arrays()
        rows = split_rows(len(inputs), self.design.settings)[0]
        preprocessing = self.seen_preprocessing()
        return (
            preprocessing.prepare_inputs(inputs[rows]),
            preprocessing.prepare_targets(targets[rows]),
        )

    def training_snapshot(self) -> NetworkSnapshot | None:
        """Each neuron's values and the gradient flow over (up to DIAGNOSIS_ROWS of) the
        training rows, as a run's diagnosis reads them; None without usable data."""

        def compute() -> NetworkSnapshot:
            inputs, targets = self._training_rows()
            if not len(inputs):
                raise DesignError("There are no training rows.")
            return take_snapshot(
                self.network(),
                inputs,
                contents=SnapshotContents(grid=False, gradients=True),
                targets=targets,
                loss=get_loss(self.design.settings.loss),
                limit=DIAGNOSIS_ROWS,
            )

        try:
            return self._cached(("training snapshot",), compute)
        except DesignError:
            return None

    def costs(self) -> tuple[float, float | None]:
        """The data cost (no penalty, no dropout) of the network shown, at its weights,
        on the training rows and, when some are held out, on the validation rows."""

        def compute() -> tuple[float, float | None]:
            inputs, targets = self.arrays()
            preprocessing = self.seen_preprocessing()
            loss = get_loss(self.design.settings.loss)
            training, validation, _ = split_rows(len(inputs), self.design.settings)
            kernel = self._kernel()

            def cost(rows: np.ndarray) -> float:
                outputs = kernel.predict(preprocessing.prepare_inputs(inputs[rows]))
                return float(loss.value(preprocessing.prepare_targets(targets[rows]), outputs))

            return cost(training), cost(validation) if len(validation) else None

        return self._cached(("costs",), compute)

    def baseline_cost(self) -> float:
        """The training rows' cost of always giving their mean target (diagnosis.py)."""
        return self._cached(
            ("baseline cost",),
            lambda: baseline_cost(self._training_rows()[1], self.design.settings.loss),
        )

    def neuron_grid(self, neuron_id: str) -> OutputGrid | None:
        """One neuron's activation over the plane of a two-input design's data (or of
        the two columns its feature inputs are computed from)."""

        def compute() -> OutputGrid | None:
            plane = self.design.input_features()
            if (columns := plane.plane_columns()) is None:
                return None
            inputs, _ = self.arrays()
            bounds = padded_bounds(inputs[:, columns])
            preprocessing = self.seen_preprocessing()
            return output_grid(
                self.network(), preprocessing, *bounds, neuron_id=neuron_id, plane=plane
            )

        try:
            return self._cached(("grid", neuron_id), compute)
        except DesignError:
            return None

    def trace(self, row: int) -> StepTrace:
        """The online-SGD step the design would take on data row `row` (0-based), seen
        through its preprocessing; DesignError without usable data."""

        def compute() -> StepTrace:
            inputs, targets = self.arrays()
            if not 0 <= row < len(inputs):
                raise DesignError(
                    f"There is no data row {row + 1}; the data has {len(inputs)} rows."
                )
            preprocessing = self.seen_preprocessing()
            network = self.network().copy()
            network.freeze(set(off_path_neurons(self.design.document)))
            x = preprocessing.prepare_inputs(inputs[row : row + 1])[0]
            y = preprocessing.prepare_targets(targets[row : row + 1])[0]
            settings = self.design.settings
            return trace_step(network, x, y, settings.loss, settings.learning_rate)

        return self._cached(("trace", row), compute)

    def landscape(self, synapse_ids: list[str]) -> Landscape:
        """The cost over one or two synapses' weights on the training rows."""

        def compute() -> Landscape:
            if len(synapse_ids) not in (1, 2):
                raise DesignError("Choose one or two synapses for the cost landscape.")
            inputs, targets = self.arrays()
            preprocessing = self.seen_preprocessing()
            settings = self.design.settings
            rows = split_rows(len(inputs), settings)[0]
            return cost_landscape(
                self.network().copy(),
                preprocessing.prepare_inputs(inputs[rows]),
                preprocessing.prepare_targets(targets[rows]),
                get_loss(settings.loss),
                settings.learning_rate,
                synapse_ids,
            )

        return self._cached(("landscape", *synapse_ids), compute)
