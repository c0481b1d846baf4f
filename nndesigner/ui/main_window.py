"""The main window composes the parts: canvas in the centre, palette, inspector, training,
predict and explain docks, the plots below, the actions, and the file session. It holds no
state of its own beyond the parts; each part follows the shown design by itself."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from nndesigner.engine.spec import Parameters
from nndesigner.model.building import LayerOptions
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.step_mode import Phase
from nndesigner.ui import dialogs
from nndesigner.ui.actions import build_actions, build_menus, locked_while_training
from nndesigner.ui.autosave import Autosave
from nndesigner.ui.canvas.gradient_overlay import GradientOverlay
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.canvas.view import NetworkView
from nndesigner.ui.canvas_shading import MAPS_BY_DEFAULT_UP_TO, CanvasShading
from nndesigner.ui.commands import SetParametersCommand
from nndesigner.ui.editor import Editor
from nndesigner.ui.file_session import FileSession, example_paths
from nndesigner.ui.panels.activation_view import ActivationView
from nndesigner.ui.panels.cost_plot import CostPlot
from nndesigner.ui.panels.decision_boundary import DecisionBoundary
from nndesigner.ui.panels.diagnosis_panel import DiagnosisPanel
from nndesigner.ui.panels.evaluate_panel import EvaluatePanel
from nndesigner.ui.panels.explain_panel import ExplainPanel
from nndesigner.ui.panels.inspector import Inspector
from nndesigner.ui.panels.palette import Palette
from nndesigner.ui.panels.predict_panel import PredictPanel
from nndesigner.ui.panels.scrolling import scrolled
from nndesigner.ui.panels.training_panel import TrainingPanel
from nndesigner.ui.shown_design import ShownDesign
from nndesigner.ui.training import TrainingState
from nndesigner.ui.window_placement import fit_frame, restore_layout, save_layout, start_geometry

SNAP_KEY = "snap_to_grid"
NEURON_MAPS_KEY = "neuron_maps"
# How the plots share their dock: cost, activations, decision boundary.
PLOT_SHARES = (2, 3, 2)
INSPECTOR_HEIGHT = 190
DIAGNOSIS_TITLE = "Diagnosis"


class MainWindow(QMainWindow):
    """One design at a time: draw it, inspect it, train it, save it."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = QUndoStack(self)
        self.shown = ShownDesign(self)
        self.layer_options = LayerOptions()
        self.scene = NetworkScene(self.shown.design.document)
        self.canvas = NetworkView(self.scene)
        self.setCentralWidget(self.canvas)
        self.editor = Editor(self.shown.design.document, self.scene, self.undo_stack)
        self.palette = Palette()
        self.training_panel = TrainingPanel(self.undo_stack, self.shown)
        controller = self.training_panel.controller
        self.cost_plot = CostPlot(self.shown, controller)
        self.activation_view = ActivationView(self.shown, controller)
        self.canvas_shading = CanvasShading(
            self.shown, controller, GradientOverlay(self.canvas), self
        )
        self.decision_boundary = DecisionBoundary(self.shown, controller, self.undo_stack)
        self.predict_panel = PredictPanel(self.shown)
        self.evaluate_panel = EvaluatePanel(self.shown)
        self.explain_panel = ExplainPanel(self.shown, controller.events)
        self.diagnosis_panel = DiagnosisPanel(self.shown, controller)
        self.inspector = Inspector(self.shown, self.editor)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("editing-lock")
        self.lock_label.setStyleSheet("color: #b05c00; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.lock_label)
        self._build_docks()
        self.files = FileSession(self, self.undo_stack)
        self.actions = build_actions(self, self._action_slots())
        self.actions["snap"].setChecked(QSettings().value(SNAP_KEY, False, type=bool))
        menus = build_menus(self, self.actions)
        self.examples_menu, self.recent_menu = menus["Open example"], menus["Open recent"]
        for path in example_paths():
            name = path.name.removesuffix(".nnd.json").replace("_", " ")
            action = self.examples_menu.addAction(name)
            action.triggered.connect(lambda _=False, p=path: self.files.open_example(p))
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        menus["View"].addSeparator()
        for dock in self._docks.values():
            menus["View"].addAction(dock.toggleViewAction())
        self._connect_parts()
        available = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        if not restore_layout(self, available):
            self.setGeometry(start_geometry(available))
        self._frame_fitted = False
        self.files.show(Design(NetworkDocument()), None)
        self.autosave = Autosave(self, self.files.open_design)
        self.autosave.failed.connect(self.statusBar().showMessage)

    # ----- building ---------------------------------------------------------------------
    def _build_docks(self) -> None:
        self._docks: dict[str, QDockWidget] = {}
        right = Qt.DockWidgetArea.RightDockWidgetArea
        # The side columns run the full height; the plots fill the space between them.
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("palette", "Palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        inspector = scrolled(self.inspector, "inspector-scroll")
        self._add_dock("inspector", "Inspector", inspector, right)
        self._add_dock("training", "Training", self.training_panel, right)
        self._add_dock("predict", "Predict", self.predict_panel, right)
        self._add_dock("evaluate", "Evaluate", self.evaluate_panel, right)
        self._add_dock("explain", "Explain", scrolled(self.explain_panel, "explain-scroll"), right)
        diagnosis = scrolled(self.diagnosis_panel, "diagnosis-scroll")
        self._add_dock("diagnosis", DIAGNOSIS_TITLE, diagnosis, right)
        self.tabifyDockWidget(self._docks["training"], self._docks["predict"])
        self.tabifyDockWidget(self._docks["predict"], self._docks["evaluate"])
        self.tabifyDockWidget(self._docks["evaluate"], self._docks["explain"])
        self.tabifyDockWidget(self._docks["explain"], self._docks["diagnosis"])
        self._docks["training"].raise_()
        plots = QSplitter(Qt.Orientation.Horizontal)
        for plot in (self.cost_plot, self.activation_view, self.decision_boundary):
            plots.addWidget(plot)
        for index, stretch in enumerate(PLOT_SHARES):
            plots.setStretchFactor(index, stretch)
        plots.setSizes([100 * share for share in PLOT_SHARES])
        self._add_dock("plots", "Plots", plots, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self._docks["plots"]], [250], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self._docks["palette"], self._docks["inspector"]],
            [160, 250],
            Qt.Orientation.Horizontal,
        )
        # A neuron's label, role, activation and bias in view without scrolling.
        self.resizeDocks(
            [self._docks["inspector"], self._docks["training"]],
            [INSPECTOR_HEIGHT, 480],
            Qt.Orientation.Vertical,
        )

    def _add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{key}-dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self._docks[key] = dock

    def _action_slots(self) -> dict:
        files, stack = self.files, self.undo_stack
        return {
            "new": files.new_design, "open": files.open_dialog, "save": files.save,
            "save_as": files.save_as, "export": files.export_weights,
            "export_torch": files.export_pytorch, "export_onnx": files.export_onnx,
            "import_weights": files.import_weights, "csv": files.load_csv,
            "dataset": files.load_dataset, "quit": self.close, "undo": stack.undo,
            "redo": stack.redo, "delete": lambda: self.editor.delete_selection(),
            "select_all": self.select_all, "add_layer": self.add_layer,
            "connect": self.connect_selected,
            "add_features": lambda: self.editor.add_feature_inputs(),
            "zoom_in": lambda: self.canvas.zoom(1.25),
            "zoom_out": lambda: self.canvas.zoom(0.8), "fit": self.canvas.fit,
            "arrange": self.auto_arrange, "snap": self._on_snap_toggled,
            "neuron_maps": self._on_neuron_maps_toggled,
            "gradient_flow": lambda on: self.canvas_shading.show_gradient_flow(on),
        }  # fmt: skip

    def _connect_parts(self) -> None:
        self.palette.add_requested.connect(self._on_palette_add_requested)
        self.canvas.neuron_dropped.connect(lambda role, point: self.editor.add_neuron(role, point))
        self.canvas.connection_requested.connect(lambda s, t: self.editor.connect(s, t))
        self.canvas.neurons_moved.connect(lambda moved: self.editor.move(moved))
        self.canvas.status_changed.connect(self.statusBar().showMessage)
        controller = self.training_panel.controller
        controller.state_changed.connect(self._on_training_state_changed)
        self.training_panel.status_changed.connect(self.statusBar().showMessage)
        self.cost_plot.status_changed.connect(self.statusBar().showMessage)
        self.training_panel.dataset_requested.connect(self.files.load_dataset)
        self.training_panel.csv_requested.connect(self.files.load_csv)
        self.training_panel.fix_requested.connect(self._select_to_fix)
        self.diagnosis_panel.neurons_shown.connect(self._select_diagnosed)
        self.diagnosis_panel.notices_changed.connect(self._on_diagnosis_notices_changed)
        self.explain_panel.steps.phase_shown.connect(self._show_step_phase)
        self.explain_panel.steps.update_ready.connect(self._on_step_update_ready)
        self.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.undo_stack.indexChanged.connect(self._on_undo_index_changed)

    # ----- the design shown -------------------------------------------------------------
    @property
    def design(self) -> Design:
        return self.shown.design

    def install_design(self, design: Design) -> None:
        """Show `design`: a new scene and editor, an empty undo history; every panel
        follows it from the `shown.replaced` signal."""
        if self.training_panel.running:
            self.training_panel.stop()
        old_scene = self.scene
        self.scene = NetworkScene(design.document)
        self.scene.snap_to_grid = self.actions["snap"].isChecked()
        self.canvas.setScene(self.scene)
        self.editor = Editor(design.document, self.scene, self.undo_stack)
        self.editor.status_changed.connect(self.statusBar().showMessage)
        self.scene.column_change_requested.connect(self.editor.change_column)
        self.inspector.set_editor(self.editor)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.shown.show(design, self.scene)
        self._show_neuron_maps_by_default(len(design.document.neurons))
        if old_scene is not self.scene:
            old_scene.detach()
            old_scene.deleteLater()
        self._update_undo_actions()
        self.setWindowModified(False)
        self.canvas.fit()
        self.statusBar().showMessage("Ready.")
        if design.data_problem:
            self.statusBar().showMessage(
                f"The design opened without its data: {design.data_problem} "
                "Load it again with File > Load data (CSV)."
            )

    def _on_recent_menu_about_to_show(self) -> None:
        self.files.fill_recent_menu(self.recent_menu)

    def _on_undo_index_changed(self, _index: int) -> None:
        """A new step, an undo or a redo: a hint about an earlier gesture is stale now
        (messages about the step itself are written after it)."""
        self.statusBar().clearMessage()

    def _on_undo_stack_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # ----- training and step mode on the canvas -----------------------------------------
    def _show_step_phase(self, phase: Phase | None) -> None:
        """Step mode on the canvas: values on the neurons, rings on the active level."""
        if phase is None:
            self.scene.clear_step()
        else:
            self.scene.show_step(phase.active, phase.shown)

    def _on_step_update_ready(self, parameters: Parameters) -> None:
        document = self.design.document
        self.undo_stack.push(SetParametersCommand(document, parameters, "Step mode: one SGD step"))

    def _select_neurons(self, neuron_ids: list[str], why: str) -> None:
        """Select just these neurons, and say `why` in the status bar."""
        self.scene.clearSelection()
        for neuron_id in neuron_ids:
            self.scene.neuron_items[neuron_id].setSelected(True)
        self.statusBar().showMessage(why)

    def _select_to_fix(self, neuron_ids: list[str]) -> None:
        self._select_neurons(
            neuron_ids,
            "Selected the neurons on no path from an input to an output: connect or delete them.",
        )

    def _select_diagnosed(self, neuron_ids: list[str]) -> None:
        self._select_neurons(
            neuron_ids,
            "Selected the neurons the notice is about; the activation plot explains them.",
        )

    def _on_diagnosis_notices_changed(self, count: int) -> None:
        title = f"{DIAGNOSIS_TITLE} ({count})" if count else DIAGNOSIS_TITLE
        self._docks["diagnosis"].setWindowTitle(title)

    def _on_training_state_changed(self, state: TrainingState) -> None:
        """Structural editing is locked while a run exists (running or paused)."""
        editable = state is TrainingState.IDLE
        self.canvas.setInteractive(editable)
        self.palette.setEnabled(editable)
        self.inspector.setEnabled(editable)
        for action in locked_while_training(self.actions):
            action.setEnabled(editable)
        self.examples_menu.setEnabled(editable)
        self.recent_menu.setEnabled(editable)
        self._update_undo_actions()
        locked = f"● Training ({state.value}): editing is locked"
        self.lock_label.setText("" if editable else locked)

    def _update_undo_actions(self) -> None:
        editable = not self.training_panel.running
        undo, redo, stack = self.actions["undo"], self.actions["redo"], self.undo_stack
        undo.setEnabled(editable and stack.canUndo())
        redo.setEnabled(editable and stack.canRedo())
        undo.setText(f"&Undo {stack.undoText()}".rstrip())
        redo.setText(f"&Redo {stack.redoText()}".rstrip())
        # The toolbar keeps short, fixed labels (buttons that move are buttons missed);
        # the menu and the tooltip name the step.
        undo.setIconText("Undo")
        redo.setIconText("Redo")
        undo.setToolTip(undo.text().replace("&", ""))
        redo.setToolTip(redo.text().replace("&", ""))

    # ----- editing actions --------------------------------------------------------------
    def _on_palette_add_requested(self, role: str) -> None:
        centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        self.editor.add_neuron(role, QPointF(centre))

    def _on_snap_toggled(self, checked: bool) -> None:
        self.scene.snap_to_grid = checked
        QSettings().setValue(SNAP_KEY, checked)

    def _show_neuron_maps_by_default(self, neuron_count: int) -> None:
        """Maps on for designs small enough to read them, unless the user turned them off."""
        wanted = QSettings().value(NEURON_MAPS_KEY, True, type=bool)
        shown = wanted and neuron_count <= MAPS_BY_DEFAULT_UP_TO
        self.actions["neuron_maps"].setChecked(shown)
        self.canvas_shading.show_maps(shown)

    def _on_neuron_maps_toggled(self, checked: bool) -> None:
        QSettings().setValue(NEURON_MAPS_KEY, checked)
        self.canvas_shading.show_maps(checked)

    def select_all(self) -> None:
        for item in self.scene.items():
            if item.flags() & item.GraphicsItemFlag.ItemIsSelectable:
                item.setSelected(True)

    def add_layer(self) -> None:
        options = dialogs.ask_layer_options(self, self.layer_options)
        if options is not None:
            self.layer_options = options
            self.editor.add_layer(options)
            # The new column and the outputs it moved aside: all in view.
            self.canvas.bring_into_view(self.scene.network_rect())

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
        self.canvas.bring_into_view(self.scene.network_rect())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._frame_fitted:  # the frame is known once the window manager has it
            self._frame_fitted = True
            QTimer.singleShot(0, self, self._fit_frame)

    def _fit_frame(self) -> None:
        fit_frame(self)

    # ----- closing ----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Stop training (its result becomes an undo step, an unsaved change to save or
        discard), ask about unsaved changes, then take the parts down in a fixed order:
        autosave, the panels' connections to the design, the undo stack's signals, the
        scene's connections to the document."""
        self.training_panel.stop()
        if not self.files.may_discard_changes():
            event.ignore()
            return
        self.autosave.discard()
        self.autosave.timer.stop()
        self.files.set_path(None)  # this window's mark on its file goes
        save_layout(self)
        self.shown.close()
        self.undo_stack.blockSignals(True)
        self.scene.detach()
        super().closeEvent(event)
