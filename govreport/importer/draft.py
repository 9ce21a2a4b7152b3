"""The whole report typed: figures of every paragraph, targets, groups, headline proposals,
ids, and the text with ``{id}`` references (what ``write.to_yaml`` writes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Body, Glossary, Indicator, Paragraph

from .figures import Figure, Hit, ahead, behind, data, type_figures
from .ids import _ids
from .labels import bad_label, subject_before
from .structure import built, is_heading_line
from .targets import _targets


@dataclass(frozen=True)
class Typed:
    """The report with its figures, in the model's own types: what ``write.to_yaml`` writes. Nothing of
    the parsed draft it was made from is changed (the texts with their ``{id}`` references are new
    paragraphs)."""

    groups: dict  # id -> title, in table order
    indicators: dict  # id -> model.Indicator, in table order
    body: Body  # the texts with {id} references (braces of the source escaped)
    annexes: tuple = ()  # model.Annex, texts escaped (their figures stay text)
    glossary: Glossary | None = None
    # '# check:' comments: on a paragraph, by where it stands (``paragraph_paths``), and the ids of the
    # indicators whose label is the importer's guess
    checks: dict = field(default_factory=dict)
    guessed_labels: frozenset = frozenset()


def paragraph_paths(body: Body):
    """(path, paragraph) of every paragraph of a body in reading order, the path saying where it stands
    as ``write.to_yaml`` names it: ("opening", i), ("parts", p, "intro", i), ("parts", p, "areas", a, i),
    ("parts", p, "closing", i), ("closing", i)."""
    for i, q in enumerate(body.opening):
        yield ("opening", i), q
    for pi, part in enumerate(body.parts):
        for i, q in enumerate(part.intro):
            yield ("parts", pi, "intro", i), q
        for ai, area in enumerate(part.areas):
            for i, q in enumerate(area.paragraphs):
                yield ("parts", pi, "areas", ai, i), q
        for i, q in enumerate(part.closing):
            yield ("parts", pi, "closing", i), q
    for i, q in enumerate(body.closing):
        yield ("closing", i), q


def annex_paths(annexes):
    """(path, paragraph) of every item and paragraph of the annexes: ("annexes", a, "items", i) or
    ("annexes", a, "paragraphs", i), as ``write.to_yaml`` names them."""
    for ai, a in enumerate(annexes):
        for kind in ("items", "paragraphs"):
            for i, q in enumerate(getattr(a, kind)):
                yield ("annexes", ai, kind, i), q


def _text(para: Paragraph, key: str) -> str:
    return getattr(para, key) or ""


def _paragraph(para: Paragraph, text_of) -> Paragraph:
    """A copy of the paragraph with its texts as ``text_of(para, key)`` gives them."""
    return para.model_copy(update={"lead": text_of(para, "lead") if para.lead else para.lead, "text": text_of(para, "text")})


def _typed_body(d, text_of) -> Body:
    """The parsed draft's body with every text as ``text_of(para, key)`` gives it (new objects)."""
    paras = lambda items: tuple(_paragraph(q, text_of) for q in items)
    parts = tuple(
        part.model_copy(update={"intro": paras(part.intro), "closing": paras(part.closing),
                                "areas": tuple(a.model_copy(update={"paragraphs": paras(a.paragraphs)}) for a in part.areas)})
        for part in d.parts)
    return built(Body, opening=paras(d.opening), parts=parts, closing=paras(d.closing))


def _escaped(para: Paragraph, key: str) -> str:
    return escape(_text(para, key))


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def headline_max() -> int:
    """How many headline figures the outputs show as tiles (``selection.tile_count``, the rule lint
    and the builders use)."""
    from ..selection import tile_count

    return tile_count()


def group_of(heading: str, taken: dict) -> tuple[str, str]:
    """(id, title) of the group an area heading names: 经济向好态势持续巩固 -> economy."""
    body = re.sub(r"^（[一二三四五六七八九十]+）|^[一二三四五六七八九十]+是", "", heading).strip().rstrip("。；！")
    title = re.split(r"[，,]", body)[-1].strip() or body
    gid = ""
    for word, candidate in data()["group_ids"].items():
        if word in body and candidate not in taken:
            gid = candidate
            break
    if not gid:
        gid = f"area{len(taken) + 1}"
    while gid in taken:
        gid += "_2"
    return gid, title


