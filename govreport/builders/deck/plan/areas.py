"""Area slides: what an area of the report says, as points (a bold lead and the sentence that
carries its figures), beside or above its figures, continued on （续） slides."""

from __future__ import annotations

from dataclasses import dataclass

from ..shapes import Bullet, Frame, Paragraph, Slide, replace
from .base import SENTENCE_END, ref_ids, strip_end
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

    def area_points(self, area) -> list[Point]:
        """The points of an area: per paragraph its lead and the sentence that carries its figures
        (or, without figures, its first sentence); an area without leads gets a point per
        sentence that quotes figures, and at least two points when it has two sentences."""
        limit = int(self.t.bullets.point_max_chars)
        items: list[Point] = []
        owned: list[list] = []  # the paragraphs each point stands for
        leads = any(p.lead for p in area.paragraphs)
        if leads:
            for p in area.paragraphs:
                sents = sentences(p.text)
                fig = next((x for x in sents if ref_ids(x)), None)
                if p.lead:
                    raw = self.shorten(fig, max(20, limit - len(self.report.render(p.lead)))) if fig else None
                    items.append(self.point(p.lead, raw))
                    owned.append([p])
                elif sents:
                    items.append(self.point(None, self.shorten(fig or sents[0], limit)))
                    owned.append([p])
        else:
            every = [(p, x) for p in area.paragraphs for x in sentences(p.text)]
            chosen = [k for k, (_, x) in enumerate(every) if ref_ids(x)]
            k = 0
            while len(chosen) < min(2, len(every)) and k < len(every):
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
        return out

    def bullet_paras(self, items: list[Point], size: float) -> list[Paragraph]:
        b = self.t.bullets
        bullet = Bullet(char=b.char, color=self.color(b.bullet_color), size_pct=int(b.char_size_pct),
                        role=self.role("text"))
        color = self.color(b.color, placeholder=True)
        out = []
        for k, it in enumerate(items):
            runs = []
            if it.lead:
                runs.append(self.run(it.lead + ("：" if it.text else ""), "title", size, color, bold=True))
            if it.text:
                runs.append(self.run(it.text, "text", size, color))
            if not runs:
                runs = [self.run(it.bullet, "text", size, color)]
            out.append(self.para(runs, before=b.space_before if k else 0.0, indent=b.indent, bullet=bullet))
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

    def area_slides(self, part, area) -> list[Slide]:
        """An area's slides: its points (see ``area_points``) beside or above its figures (up to
        ``callouts.max``), continued on （续） slides; the figures left over, when there are enough,
        as a grid on a （续） slide of their own. The layout is chosen by the measured content:
        points alone across the slide, points above a row of figures, or points beside a column
        of figures."""
        heading = strip_end(self.report.render(area.heading))
        part_heading = self.report.render(part.heading)
        items = self.area_points(area)
        b = self.t.bullets
        pk, ak = self.report.body.parts.index(part), part.areas.index(area)
        path = f"body.parts[{pk}].areas[{ak}].heading"
        sizes = self.area_title_sizes
        titles = [self.title_frame(heading, path, sizes=sizes)]
        extras = [self.title_extra(titles[0])]
        has_figures = any(it.ids for it in items)
        box = b.box_beside if has_figures else b.box_full
        chunks, size = self.chunks(items, self.below(box, extras[0]))
        cont = heading + self.word("continued")
        titles.append(self.title_frame(cont, path, sizes=sizes))
        extras.append(self.title_extra(titles[1]))
        if len(chunks) > 1 and extras[1] > extras[0]:
            chunks, size = self.chunks(items, self.below(box, extras[1]))
        extra = max(extras)
        slides: list[Slide] = []
        shown: set[str] = set()
        callouts = self.t.callouts
        row_h = float(callouts.row_height)
        gap = float(callouts.gap)
        full = self.below(b.box_full, extra)
        for k, chunk in enumerate(chunks):
            title = heading + (self.word("continued") if k else "")
            quoted = {x for it in chunk for x in it.quoted}
            ids: list[str] = []
            for it in chunk:
                ids += [x for x in it.ids if x not in ids]
            ranked = self.rank(ids, quoted)
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
            shown.update(shown_ids)
            shown.update(quoted)
            notes = []
            for j, it in enumerate(chunk):
                for q_i, q in enumerate(it.paras):
                    text = self.paragraph_text(q)
                    if k == 0 and j == 0 and q_i == 0:
                        rendered_heading = self.report.render(area.heading)
                        text = rendered_heading + text if area.run_in else rendered_heading + "\n" + text
                    notes.append(text)
            slides.append(Slide(
                kind="area", layout=self.layout("content"), title=title, area=heading, part=part_heading,
                continued=bool(k), frames=(titles[1 if k else 0],) + tuple(frames), shapes=self.title_decor(extra),
                layout_name=layout, bullets=tuple(it.bullet for it in chunk), callouts=shown_ids,
                quoted=tuple(sorted(quoted)), notes="\n".join(notes)))
        head = self.report.render(area.heading)
        if not slides[0].notes.startswith(head):
            slides[0] = replace(slides[0], notes=head + "\n" + slides[0].notes)
        # The area's other figures, as a grid on a （续） slide, when there are enough to show.
        every: list[str] = []
        for it in items:
            every += [x for x in it.ids if x not in every]
        left = [self.report.indicators[x] for x in every if x not in shown]
        if len(left) >= int(callouts.grid_min):
            left = left[: int(callouts.grid_max)]
            grid = self.figure_grid(left, full, f"slide {cont!r}")
            ids = tuple(f.indicator for f in grid)
            self.placed.update(ids)
            if ids:
                slides.append(Slide(
                    kind="area", layout=self.layout("plain"), title=cont, area=heading, part=part_heading,
                    continued=True, figures_only=True, frames=(titles[1],) + tuple(grid),
                    shapes=self.title_decor(extra), callouts=ids, layout_name="grid",
                    notes="\n".join(self.spoken(self.report.indicators[x]) for x in ids)))
        if part.closing and area is part.areas[-1]:
            slides[-1] = replace(slides[-1], notes=slides[-1].notes + "\n"
                                 + "\n".join(self.paragraph_text(p) for p in part.closing))
        return slides
