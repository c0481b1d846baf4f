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