def _rewrite(text: str, hits: list[Hit]) -> str:
    """``text`` with each figure replaced by its reference, everything else escaped."""
    pieces: list[tuple[int, int, str]] = []
    for h in hits:
        f = h.fig
        if h.kind in ("value", "target"):
            pieces.append((h.start, h.end, "{" + f.id + "}"))
        elif h.kind in ("attached", "change"):  # the change with its qualifier (超20%, 20%以上), as change_text prints it
            m = h.m
            start = m.start("pre") if "pre" in m.re.groupindex and m.group("pre") else m.start("num")
            end = m.end("suffix") if "suffix" in m.re.groupindex and m.group("suffix") else m.end("unit")
            pieces.append((start, end, "{" + f.id + ".change}"))
    pieces.sort()
    out, pos = [], 0
    for a, b, token in pieces:
        out.append(escape(text[pos:a]))
        out.append(token)
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def indicator(f: Figure) -> Indicator | None:
    """The model's indicator of a figure found, when it reads exactly as the text did (else None: the
    figure stays text, never a changed reading)."""
    fields = _fields(f)
    try:
        # A draft whose years were not found (period 0) is checked as of any year, and keeps its 0 for
        # --check to ask for the year.
        ind = Indicator(**{**fields, "period": fields["period"] or 2000})
    except ValueError:  # pydantic's ValidationError among them
        return None
    if not fields["period"]:
        ind = ind.model_copy(update={"period": 0})
    if f.value is not None and ind.value_text != f.value_span:
        return None
    if f.value is None and f.text is not None and ind.text != f.value_span:
        return None
    if f.change is not None and f.change_span and ind.change_text != f.change_span:
        return None
    if f.change is not None and not f.change_span:
        return None
    return ind


def _fields(f: Figure) -> dict:
    """The indicator's fields, as the model takes them (only those the text gives)."""
    out: dict = {"id": f.id, "label": f.label}
    if f.text is not None:
        out["text"] = f.text
    if f.value is not None:
        out["value"] = f.value
        if f.upper is not None:
            out["upper"] = f.upper
            out.update(_range_fields(f.unit, f.range, f.lower_unit))
        out["unit"] = f.unit
    if f.qualifier:
        out["qualifier"] = f.qualifier
    if f.aim:
        out["aim"] = f.aim
    out["period"] = f.period
    if f.change:
        c = dict(f.change)
        if "upper" in c:
            c.update(_range_fields(c["unit"], c.pop("range", None), c.pop("lower_unit", None)))
        out["change"] = c
    out["group"] = f.group
    if f.headline:
        out["headline"] = True
    if f.target:
        out["target"] = True
    if f.rider:
        out["rider"] = f.rider
    return out


def _range_fields(unit: str, sep: str | None, lower_unit: str | None) -> dict:
    """A range's separator and lower unit, written only where they differ from the model's defaults
    (5%—5.5%, 2—4家 need neither; 4.5-5% needs both)."""
    from types import SimpleNamespace

    from .. import figures

    out = {}
    if sep and sep != figures.DEFAULT_RANGE:
        out["range"] = sep
    default = figures.lower_unit(SimpleNamespace(unit=unit, lower_unit=None))
    if lower_unit is not None and lower_unit != default:
        out["lower_unit"] = lower_unit
    return out


def five_year_span(heading: str, review: int, plan: int) -> str | None:
    """The span a five-year part speaks of, when its heading names no single year: 二、“十四五”时期发展成就
    -> 2021-2025, 二、“十五五”时期主要目标 -> 2026-2030 (一、2025年和“十四五”时期工作回顾 mixes both: None)."""
    if not review or re.search(r"(?:19|20)[0-9]{2}年", heading):
        return None
    plans = set(re.findall(r"十([一二三四五六七八九])五", heading))
    if len(plans) != 1:
        return None
    start = 1981 + 5 * ("一二三四五六七八九".index(plans.pop()) + 11 - 6)  # the 6th plan 1981-1985, the 14th 2021-2025
    return f"{start}-{start + 4}"


def _part_is_plan(heading: str, plan: int) -> bool:
    return f"{plan}年" in heading or "任务" in heading or "计划" in heading


