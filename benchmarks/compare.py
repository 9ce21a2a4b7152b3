"""Cold builds of the seed by two checkouts, interleaved, against bare imports (``make bench``'s
first rows, side by side): ``python benchmarks/compare.py OTHER_CHECKOUT [-n 15]``.

Runs alternate (imports, this checkout, the other) so a noisy machine slows all three alike; medians
and ratios are printed. Both use this Python and the bytecode cache, as ``bench.py`` does.
"""

from __future__ import annotations

import argparse
import statistics
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
    args = ap.parse_args()
    trees = {"this": ROOT, "other": args.other.resolve()}
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


if __name__ == "__main__":
    main()
