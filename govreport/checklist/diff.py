"""``build.py diff OLD.yaml NEW.yaml [-o 变化.xlsx]``: what changed between two drafts (征求意见稿 →
送审稿 → 定稿).

Figures: for an indicator in both, each of its value (bounds), unit, qualifier, change, period,
label, target flag and words (a target stated in words) that differs; indicators added and
removed. Texts: headings, paragraphs, annex items and glossary terms aligned in reading order
(difflib), compared as written (with their ``{id}``: a paragraph whose figure changed is not a
changed paragraph, its figure is) and shown as the reader reads them. Everything in reading
order: a figure where the new draft first quotes it (a removed one where the old did).
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from .. import figures
from ..model import Report
from . import rows as rows_mod
from . import xlsx

FIGURE, ADDED, REMOVED = "指标变化", "新增指标", "删除指标"
TEXT, TEXT_ADDED, TEXT_REMOVED = "文字修改", "新增文字", "删除文字"
KIND_WORDS = {FIGURE: "figure", ADDED: "added", REMOVED: "removed", TEXT: "text", TEXT_ADDED: "text added",
              TEXT_REMOVED: "text removed"}

# An indicator's fields compared, with the header a reviewer reads.
FIELDS = (
    ("指标名称", lambda i: i.label),
    ("数值", figures.bare),
    ("单位", lambda i: i.unit),
    ("限定词", lambda i: i.qualifier or ""),
    ("变化", figures.change_phrase),
    ("时期", rows_mod.period_text),
    ("目标", lambda i: "预期目标" if i.target else ""),
    ("表述", lambda i: i.text or ""),
)


@dataclass(frozen=True)
class Change:
    """One difference between the drafts."""

    kind: str  # FIGURE, ADDED, REMOVED, TEXT, TEXT_ADDED, TEXT_REMOVED
    where: str  # the group (a figure) or the place in the text (一、（二）第3段)
    id: str = ""
    label: str = ""
    field: str = ""  # a figure's: 数值, 单位, 变化 …
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Item:
    """A text of the report in reading order: where it stands, as written, as read."""

    where: str
    written: str
    read: str


def _prefix(heading: str, n: int, closing: str, fallback: str) -> str:
    """A heading's own number (一、 or （二）), else the ``fallback`` with ``n``."""
    head = heading.strip()
    k = head.find(closing)
    if 0 < k <= 5:
        return head[: k + 1]
    return fallback.format(n)


def items(report: Report) -> list[Item]:
    """Every text in reading order, each with its place."""
    out: list[Item] = []

    def add(where: str, lead: str, text: str) -> None:
        written = (lead or "") + "\x00" + text
        out.append(Item(where, written, report.render(lead or "") + report.render(text)))

    def paras(where: str, ps) -> None:
        for k, p in enumerate(ps, 1):
            add(f"{where}第{k}段", p.lead or "", p.text)

    paras("开头", report.body.opening)
    for i, part in enumerate(report.body.parts, 1):
        pn = _prefix(part.heading, i, "、", "第{}部分")
        add(f"{pn}标题", "", part.heading)
        paras(f"{pn}", part.intro)
        for j, area in enumerate(part.areas, 1):
            an = pn + _prefix(area.heading, j, "）", "第{}项")
            add(f"{an}标题", "", area.heading)
            paras(an, area.paragraphs)
        paras(f"{pn}结尾", part.closing)
    paras("结尾", report.body.closing)
    for annex in report.annexes:
        add(f"{annex.label}标题", "", annex.title)
        for k, p in enumerate(annex.items, 1):
            add(f"{annex.label}第{k}项", p.lead or "", p.text)
        paras(annex.label, annex.paragraphs)
    g = report.glossary
    if g is not None:
        name = g.label or g.title
        for k, t in enumerate(g.terms, 1):
            out.append(Item(f"{name}第{k}条", t.term + "\x00" + t.text, t.term + "：" + t.text))
    return out


def _first_quotes(report: Report) -> dict[str, int]:
    """Each indicator's place in reading order: the number of the first text quoting it."""
    from ..references import find

    seen: dict[str, int] = {}
    for n, raw in enumerate(rows_mod.texts(report)):
        for text in raw:
            for ref in find(text or ""):
                if not ref.error:
                    seen.setdefault(ref.id, n)
    return seen


def figure_changes(old: Report, new: Report) -> list[Change]:
    """Figures changed, added and removed, in reading order."""
    placed: list[tuple[tuple, Change]] = []
    at_new, at_old = _first_quotes(new), _first_quotes(old)
    order_new = {i.id: n for n, i in enumerate(rows_mod.ordered(new))}
    order_old = {i.id: n for n, i in enumerate(rows_mod.ordered(old))}
    far = 1 << 30

    def key(ind_id: str, in_new: bool) -> tuple:
        at, order = (at_new, order_new) if in_new else (at_old, order_old)
        return (at.get(ind_id, far), order.get(ind_id, far))

    for ind_id, ind in new.indicators.items():
        group = new.groups.get(ind.group, ind.group)
        was = old.indicators.get(ind_id)
        if was is None:
            placed.append((key(ind_id, True), Change(ADDED, group, ind_id, ind.label, "", "", figures.spoken(ind))))
            continue
        for name, get in FIELDS:
            a, b = get(was), get(ind)
            if a != b:
                placed.append((key(ind_id, True), Change(FIGURE, group, ind_id, ind.label, name, a, b)))
    for ind_id, ind in old.indicators.items():
        if ind_id not in new.indicators:
            placed.append((key(ind_id, False), Change(REMOVED, old.groups.get(ind.group, ind.group), ind_id, ind.label,
                                                      "", figures.spoken(ind), "")))
    return [c for _, c in sorted(placed, key=lambda kc: kc[0])]