def opening_sections(opening: list, review: int, plan: int) -> list[tuple[str | None, str]]:
    """(section, its heading) of each paragraph of the opening. A report may put its review and its plan
    under headings of their own, unnumbered, before the numbered parts (“十四五”时期发展成就和2025年工作回顾,
    “十五五”时期主要目标和2026年重点工作, the 一、…四、 all inside the second): a heading line there (short,
    no stop, standing alone) naming the plan year, its tasks or the next five-year plan opens the plan's
    section ("plan"), one naming a 回顾, 成就 or the review year the review's ("review"); the paragraphs
    before the first such heading greet (None)."""
    out: list[tuple[str | None, str]] = []
    section, heading = None, ""
    for p in opening:
        text = p.text
        if is_heading_line(p.text, p.lead) and review:
            if _part_is_plan(text, plan) or "十五五" in text:
                section, heading = "plan", text
            elif re.search(r"回顾|成就", text) or f"{review}年" in text:
                section, heading = "review", text
        out.append((section, heading))
    return out


# A paragraph that opens by naming the five years behind it (——这五年，… 五年来，…) speaks of them: its
# figures are for the span unless their clause names a year; one naming the five years ahead, for those.
# How a paragraph opens before what it speaks of: a dash, a greeting (——, 各位代表！).
OPENS = r"^(?:——)?(?:各位代表[！!，,]\s*)?"
FIVE_YEARS_BEHIND = re.compile(OPENS + r"(?:这五年|五年来|过去五年|过去的五年|“十四五”(?:时期|以来))")
FIVE_YEARS_AHEAD = re.compile(OPENS + r"(?:未来五年|今后五年|“十五五”(?:时期|期间))")


def annex_period(title: str, review: int, plan: int) -> int | None:
    """The year an annex's figures are for: the one year its title names, the review's or the plan's
    (2026年自治区民生实事 -> the plan year: a list of the year's tasks, its figures none of the review
    year's); a list of 民生实事 naming no year is the plan year's (the tasks a 政府工作报告 annexes); any
    other annex's figures stay text (None)."""
    if not review:
        return None
    years = {int(y) for y in re.findall(r"((?:19|20)[0-9]{2})年", title)}
    if len(years) == 1 and years <= {review, plan}:
        return years.pop()
    if not years and not re.search(r"十[一二三四五六七八九]五|[0-9]{4}", title) and re.search(r"民生实事|实事项目", title):
        return plan
    return None


# A paragraph that opens with the review year (刚刚过去的2025年，… 过去一年，…) in a part of the five years
# (一、“十四五”时期经济社会发展回顾) speaks of that year: its figures are the year's.
YEAR_BEHIND = OPENS + r"(?:(?:在?刚刚过去的|过去的)?(?:%d年|一年)|过去一年|去年)"


# A short first sentence that only sets the scene (2025年是“十四五”收官之年。) before the one that names
# the five years: the paragraph still opens with them.
FRAMING_MAX = 25


def paragraph_period(para: Paragraph, default, review: int, plan: int):
    """The period a paragraph's figures are for when their clause names none: the five years its opening
    names (``FIVE_YEARS_BEHIND``: review-4 to review; ``FIVE_YEARS_AHEAD``: plan to plan+4), at its start
    or after a short first sentence (``FRAMING_MAX``); the review year, in a part of the five years behind,
    for a paragraph that opens with it (``YEAR_BEHIND``); else ``default``."""
    start = para.lead or para.text
    m = re.match(OPENS + r"[^。！？!?]{1,%d}[。！？!?]" % FRAMING_MAX, start)
    for opening in (start, start[m.end():] if m else None):
        if review and opening and FIVE_YEARS_BEHIND.match(opening):
            return behind(review)
        if review and opening and FIVE_YEARS_AHEAD.match(opening):
            return ahead(plan)
    if review and default == behind(review) and re.match(YEAR_BEHIND % review, start):
        return review
    return default


def carried_periods(paras, review: int, plan: int) -> dict[int, str]:
    """id(paragraph) -> the five years it speaks of without naming them: a run of ——paragraphs after
    one that names them (五年来，… then ——经济综合实力实现新跃升。…, ——现代化产业体系…) continues it.
    The run ends at the first paragraph that is not a ——paragraph."""
    out: dict[int, str] = {}
    span = None
    for para in paras:
        own = paragraph_period(para, None, review, plan)
        if own is not None:
            span = own
        elif span is not None and (para.lead or para.text).startswith("——"):
            out[id(para)] = span
        else:
            span = None
    return out


