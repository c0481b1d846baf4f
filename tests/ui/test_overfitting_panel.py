"""The settings against overfitting in the training panel: typed, undone, and seen in a
run (the penalty curve, the best epoch, the reason the run stopped)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QPushButton, QSpinBox

from tests.ui.test_training import click
from tests.ui.test_window import select_only


def type_into(box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Return)


def test_each_setting_is_typed_as_one_undo_step(window, qtbot):
    panel = window.training_panel
    type_into(panel.findChild(QDoubleSpinBox, "l2-box"), "0.001")
    assert window.design.settings.l2 == 0.001
    assert window.undo_stack.undoText() == "Set l2"
    patience = panel.findChild(QSpinBox, "early-stopping-box")
    assert patience.text() == "off"
    type_into(patience, "25")
    assert window.design.settings.early_stopping == 25
    schedule = panel.findChild(QComboBox, "schedule-box")
    schedule.setFocus()
    QTest.keyClick(schedule, Qt.Key.Key_End)  # the last: lower on plateau
    assert window.design.settings.schedule == "plateau"
    window.canvas.setFocus()
    for _ in range(2):
        QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.design.settings.early_stopping == 0 and patience.text() == "off"
    assert window.design.settings.schedule == "constant"
    assert window.design.settings.l2 == 0.001


def test_a_run_shows_its_penalty_its_best_epoch_and_why_it_stopped(window, qtbot):
    window.design.settings = replace(
        window.design.settings, epochs=200_000, validation_split=0.5, l2=0.01,
        early_stopping=30,
    )  # fmt: skip
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")
    status = window.training_panel.status.text()
    assert "stopped early: no better validation cost for 30 epochs" in status
    plot = window.cost_plot
    epochs, penalties = plot.penalty_curve.xData, plot.penalty_curve.yData
    assert len(epochs) and (penalties > 0).all()
    assert plot.legend.getLabel(plot.penalty_curve) is not None
    assert plot.best_line.isVisible()
    best = plot.best_line.value()
    assert f"epoch {int(best)} are restored" in status
    assert window.design.history.epochs_run == int(best) + 30
    # The history scores the kept weights: the best epoch's validation cost.
    validation = plot.validation_curve.yData
    assert window.design.history.validation_loss == validation.min()


def test_a_typed_test_split_is_scored_on_the_predict_tab(window, qtbot):
    panel = window.training_panel
    window.design.settings = replace(window.design.settings, validation_split=0.25)
    type_into(panel.findChild(QDoubleSpinBox, "test-split-box"), "0.25")
    assert window.design.settings.test_split == 0.25
    predict = window.predict_panel
    qtbot.waitUntil(lambda: "Test: accuracy" in predict.scores.text(), timeout=5_000)
    assert "(1 row)" in predict.scores.text().splitlines()[-1]  # a quarter of XOR's 4 rows


def test_dropout_is_typed_for_a_hidden_neuron_then_set_for_its_layer_in_one_step(window, qtbot):
    select_only(window, "h1")
    box = window.inspector.findChild(QDoubleSpinBox, "inspector-dropout")
    assert box.isVisible()
    type_into(box, "0.3")
    document = window.design.document
    assert document.neuron("h1").dropout == 0.3 and document.neuron("h2").dropout == 0.0
    button = window.inspector.findChild(QPushButton, "inspector-dropout-layer")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert document.neuron("h2").dropout == 0.3
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.neuron("h2").dropout == 0.0 and document.neuron("h1").dropout == 0.3
    select_only(window, "y")
    assert not box.isVisible()  # an output neuron has no dropout


def test_a_network_with_dropout_trains_and_predicts_without_dropping(window, qtbot):
    window.design.document.update_neuron("h1", dropout=0.5)
    before = window.shown.results.predictions().copy()
    window.design.settings = replace(window.design.settings, epochs=50)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=30_000):
        click(qtbot, window, "train-button")
    assert window.design.history.epochs_run == 50
    assert not (window.shown.results.predictions() == before).all()
