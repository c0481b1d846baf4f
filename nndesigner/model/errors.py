"""The one error type the model raises for anything a user did or loaded wrong."""


class DesignError(ValueError):
    """A change or a file that would make the design invalid; the message is for the user."""
