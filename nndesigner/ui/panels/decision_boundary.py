"""The decision boundary: a two-input network's output over the input plane as a heatmap
with a colour scale, the 0.5 contour where the output is a probability, and the data
points on top in their class colours (validation rows ringed).

It follows the shown design: redrawn from its results whenever the design changes, from
the grids in training snapshots, and it shows instead the activation of the one hidden or
output neuron selected on the canvas (live too: the snapshots then hold that neuron's
grid) or, while no run is going on, of a hidden neuron the pointer is over. Points can be
drawn on it (point_drawing.py)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nndesigner.engine.data_split import split_rows
from nndesigner.engine.inspection import NetworkSnapshot, OutputGrid, sample_indices
from nndesigner.model.errors import DesignError
from nndesigner.ui.panels.colour_scale import ColourScale
from nndesigner.ui.panels.point_drawing import PointDrawing
from nndesigner.ui.plane_colours import PLANE_COLOURS, POINT_COLOURS
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController

NEEDS_TWO_INPUTS = "Needs a network with two inputs\n(feature inputs of them allowed)."
NEEDS_DATA = "Load data (or draw points) to see\nthe output over the plane."
# Where a probability output decides between the classes.
DECISION_LEVEL = 0.5
PROBABILITIES = ("sigmoid", "softmax", "step")
# The most training (and validation) points drawn on the plane.
SHOWN_POINTS = 2000


class DecisionBoundary(QWidget):
    """Heatmap of the first output over (x1, x2), updated from snapshots, with its
    colour scale under it."""

    def __init__(
        self, shown: ShownDesign, training: TrainingController, undo_stack: QUndoStack
    ) -> None:
        super().__init__()
        self.shown = shown
        self.training = training
        self.setObjectName("decision-boundary")
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumSize(200, 140)
        self.plot.setAspectLocked(False)
        # Which colour is which value. (pyqtgraph's ColorBarItem inside the plot crashed
        # the Qt binding now and then while training; this is a plain painted widget.)
        self.scale = ColourScale(PLANE_COLOURS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.drawing = PointDrawing(self.plot, shown, training, undo_stack)
        layout.addWidget(self.drawing.controls)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.scale)
        self.image = pg.ImageItem()
        self.image.setLookupTable(PLANE_COLOURS.getLookupTable(nPts=256))
        self.plot.addItem(self.image)
        self.contour = pg.IsocurveItem(level=DECISION_LEVEL, pen=pg.mkPen("#444444", width=1.5))
        self.contour.setParentItem(self.image)
        self.training_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.8))
        self.validation_points = pg.ScatterPlotItem(size=8, pen=pg.mkPen("#222222", width=1.2))
        self.plot.addItem(self.training_points)
        self.plot.addItem(self.validation_points)
        self.message = pg.TextItem(NEEDS_TWO_INPUTS, color="#666666", anchor=(0.5, 0.5))
        self.plot.addItem(self.message)
        self.grid: OutputGrid | None = None
        self._redraw = Throttle(0.0, self.redraw, self)
        self._run_grid: OutputGrid | None = None
        self._run_grid_later = Throttle(0.0, self._show_run_grid, self)
        shown.replaced.connect(self._on_design_replaced)
        shown.hovered.connect(self._on_neuron_hovered)
        shown.selection_changed.connect(self._on_selection_changed)
        training.events.connect_weights_shown(self._on_training_snapshot_taken)

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self.redraw()

    def _on_results_invalidated(self) -> None:
        """Redraw, unless a run is going on: the document then holds the weights from
        before the run, and the snapshots show the live ones."""
        if not self.training.running:
            self._redraw.request()

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        """Show a run's grid on the next turn of the event loop: its contour takes a
        while, and the canvas redraws for the same snapshot first (the window answers
        in between)."""
        if snapshot.grid is not None:
            self._run_grid = snapshot.grid
            self._run_grid_later.request()

    def _show_run_grid(self) -> None:
        grid, self._run_grid = self._run_grid, None
        if grid is None:
            return
        if grid.neuron_id is None:
            self.show_grid(grid)
        else:  # edits are locked while a run exists: its neuron is there
            self._show_neuron_grid(grid.neuron_id, grid)

    def _on_selection_changed(self) -> None:
        """Live runs bring the selected neuron's grid in their snapshots from now on."""
        self.training.want_in_snapshots(grid_neuron=self.shown.selected_plot_neuron())
        if not self.training.running:
            self._redraw.request()

    def _on_neuron_hovered(self, neuron_id: str) -> None:
        """Over a hidden neuron: that neuron's own output over the plane; else as before."""
        if self.training.running:
            return
        document = self.shown.design.document
        if neuron_id and document.neuron(neuron_id).role == "hidden":
            grid = self.shown.results.neuron_grid(neuron_id)
            if grid is not None:
                self._show_neuron_grid(neuron_id, grid)
                return
        self.redraw()

    def _show_neuron_grid(self, neuron_id: str, grid: OutputGrid) -> None:
        label = self.shown.design.document.neuron(neuron_id).label
        self.show_grid(grid, f"output of {label}", probability=self._probability(neuron_id))

    def redraw(self) -> None:
        """The data points and the output over the plane, from the shown design."""
        self._redraw.cancel()
        results = self.shown.results
        columns = self.shown.design.input_features().plane_columns()
        try:
            if columns is None:
                raise DesignError(NEEDS_TWO_INPUTS)
            inputs, targets = results.arrays()
        except DesignError:
            self.clear_points()
            self.show_grid(None, hint=NEEDS_TWO_INPUTS if columns is None else NEEDS_DATA)
            return
        inputs = inputs[:, columns]
        # The test rows stay unseen until the end (the Evaluate panel shows them).
        training, validation, _ = split_rows(len(inputs), self.shown.design.settings)
        self.show_points(
            inputs[training], targets[training], inputs[validation], targets[validation]
        )
        focus = self.shown.selected_plot_neuron()
        grid = None if focus is None else results.neuron_grid(focus)
        if grid is not None:
            self._show_neuron_grid(focus, grid)
            return
        snapshot = results.snapshot()
        self.show_grid(None if snapshot is None else snapshot.grid)

    def _probability(self, neuron_id: str | None = None) -> bool:
        """Whether the neuron (the first output by default) gives a probability."""
        document = self.shown.design.document
        outputs = document.neurons_with_role("output")
        neuron = document.neuron(neuron_id) if neuron_id else (outputs[0] if outputs else None)
        return neuron is not None and neuron.activation in PROBABILITIES

    def show_grid(
        self,
        grid: OutputGrid | None,
        title: str = "network output",
        hint: str = NEEDS_DATA,
        probability: bool | None = None,
    ) -> None:
        """Draw the values over the plane, or say with `hint` why there is nothing to
        draw. A probability (by default: the first output's activation says) is shown on
        a 0-1 scale with its 0.5 contour; other values span their own range."""
        self.grid = grid
        self.plot.setTitle(title if grid is not None else None, size="9pt")
        self.message.setText(hint)
        self.message.setVisible(grid is None)
        self.image.setVisible(grid is not None)
        self.scale.setVisible(grid is not None)
        if grid is None:
            return
        low, high = float(grid.values.min()), float(grid.values.max())
        probability = self._probability() if probability is None else probability
        if high - low < 1e-12 and not probability:  # one value: a unit range around it
            low, high = low - 0.5, low + 0.5
        if probability:
            low, high = 0.0, 1.0
        self.image.setImage(grid.values, levels=(low, high), autoLevels=False)
        self.scale.set_range(low, high)
        self.contour.setData(grid.values if probability else None)
        width = grid.x[-1] - grid.x[0]
        height = grid.y[-1] - grid.y[0]
        self.image.setRect(QRectF(grid.x[0], grid.y[0], width, height))

    def show_points(
        self,
        inputs: np.ndarray,
        targets: np.ndarray,
        validation_inputs: np.ndarray,
        validation_targets: np.ndarray,
    ) -> None:
        """Data points coloured by their first target (0 blue, 1 red for classes; the
        lowest to the highest value for a regression); validation rows in the same
        colours, ringed. At most SHOWN_POINTS of each, evenly spread over the rows: more
        would hide the plane under them and slow every redraw of it while training."""
        values = np.concatenate([targets[:, 0], validation_targets[:, 0]])
        shown = sample_indices(len(inputs), SHOWN_POINTS)
        inputs, targets = inputs[shown], targets[shown]
        shown = sample_indices(len(validation_inputs), SHOWN_POINTS)
        validation_inputs, validation_targets = validation_inputs[shown], validation_targets[shown]
        low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)

        def brushes(column: np.ndarray) -> list:
            scaled = (column - low) / (high - low) if high > low else np.zeros_like(column)
            return [pg.mkBrush(POINT_COLOURS.map(float(t))) for t in scaled]

        self.training_points.setData(inputs[:, 0], inputs[:, 1], brush=brushes(targets[:, 0]))
        self.validation_points.setData(
            validation_inputs[:, 0],
            validation_inputs[:, 1],
            brush=brushes(validation_targets[:, 0]),
        )
        # Equal units on both axes (circles look round) when the two inputs span alike.
        spans = np.ptp(np.concatenate([inputs, validation_inputs]), axis=0)
        self.plot.setAspectLocked(bool(spans.min() > 0 and spans.max() / spans.min() < 3))

    def clear_points(self) -> None:
        self.training_points.setData([], [])
        self.validation_points.setData([], [])
