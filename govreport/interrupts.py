"""Ctrl-C and SIGTERM: a one-line message and exit 130 / 143, never a traceback or half a set.

``install()`` (the command does it first) turns SIGINT and SIGTERM (and SIGBREAK, Ctrl-Break on
Windows) into ``Interrupted``, raised where the program is. Code that must not be cut in two —
writing an output set, a cache entry — runs inside ``held()``: a signal that arrives there is
kept and raised when the block ends, so the block finishes (or rolls itself back, see
``requested``) first. ``Interrupted`` is a ``KeyboardInterrupt``: it is no ``Exception``, so no
``except Exception`` takes it for a bug.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from contextlib import contextmanager

NAMES = {"SIGINT": "Ctrl-C", "SIGTERM": "SIGTERM", "SIGBREAK": "Ctrl-Break"}


class Interrupted(KeyboardInterrupt):
    def __init__(self, signum: "int | str" = signal.SIGINT):
        super().__init__(signum)
        self.signum = _signum(signum)

    @property
    def code(self) -> int:
        """The shell's exit code for death by this signal: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + int(self.signum)

    @property
    def name(self) -> str:
        try:
            return NAMES.get(signal.Signals(self.signum).name, signal.Signals(self.signum).name)
        except ValueError:
            return f"signal {self.signum}"


def _signum(value: "int | str") -> int:
    """The signal's number, also where a library re-raised the exception with its message
    annotated (ReportLab's doctemplate makes ``Interrupted('\\nhandle_pageBegin args=() 15')``
    of a signal that came while it drew a page): the last number of the message."""
    if isinstance(value, int):
        return value
    found = re.findall(r"-?\d+", str(value))
    return int(found[-1]) if found else int(signal.SIGINT)


_held = 0
_kept: list[int] = []


def _handler(signum, frame) -> None:
    if _held:
        _kept.append(signum)
        return
    raise Interrupted(signum)


def _set(handler) -> dict:
    """``handler`` for SIGINT, SIGTERM and SIGBREAK where the system has them; the handlers it
    replaced. Only the main thread may set one: elsewhere this does nothing."""
    before: dict = {}
    if threading.current_thread() is not threading.main_thread():
        return before
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                before[sig] = signal.signal(sig, handler)
            except (OSError, ValueError):
                pass
    return before


def install() -> dict:
    """Our handler for SIGINT, SIGTERM (and SIGBREAK); the handlers it replaced (for ``restore``).
    Only the main thread may set one: elsewhere this does nothing."""
    return _set(_handler)


def exiting(code: int) -> int:
    """The program's work is done (``code`` is its exit code): SIGINT and SIGTERM are ignored from
    here on. Python's shutdown puts the default action back for a signal with a Python handler, so
    a signal in the last milliseconds would end a finished build as killed (-15) instead of with
    its code; an ignored signal stays ignored."""
    _set(signal.SIG_IGN)
    return code


def run(prog: str, load) -> None:
    """A command's entry (build.py, ``python -m govreport``), called after ``install``: ``load()``
    imports and returns its main (a signal during the imports is stopped like one in a build); its
    exit code, the one line for a signal, then ``exiting``."""
    try:
        main = load()
        code = main()
    except KeyboardInterrupt as e:  # during the imports, or between main's own handling and here
        code = stopped(prog, e)
    sys.exit(exiting(code))


def restore(before: dict) -> None:
    """Put back the handlers ``install`` replaced (an in-process caller, a test, gets its own again)."""
    for sig, h in before.items():
        try:
            signal.signal(sig, h if h is not None else signal.SIG_DFL)
        except (OSError, ValueError, TypeError):
            pass


def install_in_worker() -> None:
    """A -j worker process: signals are kept while it waits for work (the parent ends the pool),
    raised while it builds (``releasing``)."""
    global _held
    install()
    _held = 1


@contextmanager
def releasing():
    """In a worker: signals raise again for this block (a build), then are kept again."""
    global _held
    was = _held
    _held = 0
    try:
        check()
        yield
    finally:
        _held = was


def requested() -> bool:
    """Whether a signal came in while held (the block may roll back instead of finishing)."""
    return bool(_kept)


def take() -> int | None:
    """The signal kept while held, cleared (a block that rolls back raises it itself)."""
    if not _kept:
        return None
    signum = _kept[0]
    _kept.clear()
    return signum


def check() -> None:
    """Raise a kept signal now (outside any held block)."""
    if _kept and not _held:
        signum = _kept[0]
        _kept.clear()
        raise Interrupted(signum)


@contextmanager
def held():
    """Signals wait until this block ends (then ``Interrupted`` is raised, unless an error is
    already on its way out: then the next ``check`` raises it)."""
    global _held
    _held += 1
    ok = False
    try:
        yield
        ok = True
    finally:
        _held -= 1
        if ok:
            check()


def message(prog: str, e: Interrupted) -> str:
    return (f"{prog}: stopped ({e.name}); every output folder holds a whole set "
            "(the last one built, or the new one if it was being written)")


def stopped(prog: str, e: BaseException) -> int:
    """Print the one line for ``e`` (an Interrupted or a plain KeyboardInterrupt); its exit code."""
    if not isinstance(e, Interrupted):
        e = Interrupted(signal.SIGINT)
    try:
        print(message(prog, e), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    return e.code
