"""The inspector: edit the selected neurons or synapses. It reads the document, follows its
signals, and edits only through the editor (so every change is an undo step). While a run
is replayed it shows the trained values of the replayed epoch, read-only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.engine.spec import Parameters
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import ROLES
from nndesigner.model.errors import DesignError
from nndesigner.model.layout import layer_of
from nndesigner.ui.editor import Editor
from nndesigner.ui.panels.activation_plot import tooltip
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign

MIXED = "—"


def _number_box(low: float, high: float, decimals: int = 4) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(0.1)
    box.setKeyboardTracking(False)
    return box


class Inspector(QWidget):
    """Label, role, activation, alpha, bias and dropout of neurons; weight of synapses."""

    def __init__(self, shown: ShownDesign, editor: Editor) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self.shown = shown
        self.editor = editor
        # Whether the values shown are a replayed epoch's (read-only) rather than the design's.
        self._replay_shown = False
        self.neuron_ids: list[str] = []
        self.synapse_ids: list[str] = []

        self.title = plain_label("Nothing selected")
        self.title.setWordWrap(True)
        self.label = QLineEdit()
        self.label.setObjectName("inspector-label")
        self.role = QComboBox()
        self.role.setObjectName("inspector-role")
        self.role.addItems(ROLES)
        self.activation = QComboBox()
        self.activation.setObjectName("inspector-activation")
        for name, activation in ACTIVATIONS.items():
            self.activation.addItem(activation.title, name)
            self.activation.setItemData(
                self.activation.count() - 1, tooltip(name), Qt.ItemDataRole.ToolTipRole
            )
        self.alpha = _number_box(0.0, 10.0)
        self.alpha.setObjectName("inspector-alpha")
        self.bias = _number_box(-1e6, 1e6)
        self.bias.setObjectName("inspector-bias")
        self.dropout = _number_box(0.0, 0.999, decimals=3)
        self.dropout.setObjectName("inspector-dropout")
        self.dropout.setSingleStep(0.05)
        self.dropout.setToolTip(
            "While training, each row leaves this neuron out with this probability (the "
            "others are scaled up to make up for it); never when predicting"
        )
        self.dropout_layer = QPushButton("Set for the layer")
        self.dropout_layer.setObjectName("inspector-dropout-layer")
        self.dropout_layer.setToolTip("Give every hidden neuron of this layer this dropout rate")
        self.dropout_row = QHBoxLayout()
        self.dropout_row.addWidget(self.dropout, 1)
        self.dropout_row.addWidget(self.dropout_layer)
        self.weight = _number_box(-1e6, 1e6)
        self.weight.setObjectName("inspector-weight")
        self.problem = plain_label()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)

        self.form = QFormLayout(self)
        self.form.addRow(self.title)
        self.form.addRow("Label", self.label)
        self.form.addRow("Role", self.role)
        self.form.addRow("Activation", self.activation)
        self.form.addRow("Alpha", self.alpha)
        self.form.addRow("Bias", self.bias)
        self.form.addRow("Dropout", self.dropout_row)
        self.form.addRow("Weight", self.weight)
        self.form.addRow(self.problem)

        self.label.editingFinished.connect(self._on_label_edited)
        self.role.activated.connect(lambda _: self._edit_neurons(role=self.role.currentText()))
        self.activation.activated.connect(
            lambda _: self._edit_neurons(activation=self.activation.currentData())
        )
        self.alpha.valueChanged.connect(lambda value: self._edit_neurons(alpha=value))
        self.bias.valueChanged.connect(lambda value: self._edit_neurons(bias=value))
        self.dropout.valueChanged.connect(lambda value: self._edit_neurons(dropout=value))
        self.dropout_layer.clicked.connect(self._on_dropout_layer_clicked)
        self.weight.valueChanged.connect(self._on_weight_edited)
        shown.replaced.connect(self._on_design_replaced)
        shown.selection_changed.connect(self._on_selection_changed)

    def set_editor(self, editor: Editor) -> None:
        """Edit through `editor` from now on (it edits the design about to be shown)."""
        self.editor = editor

    def _on_selection_changed(self) -> None:
        self.show_selection(self.shown.selected_neurons(), self.shown.selected_synapses())

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.design.document.edited, self._on_document_changed)
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self._replay_shown = False
        self.show_selection([], [])

    def _on_results_invalidated(self) -> None:
        """A replay began, moved or ended: the trained values shown follow it."""
        replaying = self.shown.results.replaying is not None
        if replaying or self._replay_shown:
            self.refresh()

    @property
    def document(self) -> NetworkDocument:
        return self.shown.design.document

    def show_selection(self, neuron_ids: list[str], synapse_ids: list[str]) -> None:
        self.neuron_ids, self.synapse_ids = list(neuron_ids), list(synapse_ids)
        self.problem.clear()
        self.refresh()

    def _on_document_changed(self) -> None:
        """Show the selection's new values at once (the user may have just made the edit
        here); forget what is gone."""
        neurons = {n.id for n in self.document.neurons}
        synapses = {s.id for s in self.document.synapses}
        self.neuron_ids = [i for i in self.neuron_ids if i in neurons]
        self.synapse_ids = [i for i in self.synapse_ids if i in synapses]
        self.refresh()

    def _set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(widget, visible)

    def refresh(self) -> None:
        """Show the selection's current values (without emitting edits)."""
        blockers = [
            QSignalBlocker(w)
            for w in (
                self.label,
                self.role,
                self.activation,
                self.alpha,
                self.bias,
                self.dropout,
                self.weight,
            )  # fmt: skip
        ]
        neurons = [self.document.neuron(i) for i in self.neuron_ids]
        synapses = [self.document.synapse(i) for i in self.synapse_ids]
        replayed = self._replayed_parameters()
        if replayed is not None:  # a replayed epoch's trained values, shown, not edited
            neurons = [
                replace(
                    n,
                    bias=replayed.biases.get(n.id, n.bias),
                    alpha=replayed.alphas.get(n.id, n.alpha),
                )
                for n in neurons
            ]
            synapses = [replace(s, weight=replayed.weights.get(s.id, s.weight)) for s in synapses]
        for box in (self.bias, self.alpha, self.weight):
            box.setReadOnly(replayed is not None)
        only_neurons = bool(neurons) and not synapses
        only_synapses = bool(synapses) and not neurons
        single = only_neurons and len(neurons) == 1
        hidden_or_output = only_neurons and all(n.role != "input" for n in neurons)
        activations = {n.activation for n in neurons}
        uses_alpha = (
            hidden_or_output
            and len(activations) == 1
            and ACTIVATIONS.get(next(iter(activations))) is not None
            and ACTIVATIONS[next(iter(activations))].uses_alpha
        )
        self._set_row_visible(self.label, single)
        self._set_row_visible(self.role, only_neurons)
        self._set_row_visible(self.activation, hidden_or_output)
        self._set_row_visible(self.alpha, uses_alpha)
        self._set_row_visible(self.bias, hidden_or_output)
        only_hidden = only_neurons and all(n.role == "hidden" for n in neurons)
        self.form.setRowVisible(self.dropout_row, only_hidden)
        self._set_row_visible(self.weight, only_synapses)

        if single:
            neuron = neurons[0]
            self.title.setText(f"Neuron '{neuron.label}'")
            self.label.setText(neuron.label)
        elif only_neurons:
            self.title.setText(f"{len(neurons)} neurons")
        elif only_synapses:
            if len(synapses) == 1:
                source = self.document.neuron(synapses[0].source).label
                target = self.document.neuron(synapses[0].target).label
                self.title.setText(f"Synapse {source} → {target}")
            else:
                self.title.setText(f"{len(synapses)} synapses")
        elif neurons or synapses:
            self.title.setText(f"{len(neurons)} neurons and {len(synapses)} synapses")
        else:
            self.title.setText("Nothing selected")
        replaying = self.shown.results.replaying
        if replaying is not None and (neurons or synapses):
            self.title.setText(f"{self.title.text()}, at epoch {replaying.epoch} (replay)")
        if only_neurons:
            roles = {n.role for n in neurons}
            if len(roles) == 1:
                self.role.setCurrentText(roles.pop())
            else:  # a mixed selection: no role is shown as if all had it
                self.role.setCurrentIndex(-1)
        if hidden_or_output:
            if len(activations) == 1:
                self.activation.setCurrentIndex(self.activation.findData(next(iter(activations))))
            biases = {n.bias for n in neurons}
            self.bias.setSpecialValueText("" if len(biases) == 1 else MIXED)
            self.bias.setValue(biases.pop() if len(biases) == 1 else self.bias.minimum())
        if only_hidden:
            rates = {n.dropout for n in neurons}
            self.dropout.setSpecialValueText("" if len(rates) == 1 else MIXED)
            # "Set for the layer" spreads a rate, never the "mixed" placeholder.
            self.dropout_layer.setEnabled(len(rates) == 1)
            self.dropout.setValue(rates.pop() if len(rates) == 1 else self.dropout.minimum())
        if uses_alpha:
            activation = ACTIVATIONS[next(iter(activations))]
            alphas = {activation.default_alpha if n.alpha is None else n.alpha for n in neurons}
            self.alpha.setValue(alphas.pop() if len(alphas) == 1 else activation.default_alpha)
        if only_synapses:
            weights = {s.weight for s in synapses}
            self.weight.setSpecialValueText("" if len(weights) == 1 else MIXED)
            self.weight.setValue(weights.pop() if len(weights) == 1 else self.weight.minimum())
        del blockers

    def _edit_neurons(self, **changes: object) -> None:
        if not self.neuron_ids:
            return
        problem = self.editor.update_neurons(self.neuron_ids, **changes)
        self.problem.setText(problem or "")
        if problem:
            self.refresh()

    def _on_dropout_layer_clicked(self) -> None:
        """The shown rate for every hidden neuron of the selection's layers, one undo step."""
        if self.neuron_ids:
            layer = layer_of(self.document, self.neuron_ids)
            problem = self.editor.update_neurons(layer, dropout=self.dropout.value())
            self.problem.setText(problem or "")

    def _replayed_parameters(self) -> Parameters | None:
        """While a run is replayed, the trained values at the replayed epoch."""
        self._replay_shown = self.shown.results.replaying is not None
        if not self._replay_shown:
            return None
        try:
            return self.shown.results.network().export_parameters()
        except DesignError:
            return None

    def _on_label_edited(self) -> None:
        if len(self.neuron_ids) == 1:
            text = self.label.text().strip()
            if text != self.document.neuron(self.neuron_ids[0]).label:
                self._edit_neurons(label=text)

    def _on_weight_edited(self, value: float) -> None:
        if self.synapse_ids:
            self.editor.update_synapses(self.synapse_ids, value)
