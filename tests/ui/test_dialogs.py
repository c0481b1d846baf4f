"""The modal dialogs themselves, closed by a timer as a user would press OK or Cancel."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

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
