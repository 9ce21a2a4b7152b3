"""``build.py``: content YAML in, report.docx / deck.pptx / brief.pdf out.

Exit codes: 0 done, 2 a user's mistake (every problem printed as ``file:line:col: path: message``),
1 a bug (traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from . import builders, fonts
from .errors import ContentError
from .loader import load_with_warnings
from .model import Report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="build.py",
        description="Build the Word report, the PowerPoint deck and the PDF brief from a content YAML file.",
    )
    ap.add_argument("files", nargs="*", metavar="FILE", help="content files (default: every content/*.yaml)")
    ap.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output/)")
    ap.add_argument(
        "--only", default=",".join(builders.BUILDERS), metavar="LIST", help="outputs to build: report,deck,brief"
    )
    ap.add_argument("--check", action="store_true", help="validate and summarise; write nothing")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("--deck-template", metavar="FILE", help="a .pptx whose layouts the deck uses")
    return ap.parse_args(argv)


def summary(report: Report) -> str:
    parts = report.body.parts
    areas = sum(len(p.areas) for p in parts)
    paras = list(report.paragraphs())
    chars = sum(len(report.render(p.lead or "")) + len(report.render(p.text)) for _, _, p in paras)
    return (
        f"{len(parts)} parts, {areas} areas, {len(paras)} paragraphs, {len(report.indicators)} indicators "
        f"({len(report.headline_indicators)} headline, {len(report.target_indicators)} targets), {chars} characters"
    )


def all_text(report: Report) -> str:
    """Every character an output may draw: meta, labels, units and the rendered body."""
    m = report.meta
    bits = [m.title, m.subtitle, m.speaker, m.issuer, m.session, str(m.date)]
    bits += list(report.groups.values())
    for i in report.indicators.values():
        bits += [i.label, i.short or "", i.value_text, i.change_text, i.change.word if i.change else ""]
    for part in report.body.parts:
        bits.append(part.heading)
        bits += [a.heading for a in part.areas]
    for _, _, p in report.paragraphs():
        bits += [report.render(p.lead or ""), report.render(p.text)]
    return "".join(bits)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path`` and rename, so a failed build leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def content_files(args: argparse.Namespace) -> list[Path]:
    if args.files:
        return [Path(f) for f in args.files]
    return sorted(Path("content").glob("*.yaml"))


def build_one(path: Path, args: argparse.Namespace, wanted: list[str]) -> None:
    report, warnings = load_with_warnings(path)
    for w in warnings:
        print(w, file=sys.stderr)
    if args.strict and warnings:
        raise ContentError([w.__class__(w.file, w.line, w.col, w.path, w.message + " (--strict)") for w in warnings])
    if args.check:
        print(f"{path}: ok: {summary(report)}")
        return
    fonts.check_coverage(all_text(report), source=str(path))
    deck_template = None
    if args.deck_template:
        deck_template = Path(args.deck_template)
        if not deck_template.is_file():
            raise ContentError(f"--deck-template: no such file: {deck_template}", str(path))
    elif report.settings.deck_template:
        deck_template = path.parent / report.settings.deck_template
    out_dir = Path(args.out) / path.stem
    for name in wanted:
        if not builders.available(name):
            print(f"{path}: {name}: not available yet (no builder module {builders.BUILDERS[name]})")
            continue
        mod = builders.get(name)
        ctx = builders.BuildContext(source=path, deck_template=deck_template)
        t0 = time.perf_counter()
        data = mod.build(report, ctx)
        target = out_dir / mod.FILENAME
        write_atomic(target, data)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{target}  {len(data):,} bytes  {ms:.0f} ms")
        for n in ctx.notes:
            print(f"{target}: note: {n}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in builders.BUILDERS]
    if unknown:
        print(f"build.py: --only: unknown output(s) {', '.join(unknown)} (known: {', '.join(builders.BUILDERS)})", file=sys.stderr)
        return 2
    files = content_files(args)
    if not files:
        print("build.py: no content files (content/*.yaml is empty); name a FILE", file=sys.stderr)
        return 2
    failed = False
    for path in files:
        try:
            build_one(path, args, wanted)
        except ContentError as e:
            failed = True
            for p in e.problems:
                print(p, file=sys.stderr)
    return 2 if failed else 0
