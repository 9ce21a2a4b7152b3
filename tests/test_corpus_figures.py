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
