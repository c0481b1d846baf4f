"""The canvas tint from the results cache: each neuron shaded by its mean activation over
the data, after every change of the design (training runs tint it from their snapshots)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController


class CanvasShading(QObject):
    """Follows the shown design's results; idle while a run shows its own snapshots."""

    def __init__(
        self, shown: ShownDesign, training: TrainingController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.shown = shown
        self.training = training
        self._redraw = Throttle(0.0, self.redraw, self)
        shown.replaced.connect(self._on_design_replaced)

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self._redraw.request()

    def _on_results_invalidated(self) -> None:
        if not self.training.running:
            self._redraw.request()

    def redraw(self) -> None:
        scene = self.shown.scene
        if scene is None:
            return
        snapshot = self.shown.results.snapshot()
        scene.show_activity({} if snapshot is None else snapshot.mean_activations)
