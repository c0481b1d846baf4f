"""The Diagnosis tab: notices after a run and while it goes on, linked to the neurons."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.test_training import click


def train(window, qtbot, epochs: int) -> None:
    window.design.settings = replace(window.design.settings, epochs=epochs)
    with qtbot.waitSignal(window.training_panel.controller.events.finished, timeout=60_000):
        click(qtbot, window, "train-button")


def kinds(window) -> list[str]:
    return [row.objectName().removeprefix("diagnosis-") for row in window.diagnosis_panel.rows]


def test_a_healthy_xor_run_gets_no_notice(window, qtbot):
    panel = window.diagnosis_panel
    assert "Train the network" in panel.summary.text()
    train(window, qtbot, 2000)
    qtbot.waitUntil(lambda: "Nothing looks wrong" in panel.summary.text())
    assert kinds(window) == [] and window._docks["diagnosis"].windowTitle() == "Diagnosis"


def test_dead_relus_are_named_and_show_selects_them(window, qtbot):
    hidden = [n.id for n in window.design.document.neurons_with_role("hidden")]
    window.editor.update_neurons(hidden, activation="relu", bias=-20.0)
    train(window, qtbot, 200)
    qtbot.waitUntil(lambda: "dead" in kinds(window))
    assert window._docks["diagnosis"].windowTitle() == f"Diagnosis ({len(kinds(window))})"
    row = window.diagnosis_panel.rows[kinds(window).index("dead")]
    labels = [window.design.document.neuron(i).label for i in hidden]
    assert all(label in row.text() for label in labels)
    window._docks["diagnosis"].raise_()
    qtbot.waitUntil(row.isVisible)
    window.activateWindow()
    row.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(row.hasFocus)
    QTest.keyClick(row, Qt.Key.Key_Tab)  # onto the Show link
    QTest.keyClick(row, Qt.Key.Key_Return)
    assert sorted(window.scene.selected_neuron_ids()) == sorted(hidden)
    assert "relu" in window.activation_view.note.text().lower()


def test_notices_come_live_while_the_run_goes_on(window, qtbot, monkeypatch):
    from nndesigner.ui.panels import diagnosis_panel

    monkeypatch.setattr(diagnosis_panel, "DIAGNOSIS_INTERVAL", 0.0)
    hidden = [n.id for n in window.design.document.neurons_with_role("hidden")]
    window.editor.update_neurons(hidden, activation="relu", bias=-20.0)
    window.design.settings = replace(window.design.settings, epochs=10_000_000)
    controller = window.training_panel.controller
    with qtbot.waitSignal(controller.events.snapshot_taken, timeout=30_000) as taken:
        click(qtbot, window, "train-button")
    assert taken.args[0].gradients is not None
    qtbot.waitUntil(lambda: "dead" in kinds(window), timeout=20_000)
    assert controller.running
    with qtbot.waitSignal(controller.events.finished, timeout=60_000):
        click(qtbot, window, "stop-button")
