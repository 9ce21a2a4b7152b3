"""The importer on every real report of ../shared/corpus, as a table (for the README and issue notes):

    python benchmarks/corpus_table.py

report, figures (indicators of the draft), targets right / in the key (value, upper bound, unit,
qualifier or words, rider; tests/corpus_targets.py) and made besides, whether the structure is the
key's (parts, areas per part, run-in areas, annexes), whether the draft as imported passes --check,
and the seconds the import took (in this process, after the first: the libraries loaded once).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    import corpus
    from corpus_targets import target_problems, targets_score

    if not corpus.present():
        print(corpus.ABSENT, file=sys.stderr)
        return 2
    rows = []
    for name in corpus.names():
        imp = corpus.imported(name)
        k = corpus.key(name)
        if not imp.data:
            rows.append((name, "-", "-", "-", "-", "no: " + (imp.error or imp.stderr).splitlines()[0], f"{imp.seconds:.2f}"))
            continue
        right, in_key = targets_score(imp, k)
        besides = sum(1 for p in target_problems(imp, k) if p.startswith("made besides"))
        want = {f: k["structure"][f] for f in ("parts", "areas", "run_in")}
        same = corpus.structure(imp.data) == want and corpus.annex_titles(imp.data) == k.get("annexes", [])
        code, _, _ = corpus.run_build(str(imp.yaml_path), "--check")
        rows.append((name, str(len(imp.data.get("indicators") or {})), f"{right}/{in_key}", str(besides),
                     "yes" if same else "no", "yes" if code == 0 else "no", f"{imp.seconds:.2f}"))
    head = ("report", "figures", "targets right/in key", "made besides", "structure as key", "--check", "seconds")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    right = sum(int(r[2].split("/")[0]) for r in rows if "/" in r[2])
    total = sum(int(r[2].split("/")[1]) for r in rows if "/" in r[2])
    print(f"\n{len(rows)} reports: {right} of {total} key targets right, "
          f"{sum(1 for r in rows if r[5] == 'yes')} drafts pass --check as imported, "
          f"{sum(1 for r in rows if r[4] == 'yes')} with the key's structure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
