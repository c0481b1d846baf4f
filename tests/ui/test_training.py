"""Training from the panel's buttons on a background thread, with live plots and canvas."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from nndesigner.engine.data_split import split_rows
from nndesigner.ui import dialogs
from nndesigner.ui.canvas.synapse_layer import pen_widths
from nndesigner.ui.snapshot_pacing import SnapshotPacing
from nndesigner.ui.training import TrainingState


def drawn_pens(window) -> dict[str, tuple[bool, float]]:
    """How the canvas draws each synapse: sign colour and stroke width."""
    layer = window.scene.synapse_layer
    ids = list(window.scene.synapse_items)
    weights = np.array([layer.weight_of(i) for i in ids])
    return {
        i: (w >= 0, width) for i, w, width in zip(ids, weights, pen_widths(weights), strict=True)
    }


def click(qtbot, window, name: str) -> None:
    button = window.training_panel.findChild(type(window.training_panel.train_button), name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_epochs(window, epochs: int) -> None:
    window.design.settings = replace(window.design.settings, epochs=epochs)


def test_train_button_trains_and_the_result_is_one_undo_step(window, qtbot):
    set_epochs(window, 300)
    before = window.design.document.parameters()
    pens = drawn_pens(window)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000) as done:
        click(qtbot, window, "train-button")
    epochs, costs = window.cost_plot.curve.xData, window.cost_plot.curve.yData
    assert list(epochs) == list(range(1, 301))
    assert costs[-1] < costs[0]
    assert drawn_pens(window) != pens
    trained = done.args[0].parameters
    assert window.design.document.parameters() == trained
    assert window.undo_stack.undoText() == "Train network"
    assert window.design.preprocessing is not None
    assert window.design.history.epochs_run == 300
    window.actions["undo"].trigger()
    assert window.design.document.parameters() == before
    assert window.design.preprocessing is None and window.design.history.epochs_run == 0
    assert "300 epochs" in window.training_panel.status.text()


def test_step_pauses_after_each_epoch_and_resume_finishes(window, qtbot):
    set_epochs(window, 50)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    assert controller.state is TrainingState.PAUSED
    assert list(window.cost_plot.curve.xData) == [1]
    assert window.training_panel.pause_button.text() == "Resume"
    paused_weights = window.design.document.parameters()
    assert window.undo_stack.undoText() == "Train network (paused)"
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    assert list(window.cost_plot.curve.xData) == [1, 2]
    assert window.design.document.parameters() != paused_weights
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "pause-button")
    assert list(window.cost_plot.curve.xData) == list(range(1, 51))
    assert controller.state is TrainingState.IDLE


def test_pause_during_a_long_run_then_stop(window, qtbot):
    set_epochs(window, 10_000_000)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.progressed, timeout=30_000):
        click(qtbot, window, "train-button")
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "pause-button")
    # The epochs run, as written at the pause and at the end (the curve on screen is
    # downsampled to the view, so its point count is not an epoch count).
    epochs_at_pause = window.design.history.epochs_run
    assert epochs_at_pause >= 1
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
    assert epochs_at_pause <= window.design.history.epochs_run <= epochs_at_pause + 1
    assert not controller.running


def test_editing_is_locked_while_a_run_exists(window, qtbot):
    set_epochs(window, 20)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    assert not window.canvas.isInteractive()
    assert not window.palette.isEnabled()
    assert not window.actions["delete"].isEnabled()
    assert not window.actions["undo"].isEnabled()
    assert "editing is locked" in window.lock_label.text()
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
    assert window.canvas.isInteractive() and window.palette.isEnabled()
    assert window.actions["undo"].isEnabled()
    assert window.lock_label.text() == ""


def test_learning_rate_change_reaches_the_running_worker(window, qtbot):
    set_epochs(window, 20)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    box = window.training_panel.findChild(QDoubleSpinBox, "learning-rate-box")
    assert box.isEnabled()
    box.setValue(0.125)
    assert controller._worker.control.learning_rate == 0.125
    assert window.design.settings.learning_rate == 0.125
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")


def test_reset_weights_draws_new_ones_as_an_undo_step(window, qtbot):
    before = window.design.document.parameters()
    click(qtbot, window, "reset-button")
    assert window.design.document.parameters().weights != before.weights
    window.actions["undo"].trigger()
    assert window.design.document.parameters() == before


def test_activation_plot_shows_the_selected_neurons_z_histogram(window, qtbot):
    view = window.activation_view
    assert view.mode == "gallery"
    window.scene.neuron_items["h1"].setSelected(True)
    assert view.mode == "neuron"
    assert view.neuron_plot.histogram_counts.sum() == 4
    window.scene.clearSelection()
    assert view.mode == "gallery"


def test_snapshots_tint_neurons_and_cost_plot_keeps_earlier_runs(window, qtbot):
    set_epochs(window, 100)
    colour = window.scene.neuron_items["h1"].brush().color().name()
    for _ in range(2):
        with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
            click(qtbot, window, "train-button")
    assert window.scene.neuron_items["h1"].brush().color().name() != colour
    assert len(window.cost_plot._faded) == 1
    window.cost_plot.log_scale.setChecked(True)
    assert window.cost_plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert "epoch 100" in window.cost_plot.readout.text()


def test_divergence_is_reported_and_the_last_finite_weights_kept(window, qtbot, monkeypatch):
    from nndesigner.ui import dialogs

    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message: shown.append(message))
    window.design.settings = replace(
        window.design.settings, learning_rate=1e9, epochs=500, loss="mse"
    )
    window.design.document.update_neuron("y", activation="linear")
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert shown and "smaller learning rate" in shown[0]
    weights = np.array(list(window.design.document.parameters().weights.values()))
    assert np.isfinite(weights).all()


def test_a_learning_rate_typed_during_a_run_survives_stop_save_and_undo(
    window, qtbot, monkeypatch, tmp_path
):
    set_epochs(window, 10_000_000)
    controller = window.training_panel.controller
    click(qtbot, window, "train-button")
    qtbot.waitUntil(lambda: controller.state is TrainingState.RUNNING)
    box = window.training_panel.findChild(QDoubleSpinBox, "learning-rate-box")
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "0.0123")
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller._worker.control.learning_rate == 0.0123)
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
    assert box.value() == 0.0123
    assert window.design.settings.learning_rate == 0.0123
    assert window.undo_stack.undoText() == "Train network"
    path = tmp_path / "kept.nnd.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: str(path))
    assert window.files.save_as()
    assert json.loads(path.read_text())["training"]["learning_rate"] == 0.0123
    window.actions["undo"].trigger()  # undoes the run: the weights go back, the rate stays
    assert window.undo_stack.undoText() == "Set learning rate"
    assert window.design.settings.learning_rate == 0.0123
    assert box.value() == 0.0123


def test_a_new_run_gets_its_own_cost_axes_and_plain_tick_labels(window, qtbot):
    for epochs in (3000, 30):
        set_epochs(window, epochs)
        with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
            click(qtbot, window, "train-button")
    plot = window.cost_plot.plot.getPlotItem()
    qtbot.waitUntil(lambda: plot.viewRange()[0][1] < 100)  # the 30 epochs, not the 3000
    assert len(window.cost_plot._faded) == 1
    assert "x0.0" not in plot.getAxis("left").labelString()
    assert not plot.getAxis("left").autoSIPrefix


def choose_pace(window, text: str) -> None:
    """Pick a training speed with the keyboard, as a user does."""
    box = window.training_panel.speed
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.findText(text)):
        QTest.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == text


def test_a_watchable_pace_slows_training_and_stop_still_answers(window, qtbot):
    box = window.training_panel.speed
    choose_pace(window, "10 epochs a second")
    set_epochs(window, 1000)
    started = time.monotonic()
    click(qtbot, window, "train-button")
    qtbot.wait(600)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=5_000):
        click(qtbot, window, "stop-button")
    epochs = window.design.history.epochs_run
    assert 1 <= epochs <= 10 * (time.monotonic() - started) + 1
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Home)
    assert box.currentText() == "As fast as possible"
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert window.design.history.epochs_run == 1000


def shown_epochs(window) -> tuple[int, int]:
    """The epoch the cost plot's readout names and the one the status bar names."""
    readout = re.search(r"epoch (\d+)", window.cost_plot.readout.text())
    status = re.search(r"Epoch (\d+)", window.statusBar().currentMessage())
    return int(readout.group(1)), int(status.group(1))


