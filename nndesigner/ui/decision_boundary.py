"""The decision boundary: a two-input network's output over the input plane as a heatmap,
with the data points on top (training rows filled, validation rows hollow)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from nndesigner.engine.inspection import OutputGrid

# Low outputs blue, high outputs red, as on the canvas: pale for the plane, strong for
# the data points drawn on it.
PLANE_COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(146, 197, 222), (247, 247, 247), (244, 165, 130)])
POINT_COLOURS = pg.ColorMap([0.0, 1.0], [(33, 102, 172), (178, 24, 43)])


class DecisionBoundary(pg.PlotWidget):
    """Heatmap of the first output over (x1, x2), updated from snapshots."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("decision-boundary")
        self.setMinimumSize(200, 160)
        self.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.image.setLookupTable(PLANE_COLOURS.getLookupTable(nPts=256))
        self.addItem(self.image)
        self.training_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=0.8))
        self.validation_points = pg.ScatterPlotItem(
            size=9, brush=None, pen=pg.mkPen("#222222", width=1.4)
        )
        self.addItem(self.training_points)
        self.addItem(self.validation_points)
        self.message = pg.TextItem(
            "Needs a network with\nexactly two inputs.", color="#666666", anchor=(0.5, 0.5)
        )
        self.addItem(self.message)
        self.grid: OutputGrid | None = None

    def show_grid(self, grid: OutputGrid | None, title: str = "network output") -> None:
        """Draw the values over the plane; colours span the values' own range."""
        self.grid = grid
        self.setTitle(title if grid is not None else None, size="9pt")
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
        """Data points coloured by their first target (0 blue, 1 red for classes; the
        lowest to the highest value for a regression)."""
        values = targets[:, 0]
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
        colours = [pg.mkBrush(POINT_COLOURS.map(float(t))) for t in scaled]
        self.training_points.setData(inputs[:, 0], inputs[:, 1], brush=colours)
        if validation is not None and len(validation):
            self.validation_points.setData(validation[:, 0], validation[:, 1])
        else:
            self.validation_points.setData([], [])

    def clear_points(self) -> None:
        self.training_points.setData([], [])
        self.validation_points.setData([], [])
