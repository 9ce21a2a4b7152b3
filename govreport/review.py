"""Last year's targets against this year's results (主要预期目标完成情况).

A report states the plan year's targets; the next year's report reviews that year. With one content
file per year, ``settings.previous`` (or ``--previous FILE``) names last year's file, and each of its
targets is set against the figure of this report that gives its result:

**Matching.** For each target of the previous file, in its order, the result is this report's
indicator that says ``result_of: <the target's id>``; else the indicator with the target's id; else
the one with its label (a growth target's label without its change word at the end: the target
地区生产总值增长 pairs with 地区生产总值). Only figures of the review year (and results stated in words)
are results, never a target. A target left without a result is a warning at the target's line in
the previous file, saying how to pair it; ``--strict`` makes it an error.

**Assessment** (``assess``): 完成, 未完成 or 待核, by the form of the target.

- What is compared: a target with a change (增长5%左右) against the result's change; a target's
  value against the result's value in the same unit; a target in % whose result has no value in %
  but a change in % (地区生产总值增长 5%左右 against 增长12.8%) against the result's change. A fall
  (下降3%) is compared in its own direction: a fall of 3.5% reaches a target of a fall of 3%.
- The qualifier's sense (``figures.QUALIFIER_SENSE``, the vocabulary's own list): ``以上``, 不低于,
  达到, 余 … and ``力争``/争取/确保 (``aim``), like a figure without a qualifier, are a floor: 完成 when
  the result reaches it; 超过, 突破 … a floor the result must pass; ``以内``, ``以下``, 不超过 a ceiling:
  完成 when the result does not pass it; ``左右``, 约, 近: 完成 when the result is at least the target
  less ``ABOUT_TOLERANCE`` (5%) of it (5%左右 is met from 4.75%; a result above a target 左右 is met,
  as offices report growth above its target; a price target 3%左右 that is a ceiling is written
  ``以内``, or given its ``assessment:``).
- A range (5%—5.5%): 完成 from its lower bound (a result within the range, or above it); with
  ``以内``/``以下`` the upper bound is the ceiling.
- 待核 where no rule applies: a target or a result in words, a result in another unit, a result
  without the figure the target needs (a change), a target with no result.
- ``assessment:`` on the result is the office's own word and overrides the rule.

The words the outputs show (the assessments, the mark of a missing result, the column heads and
titles) are each output's template's ``text.review`` (the report's ``appendix.review``);
``DEFAULT`` here are the templates' defaults (``template_models.ReviewWords``), which the verdicts
are named by.

Nothing here imports an output library; the builders show ``Review.rows_in(words)`` and ``--verify``
checks each row they show in the output's own words (``check``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Optional

from . import figures
from .errors import ContentError, Problem
from .model import Indicator, Report
from .template_models import ReviewWords

# The words a row is shown in when no template says (``template_models.ReviewWords``, whose
# defaults are the templates' own): the verdicts are named by them.
DEFAULT = ReviewWords()
MET, MISSED, UNSURE = DEFAULT.met, DEFAULT.missed, DEFAULT.unsure
NO_RESULT = DEFAULT.no_result  # the result column of a target without a result
ABOUT_TOLERANCE = Decimal("0.05")  # 左右 / 约 / 近: met from the target less 5% of it
PREFIX = "previous."  # --verify names a pair's row by its target: previous.<target id>


@dataclass(frozen=True)
class Pair:
    """One target of last year's report and this year's result (None when unpaired)."""

    target: Indicator
    result: Optional[Indicator]
    verdict: str  # the rule's: MET | MISSED | UNSURE (an output shows its template's word for it)
    rule: str  # why: the comparison made, or why no rule applies
    by: str = ""  # how it was paired: result_of | id | label | "" (unpaired)

    @property
    def overridden(self) -> bool:
        return self.result is not None and self.result.assessment is not None

    @property
    def assessment(self) -> str:
        """The office's ``assessment:`` when written, else the rule's verdict (in the default words)."""
        return self.assessment_in(DEFAULT)

    def assessment_in(self, words) -> str:
        """The assessment as an output words it: the office's own, else its template's word for the verdict."""
        if self.overridden:
            return self.result.assessment
        return {MET: words.met, MISSED: words.missed, UNSURE: words.unsure}[self.verdict]

    def met_in(self, words) -> bool:
        """Whether the row reads as met (an output marks the others)."""
        return self.assessment_in(words) == words.met

    @property
    def label(self) -> str:
        return self.target.label

    @property
    def target_text(self) -> str:
        """The target as every output writes it: 5%左右, 控制在市下达指标以内."""
        return figures.target_phrase(self.target)

    @property
    def result_text(self) -> str:
        """The result in the terms of its target: 增长12.8% for a change, 2286.2亿元 for a value, its
        words for a result in words; ``NO_RESULT`` without a result."""
        return result_text(self.target, self.result)

    @property
    def row(self) -> tuple[str, str, str, str]:
        """(指标, 目标, 完成情况, 评价) in the default words."""
        return self.row_in(DEFAULT)

    def row_in(self, words) -> tuple[str, str, str, str]:
        """The row as an output shows it, in its template's words."""
        result = self.result_text if self.result is not None else words.no_result
        return self.label, self.target_text, result, self.assessment_in(words)


