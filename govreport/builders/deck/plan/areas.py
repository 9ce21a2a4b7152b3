"""Area slides: what an area of the report says, as points (a bold lead and the sentence that
carries its figures), beside or above its figures, continued on （续） slides."""

from __future__ import annotations

from dataclasses import dataclass

from ....model import Area
from ..shapes import Bullet, Frame, Paragraph, Slide, replace
from .... import selection
from .base import (FIGURE_WEIGHT, FILL_CHARS, FILL_FLOOR, SENTENCE_END, SPLIT_FILL, SUBSTANCE_FLOOR, box_of,
                   ref_ids, strip_end, substance)
from .tiles import Tiles


@dataclass(frozen=True)
class Point:
    """One point of an area slide: a bold lead and/or a (shortened) sentence, the ids its text
    quotes, the paragraphs it stands for (its notes) and the ids of every figure they hold."""

    lead: str | None
    text: str | None
    bullet: str  # lead：text as plain text
    quoted: tuple[str, ...]
    paras: tuple = ()
    ids: tuple[str, ...] = ()
    head: str | None = None  # what the notes read before its paragraphs: its area's heading
    run_in: bool = False  # … run in at the start of the first paragraph
    number: str | None = None  # a numbered list's item number (1.), drawn instead of the bullet


def cut(text: str, marks: str) -> list[str]:
    """A text cut after each of ``marks`` outside brackets."""
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


def sentences(text: str) -> list[str]:
    """A raw text (with its {id} references) cut into sentences at 。！？； outside brackets."""
    return [x for x in cut(text, SENTENCE_END) if x.strip()]


# Small counts alone make a slide of their own when there are this many (a table of four rows);
# fewer stay in the notes.
COUNTS_TABLE_MIN = 8


