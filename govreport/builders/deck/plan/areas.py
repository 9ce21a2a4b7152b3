"""Area slides: what an area of the report says, as points (a bold lead and the sentence that
carries its figures), beside or above its figures, continued on （续） slides."""

from __future__ import annotations

from dataclasses import dataclass

from ..shapes import Bullet, Frame, Paragraph, Slide, replace
from .... import selection
from .base import (FIGURE_WEIGHT, FILL_CHARS, REFERENCE_SIZE, SENTENCE_END, SUBSTANCE_FLOOR, ref_ids, strip_end,
                   substance)
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
# The larger type of a short area's points alone on a slide, largest first.
LARGER_SIZES = (36.0, 32.0, 30.0, 28.0)


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
        return "".join(clauses[start:end])

    def point(self, lead: str | None, raw: str | None) -> Point:
        """One point: a bold lead and/or a (shortened) sentence, with the ids of the figures the
        sentence quotes."""
        lead_text = strip_end(self.report.render(lead)) if lead else None
        text = strip_end(self.report.render(raw)) if raw else None
        ids = ref_ids(raw or "") + [i for i in ref_ids(lead or "") if i not in ref_ids(raw or "")]
        plain = (lead_text or "") + ("：" if lead_text and text else "") + (text or "")
        return Point(lead=lead_text, text=text, bullet=plain, quoted=tuple(ids))

    def area_points(self, area, limit: int | None = None, least: int = 2) -> list[Point]:
        """The points of an area: per paragraph its lead and the sentence that carries its figures
        (or, without figures, its first sentence); an area without leads gets a point per
        sentence that quotes figures, and at least ``least`` points when it has that many
        sentences. ``limit``: a point's length (``bullets.point_max_chars``)."""
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
                    raw = self.shorten(first, max(20, limit - len(self.report.render(p.lead)))) if first else None
                    items.append(self.point(p.lead, raw))
                    owned.append([p])
                elif sents:
                    items.append(self.point(None, self.shorten(fig or sents[0], limit)))
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
        (fewer than ``FILL_CHARS``): a short area says what it has room to say."""
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

    def chunks(self, items: list[Point], box) -> tuple[list[list[Point]], float]:
        """Split the items into the fewest slides, at the largest size, balanced; (chunks, size)."""
        b = self.t.bullets
        sizes = [float(s) for s in b.sizes if s >= b.min]
        h = float(box[3])

        def height(chunk, size):
            return self.bullets_frame(chunk, size, box).height

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
        # Balance: among the partitions into best_n contiguous chunks that fit, the one with the
        # least sum of squared heights: even slides, never a last one with a single short point.
        n = len(items)
        memo: dict = {}

        def solve(start, parts):
            if (start, parts) in memo:
                return memo[(start, parts)]
            if parts == 1:
                last = height(items[start:], size)
                res = (last * last if last <= h else float("inf"), [items[start:]])
            else:
                res = (float("inf"), [])
                for end in range(start + 1, n - parts + 2):
                    first = height(items[start:end], size)
                    if first > h:
                        break
                    rest_cost, rest = solve(end, parts - 1)
                    cost = first * first + rest_cost
                    if cost < res[0]:
                        res = (cost, [items[start:end]] + rest)
            memo[(start, parts)] = res
            return res

        if best_n > 1 and n <= 40:
            cost, parts = solve(0, best_n)
            if cost < float("inf"):
                return parts, size
        return greedy(size), size

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
        items = self.full_points(area)
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

    def point_slides(self, heading: str, path: str, items: list[Point], part, *, kind: str = "area") -> list[Slide]:
        """Slides of points titled ``heading`` (（续） after the first): the points beside a column of
        their figures, above a row of them, or across the slide; the layout chosen by the measured
        content. The notes hold the paragraphs each point stands for, its heading first."""
        part_heading = self.report.render(part.heading) if part is not None else None
        b = self.t.bullets
        sizes = self.area_title_sizes
        titles = [self.title_frame(heading, path, sizes=sizes)]
        extras = [self.title_extra(titles[0])]
        has_figures = any(self.rank(list(it.ids), set()) for it in items)
        box = b.box_beside if has_figures else b.box_full
        chunks, size = self.chunks(items, self.below(box, extras[0]))
        cont = heading + self.word("continued")
        titles.append(self.title_frame(cont, path, sizes=sizes))
        extras.append(self.title_extra(titles[1]))
        if len(chunks) > 1 and extras[1] > extras[0]:
            chunks, size = self.chunks(items, self.below(box, extras[1]))
        extra = max(extras)
        self._extra, self._titles = extra, titles
        slides: list[Slide] = []
        callouts = self.t.callouts
        row_h = float(callouts.row_height)
        gap = float(callouts.gap)
        full = self.below(b.box_full, extra)
        sizes_of = [size] * len(chunks)
        # A last （续） slide below the substance floor shares the slide before it, across the
        # slide (its figures then go to the （续） slide of figures), at the size that fits.
        if len(chunks) > 1:
            last = chunks[-1]
            ids_last = [x for it in last for x in it.ids]
            if self.chars(last) + FIGURE_WEIGHT * len(self.rank(ids_last, set())) < SUBSTANCE_FLOOR:
                merged = chunks[-2] + last
                for s2 in [float(x) for x in b.sizes if x >= b.min]:
                    if s2 <= size and self.fits(self.bullets_frame(merged, s2, full)):
                        chunks = chunks[:-2] + [merged]
                        sizes_of = sizes_of[:-2] + [-s2]  # negative: across the slide, no figures
                        break
                else:
                    # too much for one slide: the last takes points from the one before, while
                    # both keep the floor and the last fits
                    def weight(c):
                        return self.chars(c) + FIGURE_WEIGHT * len(self.rank([x for it in c for x in it.ids], set()))

                    while (len(chunks[-2]) > 1 and weight(chunks[-1]) < SUBSTANCE_FLOOR
                           and weight(chunks[-2][:-1]) >= SUBSTANCE_FLOOR
                           and self.fits(self.bullets_frame([chunks[-2][-1]] + chunks[-1], size, full))):
                        chunks = chunks[:-2] + [chunks[-2][:-1], [chunks[-2][-1]] + chunks[-1]]
        # A thin slide before another takes that one's first points while the other keeps the
        # floor and it fits across the slide (a first slide without figures before a （续） with them).
        def weight_of(c):
            return self.chars(c) + FIGURE_WEIGHT * len(self.rank([x for it in c for x in it.ids], set()))

        for i in range(len(chunks) - 1):
            while (weight_of(chunks[i]) < SUBSTANCE_FLOOR and len(chunks[i + 1]) > 1
                   and not self.rank([x for it in chunks[i] + chunks[i + 1][:1] for x in it.ids], set())
                   and weight_of(chunks[i + 1][1:]) >= SUBSTANCE_FLOOR
                   and self.fits(self.bullets_frame(chunks[i] + chunks[i + 1][:1], abs(sizes_of[i]), full))):
                chunks = chunks[:i] + [chunks[i] + chunks[i + 1][:1], chunks[i + 1][1:]] + chunks[i + 2:]
        # A slide of few points without figures (a short area alone on its slide): its points in
        # larger type (LARGER_SIZES), so the slide is not two thirds empty.
        for i, chunk in enumerate(chunks):
            if self.rank([x for it in chunk for x in it.ids], set()):
                continue
            if self.chars(chunk) * (abs(sizes_of[i]) / REFERENCE_SIZE) ** 2 < SUBSTANCE_FLOOR:
                for big in LARGER_SIZES:
                    if big > abs(sizes_of[i]) and self.fits(self.bullets_frame(chunk, big, full)):
                        sizes_of[i] = -big
                        break
        for k, chunk in enumerate(chunks):
            size, across = abs(sizes_of[k]), sizes_of[k] < 0
            title = heading + (self.word("continued") if k else "")
            quoted = {x for it in chunk for x in it.quoted}
            ids: list[str] = []
            for it in chunk:
                ids += [x for x in it.ids if x not in ids]
            ranked = [] if across else self.rank(ids, quoted)
            frames: list[Frame] = []
            layout = "full"
            # Points above a row of figures, when the points leave room for the row at their size.
            if ranked:
                top = self.bullets_frame(chunk, size, (full[0], full[1], full[2], full[3] - row_h - gap))
                if self.fits(top):
                    row = self.row_callouts(ranked, (full[0], round(full[1] + full[3] - row_h, 2), full[2], row_h),
                                            f"slide {title!r}")
                    if row:
                        x, y, w, _ = top.box
                        frames, layout = [replace(top, box=(x, y, w, round(top.height + 2, 2)))] + row, "row"
                if not frames:
                    beside = self.callout_frames(ranked, extra, f"slide {title!r}")
                    if beside:
                        frames = [self.bullets_frame(chunk, size, self.below(b.box_beside, extra))] + beside
                        layout = "beside"
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
        if substance(s) < SUBSTANCE_FLOOR:
            return None
        self.placed.update(shown_ids)
        if table:
            self.placed.update(table.ids)
        return s
