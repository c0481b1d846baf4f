"""Step mode's controls: walk one online-SGD step on the chosen data row phase by phase
(Step mode, Next / Back buttons, or the Right / Left arrow keys).

`phase_shown` carries each phase for the canvas (None when step mode ends) and
`update_ready` the parameters the update phase writes, so a full cycle leaves the design
exactly one SGD step further.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QPushButton, QSpinBox, QWidget

from nndesigner.engine.spec import Parameters
from nndesigner.engine.trace import StepTrace
from nndesigner.model.errors import DesignError
from nndesigner.model.step_mode import Phase, step_phases
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign


class StepControls(QWidget):
    """The Step mode toggle, Back and Next, and the current phase in words."""

    phase_shown = Signal(object)
    update_ready = Signal(object)

    def __init__(self, row_box: QSpinBox, shown: ShownDesign) -> None:
        super().__init__()
        self._row_box = row_box
        self._shown = shown
        self.trace: StepTrace | None = None
        self.phases: list[Phase] = []
        self.phase_index = -1
        self._applying = False
        self.step_button = QPushButton("Step mode")
        self.step_button.setObjectName("step-mode-button")
        self.step_button.setCheckable(True)
        self.step_button.toggled.connect(self._on_toggled)
        self.back_button = QPushButton("◀ Back")
        self.back_button.setObjectName("step-back-button")
        self.next_button = QPushButton("Next ▶")
        self.next_button.setObjectName("step-next-button")
        self.back_button.clicked.connect(self.step_back)
        self.next_button.clicked.connect(self.step_next)
        self.phase_label = plain_label("")
        self.phase_label.setObjectName("step-phase")
        self.phase_label.setWordWrap(True)
        self._keys = [
            QShortcut(QKeySequence(Qt.Key.Key_Right), self, self.step_next),
            QShortcut(QKeySequence(Qt.Key.Key_Left), self, self.step_back),
        ]
        for key in self._keys:
            key.setContext(Qt.ShortcutContext.WindowShortcut)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for column, button in enumerate((self.step_button, self.back_button, self.next_button)):
            layout.addWidget(button, 0, column)
        layout.addWidget(self.phase_label, 1, 0, 1, 3)
        self._show_controls()
        shown.replaced.connect(self._on_design_replaced)

    def _on_design_replaced(self) -> None:
        """Another design: the walk (and its trace) belonged to the one before."""
        self.stop()
        self._shown.follow(self._shown.results.invalidated, self._on_design_changed)

    def _on_toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        """Trace the chosen row and show its first forward phase."""
        try:
            self.trace = self._shown.results.trace(self._row_box.value() - 1)
        except DesignError as error:
            self.phase_label.setText(f"Step mode needs data: {error}")
            self.step_button.setChecked(False)
            return
        self.phases = step_phases(self.trace)
        self._show_phase(0)

    def stop(self) -> None:
        self.phases = []
        self.phase_index = -1
        self.step_button.setChecked(False)
        self.phase_label.setText("")
        self.phase_shown.emit(None)
        self._show_controls()

    def _on_design_changed(self) -> None:
        """An edit made outside step mode ends it: its trace no longer matches."""
        if self.phases and not self._applying:
            self.stop()

    def step_next(self) -> None:
        """The next phase; after the update, the same walk on the next row."""
        if not self.phases:
            return
        if self.phase_index == len(self.phases) - 1:
            self._row_box.setValue(self._row_box.value() % self._row_box.maximum() + 1)
            self.start()
            return
        self._show_phase(self.phase_index + 1)

    def step_back(self) -> None:
        if self.phases and 0 < self.phase_index < len(self.phases) - 1:
            self._show_phase(self.phase_index - 1)

    def _show_phase(self, index: int) -> None:
        self.phase_index = index
        phase = self.phases[index]
        self.phase_label.setText(
            f"Row {self._row_box.value()}, phase {index + 1} of {len(self.phases)}. {phase.title}"
        )
        self.phase_shown.emit(phase)
        if phase.kind == "update":
            self._applying = True
            try:
                self.update_ready.emit(self._updated_parameters())
            finally:
                self._applying = False
        self._show_controls()

    def _updated_parameters(self) -> Parameters:
        """The design's parameters with the trace's new weights and biases."""
        current = self._shown.design.document.parameters()
        weights = {i: s.new_weight for i, s in self.trace.synapses.items()}
        biases = {i: n.new_bias for i, n in self.trace.neurons.items() if n.new_bias is not None}
        return Parameters(weights, biases, current.alphas)

    def _show_controls(self) -> None:
        active = bool(self.phases)
        self.next_button.setEnabled(active)
        self.back_button.setEnabled(active and 0 < self.phase_index < len(self.phases) - 1)
        self._row_box.setEnabled(not active)
        for key in self._keys:
            key.setEnabled(active)
