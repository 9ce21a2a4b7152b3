"""Cold builds of the seed by two checkouts, interleaved, against bare imports (``make bench``'s
first rows, side by side): ``python benchmarks/compare.py OTHER_CHECKOUT [-n 15]``.

Runs alternate (imports, this checkout, the other) so a noisy machine slows all three alike; medians
and ratios are printed. Both use this Python and the bytecode cache, as ``bench.py`` does.

``--verify``: a cold build of the seed against ``--verify-only`` of the set it wrote, per checkout
(the wall and CPU medians, and verify / build for each), and verify this / other. ``--scale``: a
build of the large report ``scale.py`` makes (20,000 indicators quoted from 200 paragraphs; ``-n``
runs, default 1 here), wall and CPU time per checkout.

``--callgrind`` counts instructions instead (one run each under valgrind, ~1 minute): the same
build gives the same count to a fraction of a per cent however busy the machine is, so a change
of a few per cent shows, which wall-clock medians on a shared machine cannot tell from noise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ENV, PY, ROOT, run_cpu, run_with_rss  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="another checkout of the project (e.g. a git worktree)")
    ap.add_argument("-n", type=int, default=15)
    ap.add_argument("--callgrind", action="store_true", help="count instructions with valgrind instead of timing")
    ap.add_argument("--verify", action="store_true", help="--verify-only against a cold build, per checkout")
    ap.add_argument("--scale", action="store_true", help="the 20,000-indicator report of scale.py, per checkout")
    args = ap.parse_args()
    trees = {"this": ROOT, "other": args.other.resolve()}
    if args.callgrind:
        return instructions(trees, verify=args.verify)
    if args.verify:
        return verify(trees, args.n)
    if args.scale:
        return scale(trees, args.n if "-n" in sys.argv else 1)
    times: dict[str, list[float]] = {"imports": [], "this": [], "other": []}
    with tempfile.TemporaryDirectory() as tmp:
        def cold(tree: Path) -> float:
            out = Path(tmp) / f"out{time.perf_counter_ns()}"
            seed = tree / "content" / "changning-2024.yaml"
            return run_with_rss([PY, str(tree / "build.py"), str(seed), "--out", str(out)], cwd=tree, env=ENV)[0]

        for tree in trees.values():
            cold(tree)  # bytecode cache written
        for _ in range(args.n):
            times["imports"].append(run_with_rss([PY, "-c", "import docx, pptx, reportlab.platypus, yaml"])[0])
            for name, tree in trees.items():
                times[name].append(cold(tree))
    imp = statistics.median(times["imports"])
    print(f"bare imports  {imp:.3f} s (median of {args.n})")
    for name in trees:
        m = statistics.median(times[name])
        print(f"{name:6s} {trees[name]}  cold build {m:.3f} s = {m / imp:.2f}× imports")
    print(f"this / other = {statistics.median(times['this']) / statistics.median(times['other']):.3f}")


def _seed_build(tree: Path, out: Path, *more: str) -> list[str]:
    return [PY, str(tree / "build.py"), str(tree / "content" / "changning-2024.yaml"), "--out", str(out), *more]


def verify(trees: dict[str, Path], n: int) -> None:
    """Cold builds of the seed and --verify-only of what they wrote, interleaved, per checkout."""
    got: dict[tuple[str, str], list[tuple[float, float]]] = {(t, w): [] for t in trees for w in ("build", "verify")}
    with tempfile.TemporaryDirectory() as tmp:
        for name, tree in trees.items():
            run_cpu(_seed_build(tree, Path(tmp) / name), cwd=tree)  # bytecode cache; the set verify reads
        for _ in range(n):
            for name, tree in trees.items():
                got[name, "build"].append(run_cpu(_seed_build(tree, Path(tmp) / f"out{time.perf_counter_ns()}"), cwd=tree))
                got[name, "verify"].append(run_cpu(_seed_build(tree, Path(tmp) / name, "--verify-only"), cwd=tree))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in got.items()}
    print(f"seed, median of {n}: wall s / CPU s")
    print(f"{'':6s} {'cold build':>17s}  {'--verify-only':>17s}  {'verify / build':>16s}")
    for name, tree in trees.items():
        (bw, bc), (vw, vc) = med[name, "build"], med[name, "verify"]
        print(f"{name:6s} {bw:8.3f} / {bc:6.3f}  {vw:8.3f} / {vc:6.3f}  {vw / bw:6.2f} / {vc / bc:5.2f}   {tree}")
    (tw, tc), (ow, oc) = med["this", "verify"], med["other", "verify"]
    print(f"verify this / other = {tw / ow:.3f} wall, {tc / oc:.3f} CPU")


def scale(trees: dict[str, Path], n: int) -> None:
    """A build of scale.py's 20,000-indicator report by each checkout, interleaved."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import make

    got: dict[str, list[tuple[float, float]]] = {t: [] for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "scale.yaml"
        src.write_text(make(), encoding="utf-8")
        for _ in range(n):
            for name, tree in trees.items():
                out = Path(tmp) / f"out{time.perf_counter_ns()}"
                got[name].append(run_cpu([PY, str(tree / "build.py"), str(src), "--out", str(out)], cwd=tree))
    print(f"20,000 indicators quoted from 200 paragraphs (benchmarks/scale.py), median of {n}: wall s / CPU s")
    for name, tree in trees.items():
        w, c = statistics.median(x for x, _ in got[name]), statistics.median(y for _, y in got[name])
        print(f"{name:6s} {w:8.2f} / {c:6.2f}   {tree}")
    print(f"this / other = {statistics.median(x for x, _ in got['this']) / statistics.median(x for x, _ in got['other']):.3f} wall, "
          f"{statistics.median(y for _, y in got['this']) / statistics.median(y for _, y in got['other']):.3f} CPU")


def instructions(trees: dict[str, Path], verify: bool = False) -> None:
    """Instructions of bare imports and of each checkout's cold build, counted by callgrind (and,
    with ``verify``, of --verify-only of the set that build wrote)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--callgrind needs valgrind (apt-get install valgrind)")

    def count(cmd: list[str], cwd: Path | None = None) -> int:
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", *cmd],
                               cwd=cwd, env=ENV, capture_output=True, text=True)
            m = re.search(r"Collected : (\d+)", r.stderr)
            if r.returncode != 0 or not m:
                raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
            return int(m.group(1))

    with tempfile.TemporaryDirectory() as tmp:
        def cold(tree: Path) -> list[str]:
            out = Path(tmp) / f"out{time.perf_counter_ns()}"
            return [PY, str(tree / "build.py"), str(tree / "content" / "changning-2024.yaml"), "--out", str(out)]

        for tree in trees.values():
            run_with_rss(cold(tree), cwd=tree, env=ENV)  # bytecode and font caches written
        imp = count([PY, "-c", "import docx, pptx, reportlab.platypus, yaml"])
        got = {name: count(cold(tree), cwd=tree) for name, tree in trees.items()}
        checked = {}
        if verify:
            for name, tree in trees.items():
                run_with_rss(_seed_build(tree, Path(tmp) / name), cwd=tree, env=ENV)
                checked[name] = count(_seed_build(tree, Path(tmp) / name, "--verify-only"), cwd=tree)
    print(f"bare imports  {imp / 1e9:.3f} G instructions")
    for name, tree in trees.items():
        more = f"; --verify-only {checked[name] / 1e9:.3f} G = {checked[name] / got[name]:.2f}× the build" if verify else ""
        print(f"{name:6s} {tree}  cold build {got[name] / 1e9:.3f} G = {got[name] / imp:.2f}× imports{more}")
    print(f"this / other = {got['this'] / got['other']:.3f}" + (f"; verify {checked['this'] / checked['other']:.3f}" if verify else ""))


if __name__ == "__main__":
    main()
