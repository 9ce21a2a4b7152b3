"""``build.py``: content YAML in, report.docx / deck.pptx / brief.pdf out.

Exit codes (``errors.Exit``): 0 done; 1 a bug (traceback); 2 a user's problem (every problem printed
as ``file:line:col: path: message``: content, templates, a disk, a lock); 3 ``--verify``: an output
disagrees with its content. 130 / 143: stopped by Ctrl-C / SIGTERM.
"""

from __future__ import annotations

import argparse
import functools
import gc
import hashlib
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import builders, fonts, interrupts, outputs, paths, safezip
from . import review as reviewing
from .errors import Exit, Problem, UserError, print_error
from .loader import load_with_warnings, read_bytes
from .safeyaml import parse, read_text
from .session import Options, Session, overlay_of

PACKAGE = Path(__file__).resolve().parent
MANIFEST = outputs.MANIFEST


def version() -> str:
    """This package's version, from its installed metadata."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("govreport")
    except PackageNotFoundError:
        return "unknown (not installed: run `pip install .` or `make`)"


def _prog() -> str:
    """``build.py`` in a checkout, ``govreport`` when run as the installed command or ``-m``."""
    return "build.py" if Path(sys.argv[0]).name == "build.py" else "govreport"


class _Version(argparse.Action):
    """--version, its metadata read only when asked for (importlib.metadata costs every start ~5 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"govreport {version()}")
        parser.exit()


