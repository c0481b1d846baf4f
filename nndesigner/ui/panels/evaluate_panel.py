"""The Evaluate panel: the evaluation (model/evaluation.py) of the shown design on its
training, validation, test or all rows, with its plots: a confusion-matrix heat map
(click a cell to list its rows) and, for binary outputs, the ROC curve; for regressions
predicted against actual and a histogram of the residuals. Each can be saved as PNG and
the rows behind it as CSV."""

from __future__ import annotations

import csv
import io

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.errors import DesignError
from nndesigner.model.evaluation import (
    CONFUSION_TITLE,
    ClassifierEvaluation,
    roc_curve,
    row_classes,
    row_table,
)
from nndesigner.ui import dialogs
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle

ROW_SETS = (("training", "Training rows"), ("validation", "Validation rows"),
            ("test", "Test rows"), ("all", "All rows"))  # fmt: skip
LISTED_ROWS = 40


class EvaluatePanel(QWidget):
    """Figures and plots of how well the shown design does on a chosen set of rows."""

    def __init__(self, shown: ShownDesign) -> None:
        super().__init__()
        self.setObjectName("evaluate-panel")
        self.shown = shown
        self.rows = QComboBox()
        self.rows.setObjectName("evaluate-rows")
        for value, text in ROW_SETS:
            self.rows.addItem(text, value)
        self.summary = plain_label()
        self.summary.setObjectName("evaluate-summary")
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.cell_rows = plain_label()
        self.cell_rows.setObjectName("evaluate-cell-rows")
        self.cell_rows.setWordWrap(True)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("evaluate-plots")
        self.plots.setBackground("w")
        self.plots.setMinimumHeight(220)
        self.first = self.plots.addPlot(row=0, col=0)
        self.second = self.plots.addPlot(row=1, col=0)
        self.save_png = QPushButton("Save plots as PNG…")
        self.save_png.setObjectName("evaluate-save-png")
        self.save_csv = QPushButton("Save rows as CSV…")
        self.save_csv.setObjectName("evaluate-save-csv")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_png)
        buttons.addWidget(self.save_csv)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rows)
        layout.addWidget(self.summary)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.cell_rows)
        layout.addLayout(buttons)
        self._redraw = Throttle(0.0, self.redraw, self)
        self._matrix_rows: list[list[np.ndarray]] = []
        self.rows.activated.connect(lambda _: self.redraw())
        self.first.scene().sigMouseClicked.connect(self._on_clicked)
        self.save_png.clicked.connect(self._save_png)
        self.save_csv.clicked.connect(self._save_csv)
        shown.replaced.connect(self._on_design_replaced)

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._redraw.request)
        self.redraw()

    def _chosen(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The chosen rows' numbers in the data's file, outputs and targets."""
        results = self.shown.results
        rows = results.evaluation_rows(self.rows.currentData())
        numbers = results.row_numbers()[rows]
        return numbers, results.predictions()[rows], results.arrays()[1][rows]

    def redraw(self) -> None:
        for plot in (self.first, self.second):
            plot.clear()
        self.cell_rows.setText("")
        self._matrix_rows = []
        try:
            evaluation = self.shown.results.evaluation(self.rows.currentData())
            rows, outputs, targets = self._chosen()
        except DesignError as error:
            self.summary.setText(str(error))
            self.second.hide()
            return
        lines = evaluation.describe()
        if isinstance(evaluation, ClassifierEvaluation):
            # The figures and the per-class table; the heat map shows the matrix.
            self.summary.setText("\n".join(lines[: lines.index(CONFUSION_TITLE) - 1]))
            self._show_classifier(evaluation, rows, outputs, targets)
        else:
            self.summary.setText("\n".join(lines))
            self._show_regression(outputs, targets)

    def _show_classifier(
        self, evaluation: ClassifierEvaluation, rows: np.ndarray, outputs: np.ndarray,
        targets: np.ndarray,
    ) -> None:  # fmt: skip
        matrix = np.array(evaluation.confusion_matrix, dtype=float)
        count = len(evaluation.classes)
        shares = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
        image = pg.ImageItem(shares.T)  # x: predicted class, y: true class
        image.setColorMap(pg.colormap.get("CET-L12"))
        image.setLevels((0, 1))
        self.first.addItem(image)
        for true in range(count):
            for guess in range(count):
                text = pg.TextItem(str(int(matrix[true, guess])), color="k", anchor=(0.5, 0.5))
                text.setPos(guess + 0.5, true + 0.5)
                self.first.addItem(text)
        ticks = [[(k + 0.5, name) for k, name in enumerate(evaluation.classes)]]
        for side in ("bottom", "left"):
            self.first.getAxis(side).setTicks(ticks)
        self.first.setLabel("bottom", "predicted class")
        self.first.setLabel("left", "true class")
        self.first.invertY(True)
        self.first.setMouseEnabled(False, False)
        _, truth, predicted, score = row_classes(self.shown.design, outputs, targets)
        self._matrix_rows = [
            [rows[(truth == true) & (predicted == guess)] for guess in range(count)]
            for true in range(count)
        ]
        if score is None:
            self.second.hide()
            return
        self.second.show()
        fpr, tpr = roc_curve(truth == 1, score)
        self.second.plot(fpr, tpr, pen=pg.mkPen("#4e79a7", width=2))
        self.second.plot([0, 1], [0, 1], pen=pg.mkPen("#999999", style=Qt.PenStyle.DashLine))
        self.second.setLabel("bottom", "false positive rate")
        self.second.setLabel("left", "true positive rate")
        auc = evaluation.roc_auc
        self.second.setTitle("ROC" if auc is None else f"ROC, AUC {auc:.3f}")

    def _show_regression(self, outputs: np.ndarray, targets: np.ndarray) -> None:
        self.first.invertY(False)
        self.first.setMouseEnabled(True, True)
        for side in ("bottom", "left"):
            self.first.getAxis(side).setTicks(None)
        actual, guess = targets[:, 0], outputs[:, 0]
        self.first.plot(actual, guess, pen=None, symbol="o", symbolSize=5,
                        symbolBrush="#4e79a7", symbolPen=None)  # fmt: skip
        low, high = float(min(actual.min(), guess.min())), float(max(actual.max(), guess.max()))
        self.first.plot([low, high], [low, high], pen=pg.mkPen("#999999"))
        self.first.setLabel("bottom", "actual")
        self.first.setLabel("left", "predicted")
        try:
            counts, edges = np.histogram(actual - guess, bins=min(30, max(5, len(actual) // 5)))
        except ValueError:  # residuals too large for finite bins (a diverged network)
            self.second.hide()
            return
        self.second.show()
        self.second.addItem(
            pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts, brush="#59a14f")
        )
        self.second.setLabel("bottom", "residual (actual − predicted)")
        self.second.setLabel("left", "rows")
        self.second.setTitle(None)

    def _on_clicked(self, event) -> None:  # noqa: ANN001 (pyqtgraph's click event)
        """List the rows of the confusion-matrix cell under a click."""
        if not self._matrix_rows:
            return
        point = self.first.vb.mapSceneToView(event.scenePos())
        guess, true = int(np.floor(point.x())), int(np.floor(point.y()))
        count = len(self._matrix_rows)
        if not (0 <= guess < count and 0 <= true < count):
            return
        self.show_cell(true, guess)

    def show_cell(self, true: int, guess: int) -> None:
        """Name the rows (as the file numbers them) of true class `true` predicted `guess`."""
        chosen = self._matrix_rows[true][guess]
        try:
            names = self.shown.results.evaluation(self.rows.currentData()).classes
        except DesignError:  # changed since the last redraw, which is on its way
            return
        listed = ", ".join(str(k) for k in chosen[:LISTED_ROWS])
        more = f" and {len(chosen) - LISTED_ROWS} more" if len(chosen) > LISTED_ROWS else ""
        self.cell_rows.setText(
            f"True {names[true]}, predicted {names[guess]}: "
            + (f"rows {listed}{more}." if len(chosen) else "no rows.")
        )

    def _save_png(self) -> None:
        path = dialogs.ask_save_path(self, "Save plots", "evaluation.png", "PNG images (*.png)")
        if path and not self.plots.grab().save(path):
            dialogs.show_error(self, f"{path} could not be written.")

    def _save_csv(self) -> None:
        try:
            header, cells = row_table(self.shown.design, *self._chosen())
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return
        path = dialogs.ask_save_path(self, "Save rows", "evaluation.csv", "CSV files (*.csv)")
        if not path:
            return
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(cells)
        try:
            write_atomically(path, text.getvalue())
        except OSError as error:
            dialogs.show_error(self, f"{path} could not be written: {error.strerror}.")