def test_the_status_bar_and_the_cost_readout_name_the_same_epoch_while_running(window, qtbot):
    choose_pace(window, "10 epochs a second")
    set_epochs(window, 1000)
    click(qtbot, window, "train-button")
    qtbot.waitUntil(lambda: "Epoch" in window.statusBar().currentMessage(), timeout=5_000)
    seen = []
    for _ in range(8):
        qtbot.wait(70)
        readout, status = shown_epochs(window)
        seen.append(readout)
        assert readout == status
    assert seen[-1] > seen[0]
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=5_000):
        click(qtbot, window, "stop-button")
    epochs = window.design.history.epochs_run
    assert f"epoch {epochs}:" in window.cost_plot.readout.text()
    assert f"Done: {epochs} epochs" in window.statusBar().currentMessage()


def test_a_long_status_never_moves_the_controls_under_it(window, qtbot):
    window.setGeometry(0, 0, 1280, 720)
    panel = window.training_panel
    qtbot.waitUntil(lambda: window.width() == 1280)

    def data_row_top() -> int:
        return panel.load_data_button.mapTo(window, panel.load_data_button.rect().topLeft()).y()

    ready_at = data_row_top()
    set_epochs(window, 5_000_000)  # long numbers: "Epoch 1 of 5000000 · ... s left"
    with qtbot.waitSignal(panel.controller.events.paused, timeout=30_000):
        click(qtbot, window, "step-button")
    status = panel.status
    assert status.text().startswith("Paused. Epoch 1 of 5000000")
    assert status.fontMetrics().horizontalAdvance(status.text()) > status.width()  # wraps
    qtbot.wait(50)  # the layout settles
    assert data_row_top() == ready_at
    with qtbot.waitSignal(panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
    assert data_row_top() == ready_at


def test_the_cost_legend_names_a_validation_curve_only_when_there_is_one(window, qtbot):
    plot = window.cost_plot

    def legend() -> list[str]:
        return [label.text for _, label in plot.legend.items]

    assert legend() == ["training"]
    set_epochs(window, 20)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert legend() == ["training"]
    window.design.settings = replace(window.design.settings, validation_split=0.5)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert legend() == ["training", "validation"]


def test_the_validation_rows_have_their_own_seed_shown_and_typed(window, qtbot):
    panel = window.training_panel
    window.design.settings = replace(window.design.settings, validation_split=0.25)
    box = panel.findChild(QSpinBox, "split-seed-box")
    assert box.isVisible() and box.value() == window.design.settings.split_seed
    rows = len(window.design.data_arrays()[0])
    held_out = split_rows(rows, window.design.settings)[1].tolist()
    seed = panel.findChild(QSpinBox, "seed-box")
    seed.setFocus()
    seed.selectAll()
    QTest.keyClicks(seed, "7")
    QTest.keyClick(seed, Qt.Key.Key_Return)
    assert window.design.settings.seed == 7
    assert split_rows(rows, window.design.settings)[1].tolist() == held_out  # same rows
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "3")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert window.design.settings.split_seed == 3
    assert window.undo_stack.undoText() == "Set split seed"
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.design.settings.split_seed == 0 and box.value() == 0


