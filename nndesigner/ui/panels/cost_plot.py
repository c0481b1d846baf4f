"""The live cost plot: training and validation cost per epoch, the weight penalty apart
(when there is one), early stopping's best epoch so far, earlier runs faded, and the
replay cursor (replay_cursor.py) once a run is over.

Each curve is one persistent pyqtgraph item fed with `setData` on a growing buffer.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nndesigner.engine.training import EpochRecord
from nndesigner.model.errors import DesignError
from nndesigner.ui.panels.activation_plot import LEGEND_CARD
from nndesigner.ui.panels.replay_cursor import ReplayCursor
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController, TrainingState

TRAINING_COLOUR = "#e15759"
VALIDATION_COLOUR = "#4e79a7"
PENALTY_COLOUR = "#59a14f"
BEST_COLOUR = "#76b7b2"
# Left of the line, halfway up: clear of the legend in the top right corner.
BEST_LABEL = {"position": 0.45, "color": BEST_COLOUR, "anchors": [(1.1, 0.5), (1.1, 0.5)]}
KEPT_RUNS = 4
REDRAW_MS = 400


class GrowingSeries:
    """Points in preallocated arrays that double when full: appending is amortised O(1)
    and `x`, `y` are views, so a curve of millions of epochs stays cheap to update."""

    def __init__(self, capacity: int = 1024) -> None:
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self.size = 0

    def append(self, x: list[float], y: list[float]) -> None:
        needed = self.size + len(x)
        if needed > len(self._x):
            capacity = max(needed, 2 * len(self._x))
            self._x = np.resize(self._x, capacity)
            self._y = np.resize(self._y, capacity)
        self._x[self.size : needed] = x
        self._y[self.size : needed] = y
        self.size = needed

    @property
    def x(self) -> np.ndarray:
        return self._x[: self.size]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self.size]


class CostPlot(QWidget):
    """Cost against epoch with a log-scale toggle and a readout of the latest point. It
    follows the training events itself: a new run fades the last curve, every record is
    added, a pause or the end draws what is left; another design clears it."""

    status_changed = Signal(str)

    def __init__(self, shown: ShownDesign, training: TrainingController) -> None:
        super().__init__()
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("cost-plot")
        self.plot.setLabel("bottom", "epoch")
        self.plot.setLabel("left", "cost")
        for side in ("left", "bottom"):  # plain numbers, never a "(x0.001)" on the label
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.legend = self.plot.addLegend(offset=(-10, 10), brush=LEGEND_CARD)
        self.plot.setMinimumHeight(160)
        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setObjectName("cost-log-scale")
        self.readout = plain_label("No training yet.")
        self.readout.setObjectName("cost-readout")
        # A long readout is cut at the plot's width; it must never widen the window.
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Two lines, always (with validation it needs them when narrow), so nothing moves.
        self.readout.setWordWrap(True)
        self.readout.setFixedHeight(2 * self.readout.fontMetrics().lineSpacing() + 2)
        # The readout has a line of its own: beside the check box it was cut at 1280x720.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.readout)
        layout.addWidget(self.log_scale)
        layout.addWidget(self.plot, 1)
        self.curve = self.plot.plot(pen=pg.mkPen(TRAINING_COLOUR, width=2), name="training")
        self.validation_curve = self.plot.plot(
            pen=pg.mkPen(VALIDATION_COLOUR, width=2), name="validation"
        )
        self.penalty_curve = self.plot.plot(
            pen=pg.mkPen(PENALTY_COLOUR, width=1.5, style=Qt.PenStyle.DashLine), name="penalty"
        )
        # Early stopping's best epoch so far (its weights come back if the run stops early).
        self.best_line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen(BEST_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
            label="best epoch", labelOpts=BEST_LABEL,
        )  # fmt: skip
        self.best_line.setObjectName("best-epoch-line")
        self.plot.addItem(self.best_line, ignoreBounds=True)
        self.best_line.hide()
        for curve in (self.curve, self.validation_curve, self.penalty_curve):
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        self._faded: list[pg.PlotDataItem] = []
        self.training = training
        self._latest = ("No training yet.", "")
        self._replay_told = False  # whether the status bar says a replay is on
        self._empty()
        self.replay_cursor = ReplayCursor(self.plot, shown, training)
        self.replay_cursor.epoch_shown.connect(self._show_replayed)
        self.shown = shown
        # Clicking the plot gives the keys to this widget: ← → Home End move the cursor.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot.setFocusProxy(self)
        self.log_scale.toggled.connect(lambda on: self.plot.setLogMode(y=on))
        self._redraw = Throttle(REDRAW_MS / 1000, self._draw, self)
        self._training_state = TrainingState.IDLE
        training.state_changed.connect(self._on_training_state_changed)
        training.events.progressed.connect(self.append)
        training.events.paused.connect(self.flush)
        training.events.finished.connect(self.flush)
        shown.replaced.connect(self.clear_all)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.replay_cursor.step(Qt.Key(event.key())):
            event.accept()
        else:
            super().keyPressEvent(event)

    def _show_replayed(self, epoch: int | None) -> None:
        """The readout names the replayed epoch and its cost, or the latest again."""
        if epoch is None:
            self.readout.setText(self._latest[0])
            self.readout.setToolTip(self._latest[1])
            if self._replay_told:
                self._replay_told = False
                self.status_changed.emit("")
            return
        self._replay_told = True
        text = f"epoch {epoch} (replay)"
        try:
            training, validation = self.shown.results.costs()
            text += f": cost {training:.4g}"
            text += "" if validation is None else f", validation {validation:.4g}"
        except DesignError:
            pass
        self.readout.setText(text)
        self.readout.setToolTip(
            f"Every panel shows the network as it was after epoch {epoch} (0: before "
            "training), with the costs of those weights. End or Esc: back to the trained "
            "weights."
        )
        self.status_changed.emit(
            f"Replaying epoch {epoch} of the last run; saving and exporting keep the "
            "trained weights."
        )

    def _on_training_state_changed(self, state: TrainingState) -> None:
        if self._training_state is TrainingState.IDLE and state is TrainingState.RUNNING:
            self.start_run()
        self._training_state = state

    def flush(self, *_: object) -> None:
        """Draw every point received so far now."""
        self._redraw.cancel()
        self._draw()

    def _draw(self) -> None:
        self.curve.setData(self._training.x, self._training.y)
        self.validation_curve.setData(self._validation.x, self._validation.y)
        self.penalty_curve.setData(self._penalty.x, self._penalty.y)
        self._show_in_legend(self.validation_curve, "validation", bool(self._validation.size))
        self._show_in_legend(self.penalty_curve, "penalty", bool(self._penalty.size))
        if self._best_epoch is not None:
            self.best_line.setPos(self._best_epoch)
        self.best_line.setVisible(self._best_epoch is not None)
        # The range follows the new points now, not while painting: a range changed
        # during a paint asks for a second one (the axes then paint twice per redraw).
        self.plot.plotItem.vb.updateAutoRange()

    def _show_in_legend(self, curve: pg.PlotDataItem, name: str, shown: bool) -> None:
        """The legend names a curve only while it has points."""
        listed = self.legend.getLabel(curve) is not None
        if shown and not listed:
            self.legend.addItem(curve, name)
        elif listed and not shown:
            self.legend.removeItem(curve)

    def append(self, records: list[EpochRecord]) -> None:
        """Add every record (none is dropped) and update the readout; the curves are
        redrawn at most every REDRAW_MS, so long runs cannot swamp the event loop."""
        epochs = [record.epoch for record in records]
        self._training.append(epochs, [record.training_loss for record in records])
        held_out = [(r.epoch, r.validation_loss) for r in records if r.validation_loss is not None]
        if held_out:
            self._validation.append([e for e, _ in held_out], [v for _, v in held_out])
        penalised = [(r.epoch, r.penalty) for r in records if r.penalty]
        if penalised:
            self._penalty.append([e for e, _ in penalised], [p for _, p in penalised])
        self._best_epoch = records[-1].best_epoch
        self._redraw.request()
        last = records[-1]
        # Short, to fit beside the log-scale box at 1280x720; the tooltip has full digits.
        text = f"epoch {last.epoch}: cost {last.training_loss:.4g}"
        detail = f"epoch {last.epoch}: training cost {last.training_loss:.6g}"
        if last.validation_loss is not None:
            text += f", validation {last.validation_loss:.4g}"
            detail += f", validation {last.validation_loss:.6g}"
        self._latest = (text, detail)
        self.readout.setText(text)
        self.readout.setToolTip(detail)

    def start_run(self) -> None:
        """Fade the current curve (kept for comparison) and start an empty one; a run
        that goes on from a replayed epoch starts with the points up to it."""
        first = self.training.first_epoch
        kept = [(s.x[s.x <= first].copy(), s.y[s.x <= first].copy()) for s in self._series()]
        if self._training.size:
            faded = pg.PlotDataItem(
                self._training.x.copy(),
                self._training.y.copy(),
                pen=pg.mkPen(200, 200, 200, 160, width=1.5),
            )
            # Shown for comparison, but the axes follow the new run alone.
            self.plot.addItem(faded, ignoreBounds=True)
            faded.setDownsampling(auto=True, method="peak")
            faded.setClipToView(True)
            self._faded.append(faded)
            if len(self._faded) > KEPT_RUNS:
                self.plot.removeItem(self._faded.pop(0))
        self._empty()
        if first:
            for series, (x, y) in zip(self._series(), kept, strict=True):
                series.append(x, y)
            self.flush()
        # The new run's epochs, not the last run's range. The range is narrowed first:
        # downsampling sized for the old, wide range would fold the first points into
        # one, and the automatic range could then never widen again.
        self.plot.setXRange(0, 1, padding=0)
        self.plot.enableAutoRange()

    def _series(self) -> tuple[GrowingSeries, ...]:
        return self._training, self._validation, self._penalty

    def _empty(self) -> None:
        self._training, self._validation = GrowingSeries(), GrowingSeries()
        self._penalty = GrowingSeries()
        self._best_epoch: int | None = None
        for curve in (self.curve, self.validation_curve, self.penalty_curve):
            curve.setData([], [])
        self._show_in_legend(self.validation_curve, "validation", False)
        self._show_in_legend(self.penalty_curve, "penalty", False)
        self.best_line.hide()

    def clear_all(self) -> None:
        """Forget every run (a different design is shown)."""
        for faded in self._faded:
            self.plot.removeItem(faded)
        self._faded = []
        self._empty()
        self._latest = ("No training yet.", "")
        self.readout.setText("No training yet.")
