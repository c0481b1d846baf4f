"""Drawing data on the decision-boundary plot: with "Draw points" on, a click adds a
point with the chosen target value and a drag erases the points under its brush; each is
one undo step that sets the design's data (model/drawn_data.py). The plot neither pans
nor zooms while drawing, so the points stay where they were put.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from nndesigner.model.dataset import Table
from nndesigner.model.drawn_data import (
    drawing_columns,
    drawn_points,
    with_point,
    without_points_near,
)
from nndesigner.model.errors import DesignError
from nndesigner.ui import dialogs
from nndesigner.ui.commands import SetDesignFieldCommand
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.training import TrainingController

# The eraser's half-width, in screen pixels.
BRUSH_PIXELS = 14
BRUSH_PEN = pg.mkPen(120, 120, 120, 90, width=2 * BRUSH_PIXELS)
MOUSE_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
)
# The view of an empty plane to draw on.
EMPTY_RANGE = (-1.0, 1.0)


class PointDrawing(QObject):
    """The draw controls (a toggle and the target of new points) and the mouse on the
    plot while drawing is on."""

    def __init__(
        self,
        plot: pg.PlotWidget,
        shown: ShownDesign,
        training: TrainingController,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(plot)
        self.plot = plot
        self.shown = shown
        self.training = training
        self.undo_stack = undo_stack
        self.toggle = QPushButton("Draw points")
        self.toggle.setObjectName("draw-points")
        self.toggle.setCheckable(True)
        self.target = QDoubleSpinBox()
        self.target.setObjectName("draw-target")
        self.target.setRange(-1e6, 1e6)
        self.target.setDecimals(3)
        self.target.setValue(1.0)
        self.target.setToolTip("The target value (class 0 or 1, or any number) of new points")
        self.controls = QWidget()
        row = QHBoxLayout(self.controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.toggle)
        row.addWidget(QLabel("target"))
        row.addWidget(self.target, 1)
        self.trail = pg.PlotCurveItem(pen=BRUSH_PEN)
        plot.addItem(self.trail, ignoreBounds=True)
        self._pressed_at: QPointF | None = None
        self._path: list[tuple[float, float]] = []
        self.toggle.toggled.connect(self._on_toggled)
        training.state_changed.connect(lambda _: self.update_enabled())
        shown.replaced.connect(self._on_design_replaced)
        plot.viewport().installEventFilter(self)

    @property
    def drawing(self) -> bool:
        return self.toggle.isChecked() and self.toggle.isEnabled()

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        """Drawing needs a design of two inputs and one output, and no run going on."""
        try:
            drawing_columns(self.shown.design)
            why = ""
        except DesignError as error:
            why = str(error)
        cannot = bool(why)
        if self.training.running:
            why = "Drawing waits until training is over."
        self.toggle.setEnabled(not why)
        self.target.setEnabled(not why)
        self.toggle.setToolTip(
            why or "Click the plot to add a point with the target on the right; drag to erase"
        )
        if cannot and self.toggle.isChecked():  # a run only pauses it
            self.toggle.setChecked(False)

    def _on_toggled(self, on: bool) -> None:
        """While drawing, the view stays still (no panning, zooming or autorange)."""
        box = self.plot.plotItem.vb
        box.setMouseEnabled(x=not on, y=not on)
        if not on:
            box.enableAutoRange()
            return
        box.disableAutoRange()
        try:
            empty = not len(drawn_points(self.shown.design))
        except DesignError:
            empty = True
        if empty:
            box.setRange(xRange=EMPTY_RANGE, yRange=EMPTY_RANGE, padding=0)

    def _plane_point(self, event: QMouseEvent) -> tuple[float, float]:
        scene = self.plot.mapToScene(event.position().toPoint())
        point = self.plot.plotItem.vb.mapSceneToView(scene)
        return point.x(), point.y()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take the left button's presses, drags and releases while drawing."""
        kind = event.type()
        if kind not in MOUSE_EVENTS or not self.drawing:
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed_at = event.position()
            self._path = [self._plane_point(event)]
            return True
        if self._pressed_at is None:
            return False
        if kind == QEvent.Type.MouseMove:
            moved = (event.position() - self._pressed_at).manhattanLength()
            if len(self._path) > 1 or moved >= QApplication.startDragDistance():
                self._path.append(self._plane_point(event))
                xs, ys = zip(*self._path, strict=True)
                self.trail.setData(np.array(xs), np.array(ys))
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            path, self._path, self._pressed_at = self._path, [], None
            self.trail.setData([], [])
            if len(path) > 1:
                self.erase(np.array(path))
            else:
                self.add(*path[0])
            return True
        return False

    def add(self, x: float, y: float) -> None:
        """Add a point at (x, y) with the chosen target: one undo step."""
        self._set_data(
            lambda: with_point(self.shown.design, x, y, self.target.value()), "Add point"
        )

    def erase(self, path: np.ndarray) -> None:
        """Erase the points under the brush along `path` (plane points): one undo step."""
        width, height = self.plot.plotItem.vb.viewPixelSize()
        radius = (BRUSH_PIXELS * width, BRUSH_PIXELS * height)
        self._set_data(lambda: without_points_near(self.shown.design, path, radius), "Erase points")

    def _set_data(self, make_table: Callable[[], Table | None], text: str) -> None:
        try:
            table = make_table()
        except DesignError as error:
            dialogs.show_error(self.plot, str(error))
            return
        if table is not None:
            self.undo_stack.push(SetDesignFieldCommand(self.shown.design, "data", table, text))