def test_with_the_compiled_kernel_ready_a_small_network_trains_on_it_and_says_so(window, qtbot):
    from nndesigner.engine import kernel_warm_up

    kernel_warm_up.start_warm_up()
    assert kernel_warm_up.WARM_UP.wait(), kernel_warm_up.WARM_UP.error
    choose_pace(window, "10 epochs a second")
    set_epochs(window, 1000)
    click(qtbot, window, "train-button")
    qtbot.waitUntil(lambda: "Epoch" in window.statusBar().currentMessage(), timeout=5_000)
    assert window.statusBar().currentMessage().endswith("· compiled")
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=5_000):
        click(qtbot, window, "stop-button")
    assert window.design.history.epochs_run > 0


def count_snapshots(window, qtbot, seconds: float) -> int:
    """Snapshots the window receives in the first `seconds` of a long run, then stop."""
    controller = window.training_panel.controller
    taken: list[object] = []
    controller.events.snapshot_taken.connect(taken.append)
    set_epochs(window, 10_000_000)
    click(qtbot, window, "train-button")
    qtbot.wait(int(seconds * 1000))
    with qtbot.waitSignal(controller.events.finished, timeout=30_000):
        click(qtbot, window, "stop-button")
    controller.events.snapshot_taken.disconnect(taken.append)
    return len(taken)


def test_a_window_slow_to_show_snapshots_gets_them_less_often_unless_the_run_is_paced(
    window, qtbot
):
    # The window's thread as if busy all the time: its CPU clock runs with the wall clock.
    window.training_panel.controller.pacing = SnapshotPacing(time.monotonic, time.monotonic)
    assert count_snapshots(window, qtbot, 2.0) <= 3
    choose_pace(window, "100 epochs a second")
    assert count_snapshots(window, qtbot, 2.0) >= 5