@dataclass
class Review:
    """The previous year's file, its targets paired with this report's results."""

    previous: Report
    path: Path
    shown: str  # the previous file's path as given
    data: bytes
    pairs: list[Pair] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def year(self) -> int:
        """The year reviewed: the previous report's plan year."""
        return self.previous.meta.plan_year

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def rows(self) -> list[tuple[str, str, str, str]]:
        return self.rows_in(DEFAULT)

    def rows_in(self, words) -> list[tuple[str, str, str, str]]:
        return [p.row_in(words) for p in self.pairs]

    def characters(self, words=DEFAULT) -> str:
        """Every character the review adds to an output (its rows, in ``words``)."""
        return "".join("".join(r) for r in self.rows_in(words)) + words.met + words.missed + words.unsure + words.no_result

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.pairs:
            out[p.assessment] = out.get(p.assessment, 0) + 1
        return out

    def summary(self) -> str:
        """'8 targets of 2023: 4 完成, 1 未完成, 2 待核, 1 基本完成'."""
        counts = ", ".join(f"{n} {word}" for word, n in self.counts().items())
        return f"{len(self.pairs)} targets of {self.year}: {counts}"


# Loading ----------------------------------------------------------------------------------


def previous_path(source: Path, setting: "str | None", given: "str | None") -> Optional[Path]:
    """``--previous FILE`` as given, else ``settings.previous`` (``setting``) relative to the content
    file, else None."""
    if given:
        return Path(given)
    if setting and setting.strip():
        return source.parent / setting
    return None


def load(source: Path, report: Report, given: "str | None" = None, data: bytes | None = None, *,
         tiles: int | None = None) -> Optional[Review]:
    """The review of ``report`` (loaded from ``source``) against its previous file, or None when it
    names none. The previous file is loaded and checked as any content file (its problems at its own
    lines; ``tiles``: the templates' tile count, for lint); a plan year other than this report's
    review year is a ContentError naming both."""
    from .loader import load_with_warnings, read_bytes

    path = previous_path(source, report.settings.previous, given)
    if path is None:
        return None
    shown = str(path)
    key, line, col = ("--previous", 0, 0) if given else ("settings.previous", *report.locate("settings.previous"))
    if path.exists() and path.resolve() == source.resolve():
        raise ContentError(Problem(str(source), line, col, key, f"{shown} is this report itself: name last year's content file"))
    raw = data if data is not None else read_bytes(path, shown)
    previous, warnings = load_with_warnings(path, raw, tiles=tiles)
    if previous.meta.plan_year != report.meta.review_year:
        raise ContentError(Problem(
            str(source), line, col, key,
            f"{shown} is the report for {previous.meta.plan_year} (its plan_year), but this report reviews "
            f"{report.meta.review_year} (its review_year): name the report whose plan year is {report.meta.review_year}"))
    review = Review(previous=previous, path=path, shown=shown, data=raw, warnings=list(warnings))
    review.pairs, problems, unpaired = pair(previous, report, shown, str(source))
    if problems:
        raise ContentError(problems)
    review.warnings += unpaired
    return review


