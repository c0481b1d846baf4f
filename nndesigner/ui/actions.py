"""Every menu and toolbar action, declared once: text, shortcuts, status tip, where it
appears, and whether it is locked while a training run exists. The window supplies one
slot per key; `build_actions` makes the QActions and `build_menus` places them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Keys = QKeySequence.StandardKey
Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    checkable: bool = False
    # Structural edits and design switches are refused while a run exists.
    locked_while_training: bool = False


ACTIONS = (
    ActionSpec("new", "&New", (Keys.New,), locked_while_training=True),
    ActionSpec("open", "&Open…", (Keys.Open,), locked_while_training=True),
    ActionSpec("save", "&Save", (Keys.Save,)),
    ActionSpec("save_as", "Save &As…", (Keys.SaveAs,)),
    ActionSpec("export", "&Export trained weights (JSON)…", ("Ctrl+E",)),
    ActionSpec(
        "export_torch", "Export as &PyTorch module…",
        tip="A .py file whose build_model(weights.json) rebuilds this network in PyTorch",
    ),
    ActionSpec(
        "export_onnx", "Export as &ONNX…",
        tip="An ONNX model that runs anywhere (needs the onnx package)",
    ),
    ActionSpec(
        "import_weights", "&Import weights…", ("Ctrl+I",),
        "Put the weights of another file onto this design (same ids or structure)",
        locked_while_training=True,
    ),
    ActionSpec("csv", "&Load data (CSV)…", ("Ctrl+Shift+D",), locked_while_training=True),
    ActionSpec("dataset", "Load &dataset…", ("Ctrl+D",), locked_while_training=True),
    ActionSpec("quit", "&Quit", (Keys.Quit,)),
    ActionSpec("undo", "&Undo", (Keys.Undo,)),
    ActionSpec("redo", "&Redo", (Keys.Redo, "Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("delete", "&Delete", (Keys.Delete,), locked_while_training=True),
    ActionSpec("select_all", "Select &all", (Keys.SelectAll,)),
    ActionSpec("add_layer", "Add &layer…", ("Ctrl+L",), locked_while_training=True),
    ActionSpec(
        "add_features", "Add &feature inputs", ("Ctrl+Shift+F",),
        "Inputs computed from the first two: x², y², x·y, sin x, sin y (TensorFlow Playground's)",
        locked_while_training=True,
    ),
    ActionSpec(
        "connect", "&Connect selected", ("Ctrl+K",),
        "Fully connect each column of the selection to the next", locked_while_training=True,
    ),
    ActionSpec("zoom_in", "Zoom &in", (Keys.ZoomIn,)),
    ActionSpec("zoom_out", "Zoom &out", (Keys.ZoomOut,)),
    ActionSpec("fit", "&Fit to view", ("Ctrl+0",)),
    ActionSpec(
        "arrange", "Auto-&arrange", ("Ctrl+Shift+A",), "Arrange neurons in columns by level",
        locked_while_training=True,
    ),
    ActionSpec("snap", "&Snap to grid", ("Ctrl+G",), checkable=True),
    ActionSpec(
        "neuron_maps", "Neuron &maps", ("Ctrl+M",),
        "Show inside each neuron what it computes over the input plane (two-input designs)",
        checkable=True,
    ),
    ActionSpec(
        "gradient_flow", "&Gradient flow", ("Ctrl+Shift+G",),
        "Colour synapses by |dCost/dw| and neurons by |delta|, with a bar per level",
        checkable=True,
    ),
)  # fmt: skip

# Menu title -> action keys; "-" is a separator, "@name" a submenu the window fills.
MENUS: dict[str, tuple[str, ...]] = {
    "&File": (
        "new", "open", "@Open e&xample", "@Open &recent", "-", "save", "save_as", "-",
        "export", "export_torch", "export_onnx", "import_weights", "-", "csv", "dataset",
        "-", "quit",
    ),
    "&Edit": (
        "undo", "redo", "-", "delete", "select_all", "-", "add_layer", "add_features", "connect"
    ),
    "&View": ("zoom_in", "zoom_out", "fit", "arrange", "snap", "neuron_maps", "gradient_flow"),
}  # fmt: skip
TOOLBAR = (
    "new", "open", "save", "-", "undo", "redo", "-", "add_layer", "connect", "arrange", "-",
    "zoom_in", "zoom_out", "fit",
)  # fmt: skip


def _named_keys() -> set[str]:
    """Every key sequence an action names explicitly."""
    return {
        QKeySequence(shortcut).toString()
        for spec in ACTIONS
        for shortcut in spec.shortcuts
        if isinstance(shortcut, str)
    }


def key_sequences(shortcuts: tuple[Shortcut, ...], named_elsewhere: set[str]) -> list[QKeySequence]:
    """The shortcuts' key sequences, each once. A standard key's platform bindings may
    include a sequence named explicitly here (Redo's Ctrl+Shift+Z) or by another action
    (Delete's Ctrl+D on X11 is Load dataset's): a sequence bound twice makes Qt ignore
    both as ambiguous, so a standard binding another action names is left out."""
    found: dict[str, QKeySequence] = {}
    for shortcut in shortcuts:
        if isinstance(shortcut, str):
            sequences = [QKeySequence(shortcut)]
        else:
            sequences = [
                s for s in QKeySequence.keyBindings(shortcut)
                if s.toString() not in named_elsewhere
            ]  # fmt: skip
        for sequence in sequences:
            found.setdefault(sequence.toString(), sequence)
    return list(found.values())


def build_actions(
    window: QMainWindow, slots: dict[str, Callable[..., object]]
) -> dict[str, QAction]:
    """One QAction per spec, triggering `slots[key]`."""
    actions = {}
    named = _named_keys()
    for spec in ACTIONS:
        own = {QKeySequence(s).toString() for s in spec.shortcuts if isinstance(s, str)}
        action = QAction(spec.text, window)
        action.setShortcuts(key_sequences(spec.shortcuts, named - own))
        action.setStatusTip(spec.tip or spec.text.replace("&", "").rstrip("."))
        action.setCheckable(spec.checkable)
        action.triggered.connect(slots[spec.key])
        actions[spec.key] = action
    return actions


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """The menu bar and the toolbar as MENUS and TOOLBAR say; returns the menus and
    submenus by name (without '&') for the window to fill."""
    menus: dict[str, QMenu] = {}
    for title, keys in MENUS.items():
        menu = menus[title.replace("&", "")] = window.menuBar().addMenu(title)
        for key in keys:
            if key == "-":
                menu.addSeparator()
            elif key.startswith("@"):
                menus[key[1:].replace("&", "")] = menu.addMenu(key[1:])
            else:
                menu.addAction(actions[key])
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    for key in TOOLBAR:
        if key == "-":
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[key])
    return menus


def locked_while_training(actions: dict[str, QAction]) -> list[QAction]:
    return [actions[spec.key] for spec in ACTIONS if spec.locked_while_training]
