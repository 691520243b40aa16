"""Python's cycle collector, paused while a command builds many objects that hold no reference cycles.

A ``status`` of 100,000 targets or an import of 100,000 rows makes millions of small objects (specs, facts,
standings, checked rows), all freed by reference counting; the collector's passes over them while they
live cost 5% of a national ledger's status (0.8 s of 19 s) and find nothing. Not for ``report``, whose
charts (matplotlib figures) do make cycles.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_cycle_collection(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` run with the cycle collector stopped, and on again after it (when it was on), however it ends.

    The wrapper keeps ``function``'s name, docstring and signature (typer reads a command's options from them).
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused
