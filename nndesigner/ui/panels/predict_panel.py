"""The predict panel: type input values and read the outputs (in the data's units),
score the network on its data, and list predicted against actual values per row."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle

TABLE_ROWS = 1000


class PredictPanel(QWidget):
    """Live outputs for typed inputs; scores and a predicted-vs-actual table on demand."""

    def __init__(self, shown: ShownDesign) -> None:
        super().__init__()
        self.setObjectName("predict-panel")
        self.shown = shown
        self.inputs: dict[str, QDoubleSpinBox] = {}  # by raw input label
        self.outputs: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.scores = plain_label()
        self.scores.setObjectName("predict-scores")
        self.scores.setWordWrap(True)
        self.predict_button = QPushButton("Predict on data")
        self.predict_button.setObjectName("predict-data-button")
        self.table = QTableWidget()
        self.table.setObjectName("predict-table")
        # A network of hundreds of inputs has as many fields: they scroll.
        fields = QWidget()
        fields.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.scores)
        layout.addWidget(self.predict_button)
        layout.addWidget(self.table, 2)
        self.predict_button.clicked.connect(self.fill_table)
        self._rebuild = Throttle(0.0, self._on_design_changed, self)
        self._fields_shown: tuple = ()
        shown.replaced.connect(self._on_design_replaced)

    @property
    def design(self) -> Design:
        return self.shown.design

    def _on_design_replaced(self) -> None:
        """Follow the new design: rebuild once per burst of changes."""
        self.shown.follow(self.shown.results.invalidated, self._rebuild.request)
        self.show_fields()

    def _fields(self) -> tuple:
        """What the fields depend on: the input and output neurons' ids and labels."""
        document = self.design.document
        return tuple(
            (n.id, n.label)
            for role in ("input", "output")
            for n in document.neurons_with_role(role)
        )

    def _on_design_changed(self) -> None:
        """New fields when inputs or outputs changed; otherwise keep the typed values."""
        if self._fields() != self._fields_shown:
            self.show_fields()
        else:
            self.refresh()

    def show_fields(self) -> None:
        """Rebuild the fields for the design's input and output neurons."""
        design = self.design
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs, self.outputs = {}, {}
        means = self._input_means()
        # A field per raw input: feature inputs are computed from them, as predict does.
        for index, label in enumerate(design.raw_input_labels()):
            box = QDoubleSpinBox()
            box.setObjectName(f"predict-input-{label}")
            box.setRange(-1e9, 1e9)
            box.setDecimals(4)
            box.setKeyboardTracking(False)
            box.setValue(float(means[index]) if means is not None else 0.0)
            box.valueChanged.connect(self.refresh_outputs)
            self.form.addRow(plain_label(label), box)
            self.inputs[label] = box
        for neuron in design.document.neurons_with_role("output"):
            label = QLabel("—")
            label.setObjectName(f"predict-output-{neuron.label}")
            self.form.addRow(plain_label(f"→ {neuron.label}"), label)
            self.outputs[neuron.id] = label
        self.table.clear()
        self.table.setRowCount(0)
        self._fields_shown = self._fields()
        self.refresh()

    def _input_means(self) -> np.ndarray | None:
        """Each raw input's mean over the data (None without usable data)."""
        try:
            return self.shown.results.raw_input_means()
        except DesignError:
            return None

    def refresh(self) -> None:
        """Outputs and scores from the document as it is now."""
        self.refresh_outputs()
        self.refresh_scores()

    def refresh_outputs(self) -> None:
        if not self.outputs:
            return
        raw = np.array([[box.value() for box in self.inputs.values()]])
        values = self.design.input_features().apply(raw)
        try:
            outputs = self.shown.results.predict(values)[0]
        except DesignError as error:
            for label in self.outputs.values():
                label.setText("—")
            self.scores.setText(str(error))
            return
        for label, value in zip(self.outputs.values(), outputs, strict=True):
            label.setText(f"{value:.6g}")

    def refresh_scores(self) -> None:
        if self.design.data is None:
            self.scores.setText("Load data to score the network.")
            return
        try:
            training, validation, test = self.shown.results.scores()
        except DesignError as error:
            self.scores.setText(str(error))
            return
        text = f"Training: {training.describe()}"
        if validation is not None:
            text += f"\nValidation: {validation.describe()}"
        if test is not None:
            text += f"\nTest: {test.describe()}"
        self.scores.setText(text)

    def fill_table(self) -> None:
        """Predicted, actual and error for each of the first TABLE_ROWS data rows."""
        try:
            _, targets = self.shown.results.arrays()
            outputs = self.shown.results.predictions()
        except DesignError as error:
            self.scores.setText(str(error))
            return
        labels = self.design.output_labels()
        headers = [h for label in labels for h in (f"{label} predicted", "actual", "error")]
        shown = min(len(targets), TABLE_ROWS)
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(shown)
        for row in range(shown):
            for k in range(len(labels)):
                cells = (outputs[row, k], targets[row, k], outputs[row, k] - targets[row, k])
                for offset, value in enumerate(cells):
                    self.table.setItem(row, 3 * k + offset, QTableWidgetItem(f"{value:.5g}"))
