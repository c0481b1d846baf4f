"""The training panel: data source, training settings and Train / Pause / Step / Stop /
Reset. The run happens on a background thread; every pause and the end of a run write the
trained weights to the document as one undo step."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nndesigner.engine.initialization import INITIALIZERS
from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.engine.losses import LOSSES
from nndesigner.engine.optimizers import OPTIMIZERS
from nndesigner.engine.parameter_tape import ParameterTape
from nndesigner.engine.training import EpochRecord, TrainingSettings
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.results import Replay
from nndesigner.model.run_checks import off_path_neurons
from nndesigner.model.training_run import (
    TrainingRun,
    fresh_parameters,
    prepare_run,
    progress_line,
    run_outcome,
)
from nndesigner.ui import dialogs
from nndesigner.ui.commands import (
    CompositeCommand,
    SetDesignFieldCommand,
    SetParametersCommand,
)
from nndesigner.ui.panels.overfitting_settings import add_overfitting_rows, overfitting_widgets
from nndesigner.ui.panels.scrolling import scrolled
from nndesigner.ui.panels.setting_widgets import (
    SEED_MAX,
    choice_box,
    count_box,
    edited,
    number_box,
    setting_value,
    show_setting,
)
from nndesigner.ui.plain_text import plain_label
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.training import SPEEDS, TrainingController, TrainingState


def _button(text: str, object_name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(object_name)
    button.setToolTip(tip)
    return button


class TrainingPanel(QWidget):
    """Settings and controls for training the shown design."""

    dataset_requested = Signal()
    csv_requested = Signal()
    status_changed = Signal(str)
    # Neuron ids the user chose to fix rather than train around.
    fix_requested = Signal(list)

    def __init__(self, undo_stack: QUndoStack, shown: ShownDesign) -> None:
        super().__init__()
        self.undo_stack = undo_stack
        self.shown = shown
        self.controller = TrainingController(self)
        self._run: TrainingRun | None = None
        self._run_design: Design | None = None
        self._last_record: EpochRecord | None = None
        self._started_at = 0.0

        self.data_label = plain_label("No data loaded.")
        self.data_label.setWordWrap(True)
        self.load_data_button = _button("Load CSV…", "load-data-button", "Train on a CSV file")
        self.load_dataset_button = _button(
            "Dataset…", "load-dataset-button", "Train on a bundled two-dimensional dataset"
        )
        self.loss = choice_box("loss-box", [(k, v.title) for k, v in LOSSES.items()])
        self.optimizer = choice_box(
            "optimizer-box", [(name, optimizer.title) for name, optimizer in OPTIMIZERS.items()]
        )
        self.learning_rate = number_box("learning-rate-box", 0.00001, 100.0, 5, step=0.01)
        self.batch_size = count_box("batch-size-box", 0)
        self.batch_size.setSpecialValueText("all rows")
        self.online_button = _button("Online SGD", "online-button", "Batch size 1")
        self.full_batch_button = _button("Full batch", "full-batch-button", "All rows per step")
        self.epochs = count_box("epochs-box", 1)
        self.seed = count_box("seed-box", 0, SEED_MAX)
        self.init = choice_box("init-box", [(name, name) for name in INITIALIZERS])
        self.speed = choice_box("speed-box", list(SPEEDS))  # a view choice, not saved
        self.speed.setToolTip("Slow training down to watch the cost, weights and boundary")
        self.validation_split = number_box("validation-split-box", 0.0, 0.9, 2, step=0.05)
        self.split_seed = count_box(
            "split-seed-box", 0, SEED_MAX,
            tip="Which rows are held out: its own seed, so changing the training seed "
            "validates on the same rows",
        )  # fmt: skip
        self.standardize_outputs = QCheckBox("Standardise")
        self.standardize_outputs.setObjectName("standardize-outputs")
        self.standardize_outputs.setToolTip(
            "Train on (target − mean) / std of the training rows; predictions stay in the "
            "data's units. Helps regressions whose targets are large numbers."
        )

        self.train_button = _button("Train", "train-button", "Train the network (F5)")
        self.train_button.setShortcut("F5")
        self.pause_button = _button("Pause", "pause-button", "Pause after this epoch (F6)")
        self.pause_button.setShortcut("F6")
        self.step_button = _button("Step", "step-button", "Train one epoch, then pause (F7)")
        self.step_button.setShortcut("F7")
        self.stop_button = _button("Stop", "stop-button", "Stop training (Shift+F5)")
        self.stop_button.setShortcut("Shift+F5")
        self.reset_button = _button("Reset weights", "reset-button", "Draw new random weights")
        self.status = plain_label("Ready.")
        self.status.setObjectName("training-status")
        self.status.setWordWrap(True)
        # Two lines, always: a longer status must not move the controls under it.
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(self.load_data_button)
        data_row.addWidget(self.load_dataset_button)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_size, 1)
        batch_row.addWidget(self.online_button)
        batch_row.addWidget(self.full_batch_button)
        form = QFormLayout()
        form.addRow("Data", data_row)
        # Speed high up: it matters while watching, and is in reach without scrolling.
        form.addRow("Speed", self.speed)
        form.addRow("Cost", self.loss)
        form.addRow("Optimiser", self.optimizer)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("Batch size", batch_row)
        form.addRow("Epochs", self.epochs)
        form.addRow("Seed", self.seed)
        form.addRow("Initialisation", self.init)
        split_row = QHBoxLayout()
        split_row.addWidget(self.validation_split, 1)
        split_row.addWidget(QLabel("rows seed"))
        split_row.addWidget(self.split_seed, 1)
        form.addRow("Validation split", split_row)
        form.addRow("Targets", self.standardize_outputs)
        overfitting = overfitting_widgets()
        add_overfitting_rows(form, overfitting)
        buttons = QGridLayout()
        buttons.addWidget(self.train_button, 0, 0)
        buttons.addWidget(self.pause_button, 0, 1)
        buttons.addWidget(self.step_button, 0, 2)
        buttons.addWidget(self.stop_button, 1, 0)
        buttons.addWidget(self.reset_button, 1, 1, 1, 2)
        # The controls and the status stay on top, always in reach; the settings scroll
        # when the panel is short (a 1280x720 screen).
        settings = QWidget()
        settings_layout = QVBoxLayout(settings)
        settings_layout.setContentsMargins(0, 0, 0, 0)
        settings_layout.addLayout(form)
        settings_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(scrolled(settings, "training-settings"), 1)

        self.load_data_button.clicked.connect(self.csv_requested)
        self.load_dataset_button.clicked.connect(self.dataset_requested)
        # Each training setting's widget, by the setting's name.
        self.setting_widgets: dict[str, QWidget] = {
            "loss": self.loss, "optimizer": self.optimizer, "init": self.init,
            "learning_rate": self.learning_rate, "batch_size": self.batch_size,
            "epochs": self.epochs, "seed": self.seed,
            "validation_split": self.validation_split, "split_seed": self.split_seed,
            "standardize_outputs": self.standardize_outputs, **overfitting,
        }  # fmt: skip
        for name, widget in self.setting_widgets.items():
            edited(widget).connect(
                lambda *_, name=name, widget=widget: self._set(**{name: setting_value(widget)})
            )
        self.online_button.clicked.connect(lambda: self.batch_size.setValue(1))
        self.full_batch_button.clicked.connect(lambda: self.batch_size.setValue(0))
        self.speed.activated.connect(lambda _: self.controller.set_pace(self.speed.currentData()))
        self.train_button.clicked.connect(lambda: self.start())
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.step_button.clicked.connect(self._on_step_button_clicked)
        self.stop_button.clicked.connect(self.controller.request_stop)
        self.reset_button.clicked.connect(self.reset_weights)
        events = self.controller.events
        events.progressed.connect(self._on_training_progressed)
        events.paused.connect(self._on_training_paused)
        events.failed.connect(self._on_training_failed)
        events.finished.connect(self._on_training_finished)
        self.controller.state_changed.connect(self._show_state)
        shown.replaced.connect(self._on_design_replaced)
        self._show_state()

    @property
    def running(self) -> bool:
        return self.controller.running

    @property
    def design(self) -> Design:
        return self.shown.design

    # ----- the design's settings -----------------------------------------------------------
    def _on_design_replaced(self) -> None:
        if self.running:
            self.controller.stop()
        self._run = self._run_design = None
        self.controller.tape = None
        self.status.setText("Ready.")
        events = self.design.events
        self.shown.follow(events.settings, self._on_design_settings_changed)
        self.shown.follow(events.data, self._show_data)
        self._show_settings()
        self._show_data()

    def _on_design_settings_changed(self, settings: TrainingSettings, _: object = None) -> None:
        self._show_settings()
        self.controller.set_learning_rate(settings.learning_rate)

    def _show_settings(self) -> None:
        """Show the design's settings (without emitting edits)."""
        for name, widget in self.setting_widgets.items():
            show_setting(widget, getattr(self.design.settings, name))

    def _show_data(self, *_: object) -> None:
        data = self.design.data
        if data is None:
            self.data_label.setText("No data loaded.")
            self.data_label.setToolTip("")
        else:
            # Short enough for the panel at 1280x720; the tooltip says the rest.
            self.data_label.setText(f"{data.short_name} ({data.row_count} rows)")
            details = "; ".join((data.dialect, *data.notes)) if data.dialect else ""
            self.data_label.setToolTip(f"{data.path}\n{details}".strip())

    def _set(self, **changes: object) -> None:
        new = replace(self.design.settings, **changes)
        if new != self.design.settings:
            name = ", ".join(changes).replace("_", " ")
            self.undo_stack.push(SetDesignFieldCommand(self.design, "settings", new, f"Set {name}"))

    # ----- running ----------------------------------------------------------------------------
    def start(self, pause_after_epoch: bool = False) -> None:
        """Compile the document and train the copy on the background thread."""
        if self.running:
            return
        settings: TrainingSettings = self.design.settings
        off_path = off_path_neurons(self.design.document)
        if off_path:
            labels = [self.design.document.neuron(i).label for i in off_path]
            if not dialogs.ask_train_anyway(self, labels):
                self.fix_requested.emit(off_path)
                return
        replaying = self.shown.results.replaying
        if replaying is not None:
            choice = dialogs.ask_train_from_epoch(self, replaying.epoch, settings.epochs)
            if choice is None:
                return
            if choice == "end":
                self.shown.results.replay(replaying.tape, None)
                replaying = None
        try:
            if self.design.data is None:
                raise DesignError("Load data before training.")
            inputs, targets = self.shown.results.arrays()
            network = self.shown.results.network().copy()  # a replayed epoch's weights too
            self._run = prepare_run(self.design, inputs, targets, settings, network=network)
            self._run_design = self.design
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return
        tape = None if replaying is None else self._go_back_to(replaying)
        if self._run.warnings:
            self.status_changed.emit(" ".join(self._run.warnings))
        self._last_record = None
        self._started_at = time.monotonic()
        plane = self.shown.design.input_features()
        self.controller.start(
            self._run.network, self._run.data, settings, pause_after_epoch, plane, tape
        )

    def _go_back_to(self, replaying: Replay) -> ParameterTape:
        """Put the replayed epoch's weights back into the design (one undo step; it ends
        the replay) and give the run's tape up to that epoch, for the new run to go on."""
        parameters = self.shown.results.network().export_parameters()
        epoch = replaying.epoch
        self.undo_stack.push(
            SetParametersCommand(self.design.document, parameters, f"Go back to epoch {epoch}")
        )
        return replaying.tape.until(epoch)

    def stop(self) -> None:
        """Stop and wait for the thread (closing, or another design shown)."""
        self.controller.stop()

    def reset_weights(self) -> None:
        if self.running:
            return
        try:
            network = self.shown.results.network().copy()
            parameters = fresh_parameters(network, self.design.settings)
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return
        self.undo_stack.push(
            SetParametersCommand(self.design.document, parameters, "Reset weights")
        )

    def _on_pause_button_clicked(self) -> None:
        if self.controller.state is TrainingState.PAUSED:
            self.controller.resume()
        else:
            self.controller.pause()

    def _on_step_button_clicked(self) -> None:
        if self.controller.state is TrainingState.PAUSED:
            self.controller.step()
        elif not self.running:
            self.start(pause_after_epoch=True)

    def _show_state(self, *_: object) -> None:
        state = self.controller.state
        idle = state is TrainingState.IDLE
        self.train_button.setEnabled(idle)
        self.pause_button.setEnabled(not idle)
        self.pause_button.setText("Resume" if state is TrainingState.PAUSED else "Pause")
        self.step_button.setEnabled(state is not TrainingState.RUNNING)
        self.stop_button.setEnabled(not idle)
        self.reset_button.setEnabled(idle)
        self.load_data_button.setEnabled(idle)
        self.load_dataset_button.setEnabled(idle)
        # The learning rate stays editable: a running training takes it up.
        for widget in (*self.setting_widgets.values(), self.online_button, self.full_batch_button):
            widget.setEnabled(idle or widget is self.learning_rate)

    def _progress_text(self) -> str:
        last = self._last_record
        if last is None or self._run is None:
            return "Training…"
        elapsed = time.monotonic() - self._started_at
        return progress_line(self._run, last, elapsed, self.controller.first_epoch)

    def _on_training_progressed(self, records: list) -> None:
        """The status follows every batch of records the worker sends (PROGRESS_INTERVAL
        apart), as the cost plot's readout does: both always name the same epoch."""
        self._last_record = records[-1]
        text = self._progress_text()
        self.status.setText(text)
        self.status_changed.emit(text)

    def _write_weights(self, snapshot: NetworkSnapshot, text: str) -> None:
        """The run's weights and what else it produced, as one undo step, into the design
        that was trained (a run still ending as another design is shown writes nothing)."""
        if self._run is None or self._run_design is not self.design:
            return
        records = [self._last_record] if self._last_record else []
        parts: list[QUndoCommand] = [
            SetParametersCommand(self.design.document, snapshot.parameters, "")
        ]
        parts += [
            SetDesignFieldCommand(self.design, name, value, "")
            for name, value in run_outcome(self._run, records).items()
        ]
        self.undo_stack.push(CompositeCommand(text, parts))

    def _on_training_paused(self, snapshot: NetworkSnapshot) -> None:
        self._write_weights(snapshot, "Train network (paused)")
        self.status.setText(f"Paused. {self._progress_text()}")

    def _on_training_failed(self, message: str) -> None:
        dialogs.show_error(self, f"Training stopped: {message}")

    def _on_training_finished(self, snapshot: NetworkSnapshot) -> None:
        self._write_weights(snapshot, "Train network")
        last = self._last_record
        if last is not None and last.stop_reason:
            self.status.setText(f"Done after {last.epoch} epochs: {last.stop_reason}.")
        elif last is not None:
            self.status.setText(f"Done: {last.epoch} epochs, cost {last.training_loss:.5g}.")
        else:
            self.status.setText("Stopped before the first epoch.")
        self.status_changed.emit(self.status.text())
        self._run = None
