"""Generated content through the real pipeline: valid content of any reasonable shape builds,
invalid content is a ContentError (exit 2), and nothing else ever escapes.

The rule under test (errors.py): a user's mistake is a ContentError carrying located problems;
any other exception is a bug in our code. Content is generated as YAML text (the loader is the
only YAML reader in the project) from characters the seed itself uses, so font coverage holds.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, SEED
from govreport import builders, fonts
from govreport.cli import main
from govreport.errors import ContentError
from govreport.loader import load, load_with_warnings
from govreport.model import CHANGE_UNITS, CHANGE_WORDS, QUALIFIERS

NAMES = [n for n in builders.BUILDERS if builders.available(n)]
HERE = Path(__file__).resolve().parent

# Characters the seed draws (so every font has them), without braces (references are made apart).
_SEED = load(SEED)
ALPHABET = "".join(sorted(set(_SEED.characters()) - set("{}\n\r\t")))
CJK = "".join(c for c in ALPHABET if ord(c) >= 0x3000)
UNITS = sorted({i.unit for i in _SEED.indicators.values() if i.unit})

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


# --- generating content ------------------------------------------------------------------

def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def emit(obj, indent: int = 0) -> list[str]:
    """Block-style YAML lines for dicts/lists of str, int, bool, Decimal."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines += emit(v, indent + 1)
            else:
                lines.append(f"{pad}{k}: {scalar(v)}")
    else:
        for v in obj:
            if isinstance(v, dict) and v:
                sub = emit(v, indent + 1)
                lines.append(f"{pad}- " + sub[0].lstrip())
                lines += sub[1:]
            elif isinstance(v, list) and v:
                lines.append(f"{pad}-")
                lines += emit(v, indent + 1)
            else:
                lines.append(f"{pad}- {scalar(v)}")
    return lines


class Quoted(str):
    """A figure written in quotes: value: "168.53"."""


def scalar(v) -> str:
    if isinstance(v, Quoted):
        return q(str(v))
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return q(v)


def texts(min_size=1, max_size=40, alphabet=ALPHABET):
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


@st.composite
def long_or_short(draw, min_size=1, most=600):
    """Mostly short texts, sometimes a long one (up to ``most``); CJK-only or mixed (digits,
    Latin, punctuation), long ones also with spaces and line breaks (a YAML block scalar)."""
    alpha = draw(st.sampled_from([ALPHABET, CJK] + ([ALPHABET + "\n "] if most > 31 else [])))
    lo, hi = draw(st.sampled_from([(1, 12), (1, 40), (10, 40), (40, 160), (200, 600)]))
    hi = min(hi, most)
    return draw(texts(min(max(lo, min_size), hi), hi, alpha))


PUNCT = "，。；：！"


@st.composite
def clauses(draw, most: int):
    """Sentences as a report writes them: clauses of at most 30 characters, each ending in
    punctuation, up to ``most`` characters in all."""
    out = ""
    while True:
        c = draw(texts(1, min(30, most), CJK)) + draw(st.sampled_from(PUNCT))
        if out and len(out) + len(c) > most:
            return out
        out += c
        if len(out) >= most or draw(st.integers(0, 3)) == 0:
            return out


@st.composite
def decimals(draw, big: bool = True, most: int = 10**9):
    places = draw(st.integers(0, 3))
    top = draw(st.sampled_from([9, 99, 9999, most] if big else [9, 99]))
    n = draw(st.integers(0, top * 10**places))
    return Decimal(n).scaleb(-places)


IDS = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True)


