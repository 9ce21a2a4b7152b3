"""Reading a source: a Word file (.docx), Markdown-like extracted text, or plain text."""

from __future__ import annotations

from pathlib import Path

from .structure import Draft, parse, plain_markup


class SourceError(Exception):
    """A source that cannot be imported: the message says why, for the user."""


def read_source(path: Path) -> Draft:
    """The report in ``path`` (.docx, .md, .txt) parsed into a Draft; SourceError if it cannot be."""
    if not path.exists():
        raise SourceError("no such file")
    if path.is_dir():
        raise SourceError("is a folder; name a .docx, .txt or .md file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .word import NotADocx, markup

        try:
            text = markup(path)
        except NotADocx as e:
            raise SourceError(f"cannot be read as a Word document (.docx): {e}") from None
        mend = "none"
    elif suffix in (".txt", ".md", ".markdown", ".text"):
        data = path.read_bytes()
        if not data.strip():
            raise SourceError("is empty")
        if b"\x00" in data:
            raise SourceError("is a binary file, not text (UTF-16 or a .doc? save it as .docx or UTF-8 text)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # a Chinese Windows "ANSI" text file
            except UnicodeDecodeError:
                raise SourceError("is neither UTF-8 nor GBK text; re-save it as UTF-8") from None
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
    if not any(p["intro"] or p["areas"] or p["closing"] for p in d.parts):
        raise SourceError("has part headings but no text under them")
    return d