# Matching ---------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(text.split())


def base_label(label: str) -> str:
    """A growth target's label without the change word it ends with: 地区生产总值增长 -> 地区生产总值."""
    label = _squash(label)
    for word in sorted(figures.CHANGE_WORDS, key=len, reverse=True):
        if label.endswith(word) and len(label) > len(word):
            return label[: -len(word)]
    return label


def is_result(report: Report, ind: Indicator) -> bool:
    """A figure that can be a result: of the review year, not a target (a result in words included)."""
    return not ind.target and ind.period == report.meta.review_year


def pair(previous: Report, report: Report, previous_shown: str = "previous", shown: str = "") -> tuple[
        list[Pair], list[Problem], list[Problem]]:
    """(pairs in the previous file's target order, errors, warnings for unpaired targets)."""
    targets = previous.target_indicators
    target_ids = {t.id for t in targets}
    problems: list[Problem] = []
    by_result_of: dict[str, Indicator] = {}
    for ind in report.indicators.values():
        if ind.result_of is None:
            continue
        line, col = report.locate(f"indicators.{ind.id}.result_of")
        where = f"indicators.{ind.id}.result_of"
        if ind.result_of not in target_ids:
            known = ", ".join(t.id for t in targets) or "none"
            problems.append(Problem(shown, line, col, where,
                                    f"{ind.result_of!r} is no target of {previous_shown} (its targets: {known})"))
        elif not is_result(report, ind):
            problems.append(Problem(shown, line, col, where,
                                    f"a result is a figure of the review year {report.meta.review_year} "
                                    f"(not a target, not of {ind.period})"))
        else:
            by_result_of[ind.result_of] = ind
    taken = {i.id for i in by_result_of.values()}
    # The id and label rules choose among the results no result_of gives to a target.
    free = [i for i in report.indicators.values() if is_result(report, i) and i.result_of is None]
    pairs, warnings = [], []
    for t in targets:
        result, by = by_result_of.get(t.id), "result_of"
        if result is None:
            by = "id"
            result = next((i for i in free if i.id == t.id and i.id not in taken), None)
        if result is None:
            by = "label"
            labels = {_squash(t.label), base_label(t.label)}
            result = next((i for i in free if i.id not in taken and
                           (_squash(i.label) in labels or base_label(i.label) in labels)), None)
        if result is None:
            line, col = previous.locate(f"indicators.{t.id}")
            warnings.append(Problem(previous_shown, line, col, f"indicators.{t.id}",
                                    f"target {t.label} ({t.id}) has no result in {shown or 'this report'} (no figure "
                                    f"of {report.meta.review_year} has its id or label): write `result_of: {t.id}` "
                                    "on the indicator that gives its result", warning=True))
            pairs.append(Pair(t, None, UNSURE, "no result", ""))
            continue
        taken.add(result.id)
        word, rule = assess(t, result)
        pairs.append(Pair(t, result, word, rule, by))
    return pairs, problems, warnings


# Assessing --------------------------------------------------------------------------------


