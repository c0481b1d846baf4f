"""The design canvas: scene, items and view with its gestures."""
