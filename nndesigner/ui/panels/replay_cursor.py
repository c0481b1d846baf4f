"""The replay cursor: a line on the cost plot that, dragged back along the last run (or
moved with the arrow keys), makes every panel show the network as it was at that epoch.

It snaps to the epochs the run's tape recorded. At the run's last epoch nothing is
replayed: the panels show the design's own weights. The results do the rest
(`Results.replay`): the canvas, the neuron maps, the decision boundary and the explain
panel all redraw from them.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

from nndesigner.engine.parameter_tape import ParameterTape
from nndesigner.model.errors import DesignError
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController, TrainingState

CURSOR_COLOUR = "#b07aa1"
# Halfway up, clear of the legend (top right) and mostly of a falling cost curve; left of
# the line in the right half of the plot, right of it in the left half.
LEFT_OF_LINE, RIGHT_OF_LINE = [(1.1, 0.5), (1.1, 0.5)], [(-0.1, 0.5), (-0.1, 0.5)]
CURSOR_LABEL = {"position": 0.55, "color": CURSOR_COLOUR, "anchors": LEFT_OF_LINE}
# While dragging, the panels follow at most this often (a replay redraws all of them).
DRAG_FOLLOW_SECONDS = 0.15
# Keys that move the cursor, and by how many recorded epochs (None: to the first or last).
STEPS = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_PageUp: -10,
    Qt.Key.Key_PageDown: 10,
}


class ReplayCursor(QObject):
    """A movable vertical line on `plot`, shown when no run is going on and the last
    run's tape fits the shown network. `epoch_shown` says the epoch shown (None: the
    design's own weights)."""

    epoch_shown = Signal(object)

    def __init__(
        self, plot: pg.PlotWidget, shown: ShownDesign, training: TrainingController
    ) -> None:
        super().__init__(plot)
        self.shown = shown
        self.training = training
        self.line = pg.InfiniteLine(
            angle=90, movable=True, pen=pg.mkPen(CURSOR_COLOUR, width=2),
            hoverPen=pg.mkPen(CURSOR_COLOUR, width=4),
            label="{value:.0f}", labelOpts=CURSOR_LABEL,
        )  # fmt: skip
        self.line.setToolTip(
            "Drag back along the run (or click the plot and press ← →, Page Up/Down for ten "
            "recordings, Home, End) to see the network as it was at that epoch"
        )
        plot.addItem(self.line, ignoreBounds=True)
        self.line.hide()
        self._placing = False
        self._follow = Throttle(DRAG_FOLLOW_SECONDS, self._replay_at_line, self)
        self._checked: tuple[int, ParameterTape | None, bool] = (-1, None, False)
        self.line.sigPositionChanged.connect(self._on_line_moved)
        self.line.sigPositionChangeFinished.connect(self._snap)
        training.state_changed.connect(self._on_training_state_changed)
        shown.replaced.connect(self._on_design_replaced)

    @property
    def tape(self) -> ParameterTape | None:
        """The last run's tape while the design still has the weights that run ended with
        (no undo, reset or edit since), checked once per revision of the results."""
        tape, results = self.training.tape, self.shown.results
        if tape is None or tape.end is None or len(tape.epochs) < 2:
            return None
        revision, checked, usable = self._checked
        if revision != results.revision or checked is not tape:
            try:
                usable = results.replaying is not None or tape.ends_with(results.network())
            except DesignError:
                usable = False
            self._checked = (results.revision, tape, usable)
        return tape if usable else None

    @property
    def epoch(self) -> int | None:
        """The replayed epoch, or None when the panels show the design's own weights."""
        replayed = self.shown.results.replaying
        return None if replayed is None else replayed.epoch

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self._show_cursor()

    def _on_training_state_changed(self, state: TrainingState) -> None:
        self._show_cursor()

    def _on_results_invalidated(self) -> None:
        """An edit ends a replay (the results say so): the line goes back to the end, or
        away when the network is no longer the one the run trained."""
        self._show_cursor()
        self.epoch_shown.emit(self.epoch)

    def _show_cursor(self) -> None:
        tape = self.tape if self.training.state is TrainingState.IDLE else None
        self.line.setVisible(tape is not None)
        if tape is not None and self.epoch is None:
            self._place(tape.end)

    def _place(self, epoch: int) -> None:
        """Move the line without replaying anything; its label on the roomier side."""
        self._placing = True
        try:
            self.line.setValue(epoch)
        finally:
            self._placing = False
        box = self.line.getViewBox()
        low, high = box.viewRange()[0] if box is not None else (0.0, 1.0)
        self.line.label.anchors = LEFT_OF_LINE if epoch > (low + high) / 2 else RIGHT_OF_LINE
        self.line.label.updatePosition()

    def _on_line_moved(self) -> None:
        if not self._placing:
            self._follow.request()

    def _snap(self) -> None:
        """At the end of a drag, the epoch under the line now (the line sits on it)."""
        self._follow.cancel()
        self._replay_at_line()

    def _replay_at_line(self) -> None:
        tape = self.tape
        if tape is not None:
            self.replay(tape.nearest(self.line.value()))

    def replay(self, epoch: int) -> None:
        """Show the network at the recorded `epoch` (the run's end: the design's own),
        the line there."""
        tape = self.tape
        if tape is None or self.training.state is not TrainingState.IDLE:
            return
        try:
            self.shown.results.replay(tape, None if epoch == tape.end else epoch)
        except DesignError:
            self.line.hide()
            return
        self._place(epoch)

    def step(self, key: Qt.Key) -> bool:
        """Move by a key press (see STEPS; Home goes to the start, End and Escape back to
        the run's end); False for a key it does not take or while hidden."""
        tape = self.tape
        if tape is None or not self.line.isVisible():
            return False
        epochs = tape.epochs
        current = epochs.index(tape.end if self.epoch is None else self.epoch)
        if key == Qt.Key.Key_Home:
            index = 0
        elif key in (Qt.Key.Key_End, Qt.Key.Key_Escape):
            index = epochs.index(tape.end)
        elif key in STEPS:
            index = min(max(current + STEPS[key], 0), len(epochs) - 1)
        else:
            return False
        self.replay(epochs[index])
        return True
