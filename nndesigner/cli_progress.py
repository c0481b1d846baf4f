"""How `train` reports its progress on stderr: a bar on a terminal, otherwise a line
every 1/REPORTS_PER_RUN of the run."""

from __future__ import annotations

from typing import TextIO

REPORTS_PER_RUN = 20


class Progress:
    """A progress bar on a terminal; otherwise one line per reporting epoch."""

    def __init__(self, epochs: int, stream: TextIO) -> None:
        self.epochs = epochs
        self.stream = stream
        self.every = max(1, epochs // REPORTS_PER_RUN)
        self.interactive = stream.isatty()

    def show(self, epoch: int, loss: float, last: bool = False) -> None:
        """Report `epoch` (always when it is the `last` of the run, however it ends)."""
        if epoch % self.every and epoch != self.epochs and not last:
            return
        if self.interactive:
            filled = int(30 * epoch / self.epochs)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\r[{bar}] epoch {epoch}/{self.epochs}  loss {loss:.6g}")
            if epoch == self.epochs or last:
                self.stream.write("\n")
        else:
            self.stream.write(f"epoch {epoch}/{self.epochs}  loss {loss:.6g}\n")
        self.stream.flush()
