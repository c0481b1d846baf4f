"""The explain panel: the arithmetic of one neuron or synapse on one data row.

Forward: each input x_i, its weight w_i and the product, z = Σ x_i·w_i + b, and
a = f(z) with f's formula. Backward (one online-SGD step): the error term δ = dCost/dz,
each weight's gradient δ·x_i and the bias's δ, and the updates w ← w − η·gradient. The
numbers come from the engine's own trace of the step (`engine.trace`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QFormLayout,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nndesigner.engine.activations import get_activation
from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.engine.trace import StepTrace
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.step_mode import number
from nndesigner.model.weight_history import WeightHistory
from nndesigner.ui.panels.landscape_plot import HINT as LANDSCAPE_HINT
from nndesigner.ui.panels.landscape_plot import LandscapePlot
from nndesigner.ui.panels.step_controls import StepControls
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingEvents

COLUMNS = ["from", "x", "w", "x·w", "dCost/dw", "new w"]
STANDARDISED = (
    "Input values are as the network sees them: standardised, (value − mean) / std of "
    "the training rows."
)
HINT = (
    "Select one neuron or one synapse on the canvas to see its arithmetic on a data row; "
    "one or two synapses (Ctrl+click) for the cost landscape."
)


class ExplainPanel(QWidget):
    """Row chooser, step-mode controls, a summary of the selected item, the table of its
    inputs, a synapse's weight history and the cost landscape of selected synapses."""

    def __init__(self, shown: ShownDesign, training: TrainingEvents) -> None:
        super().__init__()
        self.setObjectName("explain-panel")
        self.shown = shown
        self.selection: tuple[str, str] | None = None  # ("neuron" | "synapse", id)
        self.landscape_ids: list[str] = []
        self.trace: StepTrace | None = None
        self.landscape = LandscapePlot()
        self.weight_history = WeightHistory()
        self.history_plot = pg.PlotWidget()
        self.history_plot.setObjectName("weight-history-plot")
        self.history_plot.setBackground("w")
        self.history_plot.setMinimumHeight(120)
        self.history_plot.setMaximumHeight(180)
        self.history_plot.setLabel("bottom", "training snapshot (5 a second)")
        self.history_plot.setLabel("left", "weight")
        self.history_curve = self.history_plot.plot(pen=pg.mkPen("#4e79a7", width=2))
        self.row_box = QSpinBox()
        self.row_box.setObjectName("explain-row")
        self.row_box.setMinimum(1)
        self.row_box.valueChanged.connect(lambda _: self.refresh())
        self.steps = StepControls(self.row_box, shown)
        self.summary = plain_label(HINT)
        self.summary.setObjectName("explain-summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("explain-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        form = QFormLayout()
        form.addRow("Data row", self.row_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.steps)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.history_plot)
        layout.addWidget(self.landscape, 1)
        self._refresh = Throttle(0.0, self.refresh, self)
        self._landscape_later = Throttle(0.0, self._show_landscape, self)
        shown.replaced.connect(self._on_design_replaced)
        shown.selection_changed.connect(self._on_selection_changed)
        training.snapshot_taken.connect(self._on_training_snapshot_taken)

    @property
    def design(self) -> Design:
        return self.shown.design

    def _on_design_replaced(self) -> None:
        self.weight_history.clear()
        self.selection = None
        self.landscape_ids = []
        self.shown.follow(self.shown.results.invalidated, self._refresh.request)
        self.refresh()

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        self.weight_history.record(snapshot.parameters.weights)

    def _on_selection_changed(self) -> None:
        self.show_selection(self.shown.selected_neurons(), self.shown.selected_synapses())

    def show_selection(self, neuron_ids: list[str], synapse_ids: list[str]) -> None:
        """Explain the one selected neuron or synapse; a hint otherwise."""
        self.landscape_ids = synapse_ids if not neuron_ids and len(synapse_ids) <= 2 else []
        if len(neuron_ids) + len(synapse_ids) != 1:
            self.selection = None
        elif neuron_ids:
            self.selection = ("neuron", neuron_ids[0])
        else:
            self.selection = ("synapse", synapse_ids[0])
        self.refresh()

    def refresh(self) -> None:
        """Trace the current row again (or take the step-mode walk's trace) and show the
        selection's numbers."""
        self._refresh.cancel()
        self.table.setRowCount(0)
        self.trace = None
        rows = 0 if self.design.data is None else self.design.data.row_count
        self.row_box.setMaximum(max(rows, 1))
        self._landscape_later.request()
        if self.selection is None:
            self.summary.setText(HINT)
            self.table.setVisible(False)
            self.history_plot.setVisible(False)
            return
        try:
            # During a step-mode walk, the step being walked (after its update the
            # design's own trace is already the next step's).
            walked = self.steps.trace if self.steps.phases else None
            self.trace = walked or self.shown.results.trace(self.row_box.value() - 1)
        except DesignError as error:
            self.summary.setText(f"Nothing to explain yet: {error}")
            return
        kind, item_id = self.selection
        self.table.setVisible(kind == "neuron")
        self.history_plot.setVisible(kind == "synapse")
        if kind == "neuron":
            self._show_neuron(item_id)
        else:
            self._show_synapse(item_id)

    def _show_landscape(self) -> None:
        """The landscape of the chosen synapses; on the next turn of the event loop, so a
        burst of selection changes (a rubber band) computes only the last one."""
        self.landscape.setVisible(bool(self.landscape_ids))
        if not self.landscape_ids:
            self.landscape.show_hint(LANDSCAPE_HINT)
            return
        try:
            landscape = self.shown.results.landscape(self.landscape_ids)
        except DesignError as error:
            self.landscape.show_hint(f"No cost landscape: {error}")
            return
        names = [self._synapse_name(synapse_id) for synapse_id in self.landscape_ids]
        self.landscape.show_landscape(landscape, names)

    def _synapse_name(self, synapse_id: str) -> str:
        """'source → target' by the neurons' labels."""
        document = self.design.document
        synapse = document.synapse(synapse_id)
        return f"{document.neuron(synapse.source).label} → {document.neuron(synapse.target).label}"

    def _show_neuron(self, neuron_id: str) -> None:
        trace = self.trace
        neuron = self.design.document.neuron(neuron_id)
        step = trace.neurons[neuron_id]
        if step.delta is None:
            self.summary.setText(
                f"Input {neuron.label}: x = {number(step.a)} (as the network sees it, after "
                "standardisation)."
            )
            return
        incoming = [(i, s) for i, s in trace.synapses.items() if s.target == neuron_id]
        rate = number(trace.learning_rate)
        lines = [
            f"{neuron.label} ({neuron.activation}) on row {self.row_box.value()}",
            f"z = Σ x·w + b = {number(step.z)}",
            f"a = {get_activation(neuron.activation).formula} = {number(step.a)}",
            f"δ = dCost/dz = {number(step.delta)}",
            f"b = {number(step.bias)};  dCost/db = δ = {number(step.bias_gradient)};  "
            f"new b = b − {rate}·δ = {number(step.new_bias)}",
            f"Each input below: dCost/dw = δ·x, new w = w − {rate}·dCost/dw "
            "(η, the learning rate, is " + rate + ").",
        ]
        if self.shown.results.seen_preprocessing().inputs is not None:
            lines.append(STANDARDISED)
        if neuron.role == "output":
            lines.insert(4, f"target = {number(trace.targets[neuron_id])};  cost = "
                            f"{number(trace.cost)}")  # fmt: skip
        self.summary.setText("\n".join(lines))
        self.table.setRowCount(len(incoming))
        for row, (_, synapse) in enumerate(incoming):
            source = self.design.document.neuron(synapse.source).label
            values = [synapse.input, synapse.weight, synapse.product, synapse.gradient]
            cells = [source, *map(number, values), number(synapse.new_weight)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _show_synapse(self, synapse_id: str) -> None:
        history = self.weight_history.of(synapse_id)
        self.history_curve.setData(np.arange(1, len(history) + 1), history)
        self.history_plot.setTitle(
            f"Weight over the last {len(history)} training snapshots"
            if len(history)
            else "Train to see this weight's history",
            size="9pt",
        )
        synapse = self.trace.synapses[synapse_id]
        document = self.design.document
        source, target = document.neuron(synapse.source), document.neuron(synapse.target)
        delta = self.trace.neurons[synapse.target].delta
        self.summary.setText(
            "\n".join(
                [
                    f"{self._synapse_name(synapse_id)} on row {self.row_box.value()}",
                    f"w = {number(synapse.weight)};  x = a({source.label}) = "
                    f"{number(synapse.input)};  x·w = {number(synapse.product)}",
                    f"dCost/dw = δ({target.label})·x = {number(delta)} · "
                    f"{number(synapse.input)} = {number(synapse.gradient)}",
                    f"new w = w − {number(self.trace.learning_rate)}·dCost/dw = "
                    f"{number(synapse.new_weight)}",
                ]
            )
        )