def type_report(d, review: int, plan: int) -> Typed:
    """Find, type and name every figure of the draft ``d`` and put the references in its text."""
    groups: dict[str, str] = {}
    figures: list[Figure] = []
    jobs: list[tuple[Paragraph, str, list[Hit]]] = []  # (paragraph of d, key, hits)
    carried: dict[int, str] = carried_periods(d.opening, review, plan)
    for part in d.parts:
        carried.update(carried_periods(part.intro + part.closing, review, plan))
        for area in part.areas:
            carried.update(carried_periods(area.paragraphs, review, plan))
    plan_group = targets_group = review_group = None

    def scan(para: Paragraph, period: int, group: str, where: tuple, key: str = "text", targets_only: bool = False,
             targets: bool = True) -> None:
        nonlocal targets_group
        text = _text(para, key)
        hits: list[Hit] = []
        part_period, period = period, carried.get(id(para)) or paragraph_period(para, period, review, plan)
        # The year's targets, wherever their sentence stands (in the review part's closing, the plan
        # part's intro, mid-paragraph): the first such sentence of the report (an annex holds none).
        t = _targets(text, plan) if targets and targets_group is None and key == "text" else None
        if t:
            s, e, target_hits = t
            targets_group = "targets"
            groups["targets"] = f"{plan}年主要预期目标"
            for h in target_hits:
                h.fig.group = "targets"
            hits += target_hits
            if not targets_only:
                hits += [h for h in type_figures(text, period, where, (review, plan)) if h.end <= s or h.start >= e]
        elif not targets_only:
            hits = type_figures(text, period, where, (review, plan))
        for h in hits:
            if h.fig.group == "":
                h.fig.group = group
            # 比2020年下降25% in a paragraph of the five years: the year's level against the base, the part's year's
            if h.fig.change and h.fig.change.get("base") and h.fig.period == period != part_period:
                h.fig.period = part_period
        jobs.append((para, key, hits))

    # The opening greets (only a target sentence there is typed), unless it holds the review or the plan
    # under unnumbered headings of their own (``opening_sections``): those are typed as the parts would be,
    # the review's paragraphs as the review's first part (where: (-1, 0)), and every numbered part after a
    # plan section is the plan's.
    sections = opening_sections(d.opening, review, plan)
    review_heading = next((h for s, h in sections if s == "review"), "")
    plan_in_opening = any(s == "plan" for s, _ in sections)
    for para, (section, heading) in zip(d.opening, sections):
        if section is None or is_heading_line(para.text, para.lead):
            scan(para, review, "", (-1, -1), "text", targets_only=True)
            continue
        if section == "plan":
            if plan_group is None:
                plan_group = "plan"
                groups.setdefault("plan", heading)
            for key in ("lead", "text"):
                scan(para, plan, plan_group, (-1, 1), key)
            continue
        review_group = "review"
        for key in ("lead", "text"):
            scan(para, review, review_group, (-1, 0), key)
    for pi, part in enumerate(d.parts):
        is_plan = plan_in_opening or (pi > 0 and _part_is_plan(part.heading, plan))
        period = five_year_span(part.heading, review, plan) or (plan if is_plan else review)
        if is_plan:
            if plan_group is None:
                plan_group = "plan"
                groups.setdefault("plan", re.sub(r"^[一二三四五六七八九十]+、", "", part.heading).strip() or f"{plan}年主要任务")
            part_group = plan_group
        else:
            if review_group is None:
                review_group = "review"
            part_group = review_group
        for para in part.intro + part.closing:
            for key in ("lead", "text"):
                scan(para, period, part_group, (pi, -1), key)
        for ai, area in enumerate(part.areas):
            g = part_group
            if not is_plan:
                g, title = group_of(area.heading, groups)
                groups[g] = title
            for para in area.paragraphs:
                for key in ("lead", "text"):
                    scan(para, period, g, (pi, ai), key)
    for para in d.closing:
        scan(para, review, "", (-1, -1), "text", targets_only=True)
    # An annex of the plan year (2026年自治区民生实事) or the review year: its figures are that year's, in a
    # group of its own (its title); where ("annex", a). Other annexes' figures stay text.
    for ai, annex in enumerate(d.annexes):
        period = annex_period(annex.title or "", review, plan)
        if period is None:
            continue
        gid = f"annex{ai + 1}"
        while gid in groups:
            gid += "_2"
        groups[gid] = annex.title
        for para in tuple(annex.items) + tuple(annex.paragraphs):
            for key in ("lead", "text"):
                scan(para, period, gid, ("annex", ai), key, targets=False)
    if review_group and any(h.fig.group == "review" for _, _, hs in jobs for h in hs):
        title = review_heading or re.sub(r"^[一二三四五六七八九十]+、", "", d.parts[0].heading).strip()
        groups = {"review": title or "主要指标", **groups}
    # Order: the year's figures first, targets last (the table order of the outputs).
    seen: dict[int, Figure] = {}
    for _, _, hits in jobs:
        for h in hits:
            seen.setdefault(id(h.fig), h.fig)
    figures = list(seen.values())
    figures = [f for f in figures if not f.target] + [f for f in figures if f.target]
    # Two figures of one paragraph with one label (…{a}经济楼宇开工建设，…{b}经济楼宇顺利竣工): the verb after each tells them apart.
    by_label: dict[tuple, list[Figure]] = {}
    for f in figures:
        by_label.setdefault((f.where, f.label), []).append(f)
    for same in by_label.values():
        if len(same) > 1 and all(f.verb_after for f in same) and len({f.verb_after for f in same}) == len(same):
            for f in same:
                f.label = f.verb_after + f.label
    _text_labels(jobs, figures)
    # A figure with no label a reader could take for what is counted (none found, a bare verb, a
    # fragment), or sharing its label with another figure of its sentence, stays text; its paragraph
    # says so in a comment.
    unlabelled = _unlabelled(jobs)
    for f in figures:
        if f.target and id(f) in unlabelled:
            f.label = f.value_span if f.text is None else f.text
            unlabelled.pop(id(f))
    figures = [f for f in figures if id(f) not in unlabelled]
    checks: dict[int, str] = {}  # id(paragraph of d) -> its comment
    for para, _, hits in jobs:
        kept = [h.fig.value_span or h.fig.change_span for h in hits if id(h.fig) in unlabelled]
        if kept:
            checks[id(para)] = "no label found for " + "、".join(dict.fromkeys(kept)) + ": kept as text"
    _ids(figures)
    # A figure the model would write otherwise than the text stays text (never a changed reading).
    indicators = {id(f): indicator(f) for f in figures}
    figures = [f for f in figures if indicators[id(f)] is not None]
    closing = {id(para) for part in d.parts for para in part.closing}
    in_closing = {id(h.fig) for para, _, hits in jobs if id(para) in closing for h in hits}
    for f in headlines(figures, indicators, review, -1 if review_heading else 0, in_closing):
        indicators[id(f)] = indicators[id(f)].model_copy(update={"headline": True})
    good = {id(f) for f in figures}
    texts = {(id(para), key): _rewrite(_text(para, key), [h for h in hits if id(h.fig) in good])
             for para, key, hits in jobs if _text(para, key)}
    used = {f.group for f in figures}
    groups = {k: v for k, v in groups.items() if k in used} or {"general": "主要指标"}
    body = _typed_body(d, lambda para, key: texts.get((id(para), key), _text(para, key)))
    paths = {id(q): path for path, q in (*paragraph_paths(d), *annex_paths(d.annexes))}
    annexes = _typed_annexes(d, lambda para, key: texts.get((id(para), key), _escaped(para, key)))
    return Typed(groups, {f.id: indicators[id(f)] for f in figures}, body, annexes, d.glossary,
                 {paths[k]: v for k, v in checks.items()}, frozenset(f.id for f in figures if "label" in f.checks))


