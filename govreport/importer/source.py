"""Reading a source: a Word file (.docx), Markdown-like extracted text, or plain text.

A .docx is read as the text a .txt of it holds (``word.read``, one paragraph a line) and goes the way
plain text goes (``plain_markup``, then ``parse`` joining a line that does not end a sentence to the
one before), so one report gives one draft whether it comes as Word or as text. A text file is UTF-8
(with or without a BOM), UTF-16 (a BOM, or none: Notepad's "Unicode" and some exports) or a Chinese
Windows "ANSI" (GBK/GB18030) file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError
from .structure import Draft, parse, plain_markup

SAVE_AS_UTF8 = "open it in Notepad and save it with 另存为 (Save As), 编码 (Encoding) UTF-8"

# A source that cannot be imported: the package's one user-error type, its message saying why (the
# command names the file: ``UserError.at``).
SourceError = UserError


# What a report's text is made of: Chinese, full-width and general punctuation, ASCII, line ends.
PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u25a0-\u26ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _plausible(text: str) -> float:
    return len(PLAUSIBLE.findall(text)) / max(1, len(text))


def utf16_order(data: bytes) -> tuple[str | None, str]:
    """(order, text): order 'le' or 'be' and the text when ``data`` reads as UTF-16 text without a
    BOM; (None, why) when it does not, why saying whether it looks like UTF-16 at all.

    Every line end, digit and Latin letter of UTF-16 text has a zero byte, most of them on one side:
    odd offsets for little-endian, even ones for big-endian (Chinese such as 一, U+4E00, puts a few on
    the other). Read in its order the text is made of what a report is made of (``PLAUSIBLE``); read
    in the other, its line ends and digits are not, and a binary file is not either way."""
    odd, even = data[1::2].count(0), data[0::2].count(0)
    scores = {}
    for order in ("le", "be"):
        try:
            text = data.decode(f"utf-16-{order}")
        except UnicodeDecodeError:
            continue
        scores[order] = (_plausible(text), text)
    if scores:
        order, (score, text) = max(scores.items(), key=lambda kv: kv[1][0])
        if score >= 0.98:
            return order, text
    if odd >= 2 * even or even >= 2 * odd:
        side = "LE" if odd > even else "BE"
        why = "is not valid UTF-16" if f"{side.lower()}" not in scores else "does not read as a report's text"
        return None, f"looks like UTF-16 {side} text (no byte-order mark) but {why}"
    return None, "binary"


def decode_text(data: bytes, notes: list | None = None) -> str:
    """The text of a .txt/.md file; SourceError when it is not text this reads."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        order = "le" if data.startswith(b"\xff\xfe") else "be"
        try:
            return data[2:].decode(f"utf-16-{order}")
        except UnicodeDecodeError:
            raise SourceError(f"starts as UTF-16 text but is not valid UTF-16; {SAVE_AS_UTF8}") from None
    if b"\x00" in data:
        order, text = utf16_order(data)
        if order is None and text == "binary":
            raise SourceError("is a binary file, not text (a .doc or a .pdf? save it as .docx or UTF-8 text)")
        if order is None:
            raise SourceError(f"{text}; {SAVE_AS_UTF8}")
        if notes is not None:
            notes.append(f"read as UTF-16 {order.upper()} text (it has no byte-order mark); saving it as UTF-8 makes that no guess")
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")  # a Chinese Windows "ANSI" text file
        except UnicodeDecodeError:
            raise SourceError(f"is neither UTF-8, UTF-16 nor GBK text; {SAVE_AS_UTF8}") from None


def read_source(path: Path, notes: list | None = None) -> Draft:
    """The report in ``path`` (.docx, .md, .txt) parsed into a Draft; SourceError if it cannot be.
    ``notes`` (a list) gets one line for each thing the user should know of the reading (tracked
    changes accepted, a table left out, a UTF-16 file without a BOM)."""
    if not path.exists():
        raise SourceError("no such file")
    if path.is_dir():
        raise SourceError("is a folder; name a .docx, .txt or .md file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .word import NotADocx, read

        try:
            word = read(path)
        except NotADocx as e:
            raise SourceError(f"cannot be read as a Word document (.docx): {e}") from None
        if notes is not None:
            notes.extend(word.notes)
        text, mend = plain_markup(word.text), "lines"
    elif suffix in (".txt", ".md", ".markdown", ".text"):
        data = path.read_bytes()
        if not data.strip():
            raise SourceError("is empty")
        text = decode_text(data, notes)
        marked = any(l.lstrip().startswith(("#", "**")) for l in text.splitlines())
        if marked:
            mend = "extracted"
        else:
            text, mend = plain_markup(text), "lines"
    elif suffix == ".doc":
        raise SourceError("is an old Word .doc; open it in Word or WPS and save it as .docx")
    else:
        raise SourceError(f"unknown kind of file {suffix or '(no extension)'}; import reads .docx, .txt and .md")
    if not text.strip():
        raise SourceError("is empty")
    d = parse(text, mend)
    if not d.parts:
        raise SourceError(
            "does not look like a work report: no part heading (一、… or a Heading 1 paragraph) was found"
        )
    if not any(p.intro or p.areas or p.closing for p in d.parts):
        raise SourceError("has part headings but no text under them")
    return d
