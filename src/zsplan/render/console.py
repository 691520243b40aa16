"""Where output goes: consoles for results and diagnostics, trimmed plain text for pipes, progress bars.

Results go to standard output, diagnostics (``Error: …``, notices, progress) to
standard error. On a terminal results get rich's layout and colour; in pipes and
files they are plain text without trailing blanks, exactly what scripts read.
Control and bidirectional characters in what :func:`echo` and :func:`error` write
show as escapes (:func:`zsplan.render.safe.terminal_text`).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any, cast

from zsplan.render.safe import terminal_text


def columns(default: int = 160) -> int:
    """The width for output that is not a terminal: ``$COLUMNS`` when it is a positive number, else ``default``."""
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return default
    return value if value > 0 else default


class TrimmedLines:
    """A text stream that drops the trailing blanks rich pads table lines with."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        """Write ``text``; whole lines go out right-trimmed, the rest waits for its newline."""
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        """Write out what waits for a newline, trimmed, and flush the stream."""
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()


class PlainConsole:
    """Where the status table goes when stdout is not a terminal: plain text, no rich layout engine."""

    is_terminal = False

    def __init__(self, file: TrimmedLines, width: int) -> None:
        self.file = file
        self.width = width


@lru_cache(maxsize=1)
def _console_class() -> Any:
    from rich.console import Console

    class PipeConsole(Console):
        """A rich console that lets a closed pipe reach the command group's error boundary
        (rich's own handling exits 1 on the spot, even after a committed write)."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    return PipeConsole


def stdout_console() -> Any:
    """The console for results: terminal width and colour on a terminal; plain, trimmed text elsewhere."""
    Console = _console_class()

    if sys.stdout.isatty():
        return Console(highlight=False, markup=False, emoji=False)
    return Console(file=cast("IO[str]", TrimmedLines(sys.stdout)), width=columns(), highlight=False, markup=False, emoji=False, no_color=True)


class PlainLines:
    """Where short result lines go when stdout is not a terminal (``log``'s confirmation): each line as rich prints it,
    without importing rich.

    A line that surely fits the width (every character counted two cells wide) with no tab, newline or other
    character rich would lay out differently is written as it is; any other goes through rich's console, as before.
    """

    is_terminal = False

    def __init__(self, file: TrimmedLines, width: int) -> None:
        self.file = file
        self.width = width
        self._rich: Any = None

    def print(self, text: str) -> None:
        """Write one line of plain text (no markup is read, as in :func:`stdout_console`)."""
        if text.isprintable() and len(text) + sum(1 for char in text if not char.isascii()) <= self.width:
            self.file.write(text + "\n")
            return
        if self._rich is None:
            self._rich = _console_class()(file=self.file, width=self.width, highlight=False, markup=False, emoji=False, no_color=True)
        self._rich.print(text)


def line_console() -> Any:
    """The console for a few lines of results: :func:`stdout_console` on a terminal; :class:`PlainLines` for pipes and files."""
    if sys.stdout.isatty():
        return stdout_console()
    return PlainLines(TrimmedLines(sys.stdout), columns())


def table_console() -> Any:
    """A rich console on a terminal; a :class:`PlainConsole` for pipes and files (cheaper, and exactly what scripts read)."""
    if sys.stdout.isatty():
        return stdout_console()
    return PlainConsole(TrimmedLines(sys.stdout), columns())


def echo(text: str = "", *, newline: bool = True) -> None:
    """Write a result line (or text) to standard output, control characters escaped."""
    sys.stdout.write(terminal_text(text) + ("\n" if newline else ""))
    sys.stdout.flush()


def error(message: str) -> None:
    """Write a diagnostic line to standard error as it is (no markup, no highlighting, no wrapping), control characters escaped."""
    _console_class()(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False).print(terminal_text(message))


def write_chunks(chunks: Iterable[bytes]) -> None:
    """Write UTF-8 byte chunks to standard output as they come (as text where standard output has no byte layer)."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    for chunk in chunks:
        if out is None:
            sys.stdout.write(chunk.decode("utf-8"))
        else:
            out.write(chunk)
    (out or sys.stdout).flush()


class ProgressBar:
    """A progress line on stderr while long work runs (only on a terminal; silent in pipes and tests).

    Call it with ``(done)`` or ``(done, total)``; without a total it shows a spinner and a count.
    """

    def __init__(self, label: str, unit: str = "") -> None:
        self.progress: Any = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            shown = terminal_text(label).replace("{", "{{").replace("}", "}}")  # a file name is neither markup nor a format
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn(shown, markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(unit),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.progress.add_task(label, total=None)

    def __enter__(self) -> ProgressBar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.progress is not None and (total is not None or done % 500 == 0):
            self.progress.update(self.task, completed=done, total=total)