class Areas(Tiles):
    # Points: what an area slide says --------------------------------------------------

    def shorten(self, sentence: str, limit: int) -> str:
        """A sentence shortened at clause boundaries (，；) to about ``limit`` characters as read: from
        its start, or, when the start before its first figure is too long, from the clause that
        quotes it; whole clauses only. Returns the raw text (references kept)."""
        clauses = [c for c in cut(sentence, "，；：") if c.strip()]
        shown = [len(self.report.render(c)) for c in clauses]
        first = next((k for k, c in enumerate(clauses) if ref_ids(c)), 0)
        start = 0 if sum(shown[: first + 1]) <= limit else first
        end, total = start + 1, shown[start]
        while end < len(clauses) and total + shown[end] <= limit:
            total += shown[end]
            end += 1
        # cut short, it never ends on a clause that only leads into the next (其中，同时，)
        while end < len(clauses) and end - start > 1 and len(strip_end(self.report.render(clauses[end - 1]))) <= 2:
            end -= 1
        return "".join(clauses[start:end])

    def point(self, lead: str | None, raw: str | None) -> Point:
        """One point: a bold lead and/or a (shortened) sentence, with the ids of the figures the
        sentence quotes."""
        lead_text = strip_end(self.report.render(lead)) if lead else None
        text = strip_end(self.report.render(raw)) if raw else None
        ids = ref_ids(raw or "") + [i for i in ref_ids(lead or "") if i not in ref_ids(raw or "")]
        plain = (lead_text or "") + ("：" if lead_text and text else "") + (text or "")
        return Point(lead=lead_text, text=text, bullet=plain, quoted=tuple(ids))

    def area_points(self, area, limit: int | None = None, least: int = 2, on: bool = False) -> list[Point]:
        """The points of an area: per paragraph its lead and the sentence that carries its figures
        (or, without figures, its first sentence; ``on``: and the sentences after it, to
        ``limit``); an area without leads gets a point per sentence that quotes figures, and at
        least ``least`` points when it has that many sentences. ``limit``: a point's length
        (``bullets.point_max_chars``)."""
        limit = int(limit or self.t.bullets.point_max_chars)
        items: list[Point] = []
        owned: list[list] = []  # the paragraphs each point stands for
        leads = any(p.lead for p in area.paragraphs)
        if leads:
            for p in area.paragraphs:
                sents = sentences(p.text)
                fig = next((x for x in sents if ref_ids(x)), None)
                if p.lead:
                    # a lead with the sentence that carries its figures, else with its first sentence:
                    # never a bare heading beside points with text
                    first = fig or (sents[0] if sents else None)
                    if first and on:
                        first = "".join(sents[sents.index(first):])
                    raw = self.shorten(first, max(20, limit - len(self.report.render(p.lead)))) if first else None
                    items.append(self.point(p.lead, raw))
                    owned.append([p])
                elif sents:
                    first = fig or sents[0]
                    if on:
                        first = "".join(sents[sents.index(first):])
                    items.append(self.point(None, self.shorten(first, limit)))
                    owned.append([p])
        else:
            every = [(p, x) for p in area.paragraphs for x in sentences(p.text)]
            chosen = [k for k, (_, x) in enumerate(every) if ref_ids(x)]
            k = 0
            while len(chosen) < min(least, len(every)) and k < len(every):
                if k not in chosen:
                    chosen.append(k)
                k += 1
            if not chosen and every:
                chosen = [0]
            for k in sorted(chosen):
                items.append(self.point(None, self.shorten(every[k][1], limit)))
                owned.append([])
            # each paragraph goes with the first point drawn from it (the notes follow the points)
            for p in area.paragraphs:
                owner = next((j for j, k in enumerate(sorted(chosen)) if every[k][0] is p), None)
                owned[len(items) - 1 if owner is None else owner].append(p)
        out = []
        for it, paras in zip(items, owned):
            ids: list[str] = []
            for q in paras:
                ids += [x for x in ref_ids((q.lead or "") + "\n" + q.text) if x not in ids]
            out.append(replace(it, paras=tuple(paras), ids=tuple(ids)))
        if out:
            out[0] = replace(out[0], head=self.report.render(area.heading), run_in=area.run_in)
        return out

    @staticmethod
    def chars(items: list[Point]) -> int:
        return sum(len(it.bullet) for it in items)

    def full_points(self, area) -> list[Point]:
        """``area_points``, more of them and longer when they would leave the slide two thirds empty
        (fewer than ``FILL_CHARS``): a short area says what it has room to say. Made once per area
        (the deck's bullet size and its slides read them)."""
        memo = self.points_made
        if id(area) in memo and memo[id(area)][0] is area:
            return memo[id(area)][1]
        items = self._full_points(area)
        memo[id(area)] = (area, items)
        return items

    def _full_points(self, area) -> list[Point]:
        items = self.area_points(area)
        limit = int(self.t.bullets.point_max_chars)
        for least, scale in ((4, 1.5), (6, 2.0)):
            if self.chars(items) >= FILL_CHARS:
                break
            more = self.area_points(area, limit=int(limit * scale), least=least)
            if self.chars(more) > self.chars(items):
                items = more
        return items

    def bullet_paras(self, items: list[Point], size: float) -> list[Paragraph]:
        b = self.t.bullets
        bullet = Bullet(char=b.char, color=self.color(b.bullet_color), size_pct=int(b.char_size_pct),
                        role=self.role("text"))
        color = self.color(b.color, placeholder=True)
        out = []
        for k, it in enumerate(items):
            runs = []
            if it.number:  # a numbered list: its number in the hanging indent, no bullet
                runs.append(self.run(it.number, "title", size, self.color(b.bullet_color), bold=True))
            if it.lead:
                runs.append(self.run(it.lead + ("：" if it.text else ""), "title", size, color, bold=True))
            if it.text:
                runs.append(self.run(it.text, "text", size, color))
            if not runs:
                runs = [self.run(it.bullet, "text", size, color)]
            out.append(self.para(runs, before=b.space_before if k else 0.0, indent=0.0 if it.number else b.indent,
                                 bullet=None if it.number else bullet))
        return out

    def bullets_frame(self, items, size, box) -> Frame:
        return self.frame("bullets", box, self.bullet_paras(items, size), placeholder="body")

    def cut(self, items: list[Point], size: float, extra: float) -> list[tuple[list[Point], str, float]]:
        """The points cut into slides at ``size`` (the deck's one bullet size, ``bullet_size``), each
        slide in the layout its points take (``layouts``): (points, layout, fill) per slide. Of the
        cuts, the one with the fewest slides below the substance floor (a short （续） takes points
        of the slide before it, or goes back onto it, rather than stand thin); then, of an area on
        several slides, the fewest covering less than ``FILL_FLOOR`` of the body; then the fewest
        figures left out of a slide that has them (a slide sets its points across, without their
        figures, only so as not to stand thin); then the fewest slides; then the most even (the
        least sum of each slide's empty share, squared). Each slide is measured as it is drawn: with
        figures, its points above a row of them (the full width) or beside a column; without, across."""
        n = len(items)
        if not n:
            return []
        lay = self.layouts(items, size, extra)
        best: list = [None] * n + [(0, 0, 0, 0, 0.0, [])]
        for i in range(n - 1, -1, -1):
            for j in range(i + 1, n + 1):
                got = lay(i, j)
                if got is None:
                    if j > i + 1:
                        break  # more points fit no better
                    got = ("full", 0.0, 0, 0)  # a point too long for any slide alone: the check names it
                layout, fill, weight, dropped = got
                thin, sparse, left_out, slides, uneven, rest = best[j]
                alone = i == 0 and j == n
                cost = (thin + (weight < SUBSTANCE_FLOOR), sparse + (not alone and fill < FILL_FLOOR),
                        left_out + dropped, slides + 1, uneven + (1.0 - min(1.0, fill)) ** 2)
                if best[i] is None or cost < best[i][:5]:
                    best[i] = cost + ([(items[i:j], layout, fill)] + rest,)
        return best[0][5]

    @staticmethod
    def figures_of(items: list[Point]) -> list[list[str]]:
        """The figures each point brings to its slide: those its text quotes, then those of the
        paragraphs it stands for that no point quotes (an area's run-in paragraph gives several
        points: each takes its own figures to its slide, not the first all of them)."""
        said = {x for it in items for x in it.quoted}
        return [list(it.quoted) + [x for x in it.ids if x not in said and x not in it.quoted] for it in items]

    def layouts(self, items: list[Point], size: float, extra: float):
        """A function (i, j) -> (layout, how full it leaves the slide (0-1), substance, figures left
        out) of ``items[i:j]`` on one slide, or None when they do not fit at ``size``: with figures
        worth a callout, the points above a row of them (``row``) or beside a column (``beside``);
        else, or when neither fits, across the slide (``full``: its figures are then left to a
        （续） slide of figures or the notes). Each point is measured once per width (a frame's
        height is its insets, its lines at their pitch and the space between points)."""
        b, c = self.t.bullets, self.t.callouts
        full = self.below(b.box_full, extra)
        beside = self.below(b.box_beside, extra)
        row_room = float(c.row_height) + float(c.gap)
        inset = box_of(self.t.inset)
        paras = self.bullet_paras(items, size)
        memo: dict = {}

        def lines(k: int, width: float) -> int:
            if (k, width) not in memo:
                memo[(k, width)] = self.measure([paras[k]], width, inset)[0][0].lines
            return memo[(k, width)]

        def height(i: int, j: int, width: float) -> float:
            return (inset[1] + inset[3] + sum(lines(k, width) * paras[k].line for k in range(i, j))
                    + float(b.space_before) * (j - i - 1))

        most = int(c.max)
        figures = self.figures_of(items)

        def lay(i: int, j: int):
            chunk = items[i:j]
            chars = self.chars(chunk)
            ranked = self.rank(list(dict.fromkeys(x for k in range(i, j) for x in figures[k])), set())
            figs = min(most, len(ranked))
            if figs:
                h = height(i, j, full[2])
                if h <= full[3] - row_room + 0.01:
                    return "row", (h + row_room) / full[3], chars + FIGURE_WEIGHT * figs, 0
                h = height(i, j, beside[2])
                if h <= beside[3] + 0.01:
                    # the column of callouts beside, about as tall as its share of ``callouts.max``
                    column = figs / most * (beside[3] + float(c.gap)) - float(c.gap)
                    return "beside", max(h, column) / beside[3], chars + FIGURE_WEIGHT * figs, 0
            h = height(i, j, full[2])
            if h <= full[3] + 0.01:
                return "full", h / full[3], chars, figs
            return None

        return lay

    def annex_points(self, annex, title: str) -> list[Point]:
        """An annex's points: a numbered list's items, numbered; else its paragraphs' points."""
        if not annex.items:
            return self.full_points(Area(heading=title, paragraphs=annex.paragraphs))
        items = []
        for n, p in enumerate(annex.items, 1):
            pt = self.point(p.lead, p.text or None)
            ids = tuple(ref_ids((p.lead or "") + "\n" + p.text))
            items.append(replace(pt, number=annex.number(n) + " ", paras=(p,), ids=ids,
                                 head=(title if n == 1 else None)))
        return items

    def point_sets(self) -> list[tuple[str, list[Point]]]:
        """(title, points) of every area slide set the deck may show: each area, a part of intro
        paragraphs only, each annex."""
        out = []
        for part in self.report.body.parts:
            if not part.areas and part.intro:
                out.append((part.heading, self.full_points(Area(heading=part.heading, paragraphs=part.intro))))
            for a in part.areas:
                out.append((a.heading, self.full_points(a)))
        for annex in self.report.annexes:
            title = f"{annex.label}　{annex.title}"
            out.append((title, self.annex_points(annex, title)))
        return out

    def deck_bullet_size(self) -> float:
        """The one size of every area slide's points, the deck over: the smallest of the sizes each
        area's points would take alone (the largest of ``bullets.sizes`` at which they need no more
        slides than at ``bullets.min``'s size). Every area is then cut at it (``cut``): a slide never
        has smaller points than another for being fuller, and an area never continues on a （续）
        slide its points would not need at that size."""
        b = self.t.bullets
        sizes = [float(x) for x in b.sizes if x >= b.min] or [float(b.min)]
        size = sizes[0]
        problems = list(self.problems)  # a title too long is told where its slides are planned
        for title, items in self.point_sets():
            heading = strip_end(self.report.render(title))
            least = len(self.area_cut(heading, "", items, sizes[-1])[2])
            size = next(s for s in sizes if s <= size and (s == sizes[-1]
                                                           or len(self.area_cut(heading, "", items, s)[2]) == least))
        self.problems = problems
        return size

    def area_cut(self, heading: str, path: str, items: list[Point], size: float):
        """(titles, extra, cut) of the slides of ``items`` titled ``heading``: the first slide's
        title and the （续） slides' (a longer one may take another line), how far the content moves
        down for them, and the cut (``cut``). Points that fit one slide under the first title are
        not cut for a （续） title that would take more room."""
        sizes = self.area_title_sizes
        titles = [self.title_frame(heading, path, sizes=sizes),
                  self.title_frame(heading + self.word("continued"), path, sizes=sizes)]
        first, later = (self.title_extra(t) for t in titles)
        cuts = self.cut(items, size, first)
        if len(cuts) > 1 and later > first:
            cuts = self.cut(items, size, later)
        return titles, (first if len(cuts) == 1 else max(first, later)), cuts

    def one_title_size(self) -> list[float]:
        """One title size for every area slide: the largest at which each area's title (and its
        （续） title) fits the title box in ``title.max_lines`` lines; longer ones wrap."""
        spec = self.t.title
        sizes = [float(x) for x in spec.sizes if x >= spec.min]
        color = self.color(spec.color, placeholder=True)
        heads = [strip_end(self.report.render(a.heading)) for p in self.report.body.parts for a in p.areas]
        heads = [h + self.word("continued") for h in heads if len(h) <= 400]
        for size in sizes:
            if all(self.fits(self.frame("title", spec.box, [self.para([self.run(h, "title", size, color)])]),
                             spec.max_lines) for h in heads):
                return [size]
        return [sizes[-1]]

    # The slides ---------------------------------------------------------------------

    def area_slides(self, part, area, path: str | None = None, last: bool | None = None) -> list[Slide]:
        """An area's slides: its points (``full_points``) beside or above its figures (up to
        ``callouts.max``), continued on （续） slides; the figures left over, when there are enough,
        on a （续） slide of their own (``leftover_slide``). ``path``: where the heading is (an
        intro-only part passes its heading's); ``last``: the part's last area (its closing goes
        to the notes)."""
        heading = strip_end(self.report.render(area.heading))
        if path is None:
            pk, ak = self.report.body.parts.index(part), part.areas.index(area)
            path = f"body.parts[{pk}].areas[{ak}].heading"
        items = self.filled_points(area, heading, path, self.full_points(area))
        slides = self.point_slides(heading, path, items, part)
        left = self.leftover_slide(heading, path, items, slides, part)
        if left is not None:
            slides.append(left)
        if last is None:
            last = bool(part.areas) and area is part.areas[-1]
        if part.closing and last:
            slides[-1] = replace(slides[-1], notes=slides[-1].notes + "\n"
                                 + "\n".join(self.paragraph_text(p) for p in part.closing))
        return slides

    def filled_points(self, area, heading: str, path: str, items: list[Point]) -> list[Point]:
        """``items`` (the area's ``full_points``), or longer points of the area (more of each
        sentence, more sentences: ``fullest``) when ``items`` leave a slide of the area's cut
        covering less than ``SPLIT_FILL`` of the body: an area that needs two slides fills both
        rather than stand 3+3 half empty, a lone slide says more when it has the room."""
        limit = int(self.t.bullets.point_max_chars)
        return self.fullest(heading, path, items, lambda: (
            self.area_points(area, limit=int(limit * scale), least=least, on=on)
            for on, least, scale in ((False, 2, 1.5), (False, 4, 1.5), (False, 6, 2.0), (True, 2, 1.5),
                                     (True, 4, 2.0), (True, 8, 2.0))))

    def fullest(self, heading: str, path: str, items: list[Point], more) -> list[Point]:
        """``items``, or of the points ``more()`` yields (longer ones; shorter ones only on fewer
        slides), those leaving the fewest slides below ``SPLIT_FILL`` (then the fewest slides,
        then the fullest least-filled slide, then the first), on no more slides than ``items``;
        ``items`` when none leaves fewer. The deck's one bullet size stays (it was chosen on
        ``items``: an area never takes more slides than at that size)."""
        size = self.bullet_size

        def score(pts: list[Point]) -> tuple[int, int, float]:
            fills = [f for _, _, f in self.area_cut(heading, path, pts, size)[2]] or [1.0]
            return len(fills), sum(f < SPLIT_FILL for f in fills), min(fills)

        n0, sparse0, low0 = score(items)
        if not sparse0:
            return items
        best, key = items, (sparse0, n0, -low0)
        for pts in more():
            n, sparse, low = score(pts)
            if self.chars(pts) <= self.chars(items) and n >= n0:
                continue  # shorter only to take fewer slides
            if n <= n0 and (sparse, n, -low) < key:
                best, key = pts, (sparse, n, -low)
        return best

    def point_slides(self, heading: str, path: str, items: list[Point], part, *, kind: str = "area") -> list[Slide]:
        """Slides of points titled ``heading`` (（续） after the first), cut at the deck's one bullet
        size (``cut``): the points above a row of their figures, beside a column of them, or across
        the slide. The notes hold the paragraphs each point stands for, its heading first."""
        part_heading = self.report.render(part.heading) if part is not None else None
        b = self.t.bullets
        size = self.bullet_size
        titles, extra, cuts = self.area_cut(heading, path, items, size)
        self._extra, self._titles = max(self.title_extra(t) for t in titles), titles  # a （续） slide of figures
        slides: list[Slide] = []
        callouts = self.t.callouts
        row_h = float(callouts.row_height)
        gap = float(callouts.gap)
        full = self.below(b.box_full, extra)
        figures = dict(zip(map(id, items), self.figures_of(items)))
        for k, (chunk, planned, _) in enumerate(cuts):
            title = heading + (self.word("continued") if k else "")
            quoted = {x for it in chunk for x in it.quoted}
            ids = list(dict.fromkeys(x for it in chunk for x in figures[id(it)]))
            ranked = [] if planned == "full" else self.rank(ids, quoted)
            frames: list[Frame] = []
            layout = "full"
            # Points above a row of figures, when the points leave room for the row; else beside a
            # column of them; else (a figure's callout that does not fit) across the slide.
            if planned == "row":
                top = self.bullets_frame(chunk, size, (full[0], full[1], full[2], full[3] - row_h - gap))
                row = self.row_callouts(ranked, (full[0], round(full[1] + full[3] - row_h, 2), full[2], row_h),
                                        f"slide {title!r}")
                if row and self.fits(top):
                    x, y, w, _ = top.box
                    frames, layout = [replace(top, box=(x, y, w, round(top.height + 2, 2)))] + row, "row"
            if ranked and not frames:
                text = self.bullets_frame(chunk, size, self.below(b.box_beside, extra))
                column = self.callout_frames(ranked, extra, f"slide {title!r}") if self.fits(text) else []
                if column:
                    frames, layout = [text] + column, "beside"
            if not frames:
                frames = [self.bullets_frame(chunk, size, full)]
            shown_ids = tuple(f.indicator for f in frames if f.name.startswith("callout "))
            self.placed.update(shown_ids)
            self.placed.update(quoted)
            notes = []
            for it in chunk:
                for q_i, q in enumerate(it.paras):
                    text = self.paragraph_text(q)
                    if q_i == 0 and it.head:
                        text = it.head + text if it.run_in else it.head + "\n" + text
                    notes.append(text)
                if not it.paras and it.head:
                    notes.append(it.head)
            slides.append(Slide(
                kind=kind, layout=self.layout("content"), title=title, area=heading, part=part_heading,
                continued=bool(k), frames=(titles[1 if k else 0],) + tuple(frames), shapes=self.title_decor(extra),
                layout_name=layout, bullets=tuple(it.bullet for it in chunk), callouts=shown_ids,
                quoted=tuple(sorted(quoted)), notes="\n".join(notes)))
        return slides

    def leftover_slide(self, heading: str, path: str, items: list[Point], slides: list[Slide], part) -> Slide | None:
        """The area's figures no slide shows yet, on a （续） slide: those worth a callout
        (``selection.worth_a_tile``) in a row, the small counts (1个, 6家) in a table under it,
        ranked (``selection.rank``: counts by size). None when they would make a slide below the
        substance floor: they stay in the notes (and the text)."""
        shown = {x for s in slides for x in s.callouts + s.quoted}
        every: list[str] = []
        for it in items:
            every += [x for x in it.ids if x not in every]
        inds = [self.report.indicators[x] for x in every if x not in shown and x in self.report.indicators]
        inds = [i for i in inds if i.value is not None or i.change is not None]
        if len(inds) < int(self.t.callouts.grid_min):
            return None
        callouts = self.t.callouts
        cont = heading + self.word("continued")
        extra = self._extra
        full = self.below(self.t.bullets.box_full, extra)
        worth = selection.rank([i for i in inds if selection.worth_a_tile(i)])[: int(callouts.max)]
        small = selection.rank([i for i in inds if not selection.worth_a_tile(i)])
        frames: list[Frame] = []
        top = full[1]
        if worth:
            row_h = float(callouts.grid_height)
            frames = self.row_callouts([i.id for i in worth], (full[0], full[1], full[2], row_h), f"slide {cont!r}")
            if frames:
                top = full[1] + row_h + float(callouts.gap)
        if not frames and len(small) < COUNTS_TABLE_MIN:
            return None  # a few small counts make no slide: they stay in the notes (and the text)
        table = self.counts_table(small, (full[0], top, full[2], full[1] + full[3] - top)) if small else None
        shown_ids = tuple(f.indicator for f in frames)
        s = Slide(kind="area", layout=self.layout("plain"), title=cont, area=heading,
                  part=self.report.render(part.heading) if part is not None else None, continued=True,
                  figures_only=True, frames=(self._titles[1],) + tuple(frames), shapes=self.title_decor(extra),
                  tables=(table,) if table else (), callouts=shown_ids, layout_name="figures",
                  notes="\n".join(self.spoken(i) for i in worth + small))
        if substance(s) < SUBSTANCE_FLOOR or self.fill(s) < FILL_FLOOR:
            return None  # a row of three figures alone leaves the slide two thirds empty: the notes
        self.placed.update(shown_ids)
        if table:
            self.placed.update(table.ids)
        return s