def compared(target: Indicator, result: Indicator) -> tuple[str, tuple, Optional[Decimal], str]:
    """(what is compared: 'change' | 'value' | '', the target's (lower, upper) in its own direction,
    the result's figure in that direction, why nothing is compared)."""
    if figures.qualitative(target):
        return "", (), None, "a target in words"
    if result.value is None and result.change is None:
        return "", (), None, "a result in words"
    if target.change is not None:
        c = target.change
        if result.change is None:
            return "", (), None, "the result has no change to set against the target's"
        if result.change.unit != c.unit:
            return "", (), None, f"the result's change is in {result.change.unit}, the target's in {c.unit}"
        got = result.change.value * figures.direction(result.change) * figures.direction(c)
        return "change", (c.value, c.upper), got, ""
    if result.value is not None and result.unit == target.unit:
        return "value", (target.value, target.upper), result.value, ""
    if target.unit == "%" and result.change is not None and result.change.unit == "%":
        # A growth target written as a value (地区生产总值增长 5%左右) against the result's change.
        return "change", (target.value, target.upper), result.change.value * figures.direction(result.change), ""
    return "", (), None, f"the result is in {result.unit or 'no unit'}, the target in {target.unit}"


def sense(target: Indicator) -> str:
    """at_least | above | at_most | about (``figures.QUALIFIER_SENSE``): what the target's qualifier
    (its change's, when the target is a change) says; a figure without one, or with an aim (力争), is
    a floor."""
    q = (target.change.qualifier if target.change is not None else None) or target.qualifier
    return figures.QUALIFIER_SENSE.get(q or "", "at_least")


def assess(target: Indicator, result: Indicator) -> tuple[str, str]:
    """(完成 | 未完成 | 待核, the rule applied) for a target and its result (an ``assessment:`` on the
    result is applied by ``pair``, not here)."""
    what, bounds, got, why = compared(target, result)
    if not what:
        return UNSURE, why
    lower, upper = bounds
    s = sense(target)
    n = figures.number
    if s == "at_most":
        ceiling = upper if upper is not None else lower
        return (MET if got <= ceiling else MISSED), f"{what} {n(got)} at most {n(ceiling)}"
    if s == "above" and upper is None:
        return (MET if got > lower else MISSED), f"{what} {n(got)} above {n(lower)}"
    if s == "about" and upper is None:
        floor = lower - abs(lower) * ABOUT_TOLERANCE
        return (MET if got >= floor else MISSED), f"{what} {n(got)} at least {n(floor)} ({n(lower)} less 5%)"
    return (MET if got >= lower else MISSED), f"{what} {n(got)} at least {n(lower)}"


def result_text(target: Indicator, result: Optional[Indicator]) -> str:
    """The result as the review shows it (see ``Pair.result_text``)."""
    if result is None:
        return NO_RESULT
    what = compared(target, result)[0]
    if what == "change":
        return figures.change_phrase(result)
    if what == "value":
        return figures.value_text(result)
    return figures.target_phrase(result)  # its words (without the label they repeat), or its figures


# Checking the outputs (--verify) ----------------------------------------------------------


def expected(pair_: Pair, words=DEFAULT) -> str:
    """What a row of the review must read, whitespace and separators aside."""
    return _squash("".join(pair_.row_in(words)))


def check(review: Review, units: list[str], words=DEFAULT) -> list[tuple[str, str, str]]:
    """(target id, ok | differs | missing, detail) for every pair against the units read back from
    an output (a table row, a line of the PDF: label, target, result and assessment in order, in the
    output's ``words``)."""
    flat = [_squash(u.replace("|", "")) for u in units]
    flat += [a + b for a, b in zip(flat, flat[1:])]  # a row wrapped over two lines of the PDF
    out = []
    for p in review.pairs:
        row = p.row_in(words)
        if any(expected(p, words) in u for u in flat):
            out.append((p.target.id, "ok", ""))
        elif any(_squash(p.label) in u for u in flat):
            out.append((p.target.id, "differs", f"{p.label}: expected «{' | '.join(row)}»"))
        else:
            out.append((p.target.id, "missing", f"{p.label}: no row «{' | '.join(row)}»"))
    return out