@st.composite
def content(draw, fit: bool = False) -> str:
    """A valid content file, as YAML text.

    ``fit``: texts no longer than the seed's (labels 20 characters, leads 24, headings 31,
    clauses 30) and at most 10 headline and 6 target figures, content every output must build.
    Otherwise anything the loader accepts, up to 600-character headings and labels.
    """
    label_text = (lambda: draw(long_or_short(most=20))) if fit else (lambda: draw(long_or_short()))
    heading_text = (lambda: draw(long_or_short(most=31))) if fit else (lambda: draw(long_or_short()))
    headings_with_refs = draw(st.booleans())
    review = draw(st.integers(1950, 2150))
    plan = review + 1
    # a meta line holds something besides spaces (the model refuses a blank one: speaker " ")
    meta_text = ((lambda most, alpha=ALPHABET: draw(texts(1, most, alpha).filter(str.strip))) if fit
                 else (lambda most, alpha=None: draw(long_or_short(most=most * 4).filter(str.strip))))
    meta = {
        "title": meta_text(12, CJK),
        "subtitle": meta_text(28),
        "speaker": meta_text(16),
        "issuer": meta_text(20, CJK),
        "session": meta_text(30),
        "date": f"{plan:04d}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
        "review_year": review,
        "plan_year": plan,
    }
    gids = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    groups = {g: draw(texts(1, 9 if fit else 16)) for g in gids}

    n = draw(st.sampled_from([0, 1, 2, 5, 10, 20, 30, 40]))
    ids = draw(st.lists(IDS, min_size=n, max_size=n, unique=True))
    headline_rate, target_rate = draw(st.sampled_from([0, 1, 3, 10])), draw(st.sampled_from([0, 1, 3, 10]))
    indicators: dict[str, dict] = {}
    n_headline = n_target = 0
    for i in ids:
        ind: dict = {"label": label_text()}
        if draw(st.booleans()):
            ind["short"] = draw(texts(1, 8))
        has_value = draw(st.booleans())
        has_change = (not has_value) or draw(st.booleans())
        if has_value:
            v = draw(decimals(big=True, most=10**6 if fit else 10**9))
            ind["value"] = Quoted(format(v, "f")) if draw(st.integers(0, 4)) == 0 else v
            ind["unit"] = draw(st.sampled_from(UNITS) if fit else st.one_of(st.sampled_from(UNITS), texts(1, 6)))
            if draw(st.booleans()):
                ind["qualifier"] = draw(st.sampled_from(QUALIFIERS))
        target = draw(st.integers(1, 10)) <= target_rate and not (fit and n_target >= 6)
        n_target += target
        ind["period"] = plan if target else draw(st.sampled_from([review, review, plan, review - 1]))
        if has_change:
            ch = {"value": draw(decimals(big=False)), "unit": draw(st.sampled_from(CHANGE_UNITS))}
            if draw(st.booleans()):
                ch["word"] = draw(st.sampled_from(CHANGE_WORDS))
            ind["change"] = ch
        ind["group"] = draw(st.sampled_from(gids))
        if draw(st.integers(1, 10)) <= headline_rate and not (fit and n_headline >= 10):
            n_headline += 1
            ind["headline"] = True
        if target:
            ind["target"] = True
        indicators[i] = ind

    def ref_token(i: str) -> str:
        ind = indicators[i]
        parts = ["label"]
        if "value" in ind:
            parts += ["", "", "value", "unit"]
        if "change" in ind:
            parts += ["change", "change"]
        part = draw(st.sampled_from(parts))
        return "{" + i + ("." + part if part else "") + "}"

    def text(most=600):
        plain = clauses(most) if fit else long_or_short(1)
        refs = [st.sampled_from(ids).map(ref_token)] if ids else []
        pieces = draw(st.lists(st.one_of(plain, *refs, st.just("{{"), st.just("}}")), min_size=1, max_size=4))
        return "".join(pieces)

    def paragraph():
        kind = draw(st.integers(0, 3))
        lead = 24 if fit else 600
        if kind == 0:
            return text()
        if kind == 1:
            return {"text": text()}
        if kind == 2:
            return {"lead": text(lead)}
        return {"lead": text(lead), "text": text()}

    def paras(lo, hi):
        return [paragraph() for _ in range(draw(st.integers(lo, hi)))]

    def heading(part: bool = False):
        if fit and part:
            return draw(long_or_short(most=16))  # 一、2023年工作回顾: a divider slide takes two lines
        ref = draw(st.sampled_from(ids).map(ref_token)) if headings_with_refs and ids else ""
        return heading_text() + ref

    parts = []
    for _ in range(draw(st.integers(1, 3))):
        part: dict = {"heading": heading(part=True)}
        if draw(st.booleans()):
            part["intro"] = paras(1, 2)
        areas = []
        for _ in range(draw(st.integers(0, 8))):
            area: dict = {"heading": heading()}
            if draw(st.booleans()):
                area["run_in"] = True
            area["paragraphs"] = paras(1, 10)
            areas.append(area)
        if areas:
            part["areas"] = areas
        if draw(st.booleans()):
            part["closing"] = paras(1, 2)
        parts.append(part)
    body: dict = {}
    if draw(st.booleans()):
        body["opening"] = paras(1, 3)
    body["parts"] = parts
    if draw(st.booleans()):
        body["closing"] = paras(1, 2)

    # Every headline and target indicator must be quoted: add it to a random paragraph.
    def all_paragraphs():
        for sec in (body.get("opening", []), body.get("closing", [])):
            yield sec
        for part in parts:
            yield part.get("intro", [])
            yield part.get("closing", [])
            for a in part.get("areas", []):
                yield a["paragraphs"]

    slots = [(lst, k) for lst in all_paragraphs() for k in range(len(lst))]
    for i, ind in indicators.items():
        if ind.get("headline") or ind.get("target") or draw(st.integers(0, 3)) == 0:
            if not slots:
                parts[0]["intro"] = [""]
                slots = [(parts[0]["intro"], 0)]
            lst, k = draw(st.sampled_from(slots))
            p = lst[k]
            tok = ref_token(i)
            if isinstance(p, str):
                lst[k] = p + tok
            elif "text" in p:
                p["text"] += tok
            else:
                p["lead"] += tok

    doc = {"meta": meta, "groups": groups, "indicators": indicators, "body": body}
    return "\n".join(emit(doc)) + "\n"


