"""Cold builds of the seed by two checkouts, interleaved, against bare imports (``make bench``'s
first rows, side by side): ``python benchmarks/compare.py OTHER_CHECKOUT [-n 15]``.

Runs alternate (imports, this checkout, the other) so a noisy machine slows all three alike; medians
and ratios are printed. Both use this Python and the bytecode cache, as ``bench.py`` does.

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
from bench import ENV, PY, ROOT, run_with_rss  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="another checkout of the project (e.g. a git worktree)")
    ap.add_argument("-n", type=int, default=15)
    ap.add_argument("--callgrind", action="store_true", help="count instructions with valgrind instead of timing")
    args = ap.parse_args()
    trees = {"this": ROOT, "other": args.other.resolve()}
    if args.callgrind:
        return instructions(trees)
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


def instructions(trees: dict[str, Path]) -> None:
    """Instructions of bare imports and of each checkout's cold build, counted by callgrind."""
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
    print(f"bare imports  {imp / 1e9:.3f} G instructions")
    for name, tree in trees.items():
        print(f"{name:6s} {tree}  cold build {got[name] / 1e9:.3f} G = {got[name] / imp:.2f}× imports")
    print(f"this / other = {got['this'] / got['other']:.3f}")


if __name__ == "__main__":
    main()
