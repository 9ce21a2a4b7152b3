"""The importer on the real reports of ../shared/corpus (skipped with the reason where it is absent):
each draft, as imported and with no edits, is checked, built and verified, and read back against the
source and the answer key written by hand (keys.yaml). Targets and labels: test_corpus_figures.py."""

from __future__ import annotations

import re

import pytest

from corpus import NAMES, annex_titles, built, docx_paragraphs, imported, key, run_build, source, structure, text_problems


@pytest.mark.parametrize("name", NAMES)
def test_import_runs_without_a_traceback(name):
    imp = imported(name)
    assert "Traceback" not in imp.error and "Traceback" not in imp.stderr, imp.error or imp.stderr
    assert imp.exit_code == 0, imp.stderr
    assert imp.yaml_text.startswith("# yaml-language-server: $schema=")
    assert "it passes --check" in imp.stderr


@pytest.mark.parametrize("name", NAMES)
def test_the_draft_as_imported_passes_check(name):
    imp = imported(name)
    code, stdout, stderr = run_build(str(imp.yaml_path), "--check")
    assert code == 0, stderr
    assert f"{imp.yaml_path}: ok:" in stdout


@pytest.mark.parametrize("name", NAMES)
def test_the_draft_builds_every_output_and_verify_agrees(name):
    b = built(name)
    assert b.exit_code == 0, b.stderr or b.stdout
    for output in ("report.docx", "deck.pptx", "brief.pdf", "report.html"):
        assert (b.folder / output).stat().st_size > 0, output
    assert "verify: ok:" in b.stdout, b.stdout[-2000:]


@pytest.mark.parametrize("name", NAMES)
def test_structure_equals_the_keys(name):
    imp = imported(name)
    k = key(name)
    got = structure(imp.data)
    want = {f: k["structure"][f] for f in ("parts", "areas", "run_in")}
    assert got == want
    assert annex_titles(imp.data) == k.get("annexes", [])
    assert not any(p["heading"].startswith(("附件", "附表")) for p in imp.data["body"]["parts"])



def _annex_text(report) -> str:
    """The draft's annexes and glossary as one string, white space and the term's colon aside: label, title,
    each item with its number, each paragraph, each term and its explanation."""
    from govreport.figures import item_number

    out = []
    for a in report.annexes:
        out += [a.label, a.title]
        out += [a.number(n) + report.render(q.text) for n, q in enumerate(a.items, 1)]
        out += [report.render(q.text) for q in a.paragraphs]
    g = report.glossary
    if g:
        out += [g.label or "", g.title] + [item_number(g.numbering, n) + t.term + t.text for n, t in enumerate(g.terms, 1)]
    return re.sub(r"[\s：:]", "", "".join(out))


@pytest.mark.parametrize("name", NAMES)
def test_every_annex_keeps_its_title_and_its_whole_text(name):
    """What follows the closing (附件, its title, its items or paragraphs, 名词解释 / 注释) is the draft's
    annexes and glossary word for word, in order: no title glued to its first paragraph, no annex dropped."""
    from govreport.importer.structure import annex_start

    imp = imported(name)
    assert imp.ok, imp.error
    lines = [line.strip() for line in source(name).read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if i > 10 and annex_start(line)), None)
    if start is None:
        assert imp.report.annexes == () and imp.report.glossary is None
        return
    assert _annex_text(imp.report) == re.sub(r"[\s：:]", "", "".join(lines[start:]))


@pytest.mark.parametrize("name", NAMES)
def test_report_docx_reads_as_the_source(name):
    b = built(name)
    assert (b.folder / "report.docx").is_file(), b.stderr or b.stdout  # written even where --verify disagrees
    lines = source(name).read_text(encoding="utf-8").splitlines()
    problems = text_problems(lines, docx_paragraphs(b.folder / "report.docx"))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_the_drafts_headline_figures_are_the_review_years(name):
    """Every report reviews its year with figures: the draft proposes some of them as the headline figures
    the deck's and the brief's tiles show (a review under an unnumbered heading too: 内蒙古), and only
    figures of the review year (a five-year figure, 这五年…, is none)."""
    imp = imported(name)
    assert imp.ok, imp.error
    report = imp.report
    headlines = [i for i in report.headline_indicators if not i.target]
    assert headlines, "no headline figure of the review year"
    assert all(report.is_review(i) for i in headlines), [i.id for i in headlines if not report.is_review(i)]


# The key economic figures of a review, as a reader names them (a place before the name aside).
KEY_FIGURES = {
    "地区生产总值": r"(?:地区)?生产总值|GDP",
    "一般公共预算收入": r"(?:地方)?一般公共预算收入",
    "固定资产投资": r"固定资产投资",
    "社会消费品零售总额": r"社会消费品零售总额",
    "进出口": r"(?:外贸)?进出口(?:总额|总值)?",
    "居民人均可支配收入": r"(?:全体|城乡|城镇|农村)?(?:常住)?居民人均可支配收入",
}
PLACE = r"(?:全省|全市|全区|全自治区)?"


def _review_part_figures(report) -> list:
    """The review year's figures the review part quotes (the first part, and the opening's review under
    a heading of its own), in reading order: no target, no span, no change over five years or against a
    base year, no result in words."""
    refs = re.compile(r"(?<!\{)\{([A-Za-z0-9_]+)(?:\.change)?\}")
    part = report.body.parts[0]
    paras = [*report.body.opening, *part.intro, *(q for a in part.areas for q in a.paragraphs), *part.closing]
    ids = dict.fromkeys(m for q in paras for m in refs.findall((q.lead or "") + q.text))
    inds = [report.indicators[i] for i in ids]
    return [i for i in inds if report.is_review(i) and not (i.change and (i.change.base or i.change.per_year))]


@pytest.mark.parametrize("name", NAMES)
def test_headline_proposals_are_the_reviews_summary_and_key_figures(name):
    """The draft proposes at least 4 headline figures where the review part holds that many of the review
    year (山西省 and 河北省 review five years: their parts hold one), at most the tile count, every one of
    the review year, never a target or a five-year figure; each key economic figure of the review year the
    review part gives (地区生产总值, 一般公共预算收入, 固定资产投资, 社会消费品零售总额, 进出口, 居民人均可支配收入)
    is among them while the tiles have room; and keys.yaml's headline answers, where it has them."""
    from govreport.selection import tile_count

    imp = imported(name)
    assert imp.ok, imp.error
    report = imp.report
    proposed = [i for i in report.indicators.values() if i.headline]
    held = _review_part_figures(report)
    assert min(4, len(held)) <= len(proposed) <= tile_count(), [i.label for i in proposed]
    assert all(i in held for i in proposed), [i.label for i in proposed if i not in held]
    assert len({i.label for i in proposed}) == len(proposed), [i.label for i in proposed]
    kinds = [k for k, pattern in KEY_FIGURES.items() if any(re.fullmatch(PLACE + pattern, i.label) for i in held)]
    if len(kinds) <= tile_count():
        missing = [k for k in kinds if not any(re.fullmatch(PLACE + KEY_FIGURES[k], i.label) for i in proposed)]
        assert missing == [], [i.label for i in proposed]
    for answer in key(name).get("headline") or []:
        label = answer if isinstance(answer, str) else answer["label"]
        assert label in [i.label for i in proposed], label
