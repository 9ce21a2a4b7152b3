"""Step one of the deck: content -> deck plan, plain data (lists, dicts, str, float, int).

The plan is a list of slides. Each slide is a dict:

    kind      title | glance | chart | divider | area | targets | closing
    layout    the layout name it is drawn on (from templates/deck.yaml: layouts)
    title     the slide title as plain text
    frames    text frames: {name, box [x,y,w,h] pt, inset, anchor, placeholder (title|body|subtitle|None),
              fill, geometry, paragraphs [{runs [{text, role, size, color, bold}], align, line, before,
              indent, bullet, field, lines}], height (measured)}
    shapes    plain rectangles {box, color, decor}
    charts    {name, type, box, title, categories, series [{name, values}], ids, number_format, max, ...}
    tables    {box, columns [widths], rows [{height, cells [{paragraphs, fill}]}]}
    bullets   the bullet texts (area slides), callouts: the indicator ids shown as callouts
    notes     the speaker notes (the full rendered text of what the slide stands for)
    number    the slide number (1-based)

Every size and every split is decided here, by measuring the text with the configured fonts
(``measure``); the drawing step only draws. Nothing is written that does not fit: a slide title
takes up to ``title.grow_lines`` lines at the minimum title size and pushes the content down; a
tile or callout wraps its label (``label_max_lines``) and puts a long unit on a line of its own;
what still does not fit at the minimum sizes is a ``ContentError`` that names the slide, the text
and what to change (a callout that does not fit is left out, with a note).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from ... import figures, references
from ...errors import ContentError, Problem
from ...model import Indicator, Report
from ... import textfit
from ...fonts import load_config

SENTENCE_END = "。；！？"
BALANCED = frozenset({"title", "closing", "subtitle", "cell"})  # frames whose lines are balanced
CLAUSE_END = "，：、"


def load_theme(templates: Path) -> dict:
    """``templates/deck.yaml`` as plain data, checked by ``config.DeckTemplate`` (a copy: the
    planner may change it)."""
    from ...config import load

    return copy.deepcopy(load(templates).data["deck.yaml"])


date_text = figures.date_text


def strip_end(text: str) -> str:
    return text.strip().rstrip("。；，：、 ")


def ref_ids(text: str) -> list[str]:
    """Indicator ids referenced in a text, in order, once each."""
    out: list[str] = []
    for r in references.find(text or ""):
        if not r.error and r.id not in out:
            out.append(r.id)
    return out


class Planner:
    def __init__(self, report: Report, theme: dict, *, user_template: bool = False, note=None, source: str = ""):
        self.report = report
        self.t = theme
        self.user = user_template
        self.note = note or (lambda msg: None)
        self.source = str(source)
        self.problems: list[Problem] = []
        self.factor = float(theme["measure"]["width_factor"])
        self.spacing = float(theme["measure"]["line_spacing"])
        self.gap = float(theme["measure"].get("script_gap", 0.0))
        self.placed: set[str] = set()
        # The one measurer (textfit), told the report's units so no number is parted from its unit.
        self.fit = textfit.measurer(load_config(), ambiguous_full=True).with_units(
            textfit.units_of(report.indicators.values()))
        m = report.meta
        self.words = {
            "review_year": m.review_year,
            "plan_year": m.plan_year,
            "issuer": m.issuer,
            "title": m.title,
        }

    # Small helpers -------------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        """Something that cannot be drawn without overflowing: collected, raised after planning."""
        pr = Problem(self.source, path=path, message=message)
        if pr not in self.problems:
            self.problems.append(pr)

    def word(self, key: str) -> str:
        return str(self.t["text"][key]).format(**self.words)

    def role(self, usage: str) -> str:
        return self.t["fonts"][usage]

    def color(self, name: str | None, *, placeholder: bool = False) -> str | None:
        """Hex colour of a theme colour name; None (inherit) for placeholders in a user's template."""
        if name is None or (placeholder and self.user):
            return None
        if self.user:
            # No red band under a user's template: text meant for the band takes a plain colour.
            name = self.t.get("user_template_colors", {}).get(name, name)
        return self.t["colors"].get(name, name)

    def run(self, text: str, usage: str, size: float, color: str | None = None, bold: bool = False) -> dict:
        return {"text": text, "role": self.role(usage), "size": float(size), "color": color, "bold": bold}

    def para(self, runs: list[dict], *, align: str = "left", before: float = 0.0, indent: float = 0.0,
             bullet: dict | None = None, field: str | None = None) -> dict:
        size = max(r["size"] for r in runs)
        return {
            "runs": runs,
            "align": align,
            "line": round(size * self.spacing, 1),
            "before": float(before),
            "indent": float(indent),
            "bullet": bullet,
            "field": field,
            "lines": 0,
        }

    def frame(self, name: str, box, paragraphs: list[dict], *, placeholder: str | None = None,
              anchor: str = "top", inset=None, fill: str | None = None, geometry: str | None = None,
              line: str | None = None) -> dict:
        inset = [float(v) for v in (inset or self.t["inset"])]
        box = [float(v) for v in box]
        f = {
            "name": name,
            "box": box,
            "inset": inset,
            "anchor": anchor,
            "placeholder": placeholder,
            "fill": fill,
            "line": line,
            "geometry": geometry,
            "paragraphs": paragraphs,
        }
        f["height"] = round(self.frame_height(paragraphs, box[2], inset, balanced=name in BALANCED), 2)
        return f

    def frame_height(self, paragraphs, width: float, inset, balanced: bool = False) -> float:
        """Height a frame needs: its insets, each paragraph's space before (none for the first) and
        its lines at its exact pitch. Lines are broken by ``textfit`` (CJK 禁则, a number kept with
        its unit); the plan keeps each paragraph's lines (``breaks``) and the drawing writes them as
        line breaks, so PowerPoint and LibreOffice set the lines measured here. ``balanced`` (titles,
        the closing line, labels): lines of even length, no lone last character."""
        h = inset[1] + inset[3]
        for i, p in enumerate(paragraphs):
            runs = [(r["text"], r["role"], r["size"]) for r in p["runs"]]
            avail = width - inset[0] - inset[2] - p.get("indent", 0.0)
            lines = self.fit.lines(runs, avail, self.factor, self.gap, balanced=balanced or p.get("balanced", False))
            p["lines"] = len(lines)
            texts = [ln.text for ln in lines]
            p["breaks"] = texts if len(texts) > 1 and "".join(texts) == "".join(r[0] for r in runs) else []
            h += (p.get("before", 0.0) if i else 0.0) + len(lines) * p["line"]
        return h

    def fits(self, f: dict, max_lines: int | None = None) -> bool:
        if f["height"] > f["box"][3] + 0.01:
            return False
        if max_lines is not None and any(p["lines"] > max_lines for p in f["paragraphs"]):
            return False
        return True

    def fitted(self, name: str, text: str, spec: dict, usage: str, *, max_lines: int | None = None,
               align: str = "left", anchor: str = "top", placeholder: str | None = None, what: str = "",
               path: str = "") -> dict:
        """A one-paragraph frame at the largest of spec['sizes'] that fits spec['box'] (else a problem)."""
        color = self.color(spec.get("color"), placeholder=placeholder is not None)
        f = None
        for size in spec["sizes"]:
            f = self.frame(name, spec["box"], [self.para([self.run(text, usage, size, color)], align=align)],
                           anchor=anchor, placeholder=placeholder)
            if self.fits(f, max_lines):
                return f
        shown = text if len(text) <= 60 else text[:40] + "…" + text[-10:]
        self.problem(path, f"{what or name} {shown!r} ({len(text)} characters) does not fit its box "
                           f"in {max_lines or 'any number of'} line(s) even at {spec['sizes'][-1]} pt: shorten it")
        return f

    def rect(self, spec: dict, decor: bool = True) -> dict:
        return {"box": [float(v) for v in spec["box"]], "color": self.color(spec["color"]), "decor": decor}

    def title_frame(self, text: str, path: str = "", sizes: list | None = None) -> dict:
        """The slide title at the largest size that fits the title box in one line, else in
        ``max_lines``; else at the minimum size in up to ``grow_lines`` lines, the box grown
        downwards (``title_extra`` tells how much the content below moves). Never cut."""
        spec = self.t["title"]
        color = self.color(spec["color"], placeholder=True)
        sizes = sizes or [s for s in spec["sizes"] if s >= spec["min"]]
        for max_lines in (1, spec["max_lines"]):
            for size in sizes:
                f = self.frame("title", spec["box"], [self.para([self.run(text, "title", size, color)])],
                               anchor="middle", placeholder="title")
                if self.fits(f, max_lines):
                    return f
        grow = int(spec.get("grow_lines", spec["max_lines"]))
        x, y, w, h = [float(v) for v in spec["box"]]
        para = self.para([self.run(text, "title", sizes[-1], color)])
        f = self.frame("title", [x, y, w, h], [para], anchor="middle", placeholder="title")
        lines = para["lines"]
        if lines <= grow:
            f["box"][3] = max(h, float(-(-f["height"] // 1)))  # whole points, never smaller than the box
            return f
        # The longest start of the title that fits in ``grow`` lines: a binary search (a longer
        # start never takes fewer lines), so a 20,000-character heading costs ~15 measurements.
        def fits_grow(n: int) -> bool:
            p = self.para([self.run(text[:n], "title", sizes[-1], color)])
            return self.frame("t", [x, y, w, h], [p])["paragraphs"][0]["lines"] <= grow

        lo, hi = 1, len(text) - 1  # fits_grow(len(text)) is False
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits_grow(mid):
                lo = mid
            else:
                hi = mid - 1
        per_line = lo
        shown = text if len(text) <= 60 else text[:40] + "…" + text[-10:]
        self.problem(path, f"slide title {shown!r} ({len(text)} characters) needs {lines} lines at the minimum "
                           f"title size {sizes[-1]:g} pt; a title may take {grow}: shorten it to at most "
                           f"{per_line} characters")
        return f

    def title_extra(self, f: dict) -> float:
        """How far a grown title pushes the content below it."""
        return round(max(0.0, f["box"][3] - float(self.t["title"]["box"][3])), 2)

    def title_decor(self, extra: float = 0.0) -> list[dict]:
        spec = self.t["title"]
        out = [self.rect(spec["hairline"]), self.rect(spec["rule"])]
        for r in out:
            r["box"][1] = round(r["box"][1] + extra, 2)
        return out

    @staticmethod
    def below(box, extra: float) -> list[float]:
        """A content box with its top moved down by ``extra`` (its bottom stays)."""
        x, y, w, h = [float(v) for v in box]
        return [x, round(y + extra, 2), w, round(h - extra, 2)]

    def slide(self, kind: str, layout: str, title: str, **extra) -> dict:
        s = {
            "kind": kind,
            "layout": self.t["layouts"][layout],
            "title": title,
            "frames": [],
            "shapes": [],
            "charts": [],
            "tables": [],
            "bullets": [],
            "callouts": [],
            "notes": "",
            "number": 0,
        }
        s.update(extra)
        return s

    # Figures --------------------------------------------------------------------------

    def figure_runs(self, ind: Indicator, size: float, small: float, color: str | None) -> list[dict]:
        """The figure as number (large) and qualifier/unit (small): 超过 600 家 (``figures.tile``). A
        figure that is only a change reads as the report says it, never as a level: ▲增长 14 % (▼下降
        in the fall colour)."""
        t = figures.tile(ind)
        prefix = t.prefix
        if t.change_only:
            prefix = self.word("rise" if t.direction > 0 else "fall") + prefix
            color = self.color("rise" if t.direction > 0 else "fall")
        runs = [self.run(prefix, "figure", small, color)] if prefix else []
        runs.append(self.run(t.number, "figure", size, color))
        if t.suffix:
            runs.append(self.run(t.suffix, "figure", small, color))
        return runs

    def change_runs(self, ind: Indicator, size: float) -> list[dict]:
        """The change line under a figure, ▲ 增长12.8% (``figures.tile``); none for a change-only
        figure, which says its change in the figure itself."""
        t = figures.tile(ind)
        if not t.change:
            return []
        up = t.direction > 0
        return [self.run(self.word("rise" if up else "fall") + " ", "text", size, self.color("rise" if up else "fall")),
                self.run(t.change, "text", size, self.color("ink"))]

    def figure_frame(self, ind: Indicator, box, spec: dict, value_size: float, name: str, *,
                     split: bool = False, label: str | None = None, split_change: bool = False) -> dict:
        """A tile or callout: the figure, its label (wrapped), its change. ``split`` puts the unit
        after the number on a line of its own (a long unit: 元/平方米/年)."""
        small = max(float(spec.get("unit_min", 18)), round(value_size * float(spec.get("unit_ratio", 0.56))))
        small = min(small, value_size)
        runs = self.figure_runs(ind, value_size, small, self.color("accent"))
        if split and len(runs) > 1 and runs[-1]["size"] < value_size:
            paras = [self.para(runs[:-1]), self.para(runs[-1:])]
        else:
            paras = [self.para(runs)]
        label_at = len(paras)
        paras.append(self.para([self.run(ind.display_label if label is None else label, "text", spec["label_size"],
                                         self.color("muted"))], before=spec["space"]))
        paras[-1]["balanced"] = True  # a wrapped label in even lines, never one character alone
        ch = self.change_runs(ind, spec["change_size"])
        if ch and split_change and ind.value is not None:
            # ▲ 提高 / 27.59个百分点: the change's word and its figure on lines of their own.
            word, figure = ind.change.word, figures.change_text(ind.change)
            paras.append(self.para([ch[0], {**ch[1], "text": word}], before=spec["space"]))
            paras.append(self.para([{**ch[1], "text": figure}]))
        elif ch:
            paras.append(self.para(ch, before=spec["space"]))
        f = self.frame(name, box, paras, inset=spec["inset"], fill=self.color("tile"), geometry="rect",
                       anchor="middle")
        f["label_paragraph"] = label_at
        return f

    def figure_fits(self, f: dict, spec: dict) -> bool:
        p = f["paragraphs"]
        k = f.get("label_paragraph", 1)
        return (f["height"] <= f["box"][3] + 0.01 and all(q["lines"] == 1 for q in p[:k])
                and p[k]["lines"] <= spec["label_max_lines"] and all(q["lines"] == 1 for q in p[k + 1:]))

    def fit_figure(self, ind: Indicator, box, spec: dict, name: str, label: str | None = None) -> dict | None:
        """The tile or callout at the largest figure size that fits: unit beside the number, else
        (a long unit) on its own line; a change too long for one line (▲ 提高27.59个百分点) puts
        its figure on a line of its own. None when nothing fits at the smallest size."""
        for split_change in (False, True):
            for split in (False, True):
                for size in spec["value_sizes"]:
                    f = self.figure_frame(ind, box, spec, size, name, split=split, label=label,
                                          split_change=split_change)
                    if self.figure_fits(f, spec):
                        return f
        return None

    def figure_advice(self, ind: Indicator, box, spec: dict, what: str) -> str:
        """Why an indicator's tile or callout cannot fit, and what the author can change."""
        shown = ind.display_label
        if self.fit_figure(ind, box, spec, "probe", label="") is None:
            return (f"{what}: the figure {ind.value_text or ind.change_text!r} of indicator {ind.id} does not fit "
                    f"even at {spec['value_sizes'][-1]} pt with its unit on a line of its own: use a shorter unit "
                    f"or qualifier")
        # The longest label that fits: a binary search (a longer label never fits where a shorter
        # one does not), so a 1,000-character label costs ~10 tries, not 1,000.
        lo, hi = 1, len(shown)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.fit_figure(ind, box, spec, "probe", label="国" * mid) is not None:
                lo = mid
            else:
                hi = mid - 1
        n = lo
        if len(shown) > 60:
            shown = shown[:40] + "…" + shown[-10:]
        if ind.short:
            return (f"{what}: the short label {shown!r} of indicator {ind.id} ({len(ind.display_label)} characters) does not fit "
                    f"in {spec['label_max_lines']} lines: shorten its short: label to at most {n} characters")
        return (f"{what}: the label {shown!r} of indicator {ind.id} ({len(ind.display_label)} characters) does not fit "
                f"in {spec['label_max_lines']} lines: give indicator {ind.id} a short: label of at most {n} characters")

    # Slides ---------------------------------------------------------------------------

    def title_slide(self) -> dict:
        m = self.report.meta
        ts = self.t["title_slide"]
        s = self.slide("title", "title", m.title)
        if not self.user:
            s["shapes"] += [self.rect(ts["band"]), self.rect(ts["rule"])]
        s["frames"] += [
            self.fitted("issuer", m.issuer, ts["issuer"], "text", max_lines=1, align="center", anchor="bottom",
                        what="title slide: issuer", path="meta.issuer"),
            self.fitted("title", m.title, ts["title"], "title", max_lines=1, align="center", anchor="middle",
                        placeholder="title", what="title slide: title", path="meta.title"),
            self.fitted("subtitle", self.report.render(m.subtitle), ts["subtitle"], "text", max_lines=2,
                        align="center", placeholder="subtitle", what="title slide: subtitle", path="meta.subtitle"),
            self.fitted("speaker", m.speaker, ts["speaker"], "title", max_lines=1, align="center", anchor="middle",
                        what="title slide: speaker", path="meta.speaker"),
            self.fitted("date", date_text(m.date), ts["date"], "text", max_lines=1, align="center",
                        what="title slide: date", path="meta.date"),
        ]
        s["notes"] = "\n".join(self.report.render(p.lead or "") + self.report.render(p.text)
                               for p in self.report.body.opening)
        return s

    def glance_slide(self) -> dict | None:
        inds = [i for i in self.report.headline_indicators if not i.target]
        spec = self.t["tiles"]
        if not inds:
            self.note("no headline indicators: no at-a-glance slide")
            return None
        if len(inds) > spec["max"]:
            left = inds[spec["max"]:]
            inds = inds[: spec["max"]]
            self.note("at a glance shows the first %d headline indicators; not as tiles: %s"
                      % (spec["max"], ", ".join(i.id for i in left)))
        n = len(inds)
        cols = 3 if n in (5, 6, 9) else min(n, 4)
        rows = -(-n // cols)
        title = self.word("glance")
        s = self.slide("glance", "plain", title)
        tf = self.title_frame(title, "templates/deck.yaml: text.glance")
        extra = self.title_extra(tf)
        s["frames"].append(tf)
        s["shapes"] += self.title_decor(extra) if not self.user else []
        bx, by, bw, bh = self.below(spec["box"], extra)
        gap = float(spec["gap"])
        tw = (bw - gap * (cols - 1)) / cols
        th = min(float(spec["height"]), (bh - gap * (rows - 1)) / rows)
        top = by + (bh - (rows * th + gap * (rows - 1))) / 2
        boxes = []
        for k in range(n):
            r, c = divmod(k, cols)
            in_row = min(cols, n - r * cols)
            left = bx + (bw - (in_row * tw + gap * (in_row - 1))) / 2  # centre a short last row
            boxes.append([round(left + c * (tw + gap), 2), round(top + r * (th + gap), 2), round(tw, 2), round(th, 2)])
        # Each tile takes the largest figure size at which it fits (a long unit does not shrink the rest).
        tiles = []
        for k, ind in enumerate(inds):
            f = self.fit_figure(ind, boxes[k], spec, f"tile {ind.id}")
            if f is None:
                where = f"slide {title!r}, tile {ind.id}"
                self.problem(f"indicators.{ind.id}", self.figure_advice(ind, boxes[k], spec, where))
                f = self.figure_frame(ind, boxes[k], spec, spec["value_sizes"][-1], f"tile {ind.id}")
            tiles.append(f)
        s["frames"] += tiles
        s["callouts"] = [i.id for i in inds]
        self.placed.update(i.id for i in inds)
        s["notes"] = "\n".join(self.spoken(i) for i in inds)
        return s

    def spoken(self, ind: Indicator) -> str:
        """One indicator as a sentence for the notes: 地区生产总值2286.2亿元，增长12.8%。"""
        return figures.spoken(ind)

    def chart_slide(self, name: str, inds: list[Indicator], values: list[float], *, title: str, series: str,
                    color: str, maximum: float | None = None) -> dict:
        """A bar chart of figures of one kind, largest first. A fall is a bar below zero in the fall
        colour, labelled as the report says it (下降3.2%), and the category labels then stand at the
        low end of the axis, clear of the bars."""
        spec = self.t["chart"]
        order = sorted(range(len(inds)), key=lambda k: -values[k])
        inds, values = [inds[k] for k in order], [values[k] for k in order]
        if len(inds) > spec["max_categories"]:
            self.note(f"chart {title!r} shows the first {spec['max_categories']} of {len(inds)} indicators")
            inds, values = inds[: spec["max_categories"]], values[: spec["max_categories"]]
        s = self.slide("chart", "plain", title)
        tf = self.title_frame(title, "templates/deck.yaml: text")
        extra = self.title_extra(tf)
        s["frames"].append(tf)
        s["shapes"] += self.title_decor(extra) if not self.user else []
        bx, by, bw, bh = self.below(spec["box"], extra)
        h = min(bh, max(float(spec["min_height"]), len(inds) * float(spec["bar_pitch"]) + 40))
        box = [bx, round(by + (bh - h) / 2, 2), bw, h]
        falls = [v < 0 for v in values]
        s["charts"].append({
            "name": name,
            "type": "bar",
            "box": box,
            "title": title,
            "categories": [i.display_label for i in inds],
            "series": [{"name": series, "values": values}],
            "ids": [i.id for i in inds],
            "number_format": spec["number_format"],
            "max": maximum,
            "color": self.color(color),
            # per bar: the fall colour and the report's words for a fall (None: the number format)
            "point_colors": [self.color("fall") if f else None for f in falls],
            "point_labels": [figures.bar_label(i) if f else None for i, f in zip(inds, falls)],
            "labels_low": any(falls),
            "label_size": float(spec["label_size"]),
            "data_label_size": float(spec["data_label_size"]),
            "gap_width": int(spec["gap_width"]),
            "label_role": self.role("text"),
            "figure_role": self.role("figure"),
            "label_color": self.color("ink"),
            "axis_color": self.color("chart_axis"),
        })
        self.placed.update(i.id for i in inds)
        s["notes"] = "\n".join(self.spoken(i) for i in inds)
        return s

    def growth_chart(self) -> dict | None:
        """The year's growth rates: changes in % of amounts (not of a share, a rate or a
        concentration: ``chart.not_growth_units``), the headline ones when there are enough."""
        spec = self.t["chart"]
        skip = [str(u) for u in spec.get("not_growth_units", figures.NOT_GROWTH_UNITS)]
        pool = [i for i in self.report.indicators.values()
                if not i.target and figures.is_growth_rate(i, skip) and i.period != self.report.meta.plan_year]
        least = int(spec.get("min_bars", 3))
        inds = [i for i in pool if i.headline]
        if len(inds) < least:
            inds = pool
        if len(inds) < least:
            self.note(f"{len(inds)} growth rate(s) (changes in % of amounts): no growth chart (it needs {least})")
            return None
        values = [figures.bar_value(i) for i in inds]
        return self.chart_slide("growth", inds, values, title=self.word("growth_chart"),
                                series=self.word("growth_series"), color="chart_bar")

    def share_chart(self) -> dict | None:
        spec = self.t["chart"]
        words = [str(w) for w in spec["share_words"]]
        inds = [i for i in self.report.indicators.values()
                if not i.target and i.value is not None and i.unit == "%" and any(w in i.label for w in words)
                and i.period != self.report.meta.plan_year]
        least = int(spec.get("min_bars", 3))
        if len(inds) < least:
            if inds:
                self.note(f"{len(inds)} share(s) in %: no share chart (it needs {least}); they stay on their area slides")
            return None
        values = [float(i.value) for i in inds]
        return self.chart_slide("shares", inds, values, title=self.word("share_chart"),
                                series=self.word("share_series"), color="chart_share", maximum=100.0)

    def divider(self, part) -> dict:
        d = self.t["divider"]
        title = self.report.render(part.heading)
        s = self.slide("divider", "divider", title, accent=True)
        if not self.user:
            s["shapes"] += [self.rect(d["band"]), self.rect(d["rule"])]
        k = self.report.body.parts.index(part)
        s["frames"].append(self.fitted("title", title, d["title"], "title", max_lines=2, anchor="bottom",
                                       placeholder="title", what="part heading", path=f"body.parts[{k}].heading"))
        s["notes"] = "\n".join(self.paragraph_text(p) for p in part.intro)
        return s

    def paragraph_text(self, p) -> str:
        return self.report.render(p.lead or "") + self.report.render(p.text)

    # Area slides ----------------------------------------------------------------------

    # Points: what an area slide says --------------------------------------------------

    @staticmethod
    def sentences(text: str) -> list[str]:
        """A raw text (with its {id} references) cut into sentences at 。！？； outside brackets."""
        return [x for x in Planner._cut(text, SENTENCE_END) if x.strip()]

    @staticmethod
    def _cut(text: str, marks: str) -> list[str]:
        out, cur, depth = [], "", 0
        for ch in text:
            cur += ch
            if ch in "（(“‘《【{":
                depth += 1
            elif ch in "）)”’》】}" and depth:
                depth -= 1
            elif ch in marks and depth == 0:
                out.append(cur)
                cur = ""
        if cur:
            out.append(cur)
        return out

    def shorten(self, sentence: str, limit: int) -> str:
        """A sentence shortened at clause boundaries (，；) to about ``limit`` characters as read: from
        its start, or, when the start before its first figure is too long, from the clause that
        quotes it; whole clauses only. Returns the raw text (references kept)."""
        clauses = [c for c in self._cut(sentence, "，；：") if c.strip()]
        shown = [len(self.report.render(c)) for c in clauses]
        first = next((k for k, c in enumerate(clauses) if ref_ids(c)), 0)
        start = 0 if sum(shown[: first + 1]) <= limit else first
        end, total = start + 1, shown[start]
        while end < len(clauses) and total + shown[end] <= limit:
            total += shown[end]
            end += 1
        return "".join(clauses[start:end])

    def point(self, lead: str | None, raw: str | None, paras: list) -> dict:
        """One point of an area slide: a bold lead and/or a (shortened) sentence, with the ids of
        the figures the sentence quotes and the paragraphs it stands for."""
        lead_text = strip_end(self.report.render(lead)) if lead else None
        text = strip_end(self.report.render(raw)) if raw else None
        ids = ref_ids(raw or "") + [i for i in ref_ids(lead or "") if i not in ref_ids(raw or "")]
        plain = (lead_text or "") + ("：" if lead_text and text else "") + (text or "")
        return {"lead": lead_text, "text": text, "bullet": plain, "quoted": ids, "paras": list(paras), "ids": []}

    def area_points(self, area) -> list[dict]:
        """The points of an area: per paragraph its lead and the sentence that carries its figures
        (or, without figures, its first sentence); an area without leads gets a point per
        sentence that quotes figures, and at least two points when it has two sentences."""
        limit = int(self.t["bullets"]["point_max_chars"])
        items: list[dict] = []
        leads = any(p.lead for p in area.paragraphs)
        if leads:
            for p in area.paragraphs:
                sents = self.sentences(p.text)
                fig = next((x for x in sents if ref_ids(x)), None)
                if p.lead:
                    raw = self.shorten(fig, max(20, limit - len(self.report.render(p.lead)))) if fig else None
                    items.append(self.point(p.lead, raw, [p]))
                elif sents:
                    items.append(self.point(None, self.shorten(fig or sents[0], limit), [p]))
        else:
            every = [(p, x) for p in area.paragraphs for x in self.sentences(p.text)]
            chosen = [k for k, (_, x) in enumerate(every) if ref_ids(x)]
            k = 0
            while len(chosen) < min(2, len(every)) and k < len(every):
                if k not in chosen:
                    chosen.append(k)
                k += 1
            if not chosen and every:
                chosen = [0]
            for k in sorted(chosen):
                items.append(self.point(None, self.shorten(every[k][1], limit), []))
            # each paragraph goes with the first point drawn from it (the notes follow the points)
            for p in area.paragraphs:
                owner = next((it for it, k in zip(items, sorted(chosen)) if every[k][0] is p), None)
                (owner or items[-1])["paras"].append(p)
        for it in items:
            for q in it["paras"]:
                it["ids"] += [x for x in ref_ids((q.lead or "") + "\n" + q.text) if x not in it["ids"]]
        return items

    def bullet_paras(self, items: list[dict], size: float) -> list[dict]:
        b = self.t["bullets"]
        bullet = {"char": b["char"], "color": self.color(b["bullet_color"]), "size_pct": int(b["char_size_pct"]),
                  "role": self.role("text")}
        color = self.color(b["color"], placeholder=True)
        out = []
        for k, it in enumerate(items):
            runs = []
            if it.get("lead"):
                runs.append(self.run(it["lead"] + ("：" if it.get("text") else ""), "title", size, color, bold=True))
            if it.get("text"):
                runs.append(self.run(it["text"], "text", size, color))
            if not runs:
                runs = [self.run(it["bullet"], "text", size, color)]
            out.append(self.para(runs, before=b["space_before"] if k else 0.0, indent=b["indent"], bullet=bullet))
        return out

    def bullets_frame(self, items, size, box) -> dict:
        return self.frame("bullets", box, self.bullet_paras(items, size), placeholder="body")

    def chunks(self, items: list[dict], box) -> tuple[list[list[dict]], float]:
        """Split the items into the fewest slides, at the largest size, balanced; (chunks, size)."""
        b = self.t["bullets"]
        sizes = [float(s) for s in b["sizes"] if s >= b["min"]]
        h = float(box[3])

        def height(chunk, size):
            return self.bullets_frame(chunk, size, box)["height"]

        def greedy(size):
            out, cur = [], []
            for it in items:
                if cur and height(cur + [it], size) > h:
                    out.append(cur)
                    cur = []
                cur.append(it)
            if cur:
                out.append(cur)
            return out

        best_n = len(greedy(sizes[-1]))
        for size in sizes:
            if len(greedy(size)) == best_n:
                break
        # Balance: among the partitions into best_n contiguous chunks, the one with the lowest tallest chunk.
        n = len(items)
        memo: dict = {}

        def solve(start, parts):
            if (start, parts) in memo:
                return memo[(start, parts)]
            if parts == 1:
                res = (height(items[start:], size), [items[start:]])
            else:
                res = (float("inf"), [])
                for end in range(start + 1, n - parts + 2):
                    first = height(items[start:end], size)
                    if first > h:
                        break
                    rest_h, rest = solve(end, parts - 1)
                    worst = max(first, rest_h)
                    if worst < res[0]:
                        res = (worst, [items[start:end]] + rest)
            memo[(start, parts)] = res
            return res

        if best_n > 1 and n <= 40:
            worst, parts = solve(0, best_n)
            if worst <= h:
                return parts, size
        return greedy(size), size

    def callout_frames(self, ids: list[str], extra: float = 0.0, where: str = "") -> list[dict]:
        """Up to ``callouts.max`` figures beside the bullets, most important first; an indicator whose
        callout does not fit even alone at the smallest size is left out (a note says what to change)."""
        spec = self.t["callouts"]
        inds = [self.report.indicators[i] for i in ids if i in self.report.indicators]
        order = {ind.id: k for k, ind in enumerate(inds)}
        ranked = sorted(inds, key=lambda i: (not i.headline, i.change is None, order[i.id]))
        cx, cy, cw, ch = self.below(spec["column"], extra)
        fitting = []
        for ind in ranked:
            if len(fitting) == spec["max"]:
                break
            if self.fit_figure(ind, [cx, 0, cw, ch], spec, "probe") is None:
                self.note(self.figure_advice(ind, [cx, 0, cw, ch], spec, f"{where}: no callout for {ind.id}"))
                continue
            fitting.append(ind)
        chosen = sorted(fitting, key=lambda i: order[i.id])
        gap = float(spec["gap"])
        while chosen:
            frames = None
            for split in (False, True):
                for size in spec["value_sizes"]:
                    frames = [self.figure_frame(ind, [cx, 0, cw, ch], spec, size, f"callout {ind.id}", split=split)
                              for ind in chosen]
                    if all(self.figure_fits(f, spec) for f in frames):
                        break
                else:
                    continue
                break
            need = max(f["height"] for f in frames)
            total = need * len(frames) + gap * (len(frames) - 1)
            if total <= ch and all(self.figure_fits(f, spec) for f in frames):
                out = []
                y = cy
                for f, ind in zip(frames, chosen):
                    box = [cx, round(y, 2), cw, round(need + 0.5, 2)]
                    out.append(self.figure_frame(ind, box, spec, self._value_size(f), f"callout {ind.id}",
                                                 split=split))
                    y += need + 0.5 + gap
                return out
            drop = max(chosen, key=lambda i: (not i.headline, i.change is None, order[i.id]))
            chosen = [c for c in chosen if c is not drop]
        return []

    @staticmethod
    def _value_size(f: dict) -> float:
        return max(r["size"] for r in f["paragraphs"][0]["runs"])

    def figure_grid(self, inds: list[Indicator], box, where: str) -> list[dict]:
        """Figures as callouts in a grid of ``callouts.grid_columns`` (a （续） slide of an area's
        figures); a figure that does not fit its cell is left out with a note."""
        spec = self.t["callouts"]
        cols = min(int(spec["grid_columns"]), max(1, len(inds)))
        rows = -(-len(inds) // cols)
        bx, by, bw, bh = [float(v) for v in box]
        gap = float(spec["gap"])
        cw = (bw - gap * (cols - 1)) / cols
        chh = min(float(spec["grid_height"]), (bh - gap * (rows - 1)) / rows)
        out = []
        for k, ind in enumerate(inds):
            r, c = divmod(k, cols)
            cell = [round(bx + c * (cw + gap), 2), round(by + r * (chh + gap), 2), round(cw, 2), round(chh, 2)]
            f = self.fit_figure(ind, cell, spec, f"callout {ind.id}")
            if f is None:
                self.note(self.figure_advice(ind, cell, spec, f"{where}: no callout for {ind.id}"))
                continue
            out.append(f)
        return out

    def row_callouts(self, ids: list[str], box, where: str) -> list[dict]:
        """Up to ``callouts.max`` figures side by side in ``box`` (the row under an area's points)."""
        spec = self.t["callouts"]
        inds = [self.report.indicators[i] for i in ids][: int(spec["max"])]
        if not inds:
            return []
        bx, by, bw, bh = [float(v) for v in box]
        gap = float(spec["gap"])
        n = len(inds)
        cw = min((bw - gap * (n - 1)) / n, float(spec["column"][2]) * 1.2)
        left = bx + (bw - (n * cw + gap * (n - 1))) / 2
        frames = []
        for k, ind in enumerate(inds):
            cell = [round(left + k * (cw + gap), 2), by, round(cw, 2), bh]
            f = self.fit_figure(ind, cell, spec, f"callout {ind.id}")
            if f is None:
                return []
            frames.append(f)
        return frames

    def rank(self, ids: list[str], quoted: set[str]) -> list[str]:
        order = {x: k for k, x in enumerate(ids)}
        inds = [self.report.indicators[x] for x in ids if x in self.report.indicators]
        return [i.id for i in sorted(inds, key=lambda i: (not i.headline, i.id in quoted, i.change is None,
                                                          order[i.id]))]

    def area_slides(self, part, area) -> list[dict]:
        """An area's slides: its points (see ``area_points``) beside or above its figures (up to
        ``callouts.max``), continued on （续） slides; the figures left over, when there are enough,
        as a grid on a （续） slide of their own. The layout is chosen by the measured content:
        points alone across the slide, points above a row of figures, or points beside a column
        of figures."""
        heading = strip_end(self.report.render(area.heading))
        items = self.area_points(area)
        b = self.t["bullets"]
        pk, ak = self.report.body.parts.index(part), part.areas.index(area)
        path = f"body.parts[{pk}].areas[{ak}].heading"
        sizes = self.area_title_sizes
        titles = [self.title_frame(heading, path, sizes=sizes)]
        extras = [self.title_extra(titles[0])]
        has_figures = any(it["ids"] for it in items)
        box = b["box_beside"] if has_figures else b["box_full"]
        chunks, size = self.chunks(items, self.below(box, extras[0]))
        cont = heading + self.word("continued")
        titles.append(self.title_frame(cont, path, sizes=sizes))
        extras.append(self.title_extra(titles[1]))
        if len(chunks) > 1 and extras[1] > extras[0]:
            chunks, size = self.chunks(items, self.below(box, extras[1]))
        extra = max(extras)
        slides = []
        shown: set[str] = set()
        row_h = float(self.t["callouts"]["row_height"])
        gap = float(self.t["callouts"]["gap"])
        for k, chunk in enumerate(chunks):
            title = heading + (self.word("continued") if k else "")
            s = self.slide("area", "content", title, area=heading, part=self.report.render(part.heading),
                           continued=bool(k))
            s["frames"].append(copy.deepcopy(titles[1 if k else 0]))
            s["shapes"] += self.title_decor(extra) if not self.user else []
            quoted = {x for it in chunk for x in it["quoted"]}
            ids: list[str] = []
            for it in chunk:
                ids += [x for x in it["ids"] if x not in ids]
            ranked = self.rank(ids, quoted)
            full = self.below(b["box_full"], extra)
            frames, layout = [], "full"
            # Points above a row of figures, when the points leave room for the row at their size.
            if ranked:
                top = self.bullets_frame(chunk, size, [full[0], full[1], full[2], full[3] - row_h - gap])
                if self.fits(top):
                    row = self.row_callouts(ranked, [full[0], round(full[1] + full[3] - row_h, 2), full[2], row_h],
                                            f"slide {title!r}")
                    if row:
                        top["box"][3] = round(top["height"] + 2, 2)
                        frames, layout = [top] + row, "row"
                if not frames:
                    callouts = self.callout_frames(ranked, extra, f"slide {title!r}")
                    if callouts:
                        frames = [self.bullets_frame(chunk, size, self.below(b["box_beside"], extra))] + callouts
                        layout = "beside"
            if not frames:
                frames = [self.bullets_frame(chunk, size, full)]
            s["layout_name"] = layout
            s["frames"] += frames
            s["bullets"] = [it["bullet"] for it in chunk]
            s["callouts"] = [f["name"].split(" ", 1)[1] for f in frames if f["name"].startswith("callout ")]
            s["quoted"] = sorted(quoted)
            self.placed.update(s["callouts"])
            self.placed.update(quoted)
            shown.update(s["callouts"])
            shown.update(quoted)
            notes = []
            for j, it in enumerate(chunk):
                for q_i, q in enumerate(it["paras"]):
                    text = self.paragraph_text(q)
                    if k == 0 and j == 0 and q_i == 0:
                        rendered_heading = self.report.render(area.heading)
                        text = rendered_heading + text if area.run_in else rendered_heading + "\n" + text
                    notes.append(text)
            s["notes"] = "\n".join(notes)
            slides.append(s)
        if not slides[0]["notes"].startswith(self.report.render(area.heading)):
            slides[0]["notes"] = self.report.render(area.heading) + "\n" + slides[0]["notes"]
        # The area's other figures, as a grid on a （续） slide, when there are enough to show.
        every: list[str] = []
        for it in items:
            every += [x for x in it["ids"] if x not in every]
        left = [self.report.indicators[x] for x in every if x not in shown]
        spec = self.t["callouts"]
        if len(left) >= int(spec["grid_min"]):
            left = left[: int(spec["grid_max"])]
            title = cont
            s = self.slide("area", "plain", title, area=heading, part=self.report.render(part.heading),
                           continued=True, figures_only=True)
            s["frames"].append(copy.deepcopy(titles[1]))
            s["shapes"] += self.title_decor(extra) if not self.user else []
            grid = self.figure_grid(left, self.below(b["box_full"], extra), f"slide {title!r}")
            s["frames"] += grid
            s["callouts"] = [f["name"].split(" ", 1)[1] for f in grid]
            s["layout_name"] = "grid"
            self.placed.update(s["callouts"])
            s["notes"] = "\n".join(self.spoken(self.report.indicators[x]) for x in s["callouts"])
            if s["callouts"]:
                slides.append(s)
        if part.closing and area is part.areas[-1]:
            slides[-1]["notes"] += "\n" + "\n".join(self.paragraph_text(p) for p in part.closing)
        return slides

    # Targets and closing --------------------------------------------------------------

    def target_slides(self) -> list[dict]:
        inds = self.report.target_indicators
        if not inds:
            return []
        spec = self.t["targets"]
        bx, by, bw, bh = [float(v) for v in spec["box"]]
        widths = [round(bw * float(c), 2) for c in spec["columns"]]
        inset = [float(v) for v in spec["cell_inset"]]
        ink = self.color("ink")
        head_color = self.color("on_accent")

        def cell(text, usage, size, color, fill, width, align="left"):
            f = self.frame("cell", [0, 0, width, 10_000], [self.para([self.run(text, usage, size, color)], align=align)],
                           inset=inset)
            return {"paragraphs": f["paragraphs"], "fill": fill, "height": f["height"], "inset": inset}

        def row(texts, usage, size, color, fill):
            cells = [cell(t, usage, size, color, fill, w, "left" if c == 0 else "center")
                     for c, (t, w) in enumerate(zip(texts, widths))]
            return {"height": round(max(c["height"] for c in cells) + 1, 2), "cells": cells}

        head_texts = [str(x) for x in self.t["text"]["targets_head"]]
        rows = []
        for k, ind in enumerate(inds):
            value = figures.target_phrase(ind)
            fill = self.color("table_band" if k % 2 else "table_plain")
            rows.append(row([ind.label, value], "text", spec["size"], ink, fill))
        head = row(head_texts, "title", spec["head_size"], head_color, self.color("table_head"))

        def split(height):
            """Rows over slides so each table fits ``height``."""
            groups, cur, used = [], [], head["height"]
            for r in rows:
                if cur and used + r["height"] > height:
                    groups.append(cur)
                    cur, used = [], head["height"]
                cur.append(r)
                used += r["height"]
            groups.append(cur)
            return groups

        title0 = self.word("targets")
        titles = [self.title_frame(title0, "templates/deck.yaml: text.targets")]
        extra = self.title_extra(titles[0])
        groups = split(bh - extra)
        if len(groups) > 1:
            titles.append(self.title_frame(title0 + self.word("continued"), "templates/deck.yaml: text.targets"))
            if self.title_extra(titles[1]) > extra:
                extra = self.title_extra(titles[1])
                groups = split(bh - extra)
        by += extra
        slides = []
        k0 = 0
        for g, group in enumerate(groups):
            title = title0 + (self.word("continued") if g else "")
            s = self.slide("targets", "plain", title)
            s["frames"].append(copy.deepcopy(titles[1 if g else 0]))
            s["shapes"] += self.title_decor(extra) if not self.user else []
            table_rows = [head] + group
            th = sum(r["height"] for r in table_rows)
            s["tables"].append({"box": [bx, by, bw, round(th, 2)], "columns": widths, "rows": table_rows,
                                "ids": [i.id for i in inds[k0:k0 + len(group)]]})
            s["notes"] = "\n".join(self.spoken(i) for i in inds[k0:k0 + len(group)])
            k0 += len(group)
            slides.append(s)
        self.placed.update(i.id for i in inds)
        return slides

    def closing_slide(self) -> dict:
        c = self.t["closing"]
        m = self.report.meta
        closing = self.report.body.closing
        text = ""
        if closing:
            last = self.paragraph_text(closing[-1]).strip()
            sentences = [x for x in re.split(r"(?<=[。！？])", last) if x.strip()]
            text = sentences[-1].strip() if sentences else last
        if not text:
            text = self.word("closing_fallback")
        # A closing slide carries a line, not a paragraph: the last clause (with the one before it
        # when it is very short), the rally call that ends a report.
        clauses = [x for x in re.split(r"(?<=[，；：])", text) if x.strip()]
        keep = clauses[-1:] if clauses else [text]
        while len("".join(keep)) < int(c["min_chars"]) and len(keep) < len(clauses):
            keep = clauses[-len(keep) - 1:]
        text = "".join(keep).strip()
        s = self.slide("closing", "title", text, accent=True)
        if not self.user:
            s["shapes"] += [self.rect(c["band"]), self.rect(c["rule"])]
        s["frames"] += [
            self.fitted("closing", text, c["text"], "title", max_lines=3, align="center", anchor="middle",
                        placeholder="title", what="closing slide: the report's last clause",
                        path="body.closing"),
            self.fitted("issuer", m.issuer, c["issuer"], "text", max_lines=1, align="center", placeholder="subtitle",
                        what="closing slide: issuer", path="meta.issuer"),
            self.fitted("date", date_text(m.date), c["date"], "text", max_lines=1, align="center",
                        what="closing slide: date", path="meta.date"),
        ]
        s["notes"] = "\n".join(self.paragraph_text(p) for p in closing)
        return s

    # The whole deck -------------------------------------------------------------------

    def footer(self, s: dict, number: int) -> None:
        f = self.t["footer"]
        color = self.color(f["on_accent"] if s.get("accent") and not self.user else f["color"])
        frame = None
        # The footer is ours, not the author's: a long title leaves it, then the issuer is cut short.
        for text in (self.word("footer"), self.report.meta.issuer):
            frame = self.frame("footer", f["text_box"], [self.para([self.run(text, "text", f["size"], color)])],
                               anchor="middle")
            if self.fits(frame, 1):
                break
        s["frames"].append(frame)
        s["frames"].append(self.frame("slide number", f["number_box"],
                                      [self.para([self.run(str(number), "text", f["number_size"], color)],
                                                 align="right", field="slidenum")], anchor="middle"))

    def notes_layout(self, s: dict) -> None:
        """The notes' type size: the largest of ``notes.sizes`` at which the whole text fits the
        notes box of a printed notes page (PowerPoint prints what fits the box and cuts the rest)."""
        spec = self.t["notes"]
        x, y, w, h = [float(v) for v in spec["box"]]
        inset = [float(v) for v in spec["inset"]]
        role = self.role("text")
        sizes = [float(v) for v in spec.get("sizes", [spec["size"]])]
        chosen = sizes[-1]
        for size in sizes:
            need = inset[1] + inset[3]
            for line in (s.get("notes") or "").split("\n"):
                need += self.fit.line_count([(line, role, size)], w - inset[0] - inset[2], self.factor) * size * 1.2
            if need <= h:
                chosen = size
                break
        else:
            self.note(f"slide {s['number']}: the speaker notes need more than the notes box even at {chosen:g} pt")
        s["notes_size"] = chosen
        s["notes_box"] = [x, y, w, h]

    def one_title_size(self) -> list[float]:
        """One title size for every area slide: the largest at which each area's title (and its
        （续） title) fits the title box in ``title.max_lines`` lines; longer ones wrap."""
        spec = self.t["title"]
        sizes = [float(x) for x in spec["sizes"] if x >= spec["min"]]
        color = self.color(spec["color"], placeholder=True)
        heads = [strip_end(self.report.render(a.heading)) for p in self.report.body.parts for a in p.areas]
        heads = [h + self.word("continued") for h in heads if len(h) <= 400]
        for size in sizes:
            if all(self.fits(self.frame("title", spec["box"], [self.para([self.run(h, "title", size, color)])]),
                             spec["max_lines"]) for h in heads):
                return [size]
        return [sizes[-1]]

    def slides(self) -> list[dict]:
        self.area_title_sizes = self.one_title_size()
        out = [self.title_slide()]
        for s in (self.glance_slide(), self.growth_chart(), self.share_chart()):
            if s is not None:
                out.append(s)
        parts = self.report.body.parts
        for k, part in enumerate(parts):
            out.append(self.divider(part))
            if k == self.targets_part():
                out += self.target_slides()
            for area in part.areas:
                out += self.area_slides(part, area)
        out.append(self.closing_slide())
        for n, s in enumerate(out, start=1):
            s["number"] = n
            self.notes_layout(s)
            if n > 1:
                self.footer(s, n)
        self.check(out)
        missing = [i.id for i in self.report.indicators.values() if i.id not in self.placed]
        if missing:
            shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            self.note(f"{len(missing)} of {len(self.report.indicators)} indicators are in the speaker notes only "
                      f"(no tile, chart, callout or table): {shown}")
        return out

    def check(self, slides: list[dict]) -> None:
        """Every frame fits its box (the last guard: a deck with overflowing text is never written).
        Raises ContentError with the problems found while planning, else with any frame still too tall."""
        for s in ([] if self.problems else slides):
            for f in s["frames"]:
                if f["height"] > f["box"][3] + 0.01:
                    text = "".join(r["text"] for p in f["paragraphs"] for r in p["runs"])
                    self.problem("", f"slide {s['number']} ({s['title']!r}): {f['name']} {text!r} needs "
                                     f"{f['height']:.0f} pt in a {f['box'][3]:.0f} pt frame: shorten it")
        if self.problems:
            raise ContentError(self.problems)

    def targets_part(self) -> int:
        """The part whose intro states the targets (the one referencing them), else the last part."""
        ids = {i.id for i in self.report.target_indicators}
        for k, part in enumerate(self.report.body.parts):
            for p in part.intro:
                if ids & set(ref_ids((p.lead or "") + "\n" + p.text)):
                    return k
        return len(self.report.body.parts) - 1


def make_plan(report: Report, theme: dict, *, user_template: bool = False, note=None, source: str = "") -> list[dict]:
    return Planner(report, theme, user_template=user_template, note=note, source=source).slides()
