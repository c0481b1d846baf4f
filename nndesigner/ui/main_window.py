"""The main window: canvas in the centre, palette, inspector and training docks, menus."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from nndesigner.engine.inspection import NetworkSnapshot
from nndesigner.engine.training import split_rows
from nndesigner.model.building import LayerOptions
from nndesigner.model.dataset import generated_table, read_table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError
from nndesigner.model.export import export_design
from nndesigner.model.serialize import load_design, save_design
from nndesigner.model.step_mode import Phase
from nndesigner.model.training_run import inspect_design, neuron_grid
from nndesigner.model.weights_import import matching_parameters
from nndesigner.resources import resource_path
from nndesigner.ui import activation_guide, dialogs
from nndesigner.ui.activation_plot import ActivationPlot
from nndesigner.ui.autosave import Autosave, OpenDesign, newest_orphan, take_recovery
from nndesigner.ui.background import Cancelled, run_with_progress
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.canvas.view import NetworkView
from nndesigner.ui.commands import CompositeCommand, SetDesignFieldCommand, SetParametersCommand
from nndesigner.ui.cost_plot import CostPlot
from nndesigner.ui.decision_boundary import DecisionBoundary
from nndesigner.ui.editor import Editor
from nndesigner.ui.explain_panel import ExplainPanel
from nndesigner.ui.inspector import Inspector
from nndesigner.ui.palette import Palette
from nndesigner.ui.predict_panel import PredictPanel
from nndesigner.ui.training import TrainingState
from nndesigner.ui.training_panel import TrainingPanel

RECENT_KEY = "recent_files"
RECENT_LIMIT = 8
SNAP_KEY = "snap_to_grid"
GALLERY_NOTE = (
    "Every activation: a = f(z) in blue, its slope f'(z) dashed. Hover one for a note on it; "
    "select a neuron to see its own."
)


def example_paths() -> list[Path]:
    return sorted(resource_path("examples").glob("*.nnd.json"))


class MainWindow(QMainWindow):
    """One design at a time: draw it, inspect it, train it, save it."""

    def __init__(self, design: Design, path: str | None = None, name: str | None = None) -> None:
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.layer_options = LayerOptions()
        self.design = design
        self.path: str | None = None
        self.canvas = NetworkView(NetworkScene(design.document))
        self.setCentralWidget(self.canvas)
        self.palette = Palette()
        self.cost_plot = CostPlot()
        self.activation_plot = ActivationPlot()
        self.explain_panel = ExplainPanel()
        self.decision_boundary = DecisionBoundary()
        self.predict_panel = PredictPanel()
        self.training_panel = TrainingPanel(self.undo_stack, self.cost_plot)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("editing-lock")
        self.lock_label.setStyleSheet("color: #b05c00; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.lock_label)
        self.scene: NetworkScene = self.canvas.network_scene
        self.editor = Editor(design.document, self.scene, self.undo_stack)
        self.inspector = Inspector(self.editor)
        self._docks: dict[str, QDockWidget] = {}
        self._add_dock("palette", "Palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock(
            "inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._add_dock(
            "training", "Training", self.training_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._add_dock(
            "predict", "Predict", self.predict_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._add_dock(
            "explain", "Explain", self.explain_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self._docks["training"], self._docks["predict"])
        self.tabifyDockWidget(self._docks["predict"], self._docks["explain"])
        self._docks["training"].raise_()
        plots = QSplitter(Qt.Orientation.Horizontal)
        plots.addWidget(self.cost_plot)
        self.activation_note = QLabel(GALLERY_NOTE)
        self.activation_note.setObjectName("activation-note")
        self.activation_note.setWordWrap(True)
        self.activation_note.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.activation_note.setMaximumWidth(180)
        activation_view = QWidget()
        activation_row = QHBoxLayout(activation_view)
        activation_row.setContentsMargins(0, 0, 0, 0)
        activation_row.addWidget(self.activation_plot, 1)
        activation_row.addWidget(self.activation_note)
        plots.addWidget(activation_view)
        plots.addWidget(self.decision_boundary)
        self._add_dock("plots", "Plots", plots, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._build_actions()
        self._build_menus()
        self.statusBar().showMessage("Ready.")
        self.resize(1280, 820)
        self.resizeDocks([self._docks["plots"]], [250], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self._docks["palette"], self._docks["inspector"]],
            [190, 250],
            Qt.Orientation.Horizontal,
        )

        self.palette.add_requested.connect(self._on_palette_add_requested)
        self.canvas.neuron_dropped.connect(lambda role, point: self.editor.add_neuron(role, point))
        self.canvas.connection_requested.connect(lambda s, t: self.editor.connect(s, t))
        self.canvas.neurons_moved.connect(lambda moved: self.editor.move(moved))
        self.canvas.status_changed.connect(self.statusBar().showMessage)
        self.training_panel.state_changed.connect(self._on_training_state_changed)
        self.training_panel.status_changed.connect(self.statusBar().showMessage)
        self.training_panel.snapshot_taken.connect(self._on_training_snapshot_taken)
        self.training_panel.run_finished.connect(self._show_activation)
        self.training_panel.run_finished.connect(self._show_data_views)
        self.training_panel.data_changed.connect(self._show_data_views)
        self.training_panel.dataset_requested.connect(self.load_dataset)
        self.training_panel.csv_requested.connect(self.load_csv)
        self.training_panel.fix_requested.connect(self._select_to_fix)
        self.training_panel.run_finished.connect(self.explain_panel.refresh)
        # A bound method, not a lambda: Qt drops the connection when the panel is destroyed
        # (the stack emits indexChanged while it is torn down at exit).
        self.undo_stack.indexChanged.connect(self.explain_panel.document_edited)
        self.explain_panel.steps.phase_shown.connect(self._show_step_phase)
        self.explain_panel.steps.update_ready.connect(
            lambda parameters: self.undo_stack.push(
                SetParametersCommand(self.design.document, parameters, "Step mode: one SGD step")
            )
        )
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self._install(design, path, name)
        self.autosave = Autosave(self, self._open_design)
        self.autosave.failed.connect(self.statusBar().showMessage)

    # ----- building ---------------------------------------------------------------------
    def _add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{key}-dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self._docks[key] = dock

    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip or text.replace("&", "").rstrip("."))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_design, keys.New)
        self.open_action = self._action("&Open…", self.open_dialog, keys.Open)
        self.save_action = self._action("&Save", self.save, keys.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, keys.SaveAs)
        self.export_action = self._action(
            "&Export trained weights (JSON)…", self.export_weights, "Ctrl+E"
        )
        self.export_torch_action = self._action(
            "Export as &PyTorch module…", self.export_pytorch, None,
            "A .py file whose build_model(weights.json) rebuilds this network in PyTorch",
        )  # fmt: skip
        self.export_onnx_action = self._action(
            "Export as &ONNX…", self.export_onnx, None,
            "An ONNX model that runs anywhere (needs the onnx package)",
        )  # fmt: skip
        self.import_weights_action = self._action(
            "&Import weights…", self.import_weights, "Ctrl+I",
            "Put the weights of another file onto this design (same ids or structure)",
        )  # fmt: skip
        self.dataset_action = self._action("Load &dataset…", self.load_dataset, "Ctrl+D")
        self.csv_action = self._action("&Load data (CSV)…", self.load_csv, "Ctrl+Shift+D")
        self.quit_action = self._action("&Quit", self.close, keys.Quit)
        self.undo_action = self._action("&Undo", self.undo_stack.undo, keys.Undo)
        self.redo_action = self._action("&Redo", self.undo_stack.redo, "Ctrl+Shift+Z")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(keys.Redo)])
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.delete_action = self._action("&Delete", self.editor_delete, keys.Delete)
        self.select_all_action = self._action("Select &all", self.select_all, keys.SelectAll)
        self.add_layer_action = self._action("Add &layer…", self.add_layer, "Ctrl+L")
        self.connect_action = self._action(
            "&Connect selected", self.connect_selected, "Ctrl+K",
            "Fully connect each column of the selection to the next",
        )  # fmt: skip
        self.zoom_in_action = self._action("Zoom &in", lambda: self.canvas.zoom(1.25), keys.ZoomIn)
        self.zoom_out_action = self._action(
            "Zoom &out", lambda: self.canvas.zoom(0.8), keys.ZoomOut
        )
        self.fit_action = self._action("&Fit to view", self.canvas.fit, "Ctrl+0")
        self.snap_action = self._action("&Snap to grid", self._on_snap_toggled, "Ctrl+G")
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(QSettings().value(SNAP_KEY, False, type=bool))
        self.arrange_action = self._action(
            "Auto-&arrange",
            self.auto_arrange,
            "Ctrl+Shift+A",
            "Arrange neurons in columns by level",
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.examples_menu = file_menu.addMenu("Open e&xample")
        for path in example_paths():
            name = path.name.removesuffix(".nnd.json")
            action = self.examples_menu.addAction(name.replace("_", " "))
            action.triggered.connect(lambda _=False, p=path: self.open_example(p))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions(
            [
                self.export_action,
                self.export_torch_action,
                self.export_onnx_action,
                self.import_weights_action,
            ]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.csv_action, self.dataset_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.delete_action, self.select_all_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.add_layer_action, self.connect_action])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [
                self.zoom_in_action,
                self.zoom_out_action,
                self.fit_action,
                self.arrange_action,
                self.snap_action,
            ]
        )
        view_menu.addSeparator()
        for dock in self._docks.values():
            view_menu.addAction(dock.toggleViewAction())
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addActions([self.new_action, self.open_action, self.save_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.add_layer_action, self.connect_action, self.arrange_action])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_in_action, self.zoom_out_action, self.fit_action])

    # ----- the design shown -------------------------------------------------------------
    def _install(self, design: Design, path: str | None, name: str | None = None) -> None:
        """Show `design`: a new scene, editor and inspector; an empty undo history."""
        if self.training_panel.running:
            self.training_panel.stop()
        old_scene = self.scene
        self.design = design
        self.path = path
        self.scene = NetworkScene(design.document)
        self.canvas.setScene(self.scene)
        if old_scene is not None and old_scene is not self.scene:
            old_scene.detach()
            old_scene.deleteLater()
        self.editor = Editor(design.document, self.scene, self.undo_stack)
        self.editor.status_changed.connect(self.statusBar().showMessage)
        self.inspector.set_editor(self.editor)
        self.scene.selectionChanged.connect(self._on_scene_selection_changed)
        self.scene.neuron_hovered.connect(self._on_scene_neuron_hovered)
        self.scene.snap_to_grid = self.snap_action.isChecked()
        self.training_panel.show_design(design)
        self.predict_panel.follow(design)
        self.explain_panel.weight_history.clear()
        self.explain_panel.show_design(design)
        self._show_data_views()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._update_undo_actions()
        self.setWindowModified(False)
        self._display_name = name or (Path(path).name if path else "Untitled")
        self.setWindowTitle(f"{self._display_name}[*] — nndesigner")
        self.canvas.fit()
        if design.data_problem:
            self.statusBar().showMessage(
                f"The design opened without its data: {design.data_problem} "
                "Load it again with File > Load data (CSV)."
            )

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_scene_selection_changed(self) -> None:
        if not shiboken6.isValid(self.scene):
            return  # the scene is being torn down
        neurons, synapses = self.scene.selected_neuron_ids(), self.scene.selected_synapse_ids()
        self.inspector.show_selection(neurons, synapses)
        self.explain_panel.show_selection(neurons, synapses)
        self._show_activation()

    # ----- training ---------------------------------------------------------------------
    def _selected_plot_neuron(self):  # noqa: ANN202 (Neuron | None)
        """The one selected hidden or output neuron, if exactly one is selected."""
        ids = self.scene.selected_neuron_ids()
        if len(ids) != 1:
            return None
        neuron = self.design.document.neuron(ids[0])
        return None if neuron.role == "input" else neuron

    def _show_activation(self, snapshot: NetworkSnapshot | None = None) -> None:
        """The activation plot for the selected neuron (values from `snapshot`, or
        computed from the document), or the gallery."""
        neuron = self._selected_plot_neuron()
        if neuron is None:
            if self.activation_plot.mode != "gallery":
                self.activation_plot.show_gallery()
            self.activation_note.setText(GALLERY_NOTE)
            return
        snapshot = snapshot or inspect_design(self.design)
        values = None if snapshot is None else snapshot.pre_activations.get(neuron.id)
        self.activation_plot.show_neuron(neuron.label, neuron.activation, neuron.alpha, values)
        self.activation_note.setText(activation_guide.note(neuron.activation))

    def _show_data_views(self) -> None:
        """Predict fields, data points and the output over the plane, from the document."""
        design = self.design
        self.predict_panel.refresh()
        if design.data is None or len(design.document.neurons_with_role("input")) != 2:
            self.decision_boundary.clear_points()
            self.decision_boundary.show_grid(None)
            return
        try:
            inputs, targets = design.data_arrays()
        except DesignError:
            self.decision_boundary.clear_points()
            self.decision_boundary.show_grid(None)
            return
        training, validation = split_rows(len(inputs), design.settings)
        self.decision_boundary.show_points(inputs[training], targets[training], inputs[validation])
        snapshot = inspect_design(design)
        self.decision_boundary.show_grid(None if snapshot is None else snapshot.grid)

    def _on_scene_neuron_hovered(self, neuron_id: str) -> None:
        """Over a hidden neuron: that neuron's own output over the plane; else the output."""
        if self.training_panel.running:
            return
        hidden = neuron_id and self.design.document.neuron(neuron_id).role == "hidden"
        if hidden:
            grid = neuron_grid(self.design, neuron_id)
            if grid is not None:
                label = self.design.document.neuron(neuron_id).label
                self.decision_boundary.show_grid(grid, f"output of {label}")
                return
        self._show_data_views()

    def load_dataset(self) -> None:
        """Ask for a bundled dataset and train on it (neurons follow its columns)."""
        choice = dialogs.ask_dataset(self)
        if choice is None:
            return
        try:
            table = generated_table(choice.name, choice.rows, choice.noise, choice.seed)
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return
        self.editor.use_data(self.design, table, self.training_panel.refresh)

    def load_csv(self) -> None:
        """Ask for a CSV, then for the roles of its columns, and train on it."""
        path = dialogs.ask_open_csv(self)
        if not path:
            return
        try:
            table = run_with_progress(
                self, f"Reading {Path(path).name}…", lambda progress: read_table(path, progress)
            )
        except Cancelled:
            return
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return
        data = dialogs.ask_data_import(self, self.design, table)
        if data is not None:
            self.editor.import_data(self.design, data, self.training_panel.refresh)

    def _on_training_snapshot_taken(self, snapshot: NetworkSnapshot) -> None:
        self.scene.show_snapshot(snapshot)
        self.explain_panel.weight_history.record(snapshot.parameters.weights)
        if snapshot.grid is not None:
            self.decision_boundary.show_grid(snapshot.grid)
        if self._selected_plot_neuron() is not None:
            self._show_activation(snapshot)

    def _show_step_phase(self, phase: Phase | None) -> None:
        """Step mode on the canvas: values on the neurons, rings on the active level."""
        if phase is None:
            self.scene.clear_step()
        else:
            self.scene.show_step(phase.active, phase.shown)

    def _select_to_fix(self, neuron_ids: list[str]) -> None:
        """Select the neurons that need connecting, and say why."""
        self.scene.clearSelection()
        for neuron_id in neuron_ids:
            self.scene.neuron_items[neuron_id].setSelected(True)
        self.statusBar().showMessage(
            "Selected the neurons on no path from an input to an output: connect or delete them."
        )

    def _on_training_state_changed(self, state: TrainingState) -> None:
        """Structural editing is locked while a run exists (running or paused)."""
        editable = state is TrainingState.IDLE
        self.canvas.setInteractive(editable)
        self.palette.setEnabled(editable)
        self.inspector.setEnabled(editable)
        for action in (
            self.new_action, self.open_action, self.delete_action, self.add_layer_action,
            self.dataset_action, self.csv_action, self.import_weights_action,
            self.connect_action, self.arrange_action,
        ):  # fmt: skip
            action.setEnabled(editable)
        self.examples_menu.setEnabled(editable)
        self.recent_menu.setEnabled(editable)
        self._update_undo_actions()
        self.lock_label.setText(
            "" if editable else f"● Training ({state.value}): editing is locked"
        )

    def _update_undo_actions(self) -> None:
        editable = not self.training_panel.running
        self.undo_action.setEnabled(editable and self.undo_stack.canUndo())
        self.redo_action.setEnabled(editable and self.undo_stack.canRedo())
        self.undo_action.setText(f"&Undo {self.undo_stack.undoText()}".rstrip())
        self.redo_action.setText(f"&Redo {self.undo_stack.redoText()}".rstrip())

    # ----- editing actions --------------------------------------------------------------
    def _on_palette_add_requested(self, role: str) -> None:
        centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        self.editor.add_neuron(role, QPointF(centre))

    def _on_snap_toggled(self, checked: bool) -> None:
        self.scene.snap_to_grid = checked
        QSettings().setValue(SNAP_KEY, checked)

    def editor_delete(self) -> None:
        self.editor.delete_selection()

    def select_all(self) -> None:
        for item in self.scene.items():
            if item.flags() & item.GraphicsItemFlag.ItemIsSelectable:
                item.setSelected(True)

    def add_layer(self) -> None:
        options = dialogs.ask_layer_options(self, self.layer_options)
        if options is not None:
            self.layer_options = options
            self.editor.add_layer(options)

    def connect_selected(self) -> None:
        added = self.editor.connect_selected()
        if added:
            self.statusBar().showMessage(f"Added {added} synapses.")

    def auto_arrange(self) -> None:
        try:
            self.editor.auto_arrange()
        except ValueError as error:
            self.statusBar().showMessage(f"Cannot arrange: {error}")
            return
        self.canvas.fit()

    # ----- files ------------------------------------------------------------------------
    def _open_design(self) -> OpenDesign:
        return OpenDesign(self.design, self.path, self._display_name, not self.undo_stack.isClean())

    def offer_recovery(self) -> None:
        """After a crash: offer the design autosaved by the run that crashed."""
        recovery = newest_orphan()
        if recovery is None:
            return
        restore = dialogs.ask_restore(self, recovery.name, recovery.saved_at)
        design = take_recovery(recovery, restore)
        if design is None:
            return
        self._install(design, recovery.original, recovery.name)
        self.undo_stack.resetClean()  # restored changes are unsaved until saved
        self.statusBar().showMessage(f"Restored the unsaved changes to {recovery.name}.")

    def _may_discard_changes(self) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it."""
        if self.undo_stack.isClean():
            return True
        choice = dialogs.ask_save_changes(self, self._display_name)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        return choice is dialogs.SaveChoice.DISCARD

    def new_design(self) -> None:
        if self._may_discard_changes():
            self._install(Design(NetworkDocument()), None)

    def open_dialog(self) -> None:
        if not self._may_discard_changes():
            return
        path = dialogs.ask_open_path(self)
        if path:
            self.open_path(path, ask=False)

    def _load(self, path: str | Path, ask: bool) -> Design | None:
        """The design at `path` once unsaved changes are dealt with; None if cancelled
        or unreadable (the user is told why, and the current design stays)."""
        if ask and not self._may_discard_changes():
            return None
        try:
            return load_design(path)
        except DesignError as error:
            dialogs.show_error(self, str(error))
            return None

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Open a design file."""
        design = self._load(path, ask)
        if design is None:
            return False
        self._install(design, str(path))
        self._remember_recent(str(path))
        return True

    def open_example(self, path: Path, ask: bool = True) -> bool:
        """Open a bundled example as an untitled copy (Save asks where)."""
        design = self._load(path, ask)
        if design is None:
            return False
        self._install(design, None, f"{path.name.removesuffix('.nnd.json')} (example)")
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        suggestion = self.path or f"{self._display_name.split(' ')[0]}.nnd.json"
        path = dialogs.ask_save_path(self, "Save design", suggestion, dialogs.DESIGN_FILTER)
        if not path:
            return False
        if not self._write(path):
            return False
        self.path = path
        self._display_name = Path(path).name
        self.setWindowTitle(f"{self._display_name}[*] — nndesigner")
        self._remember_recent(path)
        return True

    def _write(self, path: str) -> bool:
        try:
            save_design(self.design, path)
        except DesignError as error:
            dialogs.show_error(self, f"The design was not saved. {error}")
            return False
        self.undo_stack.setClean()
        self.statusBar().showMessage(f"Saved {path}.")
        return True

    def _stem(self) -> str:
        return self._display_name.split(" ")[0].removesuffix(".nnd.json")

    def _export(self, title: str, suggestion: str, filters: str, file_format: str) -> None:
        path = dialogs.ask_save_path(self, title, suggestion, filters)
        if not path:
            return
        try:
            export_design(self.design, path, file_format)
        except DesignError as error:
            dialogs.show_error(self, f"Nothing was exported. {error}")
            return
        self.statusBar().showMessage(f"Exported {path}.")

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

    def import_weights(self) -> None:
        """Weights, biases and preprocessing of another file, as one undo step."""
        path = dialogs.ask_open_path(self)
        if not path:
            return
        try:
            source = load_design(path, with_data=False)
            parameters = matching_parameters(self.design.document, source.document)
        except DesignError as error:
            dialogs.show_error(self, f"Cannot import weights from {path}: {error}")
            return
        parts = [
            SetParametersCommand(self.design.document, parameters, ""),
            SetDesignFieldCommand(
                self.design, "preprocessing", source.preprocessing, "", self._show_data_views
            ),
        ]
        self.undo_stack.push(CompositeCommand(f"Import weights from {Path(path).name}", parts))

    def _remember_recent(self, path: str) -> None:
        settings = QSettings()
        recent = [p for p in (settings.value(RECENT_KEY) or []) if p != path]
        settings.setValue(RECENT_KEY, [path, *recent][:RECENT_LIMIT])

    def recent_files(self) -> list[str]:
        value = QSettings().value(RECENT_KEY) or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # Training stops first: its result becomes an undo step, which then counts as an
        # unsaved change to save or discard.
        self.training_panel.stop()
        if not self._may_discard_changes():
            event.ignore()
            return
        self.autosave.discard()
        self.scene.detach()
        super().closeEvent(event)
