"""``build.py figures FILE [-o 核对表.xlsx]``: the figures list for checking.

Exit codes as the build's: 0 done, 2 a problem with an input (every problem one line, no
traceback), 1 a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ContentError

FIGURES_USAGE = "build.py figures FILE [-o 核对表.xlsx] [--force]"


def _say(lines, err: bool = False) -> None:
    for line in lines:
        print(line, file=sys.stderr if err else sys.stdout, flush=True)


def _load(path: Path):
    """(report, its file's bytes) or ContentError with every problem."""
    from ..loader import load_with_warnings, read_bytes

    raw = read_bytes(path, str(path))
    report, _ = load_with_warnings(path, raw)
    return report, raw


def _write_new(out: Path, data: bytes) -> None:
    """``data`` into ``out`` through a temp file renamed over it (no half-written workbook)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def _can_write(out: Path, data: bytes, force: bool, what: str) -> str | None:
    """Why ``out`` is not written ('' when it already holds ``data``), or None to write it."""
    if out.is_dir():
        return f"{out}: is a folder: name the {what} to write with -o"
    if out.exists():
        try:
            if out.read_bytes() == data:
                return ""
        except OSError:
            pass
        if not force:
            return f"{out}: exists (a list being filled in?): name another file with -o, or add --force to replace it"
    return None


def figures_main(argv: list[str]) -> int:
    from ..interrupts import held

    ap = argparse.ArgumentParser(
        prog="build.py figures", usage=FIGURES_USAGE,
        description="The figures list for checking (数据核对表): a workbook with a row per figure.")
    ap.add_argument("file", metavar="FILE", help="the content file")
    ap.add_argument("-o", "--output", metavar="XLSX", help="the workbook to write (default: <FILE stem>-核对表.xlsx)")
    ap.add_argument("--force", action="store_true", help="replace an existing workbook")
    args = ap.parse_args(argv)
    path = Path(args.file)
    try:
        report, raw = _load(path)
        from .sheet import content_hash, write

        out = Path(args.output) if args.output else Path(f"{path.stem}-核对表.xlsx")
        data = write(report, raw, path)
        why = _can_write(out, data, args.force, "workbook")
        n = len(report.indicators)
        if why == "":
            _say([f"{out}: unchanged ({n} figures of {path})"])
            return 0
        if why:
            _say([why], err=True)
            return 2
        with held():
            _write_new(out, data)
        _say([f"{out}: {n} figures of {path} (sha256:{content_hash(raw)[:12]}), {len(data):,} bytes; when it comes "
              f"back checked: build.py figures {path} --apply {out}"])
        return 0
    except ContentError as e:
        _say([str(p) for p in e.problems], err=True)
        return 2
    except OSError as e:
        _say([f"{e.filename or path}: {e.strerror or e}"], err=True)
        return 2


def main(argv: list[str]) -> int:
    """``argv`` starts with the subcommand: figures."""
    return figures_main(argv[1:])
