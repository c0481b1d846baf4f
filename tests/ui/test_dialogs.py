"""The modal dialogs themselves, closed by a timer as a user would press OK or Cancel."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox

from nndesigner.model.building import LayerOptions
from nndesigner.ui import dialogs


def close_next_modal(accept: bool) -> None:
    def close() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(100, close)


def test_layer_dialog_returns_the_shown_options_on_ok(qapp, monkeypatch):
    monkeypatch.undo()  # the real dialogs, not conftest's fail-loudly stand-ins
    close_next_modal(accept=True)
    previous = LayerOptions(6, "hidden", "tanh", "selection")
    assert dialogs.ask_layer_options(None, previous) == previous


def test_dataset_dialog_returns_none_on_cancel_and_defaults_on_ok(qapp, monkeypatch):
    monkeypatch.undo()
    close_next_modal(accept=False)
    assert dialogs.ask_dataset(None) is None
    close_next_modal(accept=True)
    assert dialogs.ask_dataset(None) == dialogs.DatasetChoice("spiral", 400, 0.1, 0)


def test_layer_dialog_keeps_the_activation_across_roles_and_softmax_for_outputs(qapp, monkeypatch):
    monkeypatch.undo()
    seen = {}

    def change_role_then_accept() -> None:
        dialog = QApplication.activeModalWidget()
        role, activation = dialog.findChildren(QComboBox)[:2]
        softmax = activation.findData("softmax")
        seen["softmax for hidden"] = activation.model().item(softmax).isEnabled()
        role.setCurrentText("output")
        seen["kept"] = activation.currentData()
        seen["softmax for output"] = activation.model().item(softmax).isEnabled()
        activation.setCurrentIndex(softmax)
        role.setCurrentText("hidden")
        dialog.accept()

    QTimer.singleShot(100, change_role_then_accept)
    previous = LayerOptions(3, "hidden", "relu", "previous")
    chosen = dialogs.ask_layer_options(None, previous)
    assert seen == {"softmax for hidden": False, "kept": "relu", "softmax for output": True}
    assert chosen.role == "hidden" and chosen.activation == "sigmoid"  # softmax was refused


def test_dataset_dialog_previews_the_points_it_will_load_and_fits_a_small_screen(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from nndesigner.engine.datasets import make_dataset
    from nndesigner.ui.dataset_dialog import DatasetDialog

    dialog = DatasetDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    size = dialog.size()
    assert 560 <= size.width() <= 1280 and 320 <= size.height() <= 720
    shown_x, shown_y = dialog.points.getData()
    spiral = make_dataset("spiral", 400, 0.1, 0)
    assert len(shown_x) == 400
    assert list(shown_x) == list(spiral.inputs[:, 0]) and list(shown_y) == list(spiral.inputs[:, 1])
    assert "spiral" in dialog.note.text().lower()
    dialog.name.setFocus()
    QTest.keyClick(dialog.name, Qt.Key.Key_Home)  # the first dataset, xor
    qtbot.waitUntil(lambda: "opposite signs" in dialog.note.text())
    xor = make_dataset("xor", 400, 0.1, 0)
    assert list(dialog.points.getData()[0]) == list(xor.inputs[:, 0])
    assert dialog.choice() == dialogs.DatasetChoice("xor", 400, 0.1, 0)
