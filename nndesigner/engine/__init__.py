"""The NumPy engine: compiles a feed-forward graph and trains it. No Qt, no model."""
