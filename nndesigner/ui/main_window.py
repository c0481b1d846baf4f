"""The main window: canvas, Train button and live cost plot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nndesigner.engine.spec import Parameters
from nndesigner.engine.training import EpochRecord, TrainingSettings
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.training_run import TrainingRun, prepare_run, record_run
from nndesigner.ui.canvas import NetworkScene, NetworkView
from nndesigner.ui.commands import SetParametersCommand
from nndesigner.ui.cost_plot import CostPlot
from nndesigner.ui.dialogs import show_error
from nndesigner.ui.training import TrainingController


class MainWindow(QMainWindow):
    """One design: draw it, train it, watch the cost fall."""

    def __init__(self, design: Design) -> None:
        super().__init__()
        self.setWindowTitle("nndesigner")
        self.design = design
        self.undo_stack = QUndoStack(self)
        self.scene = NetworkScene(design.document)
        self.canvas = NetworkView(self.scene)
        self.cost_plot = CostPlot()
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("train-button")
        self.status = QLabel("Ready.")
        self.status.setObjectName("training-status")
        self.training = TrainingController(self)
        self._run: TrainingRun | None = None
        self._records: list[EpochRecord] = []

        controls = QHBoxLayout()
        controls.addWidget(self.train_button)
        controls.addWidget(self.status, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(controls)
        right_layout.addWidget(self.cost_plot, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.canvas)
        splitter.addWidget(right)
        splitter.setSizes([560, 400])
        self.setCentralWidget(splitter)
        self.resize(1000, 600)

        self.train_button.clicked.connect(self._on_train_button_clicked)
        self.training.progressed.connect(self._on_training_progressed)
        self.training.snapshot_taken.connect(self.scene.show_live_parameters)
        self.training.failed.connect(self._on_training_failed)
        self.training.finished.connect(self._on_training_finished)

    def start_training(self, settings: TrainingSettings | None = None) -> None:
        """Compile the document and train the copy on the background thread."""
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
        self.training.start(self._run.network, self._run.data, settings)

    def _on_train_button_clicked(self) -> None:
        if self.training.running:
            self.training.request_stop()
        else:
            self.start_training()

    def _on_training_progressed(self, records: list) -> None:
        self._records += records
        self.cost_plot.append(records)
        last = records[-1]
        self.status.setText(f"Epoch {last.epoch}: cost {last.training_loss:.5f}")

    def _on_training_failed(self, message: str) -> None:
        show_error(self, f"Training stopped: {message}")

    def _on_training_finished(self, parameters: Parameters) -> None:
        self.undo_stack.push(
            SetParametersCommand(self.design.document, parameters, "Train network")
        )
        if self._run is not None:
            record_run(self.design, self._run, self._records)
        self.train_button.setText("Train")
        if not self.status.text().startswith("Epoch"):
            self.status.setText("Stopped.")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.training.stop()
        super().closeEvent(event)