EXIT_CODES = """exit codes:
  0    done (with --verify: every figure agrees)
  1    a bug in this program (a traceback: please report it)
  2    a problem to fix: content, templates, a folder that cannot be written, an output open
       elsewhere (every problem printed, one per line, as file:line:col: key: message)
  3    an output disagrees with its content (--verify, --verify-only: the table says where)
  130  stopped by Ctrl-C (143: by SIGTERM); every output folder holds a whole set"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog=_prog(),
        description="Build the Word report, the PowerPoint deck and the PDF brief from content YAML files.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("files", nargs="*", metavar="FILE", help="content files or folders (default: content/)")
    ap.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output/)")
    ap.add_argument(
        "--only", default=",".join(builders.BUILDERS), metavar="LIST", help="outputs to build: report,deck,brief"
    )
    ap.add_argument("--check", action="store_true", help="validate and summarise; write nothing")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("--deck-template", metavar="FILE", help="a .pptx whose layouts the deck uses")
    ap.add_argument("--report-template", metavar="FILE",
                    help="a .docx whose page setup, footers and styles (by name) the report uses")
    ap.add_argument("--previous", metavar="FILE",
                    help="last year's content file: its targets against this report's results "
                         "(default: settings.previous in the content)")
    ap.add_argument("--print-template", choices=("report", "deck"), metavar="KIND",
                    help="write the built-in reference document (report: .docx, deck: .pptx) to standard output")
    ap.add_argument(
        "--templates", metavar="DIR",
        help="a folder of restyled template files (only those changed; the rest come with the package); "
        f"default ${paths.ENV}",
    )
    ap.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    ap.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="build N content files at once")
    ap.add_argument("--force", action="store_true", help="rebuild outputs even when nothing changed")
    ap.add_argument("--watch", action="store_true", help="rebuild when a content or template file changes")
    ap.add_argument("--verify", action="store_true", help="after building, read the outputs back and check every figure")
    ap.add_argument("--verify-only", action="store_true", help="check the existing outputs; build nothing")
    return ap.parse_args(argv)


def summary(report) -> str:
    parts = report.body.parts
    areas = sum(len(p.areas) for p in parts)
    paras = list(report.paragraphs())
    chars = sum(len(report.render(p.lead or "")) + len(report.render(p.text)) for _, _, p in paras)
    return (
        f"{len(parts)} parts, {areas} areas, {len(paras)} paragraphs, {len(report.indicators)} indicators "
        f"({len(report.headline_indicators)} headline, {len(report.target_indicators)} targets), {chars} characters"
    )


def all_text(report) -> str:
    """Every character an output may draw (see ``Report.characters``)."""
    return report.characters()


def content_files(names: list[str]) -> list[Path]:
    """FILE arguments (files or folders) -> content files; none given: content/*.yaml."""
    if not names:
        names = ["content"]
    out: list[Path] = []
    for n in names:
        p = Path(n)
        if p.is_dir():
            found = sorted(f for f in p.glob("*.yaml") if not f.is_dir())
            if not found:
                raise UserError(f"a folder with no content files (*.yaml) in it; name a YAML file or a folder of them", n)
            out += found
        else:
            out.append(p)
    return out


def _hash_files(paths) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of our own source: a changed builder rebuilds everything it touches."""
    return _hash_files(p for p in PACKAGE.rglob("*.py"))


def build_key(raw: bytes, session: Session, deck_template: Path | None, report_template: Path | None) -> dict:
    """What the manifest records an output was built from (``outputs.KEY_FIELDS``): the content,
    the templates in effect (the session's overlay over the package's, and an office's .pptx /
    .docx) and our code."""
    return {
        "content": hashlib.sha256(raw).hexdigest(),
        "templates": session.version(deck_template, report_template),
        "code": code_version(),
    }


@dataclass
class Result:
    """What building one content file printed, and whether it failed."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verify_failed: bool = False
    bug: str = ""  # the traceback of an exception in our code (exit 1)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.bug)


@dataclass
class Job:
    """One content file ready to build or to verify: read once (what is hashed is what was
    loaded), loaded and checked, last year's file loaded, the office's templates resolved and
    checked; ``key``: what the manifest records its outputs were built from."""

    path: Path
    session: Session
    raw: bytes
    report: object  # model.Report
    warnings: list[Problem]
    review: object  # review.Review | None
    deck_template: Path | None
    report_template: Path | None
    key: dict
    templates: object = None  # config.Templates, loaded by ``prepare`` (not for a no-change rebuild)

    def prepare(self) -> None:
        """Before the first output is built (not for a no-change rebuild): the templates, loaded
        once for this build (a template typo is a problem here), and the fonts' coverage."""
        if self.templates is None:
            self.templates = t = self.session.templates()
            review = self.review
            fonts.check_coverage(self.report.characters() + (review.characters() if review else ""),
                                 source=str(self.path), locate=_finder(self.raw), cfg=t.font_config)

    def context(self) -> builders.BuildContext:
        return builders.BuildContext(source=self.path, session=self.session, deck_template=self.deck_template,
                                     report_template=self.report_template, data=self.raw, typed=self.templates,
                                     review=self.review)

    def make(self, name: str) -> tuple[bytes, list[str], float, list[str] | None]:
        """One output built in memory: (bytes, notes, milliseconds, what it quotes: ``ctx.quoted``);
        ``prepare`` first."""
        ctx = self.context()
        t0 = time.perf_counter()
        data = builders.get(name).build(self.report, ctx)
        return data, ctx.notes, (time.perf_counter() - t0) * 1000, ctx.quoted


def _strict(warnings: list[Problem]) -> None:
    if warnings:
        raise UserError([Problem(w.file, w.line, w.col, w.path, w.message + " (--strict)") for w in warnings])


def _office_template(path: Path, report, flag: str | None, key: str, kind: str) -> Path | None:
    """The office .pptx (``kind`` pptx) or .docx the build uses: --deck-template / --report-template
    (``flag``; it must exist), else ``settings.<key>`` relative to the content file (the loader
    checked it exists), else none; checked as a zip before anything parses it, a template the
    content names at the content's line."""
    if flag:
        template = Path(flag)
        exists = os.path.exists(template) if kind == "pptx" else template.is_file()
        if not exists:  # (a FIFO or a folder as --deck-template: safezip.check says what it is)
            raise UserError(f"--{key.replace('_', '-')}: no such file: {template}", str(path))
    elif getattr(report.settings, key):
        template = path.parent / getattr(report.settings, key)
    else:
        return None
    at = None if flag else (str(path), *report.locate(f"settings.{key}"), f"settings.{key}")
    safezip.check(template, kind, at=at)
    return template


def load_job(path: Path, session: Session, *, strict: bool = False) -> Job:
    """``path`` loaded and checked as every command does (build, --check, --verify, figures
    --apply): UserError with every problem; with ``strict``, warnings are problems too."""
    raw = read_bytes(path, str(path))  # read once: what is hashed is what was loaded
    tiles = session.tiles()  # lint says how many headline figures the templates show
    report, warnings = load_with_warnings(path, raw, tiles=tiles)
    if strict:
        _strict(warnings)
    review = reviewing.load(path, report, session.options.previous, tiles=tiles)
    if review is not None:
        warnings = sorted(warnings + review.warnings)
        if strict:
            _strict(warnings)
    opts = session.options
    deck_template = _office_template(path, report, opts.deck_template, "deck_template", "pptx")
    report_template = _office_template(path, report, opts.report_template, "report_template", "docx")
    key = build_key(raw, session, deck_template, report_template)
    if review is not None:  # last year's file is an input too (only then: a build without it keys as before)
        key["previous"] = review.sha256
    return Job(path, session, raw, report, warnings, review, deck_template, report_template, key)


def build_one(path: Path, session: Session) -> Result:
    """Load, check and build one content file; never raises UserError (it goes in the result)."""
    res = Result()
    try:
        _build_one(path, session, res)
    except UserError as e:
        res.errors += [str(p) for p in e.problems]
    return res


def _build_one(path: Path, session: Session, res: Result) -> None:
    opts = session.options
    job = load_job(path, session, strict=opts.strict)
    res.warnings += [str(w) for w in job.warnings]
    report = job.report
    wanted = [n for n in opts.wanted if builders.available(n)]
    if opts.check:
        # Build in memory and throw away: what --check passes, a build passes too.
        build(job, wanted)
        res.lines.append(f"{path}: ok: {summary(report)}" + (f"; review: {job.review.summary()}" if job.review else ""))
        return
    outputs.check_stem(path.stem, str(path))
    out_dir = Path(opts.out) / path.stem
    for name in opts.wanted:
        if not builders.available(name):
            res.lines.append(f"{path}: {name}: not available yet (no builder module {builders.BUILDERS[name]})")
    if not wanted:
        return
    # Every output is built in memory first; only when all succeed is anything written. A new
    # output folder is made only then, so a failed first build leaves nothing behind.
    fresh = not os.path.lexists(out_dir)
    todo = wanted if fresh else []
    built = build(job, todo) if fresh else []
    # The folder is locked from reading the manifest to writing the last output: a second
    # build of it waits, so the set is never of two builds (see outputs.py).
    with outputs.Lock(out_dir):
        state = outputs.OutputSet.open(out_dir, {n: f for n, f in builders.FILENAMES.items() if n in builders.BUILDERS})
        res.lines += [f"{out_dir}: note: {n}" for n in state.notes]
        if not fresh:
            # Decide before importing any output library: a no-change rebuild stays quick.
            todo = outdated(state, wanted, job.key, opts.force, res)
            if not todo:
                return
            built = build(job, todo)
        kept = commit(state, dict(zip(todo, built)), job.key)
    for name, (data, notes, ms, _) in zip(todo, built):
        target = state.target(name)
        res.lines.append(f"{target}  {len(data):,} bytes  {ms:.0f} ms")
        res.lines += [f"{target}: note: {n}" for n in kept[name] + notes]


# The pipeline every command shares: outdated -> build -> commit ------------------------------


def outdated(state: "outputs.OutputSet", names: list[str], key: dict, force: bool, res: Result) -> list[str]:
    """The outputs of ``names`` to build again: changed inputs (``key``), an output edited or gone,
    or ``force``; each other one gets its ``unchanged`` line."""
    todo = []
    for name in names:
        if not force and state.unchanged(name, key):
            res.lines.append(f"{state.target(name)}  unchanged")
        else:
            todo.append(name)
    return todo


def build(job: Job, names: list[str]) -> list:
    """Each output of ``names`` built in memory: [(bytes, notes, ms, quoted)]; UserError with every
    builder's problems if any failed (nothing is written: all or nothing)."""
    job.prepare()
    built, problems = [], []
    for name in names:
        try:
            built.append(job.make(name))
        except UserError as e:
            for p in e.problems:
                # A builder names the field (indicators.gdp); the loader knows its line.
                if p.line == 0 and p.path and p.file in ("", str(job.path)):
                    line, col = job.report.locate(p.path)
                    p = Problem(str(job.path), line, col, p.path, p.message, p.warning)
                problems.append(p)
    if problems:
        raise UserError(problems)
    return built


def commit(state: "outputs.OutputSet", built: dict, key: dict) -> dict:
    """The built outputs written as one set (``outputs.OutputSet.commit``), each with what it shows
    with its figures (recorded for --verify); what was kept aside."""
    return state.commit({n: data for n, (data, *_) in built.items()}, key,
                        quoted={n: q for n, (*_, q) in built.items() if q is not None})


def _finder(raw: bytes):
    """A function giving the (line, column) of a character's first use in the content file."""
    text = raw.decode("utf-8-sig", "replace")

    def locate(ch: str) -> tuple[int, int]:
        i = text.find(ch)
        if i < 0:
            return (0, 0)
        return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1

    return locate


def verify_one(path: Path, session: Session) -> Result:
    """Read the outputs of ``path`` back and check them against its content."""
    from .verify import table, verify

    res = Result()
    names = [n for n in session.options.wanted if builders.available(n)]
    try:
        job = load_job(path, session)
        findings, problems = verify(
            job.report, path, Path(session.options.out) / path.stem, names, data=job.raw,
            deck_template=job.deck_template, report_template=job.report_template, review=job.review, key=job.key,
            session=session,
        )
    except UserError as e:
        res.errors += [str(p) for p in e.problems]
        return res
    res.lines.append(f"{path}: verify")
    res.lines += ["  " + line for line in table(findings, names).splitlines()]
    bad = [f for f in findings if f.status != "ok"]
    res.errors += problems
    res.errors += [f"{path}: {f.indicator}: {f.output}: {f.status}: {f.detail}" for f in bad]
    ok = not bad and not problems
    res.lines.append(f"{path}: verify: {'ok' if ok else 'FAILED'}: {len(findings) - len(bad)} of {len(findings)} figures agree")
    if not ok:
        res.verify_failed = True
    return res


def _build_guarded(path: Path, session: Session) -> Result:
    """``build_one``, with a bug in our code caught as its traceback (printed once, by the parent).

    Python's cycle collector is paused while a file builds: a build makes a few hundred thousand
    objects that live until it ends (XML trees, measured lines, font tables), and walking them
    again and again took ~3% of a build. Garbage in cycles waits until the build ends (a few MB;
    the collector runs again afterwards, between the files of a batch or rebuilds of --watch)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return build_one(path, session)
    except Exception:
        return Result(bug=f"{path}: a bug in build.py (please report it):\n{traceback.format_exc()}")
    finally:
        if paused:
            gc.enable()


def _build_in_worker(path: Path, session: Session) -> Result:
    """``_build_guarded`` in a -j worker: a signal stops the build (its set is whole), while the
    worker waits for work it is only kept (the parent ends the pool)."""
    with interrupts.releasing():
        return _build_guarded(path, session)


def _start_worker(cache_said: bool) -> None:
    """A -j worker's start: its signal handling; the font cache's warning already said."""
    interrupts.install_in_worker()
    if cache_said:
        fonts.cache_writable(say=False)


def _stop_workers(pool, signum: int) -> None:
    """The parent was stopped: pass the signal on to the workers building (each finishes or rolls
    back the set it is writing), drop the files not started, wait for them."""
    import signal

    if os.name == "posix":  # Windows: Ctrl-C reaches every process of the console already
        for proc in list(getattr(pool, "_processes", {}).values()):
            try:
                os.kill(proc.pid, signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)
            except OSError:
                pass
    pool.shutdown(wait=True, cancel_futures=True)


def run(files: list[Path], session: Session, jobs: int = 1) -> Exit:
    """Build every file, printing as each finishes (in order): OK all built, USER a file's problems
    (its lines printed), BUG a bug in one file's build (its traceback printed; the others still built)."""
    results = []
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor  # ~20 ms to import: only for -j
        from concurrent.futures.process import BrokenProcessPool

        # A font cache that cannot be written is said once, here, not once by each worker.
        said = not fonts.cache_writable()
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(said,)) as pool:
            futures = [pool.submit(_build_in_worker, f, session) for f in files]
            try:
                for f, fut in zip(files, futures):
                    try:
                        res = fut.result()
                    except BrokenProcessPool as e:  # the worker died (killed, out of memory)
                        res = Result(bug=f"{f}: the build process of this file died ({e or 'killed'})")
                    _report(res)
                    results.append(res)
            except KeyboardInterrupt as e:
                with interrupts.held():
                    _stop_workers(pool, getattr(e, "signum", 2))
                raise
    else:
        for f in files:
            interrupts.check()
            res = _build_guarded(f, session)
            _report(res)
            results.append(res)
    return outcome(results)


def outcome(results: "list[Result]") -> Exit:
    """The exit code of a run's results: a bug over a user's problem over a disagreement over none."""
    if any(r.bug for r in results):
        return Exit.BUG
    if any(r.failed and not r.verify_failed for r in results):
        return Exit.USER
    return Exit.DISAGREE if any(r.verify_failed for r in results) else Exit.OK


def _report(res: Result) -> bool:
    for line in res.lines:
        print(line, flush=True)
    print_error(res.warnings + res.errors)
    if res.bug:
        print(res.bug.rstrip("\n"), file=sys.stderr, flush=True)
    return not res.failed


def watch(files: list[Path], names: list[str], session: Session) -> int:
    """Rebuild on every change to a content or template file, until interrupted."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    import queue

    changes: "queue.Queue[str]" = queue.Queue()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type not in ("modified", "created", "moved", "closed"):
                return
            p = getattr(event, "dest_path", "") or event.src_path
            if Path(p).name.startswith(".") or p.endswith((".tmp", "~")):
                return
            changes.put(p)

    observer = Observer()
    template_dirs = session.template_dirs()
    inputs = {f: watched_inputs(f, session) for f in files}
    dirs = {p.parent for ins in inputs.values() for p in ins} | set(template_dirs)
    for d in dirs:
        observer.schedule(Handler(), str(d), recursive=True)
    observer.start()
    print(f"watching {', '.join(str(d) for d in sorted(dirs))} (Ctrl-C stops)", flush=True)
    try:
        while True:
            try:
                first = changes.get(timeout=0.5)  # a timeout: Windows delivers Ctrl-C between waits only
            except queue.Empty:
                continue
            time.sleep(0.2)  # let an editor finish writing; take the burst as one change
            burst = {first}
            while not changes.empty():
                burst.add(changes.get())
            touched = {Path(p).resolve() for p in burst}
            template_change = any(d in p.parents for d in template_dirs for p in touched)
            try:
                current = content_files(names)
            except UserError as e:  # the folder was emptied meanwhile
                print_error(e)
                current = []
            # A content file is rebuilt when it or last year's file it names changed (read again:
            # an edit may have named another one, in a folder to watch from now on).
            inputs = {f: inputs[f] if f in inputs and f.resolve() not in touched else watched_inputs(f, session)
                      for f in current}
            for d in {p.parent for ins in inputs.values() for p in ins} - dirs:
                observer.schedule(Handler(), str(d), recursive=True)
                dirs.add(d)
            todo = current if template_change else [f for f in current if inputs[f] & touched]
            if todo:
                try:
                    run(todo, session)
                except Exception:  # a bug shows its traceback but must not end the watch
                    traceback.print_exc()
                print("watching …", flush=True)
    finally:
        import logging

        # Stopped while reading a change, watchdog's thread logs that it was ("InotifyEmitter.
        # queue_events() called when the thread is inactive"): not the user's concern now.
        logging.getLogger("watchdog").setLevel(logging.CRITICAL)
        observer.stop()
        observer.join()


def watched_inputs(path: Path, session: Session) -> set[Path]:
    """The files a build of ``path`` reads beside the templates, resolved: the content file and last
    year's file (``--previous``, else its ``settings.previous``), for ``--watch``. The content is
    read as YAML only (a file that does not load yet names what it can)."""
    found = {path.resolve()}
    name = None
    if not session.options.previous:
        try:
            data, _ = parse(read_text(path, str(path)), str(path))
        except UserError:
            data = {}
        settings = data.get("settings")
        name = settings.get("previous") if isinstance(settings, dict) else None
    previous = reviewing.previous_path(path, name if isinstance(name, str) else None, session.options.previous)
    if previous:
        found.add(previous.resolve())
    return found


def print_template(kind: str) -> Exit:
    """``--print-template report|deck``: the built-in reference document on standard output, for an
    office to restyle in Word/WPS or PowerPoint and hand back with --report-template / --deck-template."""
    if kind == "report":
        from .builders.report import print_template as make
    else:
        from .builders.deck.draw import print_template as make
    try:
        data = make(paths.overlay() or paths.builtin_templates())
    except UserError as e:
        return print_error(e)
    if sys.stdout.isatty():
        return print_error(UserError(f"--print-template {kind} writes a binary file: redirect it "
                                     f"(> template.{'docx' if kind == 'report' else 'pptx'})", "build.py"))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return Exit.OK


def main(argv: list[str] | None = None) -> int:
    before = interrupts.install()
    try:
        return _main(argv)
    except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM: one line, 130 / 143 (outputs.py kept each set whole)
        return interrupts.stopped(_prog(), e)
    finally:
        interrupts.restore(before)


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:  # build.py import SOURCE [-o FILE] [--force]: see govreport/importer.py
        from .importer import main as import_main

        return import_main(argv[1:])
    if argv[:1] in (["figures"], ["diff"]):  # the figures list for checking, two drafts compared: checklist/
        from .checklist.command import main as checklist_main

        return checklist_main(argv, build_one, Session(overlay_of(None)))
    args = parse_args(argv)
    if args.print_template:
        return print_template(args.print_template)
    try:
        return _build(args)
    except UserError as e:
        return print_error(e)


def _build(args: argparse.Namespace) -> Exit:
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    if not wanted:
        raise UserError(f"--only: no output named (known: {', '.join(builders.BUILDERS)})", "build.py")
    unknown = [w for w in wanted if w not in builders.BUILDERS]
    if unknown:
        raise UserError(f"--only: unknown output(s) {', '.join(unknown)} (known: {', '.join(builders.BUILDERS)})", "build.py")
    if args.jobs < 1:
        raise UserError("-j needs a number of at least 1", "build.py")
    overlay = args.templates or os.environ.get(paths.ENV) or None
    if overlay and not Path(overlay).is_dir():
        where = "--templates" if args.templates else f"${paths.ENV}"
        raise UserError(f"{where}: no such folder: {overlay}", _prog())
    if overlay:
        known = set(paths.template_files(None))
        for name in paths.template_files(Path(overlay)):
            if name not in known and name.endswith((".yaml", ".yml")):
                print(
                    f"{Path(overlay) / name}: warning: not a template file, not used "
                    f"(the templates are {', '.join(n for n in sorted(known) if '/' not in n)})",
                    file=sys.stderr,
                )
    files = content_files(args.files)
    stems: dict[str, Path] = {}
    for f in files:
        if f.stem in stems and stems[f.stem].resolve() != f.resolve():
            raise UserError(f"{stems[f.stem]} and {f} would both write {Path(args.out) / f.stem}/; rename one", "build.py")
        stems[f.stem] = f
    files = list(dict.fromkeys(stems.values()))
    # The one session of this command: every build, verify and rebuild below is handed it.
    session = Session(overlay_of(args.templates), Options(
        out=args.out, wanted=tuple(wanted), check=args.check, strict=args.strict, deck_template=args.deck_template,
        report_template=args.report_template, force=args.force, previous=args.previous))
    if args.verify_only:
        return verify_all(files, session)
    code = run(files, session, args.jobs)
    if args.verify and code == Exit.OK and not args.check:
        code = verify_all(files, session)
        if code != Exit.OK:
            return code
    if args.watch:
        return watch(files, args.files, session.with_options(force=False))
    return code


def verify_all(files: list[Path], session: Session) -> Exit:
    """``--verify`` / ``--verify-only``: each file's outputs read back, in order; USER for content
    that does not load, DISAGREE for an output that disagrees with its content."""
    results = [verify_one(f, session) for f in files]
    for r in results:
        _report(r)
    return outcome(results)
