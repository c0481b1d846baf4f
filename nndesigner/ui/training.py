"""Run the engine's training generator on a QThread and report to the GUI thread.

The worker owns a compiled copy of the network and never reads the document. It emits
the epoch records in batches at most every ~40 ms (no record is lost) and weight
snapshots at most every ~150 ms (the latest wins).
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread, Signal, Slot

from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.training import PreparedData, TrainingDiverged, TrainingSettings, train

PROGRESS_INTERVAL = 0.04
SNAPSHOT_INTERVAL = 0.15


class TrainingWorker(QObject):
    """Advances the training generator; lives on its own thread."""

    progressed = Signal(list)
    snapshot_taken = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, network: CompiledNetwork, data: PreparedData, settings: TrainingSettings
    ) -> None:
        super().__init__()
        self._network = network
        self._data = data
        self._settings = settings
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        pending: list = []
        last_progress = last_snapshot = time.monotonic()
        try:
            for record in train(self._network, self._data, self._settings, self._stop.is_set):
                pending.append(record)
                now = time.monotonic()
                if now - last_progress >= PROGRESS_INTERVAL:
                    self.progressed.emit(pending)
                    pending, last_progress = [], now
                if now - last_snapshot >= SNAPSHOT_INTERVAL:
                    self.snapshot_taken.emit(self._network.export_parameters())
                    last_snapshot = now
        except TrainingDiverged as error:
            self.failed.emit(str(error))
        finally:
            if pending:
                self.progressed.emit(pending)
            self.finished.emit(self._network.export_parameters())


class TrainingController(QObject):
    """Starts and stops one training run at a time on a background thread."""

    started = Signal()
    progressed = Signal(list)
    snapshot_taken = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(
        self, network: CompiledNetwork, data: PreparedData, settings: TrainingSettings
    ) -> None:
        if self.running:
            return
        self._thread = QThread()
        self._worker = TrainingWorker(network, data, settings)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.snapshot_taken.connect(self.snapshot_taken)
        self._worker.failed.connect(self.failed)
        self._worker.finished.connect(self._on_worker_finished)
        self._thread.start()
        self.started.emit()

    def stop(self, timeout_ms: int = 5000) -> None:
        """Ask the worker to stop and wait for its thread (used on close)."""
        if self._worker is not None:
            self._worker.request_stop()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    def request_stop(self) -> None:
        if self._worker is not None:
            self._worker.request_stop()

    def _on_worker_finished(self, parameters: object) -> None:
        thread = self._thread
        self._thread = self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait()
        self.finished.emit(parameters)
