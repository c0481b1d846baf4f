"""The activation view: with one hidden or output neuron selected, its activation plot
and the note on its activation; otherwise the gallery of every activation.

Both plots stay alive in a stacked widget; the view redraws when the selection changes,
when the design changes (an undone activation, new weights) and from training
snapshots, always from the shown design and its results.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from nndesigner.engine.activations import get_activation
from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.ui.panels.activation_plot import GalleryPlot, NeuronPlot
from nndesigner.ui.panels.scrolling import scrolled
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController

GALLERY_NOTE = (
    "Every activation: a = f(z) in blue, its slope f'(z) dashed. Hover one for a note on it; "
    "select a neuron to see its own."
)


class ActivationView(QWidget):
    """Gallery or the selected neuron's plot, with the note below it."""

    def __init__(self, shown: ShownDesign, training: TrainingController) -> None:
        super().__init__()
        self.shown = shown
        self.training = training
        self.gallery = GalleryPlot()
        self.neuron_plot = NeuronPlot()
        self.stack = QStackedWidget()
        self.stack.setObjectName("activation-plot")
        self.stack.setMinimumHeight(160)
        self.stack.addWidget(self.gallery)
        self.stack.addWidget(self.neuron_plot)
        self.note = QLabel(GALLERY_NOTE)
        self.note.setObjectName("activation-note")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack, 1)
        # A fixed height that scrolls: a new text must not resize (and re-lay out) the
        # plots, and a long note must not be cut off.
        note_area = scrolled(self.note, "activation-note-scroll")
        note_area.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 6)
        column.addWidget(note_area)
        self._redraw = Throttle(0.0, self.redraw, self)
        shown.replaced.connect(self._on_design_replaced)
        shown.selection_changed.connect(self.redraw)
        training.events.connect_weights_shown(self._on_training_snapshot_taken)

    @property
    def mode(self) -> str:
        """ "gallery" or "neuron": what the user sees."""
        return "neuron" if self.stack.currentWidget() is self.neuron_plot else "gallery"

    def _on_design_replaced(self) -> None:
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self.redraw()

    def _on_results_invalidated(self) -> None:
        """Redraw, unless a run is going on (its snapshots show the live values)."""
        if not self.training.running:
            self._redraw.request()

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        if self.shown.selected_plot_neuron() is not None:
            self.redraw(snapshot)

    def _shared_note(self) -> str | None:
        """The note on the activation of several selected neurons, when they share one
        (a Diagnosis notice selects the neurons it names)."""
        document = self.shown.design.document
        ids = self.shown.selected_neurons()
        names = {document.neuron(i).activation for i in ids}
        if len(ids) < 2 or len(names) != 1 or document.neuron(ids[0]).role == "input":
            return None
        activation = get_activation(names.pop())
        return f"{activation.title}: {activation.note}"

    def redraw(self, snapshot: NetworkSnapshot | None = None) -> None:
        """The selected neuron's activation with its z values (from `snapshot`, or the
        design's results), or the gallery."""
        self._redraw.cancel()
        neuron_id = self.shown.selected_plot_neuron()
        if neuron_id is None:
            self.stack.setCurrentWidget(self.gallery)
            self.note.setText(self._shared_note() or GALLERY_NOTE)
            return
        neuron = self.shown.design.document.neuron(neuron_id)
        snapshot = snapshot or self.shown.results.snapshot()
        values = None if snapshot is None else snapshot.pre_activations.get(neuron_id)
        self.neuron_plot.show_neuron(neuron.label, neuron.activation, neuron.alpha, values)
        self.note.setText(get_activation(neuron.activation).note)
        self.stack.setCurrentWidget(self.neuron_plot)
