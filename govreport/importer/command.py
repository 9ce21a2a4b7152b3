"""``build.py import SOURCE [-o FILE] [--force]``: exit 0, or 2 with one line saying why."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import Exit, UserError, print_error
from .source import read_source
from .write import to_yaml


def main(argv: list[str] | None = None) -> int:
    """``build.py import SOURCE [-o FILE] [--force]``: exit 0, or 2 with one line saying why."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="build.py import",
        description="Draft a content YAML file from a report in Word (.docx) or text (.txt, .md), figures typed.",
    )
    ap.add_argument("source", metavar="SOURCE", help="the report: .docx, .txt or .md")
    ap.add_argument("-o", "--output", metavar="FILE", help="write the draft here (default: standard output)")
    ap.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    ap.add_argument("--structure-only", action="store_true", help="no figures: the text as it stands, no indicators")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    path = Path(args.source)
    out = Path(args.output) if args.output else None
    if out is not None and out.exists() and not args.force:
        return print_error(UserError(f"{out} exists; add --force to overwrite it", "build.py import"))
    notes: list[str] = []  # what the reading did that the user should know (tracked changes accepted, ...)
    try:
        d = read_source(path, notes)
    except UserError as e:  # the source's problem (``SourceError``), said of its file
        return print_error(e.at(str(path)))
    except OSError as e:
        return print_error(UserError(f"cannot read: {e.strerror or e}", str(path)))
    for note in notes:
        print(f"{path}: {note}", file=sys.stderr)
    text = to_yaml(d, source_name=path.name, figures=not args.structure_only)
    left = problems_left(out or path.with_suffix(".yaml"), text)
    if out is None:
        sys.stdout.write(text)
        return Exit.OK
    from ..outputs import write_atomic

    try:
        write_atomic(out, text.encode("utf-8"))
    except UserError as e:  # a disk or folder that cannot be written
        return print_error(e)
    state = "it passes --check" if not left else f"{left} field(s) to complete (marked '# check:')"
    print(f"{out}: drafted from {path} ({text.count(chr(10))} lines), {state}; check it with: python build.py {out} --check",
          file=sys.stderr)
    return Exit.OK


def problems_left(path: Path, text: str) -> int:
    """The draft's text read back by the loader, as --check reads it: how many problems it has (what the
    text did not say, left empty with a '# check:' comment)."""
    from ..loader import load_with_warnings

    try:
        load_with_warnings(path, data=text.encode("utf-8"))
    except UserError as e:
        return len(e.problems)
    return 0