HEADLINE_LEAST = 4  # proposals the review part fills up to when its summary and key figures are fewer


def key_figure(label: str) -> int | None:
    """Which of the key figures of a review (``headline_figures`` of data/import.yaml, in order) a label
    names, a place before it aside: 全省地区生产总值 -> 0, 城镇居民人均可支配收入 -> 5; None for any other."""
    spec = data()["headline_figures"]
    for place in sorted(spec["places"], key=len, reverse=True):
        if label.startswith(place) and len(label) > len(place):
            label = label[len(place):]
            break
    return next((n for n, names in enumerate(spec["names"]) if label in names), None)


def headlines(figures: list, indicators: dict, review: int, review_part: int, in_closing=frozenset()) -> list:
    """The figures proposed as headline figures, at most ``headline_max()``: of the review part (the first
    part, or the review under a heading of the opening: ``review_part`` -1) and the review year only (no
    target, no span, no change over five years, 年均 or 比2020年, no result in words), in this order: the key
    figures of the review's summary (the part's intro, or the whole review under its heading; not its
    closing, ``in_closing``: ids of figures), then those of its areas (地区生产总值, 一般公共预算收入 … as
    import.yaml's ``headline_figures`` names them, one each, both incomes), then the summary's other
    figures, then the first area's amounts, changes and shares (no count), then, while fewer than
    ``HEADLINE_LEAST``, the review part's others; each group as the builders rank figures
    (``selection.rank_key``: amounts with a change first), key figures in the list's order; never two
    with one label."""
    from .. import figures as model_figures
    from ..selection import rank_key

    def eligible(f) -> bool:
        ind = indicators[id(f)]
        return (not f.target and f.where[:1] == (review_part,) and isinstance(f.period, int) and f.period == review
                and not (f.change and (f.change.get("base") or f.change.get("per_year")))
                and not model_figures.qualitative(ind))

    pool = [f for f in figures if eligible(f)]
    order = {id(f): n for n, f in enumerate(pool)}
    summary_where = (-1, 0) if review_part == -1 else (review_part, -1)
    in_summary = {id(f) for f in pool if f.where == summary_where and id(f) not in in_closing}
    key = {id(f): key_figure(f.label) for f in pool}
    by_key = lambda f: (key[id(f)], order[id(f)])
    by_rank = lambda f: rank_key(indicators[id(f)]) + (order[id(f)],)
    chosen: list = []
    labels: set = set()
    keys: set = set()

    def add(fs, one_per_key: bool = False, least: int | None = None) -> None:
        for f in fs:
            if least is not None and len(chosen) >= least:
                return
            if f in chosen or f.label in labels:
                continue
            k = key[id(f)]
            if one_per_key and k in keys and k != key_figure("居民人均可支配收入"):
                continue
            chosen.append(f)
            labels.add(f.label)
            keys.add(k)

    summary = [f for f in pool if id(f) in in_summary]
    add(sorted((f for f in summary if key[id(f)] is not None), key=by_key))
    add(sorted((f for f in pool if id(f) not in in_summary and key[id(f)] is not None), key=by_key), one_per_key=True)
    add(sorted((f for f in summary if key[id(f)] is None), key=by_rank))
    first_area = (review_part, 0) if review_part != -1 else None
    add(sorted((f for f in pool if f.where == first_area and rank_key(indicators[id(f)])[0] < 4), key=by_rank))
    add(sorted((f for f in pool if id(f) not in in_summary), key=by_rank), least=HEADLINE_LEAST)
    return chosen[: headline_max()]


