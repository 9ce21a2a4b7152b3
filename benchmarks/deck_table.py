"""The deck of the seed and of every real report of ../shared/corpus, as a table (for issue notes):

    python benchmarks/deck_table.py [NAME ...]

Read back from each deck.pptx as built (``build.py --only deck``) with the tests' own measure
(tests/test_deck_substance.py ``substance``): per report the slides, the content slides, the least
substance on a content slide (characters + ``FIGURE_WEIGHT`` per figure shown large; title slides,
dividers and the closing have no floor) and which slide that is, the content slides below the floor,
and the figures on slides: shown large (tiles, callouts, bars, table rows), quoted in the slides'
text only, and the report's indicators in all; the least fill of a content slide (the share of its body box its
content covers as drawn: ``fill``, floor ``FILL_FLOOR``). NAME: the seed (``seed``) or corpus report names; all
by default.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def figures_of(report, prs) -> tuple[int, int]:
    """(figures shown large, figures quoted in a slide's text only): tiles and callouts by their shape
    names, chart bars and table rows by their labels; a figure in text when what ``{id}`` reads stands
    in a text frame that is not a figure's."""
    from govreport import figures
    from test_deck_substance import ids_of

    large: set[str] = set()
    texts: list[str] = []
    labels: list[str] = []
    for slide in prs.slides:
        for shp in slide.shapes:
            iid = ids_of(report, shp.name)
            if iid:
                large.add(iid)
            elif shp.has_text_frame:
                texts.append(re.sub(r"\s", "", shp.text_frame.text))
            if shp.has_chart:
                labels += list(shp.chart.plots[0].categories)
            if shp.has_table:
                labels += [row.cells[0].text.replace("\x0b", "").replace("\n", "") for row in shp.table.rows]
    for ind in report.indicators.values():
        if ind.id not in large and (ind.display_label in labels or ind.label in labels):
            large.add(ind.id)
    text = "\n".join(texts)
    in_text = {i.id for i in report.indicators.values()
               if i.id not in large and figures.quoted(i) and re.sub(r"\s", "", figures.quoted(i)) in text}
    return len(large), len(in_text)


def row(name: str, report, path: Path) -> tuple:
    from pptx import Presentation

    from govreport.builders.deck.plan.base import FIGURE_WEIGHT, SUBSTANCE_FLOOR
    from test_deck_substance import HEADINGS, fill, substance

    prs = Presentation(str(path))
    slides = list(prs.slides)
    content = [(n, substance(s)) for n, s in enumerate(slides, 1) if s.slide_layout.name not in HEADINGS]
    scores = [(c + FIGURE_WEIGHT * f, n) for n, (c, f) in content]
    least, at = min(scores) if scores else (0, 0)
    below = sum(1 for v, _ in scores if v < SUBSTANCE_FLOOR)
    fills = [(fill(s), n) for n, s in enumerate(slides, 1) if s.slide_layout.name not in HEADINGS]
    low, low_at = min(fills) if fills else (1.0, 0)
    large, in_text = figures_of(report, prs)
    return (name, len(slides), len(content), f"{least} (slide {at})", f"{low:.0%} (slide {low_at})", below, large,
            in_text, len(report.indicators))


def main(argv: list[str]) -> int:
    import corpus
    from conftest import SEED

    from govreport.loader import load

    names = argv or ["seed"] + corpus.names()
    out = Path(tempfile.mkdtemp(prefix="deck-table-"))
    rows = []
    for name in names:
        if name == "seed":
            src, report = SEED, load(SEED)
        else:
            imp = corpus.imported(name)
            if not imp.ok:
                rows.append((name, "draft does not load", "", "", "", "", "", "", ""))
                continue
            src, report = imp.yaml_path, imp.report
        code, _, err = corpus.run_build(str(src), "--out", str(out), "--only", "deck")
        if code != 0:
            rows.append((name, f"build failed: {err.strip().splitlines()[-1] if err.strip() else code}",
                         "", "", "", "", "", "", ""))
            continue
        rows.append(row(name, report, out / Path(src).stem / "deck.pptx"))
    head = ("report", "slides", "content slides", "least substance", "least fill", "below floor", "figures large",
            "in text only", "indicators")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
