"""The canvas view: zoom, pan, drops from the palette and the connect and move gestures.

The view never changes the document: it emits what the user asked for and the editor
turns each request into one undo command.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QToolTip, QWidget

from nndesigner.ui.canvas.items import ConnectHandle, NeuronItem, SynapseItem
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.canvas.synapse_layer import SynapseLayer
from nndesigner.ui.throttle import Throttle

NEURON_MIME_TYPE = "application/x-nndesigner-neuron"
ZOOM_STEP = 1.2
MAX_FIT_SCALE = 1.0
# A click this many pixels from a synapse, at any zoom, picks it.
SYNAPSE_REACH = 7


def _with_control(event: QMouseEvent) -> QMouseEvent:
    """The same mouse event with Ctrl added: Shift-click then toggles selection as Ctrl does."""
    return QMouseEvent(
        event.type(),
        event.position(),
        event.globalPosition(),
        event.button(),
        event.buttons(),
        event.modifiers() | Qt.KeyboardModifier.ControlModifier,
    )


class ConnectGesture:
    """Dragging from a neuron's handle: a rubber line, and the reason a target is refused."""

    def __init__(self, scene: NetworkScene, source_id: str, start: QPointF) -> None:
        self.scene = scene
        self.source_id = source_id
        self.target_id: str | None = None
        self.problem: str | None = None
        self.line = QGraphicsLineItem(start.x(), start.y(), start.x(), start.y())
        self.line.setPen(QPen(Qt.GlobalColor.darkGray, 1.5, Qt.PenStyle.DashLine))
        self.line.setZValue(10)
        scene.addItem(self.line)

    def move_to(self, point: QPointF) -> str:
        """Follow the mouse; returns the status text for the neuron under it."""
        line = self.line.line()
        self.line.setLine(line.x1(), line.y1(), point.x(), point.y())
        self.target_id = None
        self.problem = None
        for item in self.scene.items(point):
            if isinstance(item, NeuronItem):
                self.target_id = item.neuron_id
                break
        if self.target_id is None:
            return "Release over a neuron to connect."
        self.problem = self.scene.document.connection_problem(self.source_id, self.target_id)
        if self.problem is not None:
            return f"Cannot connect: {self.problem}"
        target = self.scene.document.neuron(self.target_id)
        return f"Release to connect to '{target.label}'."

    def finish(self) -> tuple[str, str] | None:
        """Remove the rubber line; the (source, target) pair when it may be connected."""
        self.scene.removeItem(self.line)
        if self.target_id is None or self.problem is not None:
            return None
        return self.source_id, self.target_id


