"""The panels around the canvas: each follows the shown design and redraws from its signals."""
