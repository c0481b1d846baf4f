"""The decision boundary: a two-input network's output over the input plane as a heatmap,
with the data points on top (training rows filled, validation rows hollow)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from nndesigner.engine.inspection import OutputGrid

# Low outputs blue, high outputs red, as on the canvas.
COLOUR_MAP = pg.ColorMap([0.0, 0.5, 1.0], [(44, 123, 182), (247, 247, 247), (215, 25, 28)])


class DecisionBoundary(pg.PlotWidget):
    """Heatmap of the first output over (x1, x2), updated from snapshots."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("decision-boundary")
        self.setMinimumSize(200, 160)
        self.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.image.setLookupTable(COLOUR_MAP.getLookupTable(nPts=256))
        self.addItem(self.image)
        self.training_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#333333", width=0.6))
        self.validation_points = pg.ScatterPlotItem(size=7, brush=None, pen=pg.mkPen(width=1.4))
        self.addItem(self.training_points)
        self.addItem(self.validation_points)
        self.message = pg.TextItem("Needs a network with exactly two inputs.", color="#666666")
        self.addItem(self.message)
        self.grid: OutputGrid | None = None

    def show_grid(self, grid: OutputGrid | None) -> None:
        """Draw the output over the plane; colours span the outputs' own range."""
        self.grid = grid
        self.message.setVisible(grid is None)
        self.image.setVisible(grid is not None)
        if grid is None:
            return
        low, high = float(grid.values.min()), float(grid.values.max())
        if high - low < 1e-12:
            high = low + 1.0
        if low >= 0.0 and high <= 1.0:
            low, high = 0.0, 1.0
        self.image.setImage(grid.values, levels=(low, high), autoLevels=False)
        width = grid.x[-1] - grid.x[0]
        height = grid.y[-1] - grid.y[0]
        self.image.setRect(QRectF(grid.x[0], grid.y[0], width, height))

    def show_points(
        self, inputs: np.ndarray, targets: np.ndarray, validation: np.ndarray | None = None
    ) -> None:
        """Data points coloured by their first target (0 blue, 1 red for classes)."""
        colours = [pg.mkBrush(COLOUR_MAP.map(min(max(t, 0.0), 1.0))) for t in targets[:, 0]]
        self.training_points.setData(inputs[:, 0], inputs[:, 1], brush=colours)
        if validation is not None and len(validation):
            self.validation_points.setData(validation[:, 0], validation[:, 1])
        else:
            self.validation_points.setData([], [])

    def clear_points(self) -> None:
        self.training_points.setData([], [])
        self.validation_points.setData([], [])
