"""The one place modal dialogs open, so offscreen tests can replace each function."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.model.building import DEFAULT_ACTIVATION, LayerOptions
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design
from nndesigner.model.entities import ROLES
from nndesigner.ui.data_dialog import DataDialog, DataImport
from nndesigner.ui.dataset_dialog import DatasetChoice, DatasetDialog
from nndesigner.ui.exception_dialog import ExceptionDialog

DESIGN_FILTER = "nndesigner designs (*.nnd.json);;All files (*)"
WEIGHTS_FILTER = "Weights (*.json);;All files (*)"
DESIGN_AND_WEIGHTS_FILTER = "Designs and weights (*.json);;All files (*)"
CSV_FILTER = "CSV files (*.csv);;All files (*)"
PYTHON_FILTER = "Python files (*.py);;All files (*)"
ONNX_FILTER = "ONNX models (*.onnx);;All files (*)"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def _accepted(dialog: QDialog, form: QFormLayout) -> bool:
    """Add OK and Cancel under `form`, run `dialog`, and say whether OK was pressed."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_error(parent: QWidget | None, message: str) -> None:
    """Tell the user, in a plain sentence, what went wrong (as plain text: the sentence
    may quote a file's labels)."""
    _plain_box(parent, QMessageBox.Icon.Warning, message).exec()


def _plain_box(parent: QWidget | None, icon: QMessageBox.Icon, text: str) -> QMessageBox:
    """A message box whose text is shown as written (it may quote a file's labels)."""
    box = QMessageBox(icon, "nndesigner", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_exception(parent: QWidget | None, summary: str, details: str) -> None:
    """An unexpected error: the summary, the traceback, and a Copy details button."""
    ExceptionDialog(parent, summary, details).exec()


def ask_train_anyway(parent: QWidget | None, labels: list[str]) -> bool:
    """Neurons on no path from an input to an output: train anyway (True) or fix them."""
    shown = ", ".join(labels[:12]) + (f" and {len(labels) - 12} more" if len(labels) > 12 else "")
    box = _plain_box(
        parent,
        QMessageBox.Icon.Warning,
        f"{shown} {'is' if len(labels) == 1 else 'are'} on no path from an input to an "
        "output. Training will leave them as they are.",
    )
    train = box.addButton("Train anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Select them to fix", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is train


def ask_train_from_epoch(parent: QWidget | None, epoch: int, epochs: int) -> str | None:
    """Train pressed while a run is replayed at `epoch`: "epoch" to go back to its
    weights and train `epochs` more from there, "end" to train from the trained weights,
    None to do neither."""
    box = _plain_box(
        parent,
        QMessageBox.Icon.Question,
        f"Go back to epoch {epoch} and train {epochs} more epochs from there (to epoch "
        f"{epoch + epochs})? The rest of this run is discarded; Undo brings its weights "
        "back. The optimiser starts afresh.",
    )
    from_epoch = box.addButton(f"Train from epoch {epoch}", QMessageBox.ButtonRole.AcceptRole)
    from_end = box.addButton("Train from the end", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "epoch" if clicked is from_epoch else "end" if clicked is from_end else None


def tell_open_elsewhere(parent: QWidget | None, name: str, pid: int, host: str) -> None:
    """Another nndesigner has this file open: saving from both would overwrite."""
    _plain_box(
        parent,
        QMessageBox.Icon.Information,
        f"{name} is open in another nndesigner too (process {pid} on {host}). If both "
        "save, the last save wins: save under a new name to keep both.",
    ).exec()


def ask_restore(parent: QWidget | None, name: str, saved_at: float) -> bool:
    """Offer the design autosaved before a crash; True to restore it."""
    when = datetime.fromtimestamp(saved_at).strftime("%Y-%m-%d %H:%M")
    answer = QMessageBox.question(
        parent,
        "nndesigner",
        f"nndesigner did not close properly last time. Restore the unsaved changes to "
        f"{name}, autosaved at {when}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_save_changes(parent: QWidget | None, name: str) -> SaveChoice:
    """Save, discard or cancel for a design with unsaved changes."""
    answer = QMessageBox.question(
        parent,
        "nndesigner",
        f"Save the changes to {name}?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SaveChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def ask_open_path(parent: QWidget | None) -> str | None:
    """A design or weights file to open."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open", "", DESIGN_AND_WEIGHTS_FILTER)
    return path or None


def ask_open_csv(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Load data", "", CSV_FILTER)
    return path or None


def ask_save_path(parent: QWidget | None, title: str, suggestion: str, filters: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggestion, filters)
    return path or None


def ask_dataset(parent: QWidget | None) -> DatasetChoice | None:
    """Which bundled dataset, how many rows, how much noise, which seed."""
    dialog = DatasetDialog(parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_data_import(parent: QWidget | None, design: Design, table: Table) -> DataImport | None:
    """The data dialog for `table`; None when cancelled."""
    dialog = DataDialog(design, table, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_import()


def ask_layer_options(parent: QWidget | None, previous: LayerOptions) -> LayerOptions | None:
    """Count, role, activation and where the new layer's synapses come from."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Add layer")
    form = QFormLayout(dialog)
    count = QSpinBox()
    count.setRange(1, 512)
    count.setValue(previous.count)
    role = QComboBox()
    role.addItems(ROLES)
    role.setCurrentText(previous.role)
    activation = QComboBox()
    for name, entry in ACTIVATIONS.items():
        activation.addItem(entry.title, name)
    activation.setCurrentIndex(activation.findData(previous.activation))

    def on_role_changed(text: str) -> None:
        """Keep the chosen activation unless the role cannot have it: softmax is offered
        on outputs only, and inputs take their column as it is."""
        activation.model().item(activation.findData("softmax")).setEnabled(text == "output")
        chosen = activation.currentData()
        if text == "input" or (chosen == "softmax" and text != "output"):
            activation.setCurrentIndex(activation.findData(DEFAULT_ACTIVATION[text]))

    role.currentTextChanged.connect(on_role_changed)
    on_role_changed(role.currentText())
    source = QComboBox()
    for key, text in (
        ("previous", "the previous column"),
        ("selection", "the selected neurons"),
        ("none", "nothing (no synapses)"),
    ):
        source.addItem(text, key)
    source.setCurrentIndex(source.findData(previous.connect_from))
    form.addRow("Neurons", count)
    form.addRow("Role", role)
    form.addRow("Activation", activation)
    form.addRow("Connect from", source)
    if not _accepted(dialog, form):
        return None
    return LayerOptions(
        count.value(), role.currentText(), activation.currentData(), source.currentData()
    )
