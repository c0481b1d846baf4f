"""The file behind the shown design: its path and name, the title and unsaved state, and
every way a design or its data comes in or goes out (new, open, examples, recent files,
recovery after a crash, CSV files and bundled datasets, import weights, save, export).

It holds the window weakly (a strong reference from one of the window's parts back to
the window makes a cycle whose collection can hang in the Qt binding).
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu

from nndesigner.model import file_lock
from nndesigner.model.dataset import generated_table, read_table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError
from nndesigner.model.export import export_design
from nndesigner.model.serialize import load_design, save_design
from nndesigner.model.weights_import import matching_parameters
from nndesigner.resources import resource_path
from nndesigner.ui import dialogs
from nndesigner.ui.autosave import OpenDesign, newest_orphan, take_recovery
from nndesigner.ui.background import Cancelled, run_with_progress
from nndesigner.ui.commands import CompositeCommand, SetDesignFieldCommand, SetParametersCommand

if TYPE_CHECKING:
    from nndesigner.ui.main_window import MainWindow

RECENT_KEY = "recent_files"
RECENT_LIMIT = 8


def example_paths() -> list[Path]:
    return sorted(resource_path("examples").glob("*.nnd.json"))


def recent_files() -> list[str]:
    """The remembered files, newest first; anything but a list of paths (a settings file
    edited by hand, or an old single entry) is read as well as it can be."""
    value = QSettings().value(RECENT_KEY) or []
    if isinstance(value, str):
        value = [value]
    return [path for path in value if isinstance(path, str) and path]


def remember_recent(path: str) -> None:
    recent = [p for p in recent_files() if p != path]
    QSettings().setValue(RECENT_KEY, [path, *recent][:RECENT_LIMIT])


class FileSession:
    """Opening, saving and exporting the design the window shows."""

    def __init__(self, window: MainWindow, undo_stack: QUndoStack) -> None:
        self._window_ref = weakref.ref(window)
        self._undo_stack = undo_stack
        self.path: str | None = None
        self.display_name = "Untitled"

    @property
    def _window(self) -> MainWindow:
        """The window itself (dialogs need a real widget as their parent, not a proxy)."""
        return self._window_ref()

    @property
    def design(self) -> Design:
        return self._window.shown.design

    def show(self, design: Design, path: str | None, name: str | None = None) -> None:
        """Show `design` as the file `path` (or untitled, called `name`)."""
        self.set_path(path)
        self.display_name = name or (Path(path).name if path else "Untitled")
        self._window.install_design(design)
        self._show_title()

    def set_path(self, path: str | None) -> None:
        """Work on the file `path` from now on: this window's mark moves to it (see
        `file_lock`), so another window opening it is told."""
        if self.path is not None:
            file_lock.release(self.path)
        self.path = path
        if path is not None:
            file_lock.take(path)

    def _show_title(self) -> None:
        self._window.setWindowTitle(f"{self.display_name}[*] — nndesigner")

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text)

    def open_design(self) -> OpenDesign:
        """What autosave writes: the design, its file, name and unsaved state."""
        return OpenDesign(self.design, self.path, self.display_name, not self._undo_stack.isClean())

    # ----- coming in --------------------------------------------------------------------
    def may_discard_changes(self) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it."""
        if self._undo_stack.isClean():
            return True
        choice = dialogs.ask_save_changes(self._window, self.display_name)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        return choice is dialogs.SaveChoice.DISCARD

    def new_design(self) -> None:
        if self.may_discard_changes():
            self.show(Design(NetworkDocument()), None)

    def open_dialog(self) -> None:
        if not self.may_discard_changes():
            return
        path = dialogs.ask_open_path(self._window)
        if path:
            self.open_path(path, ask=False)

    def _load(self, path: str | Path, ask: bool) -> Design | None:
        """The design at `path` once unsaved changes are dealt with; None if cancelled
        or unreadable (the user is told why, and the current design stays)."""
        if ask and not self.may_discard_changes():
            return None
        try:
            if not self._window.isVisible():  # at start-up there is no window to freeze
                return load_design(path)
            # On a thread: a large file never freezes the window, and Cancel answers.
            return run_with_progress(
                self._window,
                f"Opening {Path(path).name}…",
                lambda _progress: load_design(path),
                abandon_on_cancel=True,
            )
        except Cancelled:
            return None
        except DesignError as error:
            dialogs.show_error(self._window, str(error))
            return None

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Open a design file."""
        design = self._load(path, ask)
        if design is None:
            return False
        other = file_lock.holder(path)
        if other is not None:
            dialogs.tell_open_elsewhere(self._window, Path(path).name, other.pid, other.host)
        self.show(design, str(path))
        remember_recent(str(path))
        return True

    def open_example(self, path: Path, ask: bool = True) -> bool:
        """Open a bundled example as an untitled copy (Save asks where)."""
        design = self._load(path, ask)
        if design is None:
            return False
        self.show(design, None, f"{path.name.removesuffix('.nnd.json')} (example)")
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for path in recent_files():
            action = menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not menu.actions():
            menu.addAction("(none)").setEnabled(False)

    def offer_recovery(self) -> None:
        """After a crash: offer the design autosaved by the run that crashed."""
        recovery = newest_orphan()
        if recovery is None:
            return
        restore = dialogs.ask_restore(self._window, recovery.name, recovery.saved_at)
        try:
            design = take_recovery(recovery, restore)
        except DesignError as error:
            dialogs.show_error(self._window, str(error))
            return
        if design is None:
            return
        self.show(design, recovery.original, recovery.name)
        self._undo_stack.resetClean()  # restored changes are unsaved until saved
        self._status(f"Restored the unsaved changes to {recovery.name}.")

    def import_weights(self) -> None:
        """Weights, biases and preprocessing of another file, as one undo step."""
        path = dialogs.ask_open_path(self._window)
        if not path:
            return
        design = self.design
        try:
            source = load_design(path, with_data=False)
            parameters = matching_parameters(design.document, source.document)
        except DesignError as error:
            dialogs.show_error(self._window, f"Cannot import weights from {path}: {error}")
            return
        parts = [
            SetParametersCommand(design.document, parameters, ""),
            SetDesignFieldCommand(design, "preprocessing", source.preprocessing, ""),
        ]
        self._undo_stack.push(CompositeCommand(f"Import weights from {Path(path).name}", parts))

    # ----- data for the design ---------------------------------------------------------
    def load_dataset(self) -> None:
        """Ask for a bundled dataset and train on it (neurons follow its columns)."""
        choice = dialogs.ask_dataset(self._window)
        if choice is None:
            return
        try:
            table = generated_table(choice.name, choice.rows, choice.noise, choice.seed)
        except DesignError as error:
            dialogs.show_error(self._window, str(error))
            return
        self._window.editor.use_data(self.design, table)

    def load_csv(self) -> None:
        """Ask for a CSV, then for the roles of its columns, and train on it."""
        path = dialogs.ask_open_csv(self._window)
        if not path:
            return
        try:
            table = run_with_progress(
                self._window,
                f"Reading {Path(path).name}…",
                lambda progress: read_table(path, progress),
            )
        except Cancelled:
            return
        except DesignError as error:
            dialogs.show_error(self._window, str(error))
            return
        data = dialogs.ask_data_import(self._window, self.design, table)
        if data is None:
            return
        neurons = len(self.design.document.neurons)
        imported = self._window.editor.import_data(self.design, data)
        if imported and len(self.design.document.neurons) != neurons:  # show the new ones
            self._window.canvas.fit()

    # ----- going out --------------------------------------------------------------------
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        suggestion = self.path or f"{self.display_name.split(' ')[0]}.nnd.json"
        path = dialogs.ask_save_path(self._window, "Save design", suggestion, dialogs.DESIGN_FILTER)
        if not path or not self._write(path):
            return False
        self.set_path(path)
        self.display_name = Path(path).name
        self._show_title()
        remember_recent(path)
        return True

    def _write(self, path: str) -> bool:
        try:
            save_design(self.design, path)
        except DesignError as error:
            dialogs.show_error(self._window, f"The design was not saved. {error}")
            return False
        self._undo_stack.setClean()
        self._status(f"Saved {path}.")
        return True

    def _stem(self) -> str:
        return self.display_name.split(" ")[0].removesuffix(".nnd.json")

    def _export(self, title: str, name: str, filters: str, file_format: str) -> None:
        """Ask where (beside the design's file, when it has one), then write."""
        suggestion = str(Path(self.path).with_name(name)) if self.path else name
        path = dialogs.ask_save_path(self._window, title, suggestion, filters)
        if not path:
            return
        try:
            export_design(self.design, path, file_format)
        except DesignError as error:
            dialogs.show_error(self._window, f"Nothing was exported. {error}")
            return
        self._status(f"Exported {path}.")

    def export_weights(self) -> None:
        self._export(
            "Export trained weights", f"{self._stem()}.weights.json", dialogs.WEIGHTS_FILTER, "json"
        )

    def export_pytorch(self) -> None:
        self._export(
            "Export as PyTorch module", f"{self._stem()}_model.py", dialogs.PYTHON_FILTER, "pytorch"
        )

    def export_onnx(self) -> None:
        self._export("Export as ONNX", f"{self._stem()}.onnx", dialogs.ONNX_FILTER, "onnx")