def text_changes(old: Report, new: Report) -> list[Change]:
    """Texts changed, added and removed, in reading order (as written; shown as read)."""
    a, b = items(old), items(new)
    sm = difflib.SequenceMatcher(None, [x.written for x in a], [x.written for x in b], autojunk=False)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        pairs = min(len(olds), len(news)) if op == "replace" else 0
        for x, y in zip(olds[:pairs], news[:pairs]):
            out.append(Change(TEXT, y.where, old=x.read, new=y.read))
        for x in olds[pairs:]:
            out.append(Change(TEXT_REMOVED, x.where, old=x.read))
        for y in news[pairs:]:
            out.append(Change(TEXT_ADDED, y.where, new=y.read))
    return out


def changes(old: Report, new: Report) -> list[Change]:
    return figure_changes(old, new) + text_changes(old, new)


def summary(found: list[Change]) -> str:
    n = {k: sum(c.kind == k for c in found) for k in KIND_WORDS}
    figs = len({c.id for c in found if c.kind == FIGURE})
    return (f"{figs} figure{'s' if figs != 1 else ''} changed, {n[ADDED]} added, {n[REMOVED]} removed; "
            f"{n[TEXT]} text{'s' if n[TEXT] != 1 else ''} changed, {n[TEXT_ADDED]} added, {n[TEXT_REMOVED]} removed")


def lines(found: list[Change]) -> list[str]:
    """The changes as plain text, one figure field a line, a text as its old and new lines."""
    out = []
    for c in found:
        if c.kind == FIGURE:
            out.append(f"figure {c.id} {c.label} ({c.where}): {c.field} {c.old or '—'} → {c.new or '—'}")
        elif c.kind in (ADDED, REMOVED):
            out.append(f"{KIND_WORDS[c.kind]} {c.id} ({c.where}): {c.new or c.old}")
        else:
            if c.kind == TEXT and c.old == c.new:  # written otherwise, read the same: {id} <-> its words
                out += [f"text {c.where}: reads the same, written otherwise ({{id}} and the figure's words)",
                        f"  = {c.new}"]
                continue
            out.append(f"{KIND_WORDS[c.kind]} {c.where}:")
            if c.old:
                out.append(f"  - {c.old}")
            if c.new:
                out.append(f"  + {c.new}")
    return out


def _marks(a: str, b: str) -> tuple[list, list]:
    """(text, marked) pieces of ``a`` and ``b``, the characters one has and the other not marked."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pa, pb = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        pa.append((a[i1:i2], op != "equal"))
        pb.append((b[j1:j2], op != "equal"))
    return pa, pb


COLUMNS = (("序号", 5, 5), ("类别", 8, 9), ("位置", 10, 16), ("编号", 8, 18), ("指标", 10, 20), ("项目", 6, 8),
           ("原稿", 40, 40), ("新稿", 40, 40))


def workbook(old: Report, new: Report, found: list[Change], old_path: Path, new_path: Path,
             old_raw: bytes, new_raw: bytes) -> bytes:
    """The changes as a workbook: one row each, the words that differ in bold red."""
    from .sheet import content_hash

    a, b = content_hash(old_raw), content_hash(new_raw)
    m = new.meta
    title = f"{m.issuer}《{m.title}》修改对照表"
    buf = io.BytesIO()
    wb = xlsx.workbook(buf, title=title, subject=m.session, author=m.issuer, date=m.date,
                       keywords=f"sha256:{a} sha256:{b}", comments=f"build.py diff {old_path.name} {new_path.name}",
                       custom={"govreport.old_sha256": a, "govreport.new_sha256": b,
                               "govreport.old_file": old_path.name, "govreport.new_file": new_path.name})
    fmt = xlsx.formats(wb)
    ws = wb.add_worksheet("变化")
    cells = [(str(n), c.kind, c.where, c.id, c.label, c.field, c.old, c.new) for n, c in enumerate(found, 1)]
    widths = [xlsx.fit_width([h] + [row[k] for row in cells], least, most) for k, (h, least, most) in enumerate(COLUMNS)]
    for k, w in enumerate(widths):
        ws.set_column(k, k, w)
    ws.set_row(0, xlsx.LINE * 1.6)
    for k, (h, _, _) in enumerate(COLUMNS):
        ws.write_string(0, k, h, fmt["header"])
    for n, (c, row) in enumerate(zip(found, cells), 1):
        ws.set_row(n, xlsx.LINE * max(xlsx.lines_in(t, widths[k]) for k, t in enumerate(row)) + 2)
        ws.write_number(n, 0, n, fmt["number"])
        for k in range(1, 6):
            ws.write_string(n, k, row[k], fmt["cell"]) if row[k] else ws.write_blank(n, k, None, fmt["cell"])
        if c.old and c.new:
            po, pn = _marks(c.old, c.new)
            xlsx.rich(ws, n, 6, po, fmt, fmt["cell"])
            xlsx.rich(ws, n, 7, pn, fmt, fmt["cell"])
        else:
            for k, text in ((6, c.old), (7, c.new)):
                ws.write_string(n, k, text, fmt["cell"]) if text else ws.write_blank(n, k, None, fmt["cell"])
    last = max(len(found), 1)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(COLUMNS) - 1)
    xlsx.print_setup(ws, header_left=f"{title}（{figures.date_text(m.date)}）",
                     header_right=f"{old_path.name} sha256:{a[:12]} → {new_path.name} sha256:{b[:12]}")
    wb.close()
    return buf.getvalue()
