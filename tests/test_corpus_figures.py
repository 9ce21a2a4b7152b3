"""Figures, labels and targets of the drafts of the real reports in ../shared/corpus (skipped with the
reason where the folder is absent), judged by reading each draft back against the hand-written key.
What each label may not be (a bare verb, a comparison, a fragment, a generic word): test_import_labels.py."""

from __future__ import annotations

import re
import pytest
import yaml

from corpus import NAMES, imported, key, source
from corpus_targets import (
    draft_targets,
    labels_not_from_their_sentence,
    shared_labels_in_a_sentence,
    target_problems,
    targets_score,
)


@pytest.mark.parametrize("name", NAMES)
def test_every_key_target_is_found_in_order_and_no_other(name):
    imp = imported(name)
    assert imp.exit_code == 0 and imp.data, imp.error or imp.stderr
    k = key(name)
    problems = target_problems(imp, k)
    assert problems == [], "\n".join(problems)
    right, in_key = targets_score(imp, k)
    assert in_key == len(k["targets"]) and right <= in_key


@pytest.mark.parametrize("name", NAMES)
def test_targets_are_the_plan_years_and_read_as_the_source_writes_them(name):
    from govreport.model import Indicator

    imp = imported(name)
    assert imp.data, imp.error or imp.stderr
    plan = imp.data["meta"]["plan_year"]
    text = source(name).read_text(encoding="utf-8")
    for t in draft_targets(imp):
        ind = Indicator(**t)  # as the model reads it (the draft may still fail --check for its meta)
        assert ind.period == plan, t["id"]
        assert ind.quoted in text, (t["id"], ind.quoted)


@pytest.mark.parametrize("name", NAMES)
def test_two_figures_of_a_sentence_never_share_a_label(name):
    imp = imported(name)
    assert imp.data, imp.error or imp.stderr
    shared = shared_labels_in_a_sentence(imp.data)
    assert shared == [], "\n".join(shared)


@pytest.mark.parametrize("name", NAMES)
def test_a_label_is_repeated_only_where_the_text_repeats_it(name):
    imp = imported(name)
    assert imp.data, imp.error or imp.stderr
    over = labels_not_from_their_sentence(imp.data)
    assert over == [], "\n".join(over)


@pytest.mark.parametrize("name", NAMES)
def test_no_figure_of_a_plan_year_annex_is_dated_the_review_year(name):
    """An annex listing the plan year's tasks (2026年自治区民生实事) holds figures of that year, never of the
    review year's: each figure it quotes is the plan year's, no target and no headline; and where such an
    annex writes figures, the draft types them (its text as the source writes it: test_corpus.py)."""
    imp = imported(name)
    assert imp.ok, imp.error
    report = imp.report
    plan = report.meta.plan_year
    for a in report.annexes:
        if f"{plan}年" not in a.title and not ("民生实事" in a.title and not re.search(r"[0-9]{4}", a.title)):
            continue
        texts = [q.text for q in a.items + a.paragraphs]
        quoted = [report.indicators[m] for t in texts for m in re.findall(r"(?<!\{)\{([A-Za-z0-9_]+)", t)]
        if any(re.search(r"[0-9]+(?:\.[0-9]+)?(?:万|亿)?(?:个|家|人|元|户|张|部|公里|%)", report.render(t)) for t in texts):
            assert quoted, f"{a.title}: no figure typed"
        wrong = [(i.id, str(i.period)) for i in quoted if i.period.year != plan or i.period.span or i.target or i.headline
                 or report.is_review(i)]
        assert wrong == [], a.title
