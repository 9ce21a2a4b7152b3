"""Speed and size of the build, measured (``make bench``); medians over repeated runs.

Prints, side by side in one run:

- bare imports (``python -c "import docx, pptx, reportlab.platypus, yaml"``) against a full cold
  build of the seed (all three outputs, new output folder), as a ratio;
- the per-report time of a batch of 20 copies of the seed in one process, and with ``-j 2``;
- a no-change rebuild (everything skipped) against bare imports, and ``--verify-only`` of that
  set against the full build;
- how time grows with report length (1×, 2×, 4× the seed's paragraphs), and one build of the
  20,000-indicator report of ``scale.py`` (wall and CPU time);
- import of the largest report of ../shared/corpus and a build of its draft, against the seed's build;
- peak memory of a full build, and the brief's size.

The machine is shared and noisy: compare medians and ratios, not single runs.

Commands run as an installed program runs: with Python's bytecode cache. ``pip install`` compiles
every module, and the libraries' bytecode is there for the bare imports, so ``PYTHONDONTWRITEBYTECODE``
(set on some CI machines) is cleared for the measured commands and one build runs first to write
the cache; otherwise each build would compile govreport's ~20 modules from source (~90 ms) while
the imports it is compared with do not.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "changning-2024.yaml"
PY = sys.executable
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_with_rss(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one command, measured with wait4."""
    env = ENV if env is None else env
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return dt, usage.ru_maxrss / 1024


