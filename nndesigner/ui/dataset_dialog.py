"""The bundled-dataset dialog: which dataset, how many rows, how much noise, which seed,
with a note on the dataset and a live preview of its points."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider

from nndesigner.engine.datasets import GENERATORS, dataset_note, make_dataset
from nndesigner.ui.plane_colours import POINT_COLOURS
from nndesigner.ui.throttle import Throttle

PREVIEW_SIZE = 300


@dataclass(frozen=True)
class DatasetChoice:
    name: str
    rows: int
    noise: float
    seed: int


class DatasetDialog(QDialog):
    """The choices on the left, the points they give on the right, redrawn as they change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load a bundled dataset")
        self.name = QComboBox()
        self.name.setObjectName("dataset-name")
        self.name.addItems(list(GENERATORS))
        self.name.setCurrentText("spiral")
        self.rows = QLabeledSlider(Qt.Orientation.Horizontal)
        self.rows.setRange(20, 5000)
        self.rows.setValue(400)
        self.noise = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.noise.setRange(0.0, 1.0)
        self.noise.setValue(0.1)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.note = QLabel()
        self.note.setObjectName("dataset-note")
        self.note.setWordWrap(True)
        self.preview = pg.PlotWidget(background="w")
        self.preview.setObjectName("dataset-preview")
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setAspectLocked(True)
        self.preview.setMouseEnabled(False, False)
        self.points = pg.ScatterPlotItem(size=5, pen=pg.mkPen("w", width=0.5))
        self.preview.addItem(self.points)
        form = QFormLayout()
        form.addRow("Dataset", self.name)
        form.addRow("Rows", self.rows)
        form.addRow("Noise", self.noise)
        form.addRow("Seed", self.seed)
        form.addRow(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QGridLayout(self)
        layout.addLayout(form, 0, 0)
        layout.addWidget(self.preview, 0, 1)
        layout.addWidget(buttons, 1, 0, 1, 2)
        layout.setColumnMinimumWidth(0, 280)
        self._redraw = Throttle(0.0, self.redraw, self)
        self.name.currentTextChanged.connect(self._redraw.request)
        self.rows.valueChanged.connect(self._redraw.request)
        self.noise.valueChanged.connect(self._redraw.request)
        self.seed.valueChanged.connect(self._redraw.request)
        self.redraw()

    def choice(self) -> DatasetChoice:
        return DatasetChoice(
            self.name.currentText(), self.rows.value(), round(self.noise.value(), 2),
            self.seed.value(),
        )  # fmt: skip

    def redraw(self) -> None:
        """The chosen dataset's points, coloured by class (or by value for a regression)."""
        self._redraw.cancel()
        choice = self.choice()
        data = make_dataset(choice.name, choice.rows, choice.noise, choice.seed)
        target = data.targets[:, 0]
        low, high = float(target.min()), float(target.max())
        scaled = (target - low) / (high - low) if high > low else target * 0.0
        brushes = [pg.mkBrush(POINT_COLOURS.map(float(t))) for t in scaled]
        self.points.setData(data.inputs[:, 0], data.inputs[:, 1], brush=brushes)
        kind = "classes 0 (blue) and 1 (red)" if data.classification else "low (blue) to high (red)"
        self.note.setText(f"{dataset_note(choice.name)} Inputs x1, x2; {data.target}: {kind}.")
