"""The design on screen and what the panels follow: its derived results, the canvas
selection and the hovered neuron.

Panels connect to `replaced` once. When another design is shown, every connection a
panel made to the old one through `follow` is dropped here, in one place, before
`replaced` is emitted; `close()` drops them at exit, before any widget is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakMethod

import shiboken6
from psygnal import SignalInstance
from PySide6.QtCore import QObject, Signal

from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.results import Results
from nndesigner.ui.canvas.scene import NetworkScene


class ShownDesign(QObject):
    """One design at a time, with its results cache and its canvas scene."""

    replaced = Signal()
    selection_changed = Signal()
    hovered = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.design = Design(NetworkDocument())
        self.results = Results(self.design)
        self.scene: NetworkScene | None = None
        self._followed: list[tuple[SignalInstance, WeakMethod]] = []

    def show(self, design: Design, scene: NetworkScene) -> None:
        """Make `design` the shown one (drawn by `scene`) and tell the panels."""
        self._drop_followed()
        self.results.close()
        if self.scene is not None:
            self.scene.selectionChanged.disconnect(self._on_scene_selection_changed)
            self.scene.neuron_hovered.disconnect(self.hovered)
        self.design = design
        self.results = Results(design)
        self.scene = scene
        scene.selectionChanged.connect(self._on_scene_selection_changed)
        scene.neuron_hovered.connect(self.hovered)
        self.replaced.emit()

    def follow(self, signal: SignalInstance, slot: Callable) -> None:
        """Connect the bound method `slot` to a signal of the shown design until another
        is shown. Kept weakly, as psygnal keeps it: a panel following the design must not
        be held in a cycle through this list."""
        signal.connect(slot)
        self._followed.append((signal, WeakMethod(slot)))

    def close(self) -> None:
        """Drop every connection to the design (at exit, before widgets go)."""
        self._drop_followed()
        self.results.close()

    def _drop_followed(self) -> None:
        for signal, weak_slot in self._followed:
            slot = weak_slot()
            if slot is not None:
                signal.disconnect(slot)
        self._followed.clear()

    # ----- the selection on the canvas ------------------------------------------------
    def selected_neurons(self) -> list[str]:
        return [] if self.scene is None else self.scene.selected_neuron_ids()

    def selected_synapses(self) -> list[str]:
        return [] if self.scene is None else self.scene.selected_synapse_ids()

    def selected_plot_neuron(self) -> str | None:
        """The id of the one selected hidden or output neuron, if exactly one is selected."""
        ids = self.selected_neurons()
        if len(ids) != 1 or self.design.document.neuron(ids[0]).role == "input":
            return None
        return ids[0]

    def _on_scene_selection_changed(self) -> None:
        if self.scene is not None and shiboken6.isValid(self.scene):
            self.selection_changed.emit()
