"""The Diagnosis panel: what is going wrong in the last run, in plain sentences
(model/diagnosis.py), live while a run goes on (every DIAGNOSIS_INTERVAL at most) and
after it, with a link from each notice about neurons to the activation guide: "Show"
selects them, and the activation plot beside the canvas explains their activation."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nndesigner.engine.diagnosis import Notice
from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.engine.training import EpochRecord
from nndesigner.model.diagnosis import diagnose_results
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.throttle import Throttle
from nndesigner.ui.training import TrainingController, TrainingState

DIAGNOSIS_INTERVAL = 2.0
NOTHING_YET = "Train the network: what goes wrong in a run is explained here."
ALL_WELL = "Nothing looks wrong in the last run."


class DiagnosisPanel(QWidget):
    """The notices of the shown design's last run; `neurons_shown(ids)` asks the window
    to select the neurons a notice is about."""

    neurons_shown = Signal(list)
    notices_changed = Signal(int)

    def __init__(self, shown: ShownDesign, training: TrainingController) -> None:
        super().__init__()
        self.setObjectName("diagnosis-panel")
        self.shown = shown
        self.training = training
        self.records: list[EpochRecord] = []
        self.notices: tuple[Notice, ...] = ()
        self._shown: tuple = ()
        self.summary = plain_label(NOTHING_YET)
        self.summary.setObjectName("diagnosis-summary")
        self.summary.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.summary)
        self._rows: list[QLabel] = []
        self._layout.addStretch(1)
        self._live = Throttle(DIAGNOSIS_INTERVAL)
        self._redraw = Throttle(0.0, self.redraw, self)
        training.want_in_snapshots(gradients=True)
        training.state_changed.connect(self._on_training_state_changed)
        training.events.progressed.connect(self._on_training_progressed)
        training.events.snapshot_taken.connect(self._on_training_snapshot_taken)
        shown.replaced.connect(self._on_design_replaced)

    def _on_design_replaced(self) -> None:
        self.records = []
        self.shown.follow(self.shown.results.invalidated, self._on_results_invalidated)
        self.redraw()

    def _on_results_invalidated(self) -> None:
        if not self.training.running:
            self._redraw.request()

    def _on_training_state_changed(self, state: TrainingState) -> None:
        if state is TrainingState.RUNNING:
            self._live.due()  # the first live diagnosis one interval from now
        else:
            self._redraw.request()

    def _on_training_progressed(self, records: list[EpochRecord]) -> None:
        if self.records and records and records[0].epoch <= self.records[-1].epoch:
            self.records = []  # a new run
        self.records.extend(records)

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        if self._live.due():
            self._diagnose(snapshot)

    def redraw(self) -> None:
        """After a run (or any change): the design's own weights on its training rows."""
        self._diagnose()

    def _diagnose(self, snapshot: NetworkSnapshot | None = None) -> None:
        notices = diagnose_results(self.shown.results, self.records, snapshot)
        if notices is None:
            self.show_notices((), NOTHING_YET)
        else:
            self.show_notices(notices, ALL_WELL)

    def show_notices(self, notices: tuple[Notice, ...], empty: str) -> None:
        """One row per notice (with a Show link when it names neurons), or `empty`."""
        if (notices, empty) == self._shown:
            return
        self._shown = (notices, empty)
        self.notices = notices
        for row in self._rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows = []
        self.summary.setText(
            empty
            if not notices
            else f"{len(notices)} {'thing' if len(notices) == 1 else 'things'} to look at:"
        )
        for index, notice in enumerate(notices):
            link = f' <a href="{index}">Show</a>' if notice.neurons else ""
            row = QLabel(f"• {escape(notice.text)}{link}")
            row.setObjectName(f"diagnosis-{notice.kind}")
            row.setWordWrap(True)
            row.setTextFormat(Qt.TextFormat.RichText)
            row.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            row.linkActivated.connect(self._on_link_activated)
            self._layout.insertWidget(1 + index, row)
            self._rows.append(row)
        self.notices_changed.emit(len(notices))

    @property
    def rows(self) -> list[QLabel]:
        return list(self._rows)

    def _on_link_activated(self, href: str) -> None:
        self.neurons_shown.emit(list(self.notices[int(href)].neurons))