def _typed_annexes(d, text_of=_escaped) -> tuple:
    """The annexes with every text as ``text_of(para, key)`` gives it (escaped, with the references of an
    annex whose figures are typed, ``annex_period``): new objects."""
    return tuple(a.model_copy(update={"items": tuple(_paragraph(q, text_of) for q in a.items),
                                      "paragraphs": tuple(_paragraph(q, text_of) for q in a.paragraphs)})
                 for a in d.annexes)


def _text_labels(jobs, figures) -> None:
    """A label two figures share is the text's own words in each one's sentence: where it is not (年度投资
    for 年度完成投资), the subject as the text writes it, light verb kept."""
    count: dict[str, int] = {}
    for f in figures:
        count[f.label] = count.get(f.label, 0) + 1
    for para, key, hits in jobs:
        text = _text(para, key)
        for h in hits:
            f = h.fig
            if count.get(f.label, 0) < 2 or h.kind not in ("value", "change"):
                continue
            start = max(text.rfind(c, 0, h.start) for c in "。！？；") + 1
            end = min((i for i in (text.find(c, h.start) for c in "。！？；") if i >= 0), default=len(text))
            if f.label in text[start:end]:
                continue
            alt = subject_before(text, h.start, keep_inner=True)
            if alt and alt in text[start:end] and not bad_label(alt):
                count[f.label] -= 1
                f.label = alt
                count[alt] = count.get(alt, 0) + 1


def _unlabelled(jobs) -> dict:
    """The figures (by id) without a usable label: a bad label, or one label for two figures of a sentence."""
    out: dict = {}
    for _, _, hits in jobs:
        for h in hits:
            if bad_label(h.fig.label):
                out[id(h.fig)] = h.fig
    for para, key, hits in jobs:
        text = _text(para, key)
        ends = [i for i, c in enumerate(text) if c in "。！？；"]
        by_sentence: dict[tuple, dict] = {}
        for h in hits:
            sentence = sum(1 for e in ends if e < h.start)
            by_sentence.setdefault((sentence, h.fig.label), {})[id(h.fig)] = h.fig
        for same in by_sentence.values():
            if len(same) > 1:
                out.update(same)
    return out


def plain_report(d) -> Typed:
    """The draft with no figures: texts escaped only."""
    return Typed({"general": "主要指标"}, {}, _typed_body(d, _escaped), _typed_annexes(d), d.glossary)