class NetworkView(QGraphicsView):
    """Shows the scene; reports drops, connections and moves as signals."""

    neuron_dropped = Signal(str, QPointF)
    connection_requested = Signal(str, str)
    neurons_moved = Signal(dict)
    status_changed = Signal(str)

    def __init__(self, scene: NetworkScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAcceptDrops(True)
        self.setMinimumSize(420, 320)
        # Pan with the middle button or Space+drag; the scene is far larger than any design.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._placed: list[str] = []
        self._show_placed_later = Throttle(0.0, self._show_placed, self)
        self._follow(scene)
        self._connect: ConnectGesture | None = None
        self._pan_from: QPointF | None = None
        self._space_held = False
        self._adding_to_selection = False
        # After Fit, the view fits again when it is resized, until the user zooms or pans.
        self._keep_fitted = False

    @property
    def network_scene(self) -> NetworkScene:
        return self.scene()

    def setScene(self, scene: NetworkScene) -> None:  # noqa: N802 (Qt override)
        super().setScene(scene)
        self._placed = []
        self._follow(scene)

    def _follow(self, scene: NetworkScene) -> None:
        scene.neuron_placed.connect(self._on_scene_neuron_placed)

    def _on_scene_neuron_placed(self, neuron_id: str) -> None:
        self._placed.append(neuron_id)
        self._show_placed_later.request()

    def _show_placed(self) -> None:
        """New neurons (a burst of them: a layer, the columns of a CSV) come into view."""
        scene = self.network_scene
        placed = [i for i in self._placed if i in scene.neuron_items]  # some may be gone
        self._placed = []
        if placed:
            self.bring_into_view(scene.network_rect(placed))

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Synapse tooltips read the weight shown right now (live while training)."""
        if event.type() == QEvent.Type.ToolTip:
            item = self.itemAt(event.pos())
            if item is None or isinstance(item, SynapseLayer):
                item = self.synapse_near(event.pos())
            if isinstance(item, SynapseItem):
                weight = self.network_scene.synapse_layer.weight_of(item.synapse_id)
                QToolTip.showText(event.globalPos(), f"weight {weight:.6g}", self)
                return True
        return super().viewportEvent(event)

    def synapse_near(self, point: QPoint) -> SynapseItem | None:
        """The synapse passing closest to `point` (viewport pixels), within SYNAPSE_REACH
        pixels whatever the zoom: a thin line is as easy to hit zoomed out as in."""
        reach = SYNAPSE_REACH
        area = QRect(point.x() - reach, point.y() - reach, 2 * reach + 1, 2 * reach + 1)
        candidates = [i for i in self.items(area) if isinstance(i, SynapseItem)]
        if not candidates:
            return None
        where = self.mapToScene(point)

        def distance(item: SynapseItem) -> float:
            line = QLineF(item.start, item.end)
            if line.length() == 0:
                return QLineF(where, item.start).length()
            # The foot of the perpendicular, kept on the segment.
            along = QPointF.dotProduct(where - item.start, item.end - item.start)
            t = min(max(along / line.length() ** 2, 0.0), 1.0)
            return QLineF(where, line.pointAt(t)).length()

        return min(candidates, key=distance)

    # ----- zoom ---------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        self._keep_fitted = False
        self.scale(factor, factor)

    def fit(self) -> None:
        """The whole network in view, never magnified past 100% (a lone neuron stays its
        own size); an empty design at 100% around the origin."""
        self._keep_fitted = True
        scene = self.network_scene
        if not scene.neuron_items:
            self.resetTransform()
            self.centerOn(0.0, 0.0)
            return
        rect = scene.network_rect()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_FIT_SCALE:
            self.resetTransform()
            self.centerOn(rect.center())

    def visible_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def bring_into_view(self, rect: QRectF) -> None:
        """Scroll just enough to show `rect`; zoom out only when it cannot fit as it is."""
        visible = self.visible_rect()
        if visible.contains(rect):
            return
        self._keep_fitted = False
        if rect.width() <= visible.width() and rect.height() <= visible.height():
            self.ensureVisible(rect, 0, 0)
        else:
            self.fitInView(visible.united(rect), Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)

    # ----- drops from the palette ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(NEURON_MIME_TYPE):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(NEURON_MIME_TYPE):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(NEURON_MIME_TYPE):
            super().dropEvent(event)
            return
        role = bytes(event.mimeData().data(NEURON_MIME_TYPE).data()).decode()
        event.acceptProposedAction()
        self.neuron_dropped.emit(role, self.mapToScene(event.position().toPoint()))

    # ----- pan (middle button, or Space + left button) -----------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._keep_fitted:  # the window was sized after the design was shown
            self.fit()

    def _pan_by(self, delta: QPointF) -> None:
        self._keep_fitted = False
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))

    # ----- mouse: connect, move, pan ------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        position = event.position()
        panning = event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_held
        )
        if panning:
            self._pan_from = position
            return
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.itemAt(position.toPoint())
            if isinstance(item, ConnectHandle):
                start = item.parentItem().pos()
                self._connect = ConnectGesture(self.network_scene, item.neuron_id, start)
                self.status_changed.emit("Drag to a neuron to connect.")
                return
            on_nothing = item is None or isinstance(item, SynapseLayer)
            near = self.synapse_near(position.toPoint()) if on_nothing else None
            if near is not None:
                self._pick(near, event.modifiers())
                return
            self._adding_to_selection = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if self._adding_to_selection:
                event = _with_control(event)
        super().mousePressEvent(event)

    def _pick(self, synapse: SynapseItem, modifiers: Qt.KeyboardModifier) -> None:
        """Select `synapse` alone, or toggle it with Ctrl or Shift."""
        toggles = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if modifiers & toggles:
            synapse.setSelected(not synapse.isSelected())
        else:
            self.network_scene.clearSelection()
            synapse.setSelected(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_by(event.position() - self._pan_from)
            self._pan_from = event.position()
            return
        if self._connect is not None:
            point = self.mapToScene(event.position().toPoint())
            self.status_changed.emit(self._connect.move_to(point))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_from = None
            return
        if self._connect is not None:
            gesture, self._connect = self._connect, None
            gesture.move_to(self.mapToScene(event.position().toPoint()))
            pair = gesture.finish()
            if pair is not None:
                self.status_changed.emit("")  # the gesture's hint has done its job
                self.connection_requested.emit(*pair)
            elif gesture.problem:
                self.status_changed.emit(f"Not connected: {gesture.problem}")
            return
        if self._adding_to_selection:
            self._adding_to_selection = False
            event = _with_control(event)
        super().mouseReleaseEvent(event)
        moved = self.network_scene.moved_neurons()
        if moved:
            self.neurons_moved.emit(moved)
