"""The explain panel: the arithmetic of one neuron or synapse on one data row.

Forward: each input x_i, its weight w_i and the product, z = Σ x_i·w_i + b, and
a = f(z) with f's formula. Backward (one online-SGD step): the error term δ = dCost/dz,
each weight's gradient δ·x_i and the bias's δ, and the updates w ← w − η·gradient. The
numbers come from the engine's own trace of the step (`engine.trace`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nndesigner.engine.trace import StepTrace
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.training_run import trace_row
from nndesigner.ui.activation_guide import FORMULAS

COLUMNS = ["from", "x", "w", "x·w", "dCost/dw", "new w"]
HINT = "Select one neuron or one synapse on the canvas to see its arithmetic on a data row."


def number(value: float) -> str:
    """How the panel writes a number: six significant digits (and 0, never -0)."""
    return f"{value + 0.0:.6g}"


class ExplainPanel(QWidget):
    """Row chooser, a summary of the selected item, and the table of its inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("explain-panel")
        self.design: Design | None = None
        self.selection: tuple[str, str] | None = None  # ("neuron" | "synapse", id)
        self.trace: StepTrace | None = None
        self.row_box = QSpinBox()
        self.row_box.setObjectName("explain-row")
        self.row_box.setMinimum(1)
        self.row_box.valueChanged.connect(lambda _: self.refresh())
        self.summary = QLabel(HINT)
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
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_design(self, design: Design) -> None:
        self.design = design
        self.selection = None
        self.refresh()

    def show_selection(self, neuron_ids: list[str], synapse_ids: list[str]) -> None:
        """Explain the one selected neuron or synapse; a hint otherwise."""
        if len(neuron_ids) + len(synapse_ids) != 1:
            self.selection = None
        elif neuron_ids:
            self.selection = ("neuron", neuron_ids[0])
        else:
            self.selection = ("synapse", synapse_ids[0])
        self.refresh()

    def refresh(self) -> None:
        """Trace the current row again and show the selection's numbers."""
        self.table.setRowCount(0)
        self.trace = None
        if self.design is None:
            return
        rows = 0 if self.design.data is None else len(self.design.data.rows)
        self.row_box.setMaximum(max(rows, 1))
        if self.selection is None:
            self.summary.setText(HINT)
            return
        try:
            self.trace = trace_row(self.design, self.row_box.value() - 1)
        except DesignError as error:
            self.summary.setText(f"Nothing to explain yet: {error}")
            return
        kind, item_id = self.selection
        if kind == "neuron":
            self._show_neuron(item_id)
        else:
            self._show_synapse(item_id)

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
            f"<b>{neuron.label}</b> ({neuron.activation}) on row {self.row_box.value()}",
            f"z = Σ x·w + b = {number(step.z)}",
            f"a = {FORMULAS[neuron.activation]} = {number(step.a)}",
            f"δ = dCost/dz = {number(step.delta)}",
            f"b = {number(step.bias)};  dCost/db = δ = {number(step.bias_gradient)};  "
            f"new b = b − {rate}·δ = {number(step.new_bias)}",
            f"Each input below: dCost/dw = δ·x, new w = w − {rate}·dCost/dw "
            "(η, the learning rate, is " + rate + ").",
        ]
        if neuron.role == "output":
            lines.insert(4, f"target = {number(trace.targets[neuron_id])};  cost = "
                            f"{number(trace.cost)}")  # fmt: skip
        self.summary.setText("<br>".join(lines))
        self.table.setRowCount(len(incoming))
        for row, (_, synapse) in enumerate(incoming):
            source = self.design.document.neuron(synapse.source).label
            values = [synapse.input, synapse.weight, synapse.product, synapse.gradient]
            cells = [source, *map(number, values), number(synapse.new_weight)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _show_synapse(self, synapse_id: str) -> None:
        synapse = self.trace.synapses[synapse_id]
        document = self.design.document
        source, target = document.neuron(synapse.source), document.neuron(synapse.target)
        delta = self.trace.neurons[synapse.target].delta
        self.summary.setText(
            "<br>".join(
                [
                    f"<b>{source.label} → {target.label}</b> on row {self.row_box.value()}",
                    f"w = {number(synapse.weight)};  x = a({source.label}) = "
                    f"{number(synapse.input)};  x·w = {number(synapse.product)}",
                    f"dCost/dw = δ({target.label})·x = {number(delta)} · "
                    f"{number(synapse.input)} = {number(synapse.gradient)}",
                    f"new w = w − {number(self.trace.learning_rate)}·dCost/dw = "
                    f"{number(synapse.new_weight)}",
                ]
            )
        )