# --- running it ------------------------------------------------------------------------------

def open_output(name: str, data: bytes, report=None) -> None:
    """Read the output back as a user's tool would; the report shows every heading as rendered."""
    if name == "report":
        import docx

        doc = docx.Document(io.BytesIO(data))
        assert doc.paragraphs
        if report is not None:
            text = "\n".join(p.text for p in doc.paragraphs)
            for part in report.body.parts:
                for h in [part.heading] + [a.heading for a in part.areas]:
                    assert report.render(h) in text, f"heading {h!r} not shown as {report.render(h)!r}"
    elif name == "deck":
        import pptx

        assert len(pptx.Presentation(io.BytesIO(data)).slides) >= 1
    elif name == "brief":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == 1


def build_all(path: Path, raw: bytes) -> dict[str, bytes | ContentError]:
    """Load and build every output in-process; a ContentError is an answer, anything else a bug."""
    try:
        report, _ = load_with_warnings(path, raw)
    except ContentError as e:
        return {"load": e}
    fonts.check_coverage(report.characters(), source=str(path))
    out: dict = {"_report": report}
    for name in NAMES:
        try:
            out[name] = builders.get(name).build(report, builders.BuildContext(source=path, data=raw))
        except ContentError as e:
            out[name] = e
    return out


def check(path: Path, text: str) -> dict:
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    out = build_all(path, raw)
    assert "load" not in out, f"generated content refused by the loader:\n{out['load']}\n---\n{text}"
    report = out.pop("_report")
    for name, res in out.items():
        if isinstance(res, ContentError):
            assert res.problems and all(p.message for p in res.problems), res
        else:
            assert isinstance(res, bytes) and res
            open_output(name, res, report)
    return out


@SETTINGS
@given(text=content())
def test_valid_content_of_any_shape_builds_or_says_why(tmp_path, text):
    check(tmp_path / "gen.yaml", text)


@SETTINGS
@given(text=content(fit=True))
def test_content_the_size_of_the_seeds_builds_every_output(tmp_path, text):
    out = check(tmp_path / "gen.yaml", text)
    refused = {n: str(e) for n, e in out.items() if isinstance(e, ContentError)}
    assert not refused, refused


# --- invalid content: single-point corruptions of mini.yaml --------------------------------

MINI_LINES = MINI.read_text(encoding="utf-8").splitlines()
NOISE = ':：{}｛｝\t"\'#&*!|>-'
TOKENS = st.sampled_from(["", "-1", "1e3", "13,600", "0123", "~", "null", "[]", "{}", "yes", "2024-02-30",
                          "{gdp", "}", "｛gdp｝", "{nope}", "{gdp.nope}", "!!python/object:os.system", "*a", "&a x",
                          "'", '"', "1.5", "99999999999999999999999", "亿元", "左右"])


