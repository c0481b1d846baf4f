"""What the canvas shows of the network at work: each neuron shaded by its mean
activation over the data and, when neuron maps are on, its map inside its circle; the
synapses by their weights, or, in the gradient flow view, synapses and neurons by their
gradients with the view's key over the canvas. From the results cache after every change
of the design, and from the snapshots while a run goes on."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.ui.canvas.gradient_overlay import GradientOverlay
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController

# Neuron maps (which need two inputs) are on by default for designs of up to this many
# neurons, unless the user turned them off.
MAPS_BY_DEFAULT_UP_TO = 50


class CanvasShading(QObject):
    """Follows the shown design's results, and a run's snapshots while there is one."""

    def __init__(
        self,
        shown: ShownDesign,
        training: TrainingController,
        overlay: GradientOverlay,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.shown = shown
        self.training = training
        self.overlay = overlay
        self.maps_shown = False
        self.gradients_shown = False
        # Whether the synapses show a replayed epoch's weights rather than the document's.
        self._replay_shown = False
        self._redraw = Throttle(0.0, self.redraw, self)
        shown.replaced.connect(self._on_design_replaced)
        training.events.connect_weights_shown(self._on_training_snapshot_taken)

    def show_maps(self, shown: bool) -> None:
        """Neuron maps on or off, for the design shown and for the snapshots of runs."""
        self.maps_shown = shown
        self.training.want_in_snapshots(maps=shown)
        if not self.training.running:
            self._redraw.request()

    def show_gradient_flow(self, shown: bool) -> None:
        """The gradient flow view on or off."""
        self.gradients_shown = shown
        if shown:
            self.training.want_in_snapshots(gradients=True)
        if not self.training.running:
            self._redraw.request()
        elif not shown:
            self._show_gradients(None)

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self._redraw.request()

    def _on_results_invalidated(self) -> None:
        if not self.training.running:
            self._redraw.request()

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        scene = self.shown.scene
        if scene is not None:
            scene.show_live_parameters(snapshot.parameters)
            self._show(snapshot)

    def redraw(self) -> None:
        """From the results: what the design's own weights do (or, while a run is
        replayed, the weights it had at that epoch, on the synapses too)."""
        results, scene = self.shown.results, self.shown.scene
        replaying = results.replaying is not None
        if scene is not None and replaying:
            scene.show_live_parameters(results.network().export_parameters())
        elif scene is not None and self._replay_shown:
            scene.show_live_parameters(self.shown.design.document.parameters())
        self._replay_shown = replaying
        self._show(results.snapshot())

    def _show(self, snapshot: NetworkSnapshot | None) -> None:
        scene = self.shown.scene
        if scene is None:
            return
        scene.show_activity({} if snapshot is None else snapshot.mean_activations)
        # The gradient flow view fills the neurons with their |delta|, over the maps.
        maps = self.maps_shown and not self.gradients_shown
        scene.show_maps(snapshot.maps if snapshot is not None and maps else None)
        self._show_gradients(snapshot if self.gradients_shown else None)

    def _show_gradients(self, snapshot: NetworkSnapshot | None) -> None:
        scene = self.shown.scene
        flow = None if snapshot is None else snapshot.gradients
        scale = None if scene is None else scene.show_gradients(flow)
        self.overlay.show_flow(flow, scale)