def run_cpu(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process and its children) of one command: on
    a shared machine the CPU time moves much less than the wall time."""
    env = ENV if env is None else env
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t0
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return dt, usage.ru_utime + usage.ru_stime


def median_of(n: int, fn) -> float:
    return statistics.median(fn() for _ in range(n))


def scaled_copy(factor: int, dest: Path) -> Path:
    """The seed with every part's areas repeated ``factor`` times (same indicators)."""
    import yaml

    from govreport.loader import parse, plain, read_text

    data, _ = parse(read_text(SEED, str(SEED)), str(SEED))

    data = plain(data, str)
    for part in data["body"]["parts"]:
        part["areas"] = part.get("areas", []) * factor
    dest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5, help="repetitions per measurement (median)")
    args = ap.parse_args()
    n = args.n
    build = [PY, str(ROOT / "build.py")]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        run_with_rss(build + [str(SEED), "--out", str(tmp / "warm-up")])  # writes the bytecode cache
        imports = median_of(n, lambda: run_with_rss([PY, "-c", "import docx, pptx, reportlab.platypus, yaml"])[0])
        rows.append(("bare imports (docx, pptx, reportlab.platypus, yaml)", f"{imports:.3f} s"))

        def cold() -> float:
            out = tmp / f"cold{time.perf_counter_ns()}"
            return run_with_rss(build + [str(SEED), "--out", str(out)])[0]

        full = median_of(n, cold)
        rows.append(("full build of the seed, new process and output folder", f"{full:.3f} s = {full / imports:.2f}× imports (goal ≤ 2.0×)"))

        def first() -> float:
            env = dict(ENV, GOVREPORT_CACHE=str(tmp / f"cache{time.perf_counter_ns()}"))
            return run_with_rss(build + [str(SEED), "--out", str(tmp / f"first{time.perf_counter_ns()}")], env=env)[0]

        very_cold = median_of(max(1, n // 2), first)
        rows.append(("  the same with an empty font cache (first build on a machine)", f"{very_cold:.3f} s = {very_cold / imports:.2f}× imports"))

        batch_dir = tmp / "batch"
        batch_dir.mkdir()
        for i in range(20):
            shutil.copy(SEED, batch_dir / f"seed{i:02d}.yaml")

        def batch(jobs: int) -> float:
            out = tmp / f"batch{time.perf_counter_ns()}"
            return run_with_rss(build + [str(batch_dir), "--out", str(out), "-j", str(jobs)])[0] / 20

        b1 = median_of(max(1, n // 2), lambda: batch(1))
        rows.append(("batch of 20 seeds, one process: per report", f"{b1:.3f} s (goal ≤ 0.15 s)"))
        b2 = median_of(max(1, n // 2), lambda: batch(2))
        rows.append(("batch of 20 seeds, -j 2: per report", f"{b2:.3f} s"))

        warm = tmp / "warm"
        run_with_rss(build + [str(SEED), "--out", str(warm)])
        nochange = median_of(n, lambda: run_with_rss(build + [str(SEED), "--out", str(warm)])[0])
        rows.append(("no-change rebuild (all skipped)", f"{nochange:.3f} s = imports + {nochange - imports:+.3f} s (goal ≤ +0.1 s)"))
        verify = median_of(n, lambda: run_with_rss(build + [str(SEED), "--out", str(warm), "--verify-only"])[0])
        rows.append(("--verify-only of that set", f"{verify:.3f} s = {verify / full:.2f}× the full build (goal ≤ 1.0×)"))

        scale_rows = []
        for factor in (1, 2, 4):
            src = scaled_copy(factor, tmp / f"seed-x{factor}.yaml")
            t = median_of(max(1, n // 2), lambda: run_with_rss(build + [str(src), "--out", str(tmp / f"x{time.perf_counter_ns()}")])[0])
            scale_rows.append((factor, t))
        base = scale_rows[0][1]
        for factor, t in scale_rows:
            rows.append((f"seed × {factor} paragraphs", f"{t:.3f} s ({t / base:.2f}× the 1× build)"))

        from scale import make

        large = tmp / "scale.yaml"
        large.write_text(make(), encoding="utf-8")
        wall, cpu = run_cpu(build + [str(large), "--out", str(tmp / "scale")])
        rows.append(("20,000 indicators quoted from 200 paragraphs (scale.py), one build", f"{wall:.1f} s wall, {cpu:.1f} s CPU"))

        source = ROOT / "tests" / "source" / "changning-2024.txt"
        imp = median_of(n, lambda: run_with_rss(build + ["import", str(source), "-o", str(tmp / "draft.yaml"), "--force"])[0])
        rows.append(("build.py import of the seed's source text, new process", f"{imp:.3f} s (goal < 2 s)"))

        corpus = sorted((ROOT / ".." / "shared" / "corpus").resolve().glob("*.txt"), key=lambda p: p.stat().st_size)
        if corpus:  # the largest real report of ../shared/corpus (issue 20), where the folder is there
            big = corpus[-1]
            draft = tmp / "corpus-largest.yaml"
            t = median_of(n, lambda: run_with_rss(build + ["import", str(big), "-o", str(draft), "--force"])[0])
            rows.append((f"build.py import of the largest corpus report ({big.stem}), new process", f"{t:.3f} s (goal ≤ 1.5 s)"))
            t = median_of(n, lambda: run_with_rss(build + [str(draft), "--out", str(tmp / f"c{time.perf_counter_ns()}")])[0])
            rows.append(("  a full build of its draft, new process and output folder",
                         f"{t:.3f} s = {t / full:.2f}× the seed's full build (goal ≤ 1.3×)"))
        else:
            rows.append(("import and build of the largest corpus report", "skipped: no ../shared/corpus beside the repository"))

        _, rss = run_with_rss(build + [str(SEED), "--out", str(tmp / "mem")])
        rows.append(("peak memory of a full build", f"{rss:.0f} MiB (goal ≤ 150 MB)"))
        brief = tmp / "mem" / SEED.stem / "brief.pdf"
        if brief.exists():
            rows.append(("brief.pdf size", f"{brief.stat().st_size / 1024:.0f} KiB (goal ≤ 300 KB)"))

    width = max(len(r[0]) for r in rows)
    print(f"# {platform.node() or 'machine'}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; median of {n}")
    for k, v in rows:
        print(f"{k.ljust(width)}  {v}")


if __name__ == "__main__":
    main()