@st.composite
def corrupted(draw) -> str:
    lines = list(MINI_LINES)
    n = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "indent", "char", "token"]))
    if kind == "delete":
        del lines[n]
    elif kind == "duplicate":
        lines.insert(n, lines[n])
    elif kind == "indent":
        line = lines[n]
        delta = draw(st.sampled_from([-2, -1, 1, 2, 4]))
        lines[n] = " " * max(0, len(line) - len(line.lstrip()) + delta) + line.lstrip()
    elif kind == "char":
        line = lines[n]
        at = draw(st.integers(0, len(line)))
        lines[n] = line[:at] + draw(st.sampled_from(NOISE)) + line[at:]
    else:
        m = re.match(r"^(\s*(?:- )?[^:]*:\s)(.*)$", lines[n])
        tok = draw(TOKENS)
        lines[n] = m.group(1) + tok if m else tok
    return "\n".join(lines) + "\n"


@settings(SETTINGS, max_examples=100)
@given(text=corrupted())
def test_corrupted_content_is_ok_or_exit_2(tmp_path, capsys, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    code = main([str(path), "--check"])
    out, err = capsys.readouterr()
    assert code in (0, 2), err
    if code == 2:
        assert "Traceback" not in err
        for line in err.splitlines():
            assert line.startswith(str(path) + ":"), line


# --- regressions found by the properties above ----------------------------------------------

def mini_with(tmp_path: Path, old: str, new: str, name: str = "mini.yaml") -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("date", ["2150-06-01", "1970-01-01"])
def test_dates_a_zip_cannot_stamp_still_build(tmp_path, date):
    # A zip member's date runs 1980-2107; a date beyond 2107 crashed the .docx and .pptx zips.
    path = mini_with(tmp_path, "date: 2024-01-16", f"date: {date}")
    out = build_all(path, path.read_bytes())
    for name in NAMES:
        assert isinstance(out[name], bytes), out[name]
        open_output(name, out[name], out["_report"])


def test_a_change_too_long_for_one_tile_line_goes_on_two(tmp_path):
    # Eight tiles to a slide (four a row): "▲ 提高27.59个百分点" is wider than a tile at the
    # change size; the deck refused it, blaming the unit. Now its figure takes a line of its own.
    extra = "".join(
        f"  h{k}:\n    label: 指标{k}\n    value: {k}\n    unit: 家\n    period: 2023\n    group: economy\n    headline: true\n"
        for k in range(5)
    )
    path = mini_with(tmp_path, "  ai_firms:\n", extra + "  ai_firms:\n")
    text = path.read_text(encoding="utf-8")
    text = text.replace("change: {value: 9, unit: 个百分点, word: 提高}", "change: {value: 27.59, unit: 个百分点, word: 提高}")
    text = text.replace("- 加大改革开放力度。", "- 加大改革开放力度。" + "".join(f"{{h{k}}}" for k in range(5)))
    path.write_text(text, encoding="utf-8")
    out = build_all(path, path.read_bytes())
    assert isinstance(out["deck"], bytes), out["deck"]
    import pptx

    shown = [sh.text_frame.text for s in pptx.Presentation(io.BytesIO(out["deck"])).slides for sh in s.shapes
             if sh.has_text_frame and "27.59个百分点" in sh.text_frame.text]
    assert any("提高\n27.59个百分点" in t for t in shown), shown


def test_a_heading_quoting_a_figure_shows_the_figure_in_the_report(tmp_path):
    # The loader takes {id} in headings (and counts it as quoting the figure); the deck rendered
    # it but the Word report printed "{gdp}" and "{{" as typed.
    path = mini_with(tmp_path, "（二）全力以赴促改革，区域营商环境不断优化。", "（二）总值{gdp}，增长{gdp.change}，{{括号}}。")
    out = build_all(path, path.read_bytes())
    import docx

    text = [p.text for p in docx.Document(io.BytesIO(out["report"])).paragraphs]
    assert any(t.startswith("（二）总值2286.2亿元，增长12.8%，{括号}。") for t in text), text
