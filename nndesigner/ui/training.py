"""Run the engine's training generator on a QThread and report to the GUI thread.

The worker owns a compiled copy of the network and never reads the document. It emits
the epoch records in batches at most every ~40 ms (no record is lost) and snapshots of
the weights and neuron values every 0.2-2 s, as often as the window can afford to show
them (snapshot_pacing); it can pause at an epoch boundary, step one epoch, change the
learning rate and stop.

It emits straight on the controller's `TrainingEvents`, an object of the GUI thread that
lives as long as the window: panels connect to it once, and every signal crosses from
the worker to them in one hop (queued by Qt, since the events object lives elsewhere).
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import replace
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal, Slot

from nndesigner.engine.data_split import PreparedData
from nndesigner.engine.features import InputFeatures
from nndesigner.engine.inspection import SnapshotContents, take_snapshot
from nndesigner.engine.kernel_choice import KernelUnavailable
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.parameter_tape import ParameterTape
from nndesigner.engine.training import TrainingControl, TrainingDiverged, TrainingSettings, train
from nndesigner.ui.snapshot_pacing import SHORTEST, SnapshotPacing
from nndesigner.ui.throttle import Throttle

PROGRESS_INTERVAL = 0.04
# When the window has not yet taken the last progress signal as the next one is due, the
# worker sleeps this long first, so the window's thread surely gets the GIL: a worker
# whose epochs take microseconds would otherwise take the GIL back, thousands of times a
# second, before the waiting thread wakes.
GIL_PAUSE = 0.002
# The decision boundary (a forward pass over a grid) is refreshed at every third snapshot.
GRID_EVERY = 3


class TrainingState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"


# Epochs per second a run may take (None: as fast as possible), as the panel offers them.
SPEEDS = (
    (None, "As fast as possible"),
    (1000.0, "1000 epochs a second"),
    (100.0, "100 epochs a second"),
    (10.0, "10 epochs a second"),
    (1.0, "1 epoch a second"),
)


class Pace:
    """At most `epochs_per_second` epochs a second (None: as fast as the machine goes),
    so a learner can follow the cost, the weights and the boundary. The worker calls
    `after_epoch`; a wait ends early on `wake` (a stop, or a new pace)."""

    def __init__(self, epochs_per_second: float | None = None) -> None:
        self.epochs_per_second = epochs_per_second
        # Set when the pace made the worker wait (read and cleared by the GUI thread).
        self.slept = False
        self._woken = threading.Event()
        self._lock = threading.Lock()  # set() comes from the GUI thread
        self.restart()

    def restart(self) -> None:
        """Count from now (after a pause, or when the pace changes)."""
        with self._lock:
            self._since = time.monotonic()
            self._epochs = 0

    def set(self, epochs_per_second: float | None) -> None:
        with self._lock:
            self.epochs_per_second = epochs_per_second
            self._since = time.monotonic()
            self._epochs = 0
        self.wake()

    def wake(self) -> None:
        self._woken.set()

    def after_epoch(self) -> None:
        with self._lock:
            rate = self.epochs_per_second
            if not rate:
                return
            self._epochs += 1
            wait = self._since + self._epochs / rate - time.monotonic()
        if wait > 0:
            self.slept = True
            self._woken.wait(wait)
            self._woken.clear()
        elif wait < -1.0:  # far behind (a slow epoch): do not race to catch up
            self.restart()


class TrainingEvents(QObject):
    """What a run reports: epoch records, snapshots, pause, resume, failure, the end."""

    progressed = Signal(list)
    snapshot_taken = Signal(object)
    paused = Signal(object)
    resumed = Signal()
    failed = Signal(str)
    finished = Signal(object)

    def connect_weights_shown(self, slot: object) -> None:
        """`slot(snapshot)` for every snapshot that shows the run's weights: the live
        ones, the one at a pause, and the last one."""
        for signal in (self.snapshot_taken, self.paused, self.finished):
            signal.connect(slot)


class TrainingWorker(QObject):
    """Advances the training generator on its own thread."""

    def __init__(
        self,
        events: TrainingEvents,
        network: CompiledNetwork,
        data: PreparedData,
        settings: TrainingSettings,
        pause_after_epoch: bool = False,
        epochs_per_second: float | None = None,
        contents: SnapshotContents | None = None,
        *,
        tape: ParameterTape,
        first_epoch: int = 0,
    ) -> None:
        super().__init__()
        self.events = events
        # The run's parameters for replay (recorded here only); its epochs count on from
        # `first_epoch`.
        self.tape = tape
        self.first_epoch = first_epoch
        # What the snapshots hold; the GUI thread replaces it as the panels ask.
        self.contents = contents or SnapshotContents()
        self.pace = Pace(epochs_per_second)
        self._network = network
        self._data = data
        self._settings = settings
        self.control = TrainingControl()
        self._running = threading.Event()
        self._running.set()
        self._pause_after_epoch = pause_after_epoch
        # Seconds between live snapshots; the GUI thread sets it (see snapshot_pacing).
        self.snapshot_interval = SHORTEST
        # Set by the GUI thread as it takes each progress signal and each snapshot: the
        # next snapshot waits until the last one was taken (and its pace set).
        self.progress_taken = threading.Event()
        self.progress_taken.set()
        self.snapshot_taken = threading.Event()
        self.snapshot_taken.set()

    # Called from the GUI thread -------------------------------------------------------
    def request_pause(self) -> None:
        self._pause_after_epoch = True
        self.pace.wake()

    def resume(self) -> None:
        self._pause_after_epoch = False
        self._running.set()

    def step(self) -> None:
        """Run one more epoch, then pause again."""
        self._pause_after_epoch = True
        self._running.set()

    def request_stop(self) -> None:
        self.control.request_stop()
        self.pace.wake()
        self._running.set()

    def set_learning_rate(self, learning_rate: float) -> None:
        self.control.learning_rate = learning_rate

    # On the worker thread -------------------------------------------------------------
    def _snapshot(self, with_grid: bool = True):  # noqa: ANN202 (NetworkSnapshot)
        data = self._data
        return take_snapshot(
            self._network,
            data.train_inputs,
            data.preprocessing,
            replace(self.contents, grid=with_grid),
            data.train_targets,
            get_loss(self._settings.loss),
        )

    @Slot()
    def run(self) -> None:
        events, pending = self.events, []
        progress = Throttle(PROGRESS_INTERVAL)
        snapshots, grids = Throttle(SHORTEST), Throttle(SHORTEST * GRID_EVERY)
        for throttle in (progress, snapshots, grids):
            throttle.due()  # the intervals start now
        tape, epoch = self.tape, self.first_epoch
        if epoch not in tape.epochs:
            tape.record(epoch, self._network)
        try:
            runs = train(
                self._network, self._data, self._settings, self.control,
                first_epoch=self.first_epoch,
            )  # fmt: skip
            last_epoch = self.first_epoch + self._settings.epochs
            for record in runs:
                pending.append(record)
                epoch = record.epoch
                if record.kept_costs is not None:  # early stopping put its best back
                    epoch = record.best_epoch
                if tape.due(epoch):
                    tape.record(epoch, self._network)
                if progress.due():
                    if not self.progress_taken.is_set():
                        time.sleep(GIL_PAUSE)
                    self.progress_taken.clear()
                    events.progressed.emit(pending)
                    pending = []
                snapshots.interval = self.snapshot_interval
                grids.interval = self.snapshot_interval * GRID_EVERY
                if self.snapshot_taken.is_set() and snapshots.due():
                    self.snapshot_taken.clear()
                    events.snapshot_taken.emit(self._snapshot(with_grid=grids.due()))
                ends = record.epoch == last_epoch or record.stop_reason is not None
                if self._pause_after_epoch and not ends:
                    if pending:
                        events.progressed.emit(pending)
                        pending = []
                    self._running.clear()
                    events.paused.emit(self._snapshot())
                    self._running.wait()
                    self.pace.restart()
                    if not self.control.stop_requested:
                        events.resumed.emit()
                elif not self.control.stop_requested:
                    self.pace.after_epoch()
        except (TrainingDiverged, KernelUnavailable) as error:
            events.failed.emit(str(error))
        finally:
            with contextlib.suppress(MemoryError):  # the run must end all the same
                tape.finish(epoch, self._network)
            if pending:
                events.progressed.emit(pending)
            events.finished.emit(self._snapshot())
            QThread.currentThread().quit()


class TrainingController(QObject):
    """One training run at a time on a background thread, with its state. Its own
    handlers of `events` are connected first, so the state is up to date in every other
    handler."""

    state_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events = TrainingEvents(self)
        self.epochs_per_second: float | None = None
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self.state = TrainingState.IDLE
        self.pacing = SnapshotPacing()
        self.contents = SnapshotContents()
        # The last run's parameters by epoch (replay), and the epoch its counting began at.
        self.tape: ParameterTape | None = None
        self.first_epoch = 0
        self.events.progressed.connect(self._on_progressed)
        self.events.snapshot_taken.connect(self._on_snapshot_taken)
        self.events.paused.connect(self._on_paused)
        self.events.resumed.connect(self._on_resumed)
        self.events.finished.connect(self._on_finished)

    def _set_state(self, state: TrainingState) -> None:
        self.state = state
        self.state_changed.emit(state)

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
        plane: InputFeatures | None = None,
        tape: ParameterTape | None = None,
    ) -> None:
        """Train on a thread; `plane` as SnapshotContents says (feature inputs). The run
        records its parameters on `tape` (to go on from a replayed epoch: the tape up to
        it, and the epochs count on from its last) or on a new one."""
        if self.running:
            return
        self.contents = replace(self.contents, plane=plane)
        self.tape = tape if tape is not None else ParameterTape(network)
        self.first_epoch = max(self.tape.epochs, default=0)
        self._thread = QThread()
        self._worker = TrainingWorker(
            self.events,
            network,
            data,
            settings,
            pause_after_epoch,
            self.epochs_per_second,
            self.contents,
            tape=self.tape,
            first_epoch=self.first_epoch,
        )
        self._worker.moveToThread(self._thread)
        self.pacing.restart()
        self._thread.started.connect(self._worker.run)
        self._thread.start()
        self._set_state(TrainingState.RUNNING)

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

    def set_pace(self, epochs_per_second: float | None) -> None:
        """This run's and later runs' pace (None: as fast as possible)."""
        self.epochs_per_second = epochs_per_second
        if self._worker is not None:
            self._worker.pace.set(epochs_per_second)

    def request_stop(self) -> None:
        if self._worker is not None:
            self._worker.request_stop()

    def want_in_snapshots(self, **changes: object) -> None:
        """Change what this run's and later runs' snapshots hold (SnapshotContents
        fields): the panels ask for what they show."""
        self.contents = replace(self.contents, **changes)
        if self._worker is not None:
            self._worker.contents = self.contents

    def stop(self, timeout_ms: int = 5000) -> None:
        """Stop the worker, wait for its thread and deliver its last signals now (used on
        close and when another design is shown): queued signals wait as posted slot calls
        of their receivers, which are the controller and the panels."""
        self.request_stop()
        if self._thread is not None:
            self._thread.wait(timeout_ms)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def _on_progressed(self, _: object) -> None:
        if self._worker is not None:
            self._worker.progress_taken.set()

    def _on_snapshot_taken(self, _: object) -> None:
        """Pace the next snapshot by what showing them costs; a run whose pace made it
        wait since the last snapshot leaves the machine time to spare, so it gets them as
        often as allowed."""
        interval = self.pacing.snapshot_shown()
        if self._worker is not None:
            pace = self._worker.pace
            self._worker.snapshot_interval = SHORTEST if pace.slept else interval
            pace.slept = False
            self._worker.snapshot_taken.set()

    def _on_paused(self, _: object) -> None:
        self._set_state(TrainingState.PAUSED)

    def _on_resumed(self) -> None:
        self.pacing.restart()
        self._set_state(TrainingState.RUNNING)

    def _on_finished(self, _: object) -> None:
        thread = self._thread
        self._thread = self._worker = None
        if thread is not None:
            thread.quit()
            thread.wait()
        self._set_state(TrainingState.IDLE)
