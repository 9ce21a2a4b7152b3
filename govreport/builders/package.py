"""The one deterministic zip writer, for the .docx, the .pptx and the workbooks inside a chart.

Same input, same bytes, on every machine: members are written in the order given, deflated,
each stamped with the content's date at 00:00 (clamped to 1980–2107, what a zip can hold), with
no file-system attributes (``create_system`` 0, ``external_attr`` 0: Python would otherwise
record the writing machine's system, so a .docx built on Windows and on Linux would differ).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import Callable, Iterable


def stamp(date: _dt.date) -> tuple[int, int, int, int, int, int]:
    """The zip date-time of every member: ``date`` at 00:00, its year clamped to 1980–2107."""
    return (min(max(date.year, 1980), 2107), date.month, date.day, 0, 0, 0)


def write_zip(members: Iterable[tuple[str, bytes]], date: _dt.date) -> bytes:
    """A zip of ``(name, bytes)`` members, in that order, every member stamped ``date`` 00:00."""
    when = stamp(date)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=when)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            dst.writestr(zi, data)
    return out.getvalue()


def rezip(blob: bytes, date: _dt.date, edit: "Callable[[str, bytes], bytes] | None" = None) -> bytes:
    """An existing zip (an embedded workbook) written again by ``write_zip``, each member
    passed through ``edit(name, data)`` first."""
    src = zipfile.ZipFile(io.BytesIO(blob))

    def members():
        for info in src.infolist():
            data = src.read(info.filename)
            yield info.filename, (edit(info.filename, data) if edit else data)

    return write_zip(members(), date)
