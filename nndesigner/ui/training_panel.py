"""The training dock: Train/Stop, a status line and the live cost plot."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nndesigner.engine.spec import Parameters
from nndesigner.engine.training import EpochRecord, TrainingSettings
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.training_run import TrainingRun, prepare_run, record_run
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.commands import SetParametersCommand
from nndesigner.ui.cost_plot import CostPlot
from nndesigner.ui.dialogs import show_error
from nndesigner.ui.training import TrainingController


class TrainingPanel(QWidget):
    """Trains the shown design on a background thread; the result is one undo step."""

    def __init__(self, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.undo_stack = undo_stack
        self.design: Design | None = None
        self.scene: NetworkScene | None = None
        self.controller = TrainingController(self)
        self.cost_plot = CostPlot()
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("train-button")
        self.train_button.setToolTip("Train the network on its data (F5)")
        self.train_button.setShortcut("F5")
        self.status = QLabel("Ready.")
        self.status.setObjectName("training-status")
        self._run: TrainingRun | None = None
        self._records: list[EpochRecord] = []

        controls = QHBoxLayout()
        controls.addWidget(self.train_button)
        controls.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.cost_plot, 1)

        self.train_button.clicked.connect(self._on_train_button_clicked)
        self.controller.progressed.connect(self._on_controller_progressed)
        self.controller.snapshot_taken.connect(self._on_controller_snapshot_taken)
        self.controller.failed.connect(self._on_controller_failed)
        self.controller.finished.connect(self._on_controller_finished)

    @property
    def running(self) -> bool:
        return self.controller.running

    def show_design(self, design: Design, scene: NetworkScene) -> None:
        self.design, self.scene = design, scene
        self.cost_plot.clear_curve()
        data = f"data: {design.data.path}" if design.data is not None else "no data loaded"
        self.status.setText(f"Ready ({data}).")

    def start(self, settings: TrainingSettings | None = None) -> None:
        """Compile the document and train the copy on the background thread."""
        if self.design is None or self.running:
            return
        settings = settings or self.design.settings
        try:
            if self.design.data is None:
                raise DesignError("Load data before training.")
            inputs, targets = self.design.data_arrays()
            self._run = prepare_run(self.design, inputs, targets, settings)
        except DesignError as error:
            show_error(self, str(error))
            return
        self._records = []
        self.cost_plot.clear_curve()
        self.train_button.setText("Stop")
        self.status.setText("Training…")
        self.controller.start(self._run.network, self._run.data, settings)

    def stop(self) -> None:
        self.controller.stop()

    def _on_train_button_clicked(self) -> None:
        if self.running:
            self.controller.request_stop()
        else:
            self.start()

    def _on_controller_progressed(self, records: list) -> None:
        self._records += records
        self.cost_plot.append(records)
        last = records[-1]
        self.status.setText(f"Epoch {last.epoch}: cost {last.training_loss:.5f}")

    def _on_controller_snapshot_taken(self, parameters: Parameters) -> None:
        if self.scene is not None:
            self.scene.show_live_parameters(parameters)

    def _on_controller_failed(self, message: str) -> None:
        show_error(self, f"Training stopped: {message}")

    def _on_controller_finished(self, parameters: Parameters) -> None:
        self.train_button.setText("Train")
        if self.design is None or self._run is None:
            return
        self.undo_stack.push(
            SetParametersCommand(self.design.document, parameters, "Train network")
        )
        record_run(self.design, self._run, self._records)
        self._run = None
