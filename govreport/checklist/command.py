"""``build.py figures FILE [-o 核对表.xlsx]``, ``build.py figures FILE --apply 核对表.xlsx [--force]
[--dry-run]`` and ``build.py diff OLD.yaml NEW.yaml [-o 变化.xlsx]``.

Exit codes as the build's: 0 done, 2 a problem with an input (every problem one line, no
traceback), 1 a bug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import Exit, Problem, UserError, print_error

DIFF_USAGE = "build.py diff OLD.yaml NEW.yaml [-o 变化.xlsx] [--force]"
FIGURES_USAGE = "build.py figures FILE [-o 核对表.xlsx] | FILE --apply 核对表.xlsx [--force] [--dry-run]"


def _say(lines, err: bool = False) -> None:
    for line in lines:
        print(line, file=sys.stderr if err else sys.stdout, flush=True)


def _load(path: Path):
    """(report, its file's bytes) or ContentError with every problem."""
    from ..loader import load_with_warnings, read_bytes

    raw = read_bytes(path, str(path))
    report, _ = load_with_warnings(path, raw)
    return report, raw


def _can_write(out: Path, data: bytes, force: bool, what: str, hint: str = "") -> str | None:
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
            return f"{out}: exists{hint}: name another file with -o, or add --force to replace it"
    return None


def figures_main(argv: list[str], build_one, session) -> int:
    """``build_one``: the build (``cli.build_one``) the corrected file is checked with, in the
    command's ``session`` (``govreport.session``)."""
    from ..interrupts import held

    ap = argparse.ArgumentParser(
        prog="build.py figures", usage=FIGURES_USAGE,
        description="The figures list for checking (数据核对表): write it, or apply a checked one back into FILE.")
    ap.add_argument("file", metavar="FILE", help="the content file")
    ap.add_argument("-o", "--output", metavar="XLSX", help="the workbook to write (default: <FILE stem>-核对表.xlsx)")
    ap.add_argument("--apply", metavar="XLSX", help="a checked workbook: its corrections into FILE (kept as FILE.bak)")
    ap.add_argument("--force", action="store_true",
                    help="replace an existing workbook; with --apply: apply a workbook made from another version of FILE")
    ap.add_argument("--dry-run", action="store_true", help="with --apply: print the changes, write nothing")
    args = ap.parse_args(argv)
    if args.apply and args.output:
        ap.error("-o writes a list; --apply reads one: give one of the two")
    if args.dry_run and not args.apply:
        ap.error("--dry-run goes with --apply")
    path = Path(args.file)
    try:
        report, raw = _load(path)
        if args.apply:
            return _apply(path, report, raw, Path(args.apply), build_one, session, force=args.force, dry_run=args.dry_run)
        from .sheet import content_hash, write

        out = Path(args.output) if args.output else Path(f"{path.stem}-核对表.xlsx")
        data = write(report, raw, path)
        why = _can_write(out, data, args.force, "workbook", " (a list being filled in?)")
        n = len(report.indicators)
        if why == "":
            _say([f"{out}: unchanged ({n} figures of {path})"])
            return Exit.OK
        if why:
            _say([why], err=True)
            return Exit.USER
        from .apply import replace

        with held():
            replace(out, data)
        _say([f"{out}: {n} figures of {path} (sha256:{content_hash(raw)[:12]}), {len(data):,} bytes; when it comes "
              f"back checked: build.py figures {path} --apply {out}"])
        return Exit.OK
    except UserError as e:
        return print_error(e)
    except OSError as e:
        return print_error(UserError(f"{e.strerror or e}", str(e.filename or path)))


def _apply(path: Path, report, raw: bytes, book: Path, build_one, session, *, force: bool, dry_run: bool) -> int:
    from ..interrupts import held
    from . import apply, read
    from .sheet import content_hash

    reading = read.read(book, report, content_hash(raw), force=force, source=str(path))
    _say(reading.notes)
    if reading.problems:
        _say(reading.problems + [f"{path}: nothing changed ({len(reading.problems)} problem"
                                 f"{'s' if len(reading.problems) != 1 else ''} in {book})"], err=True)
        return Exit.USER
    if not reading.corrections:
        _say([f"{path}: no corrections in {book}: every figure confirmed or left to check; nothing changed"])
        return Exit.OK
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    new = apply.corrected(text.replace("\r\n", "\n") if crlf else text, reading.corrections, str(path))
    if crlf:
        new = new.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
    problems = apply.check(path, data, str(path), build_one, session)
    lines = [apply.change_line(report, c) for c in reading.corrections]
    if problems:
        _say(lines)
        _say(problems + [f"{path}: the corrected file would not pass --check: nothing written"], err=True)
        return Exit.USER
    _say(lines)
    if dry_run:
        _say([f"{path}: {len(lines)} change{'s' if len(lines) != 1 else ''} (--dry-run: nothing written)"])
        return Exit.OK
    with held():
        bak = apply.write(path, raw, data)
    _say([f"{path}: {len(lines)} change{'s' if len(lines) != 1 else ''} from {book}; the old file is {bak}; "
          f"build and check the outputs: build.py {path} --verify"])
    return Exit.OK


def diff_main(argv: list[str]) -> int:
    """``build.py diff OLD NEW [-o 变化.xlsx] [--force]``: 0 compared (changes or none), 2 a problem."""
    from ..interrupts import held
    from . import diff
    from .apply import replace

    ap = argparse.ArgumentParser(prog="build.py diff", usage=DIFF_USAGE,
                                 description="What changed between two drafts of a report: figures, indicators "
                                             "added and removed, texts, in reading order.")
    ap.add_argument("old", metavar="OLD.yaml")
    ap.add_argument("new", metavar="NEW.yaml")
    ap.add_argument("-o", "--output", metavar="XLSX", help="write the changes as a workbook (default: plain text)")
    ap.add_argument("--force", action="store_true", help="replace an existing workbook")
    args = ap.parse_args(argv)
    old_path, new_path = Path(args.old), Path(args.new)
    problems, loaded = [], []
    for p in (old_path, new_path):  # both files' problems, not only the first's
        try:
            loaded.append(_load(p))
        except UserError as e:
            problems += e.problems
        except OSError as e:
            problems.append(Problem(str(p), message=f"{e.strerror or e}"))
    if problems:
        return print_error(problems)
    (old, old_raw), (new, new_raw) = loaded
    found = diff.changes(old, new)
    head = f"{old_path} → {new_path}: {diff.summary(found)}"
    if not args.output:
        _say([head] + diff.lines(found))
        return Exit.OK
    out = Path(args.output)
    data = diff.workbook(old, new, found, old_path, new_path, old_raw, new_raw)
    why = _can_write(out, data, args.force, "workbook")
    if why:
        _say([why], err=True)
        return Exit.USER
    if why is None:
        with held():
            replace(out, data)
    _say([f"{out}: {head}"])
    return Exit.OK


def main(argv: list[str], build_one, session) -> int:
    """``argv`` starts with the subcommand, figures or diff. ``build_one``: the build (``cli.build_one``);
    ``session``: the command's build session (``govreport.session``)."""
    if argv[:1] == ["diff"]:
        return diff_main(argv[1:])
    return figures_main(argv[1:], build_one, session)
