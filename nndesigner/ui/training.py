"""Run the engine's training generator on a QThread and report to the GUI thread.

The worker owns a compiled copy of the network and never reads the document. It emits
the epoch records in batches at most every ~40 ms (no record is lost), snapshots of the
weights and neuron values at most every ~150 ms (the latest wins), and can pause at an
epoch boundary, step one epoch, change the learning rate and stop.
"""

from __future__ import annotations

import threading
import time
from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from nndesigner.engine.inspection import take_snapshot
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.training import (
    PreparedData,
    TrainingControl,
    TrainingDiverged,
    TrainingSettings,
    train,
)

PROGRESS_INTERVAL = 0.04
SNAPSHOT_INTERVAL = 0.2
# The decision boundary (a forward pass over a grid) is refreshed less often.
GRID_INTERVAL = 0.6


class TrainingState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"


class TrainingWorker(QObject):
    """Advances the training generator on its own thread."""

    progressed = Signal(list)
    snapshot_taken = Signal(object)
    paused = Signal(object)
    resumed = Signal()
    failed = Signal(str)
    finished = Signal(object)

    def __init__(
        self,
        network: CompiledNetwork,
        data: PreparedData,
        settings: TrainingSettings,
        pause_after_epoch: bool = False,
    ) -> None:
        super().__init__()
        self._network = network
        self._data = data
        self._settings = settings
        self.control = TrainingControl()
        self._running = threading.Event()
        self._running.set()
        self._pause_after_epoch = pause_after_epoch

    # Called from the GUI thread -------------------------------------------------------
    def request_pause(self) -> None:
        self._pause_after_epoch = True

    def resume(self) -> None:
        self._pause_after_epoch = False
        self._running.set()

    def step(self) -> None:
        """Run one more epoch, then pause again."""
        self._pause_after_epoch = True
        self._running.set()

    def request_stop(self) -> None:
        self.control.request_stop()
        self._running.set()

    def set_learning_rate(self, learning_rate: float) -> None:
        self.control.learning_rate = learning_rate

    # On the worker thread -------------------------------------------------------------
    def _snapshot(self, with_grid: bool = True):  # noqa: ANN202 (NetworkSnapshot)
        preprocessing = self._data.preprocessing if with_grid else None
        return take_snapshot(self._network, self._data.train_inputs, preprocessing)

    @Slot()
    def run(self) -> None:
        pending: list = []
        last_progress = last_snapshot = last_grid = time.monotonic()
        try:
            for record in train(self._network, self._data, self._settings, self.control):
                pending.append(record)
                now = time.monotonic()
                if now - last_progress >= PROGRESS_INTERVAL:
                    self.progressed.emit(pending)
                    pending, last_progress = [], now
                if now - last_snapshot >= SNAPSHOT_INTERVAL:
                    with_grid = now - last_grid >= GRID_INTERVAL
                    self.snapshot_taken.emit(self._snapshot(with_grid))
                    last_snapshot = now
                    last_grid = now if with_grid else last_grid
                if self._pause_after_epoch and record.epoch < self._settings.epochs:
                    if pending:
                        self.progressed.emit(pending)
                        pending = []
                    self._running.clear()
                    self.paused.emit(self._snapshot())
                    self._running.wait()
                    if not self.control.stop_requested:
                        self.resumed.emit()
        except TrainingDiverged as error:
            self.failed.emit(str(error))
        finally:
            if pending:
                self.progressed.emit(pending)
            self.finished.emit(self._snapshot())
            QThread.currentThread().quit()


class TrainingController(QObject):
    """One training run at a time on a background thread, with its state."""

    started = Signal()
    progressed = Signal(list)
    snapshot_taken = Signal(object)
    paused = Signal(object)
    resumed = Signal()
    failed = Signal(str)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self.state = TrainingState.IDLE

    @property
    def running(self) -> bool:
        """True while a run exists, paused or not."""
        return self._thread is not None

    def start(
        self,
        network: CompiledNetwork,
        data: PreparedData,
        settings: TrainingSettings,
        pause_after_epoch: bool = False,
    ) -> None:
        if self.running:
            return
        self._thread = QThread()
        self._worker = TrainingWorker(network, data, settings, pause_after_epoch)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.snapshot_taken.connect(self.snapshot_taken)
        self._worker.paused.connect(self._on_worker_paused)
        self._worker.resumed.connect(self._on_worker_resumed)
        self._worker.failed.connect(self.failed)
        self._worker.finished.connect(self._on_worker_finished)
        self.state = TrainingState.RUNNING
        self._thread.start()
        self.started.emit()

    def pause(self) -> None:
        if self._worker is not None:
            self._worker.request_pause()

    def resume(self) -> None:
        if self._worker is not None:
            self._worker.resume()

    def step(self) -> None:
        if self._worker is not None:
            self._worker.step()

    def set_learning_rate(self, learning_rate: float) -> None:
        if self._worker is not None:
            self._worker.set_learning_rate(learning_rate)

    def request_stop(self) -> None:
        if self._worker is not None:
            self._worker.request_stop()

    def stop(self, timeout_ms: int = 5000) -> None:
        """Stop the worker, wait for its thread and deliver its last signals now (used on
        close and when another design is shown)."""
        self.request_stop()
        if self._thread is not None:
            self._thread.wait(timeout_ms)
            QCoreApplication.sendPostedEvents(self)

    def _on_worker_paused(self, snapshot: object) -> None:
        self.state = TrainingState.PAUSED
        self.paused.emit(snapshot)

    def _on_worker_resumed(self) -> None:
        self.state = TrainingState.RUNNING
        self.resumed.emit()

    def _on_worker_finished(self, snapshot: object) -> None:
        thread = self._thread
        self._thread = self._worker = None
        self.state = TrainingState.IDLE
        if thread is not None:
            thread.quit()
            thread.wait()
        self.finished.emit(snapshot)
