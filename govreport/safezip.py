"""An office template (.pptx, .docx) checked before anything parses it.

A template is a zip of XML parts. Before python-pptx or the report builder opens one, this
module checks, reading nothing but the zip's directory and the XML parts (each bounded):

- it is a regular file and a zip (else "not a .pptx (zip) file", not python-pptx's "Package
  not found");
- no member unpacks to more than ``MAX_MEMBER`` bytes, all of them to more than ``MAX_TOTAL``,
  and no large member is compressed more than ``MAX_RATIO`` times (a zip bomb: 1 MB that
  inflates to 1 GB). Python's zipfile never inflates a member past the size its directory
  declares (a lie fails the CRC), so the declared sizes bound the work;
- no XML part has a DTD (``<!DOCTYPE``) or an entity declaration: an office part never needs
  one, and an external entity (``SYSTEM "file:///etc/passwd"``) is how a file is read or a
  network fetched by a parser that resolves them (ours do not; PowerPoint refuses such a part).

``check(path, kind, at=...)`` raises a ``ContentError`` naming the file, the member and the
reason; ``at`` gives the line of the content file that named the template.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from .errors import ContentError, Problem

MAX_MEMBER = 32 * 1024 * 1024  # one part: an office template's largest picture is a few MB
MAX_TOTAL = 64 * 1024 * 1024  # all parts
MAX_MEMBERS = 5000
MAX_RATIO = 100  # compressed size x 100, for members over RATIO_FROM bytes (XML packs 5-20x)
RATIO_FROM = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")


def _error(path: Path, message: str, at: tuple | None) -> ContentError:
    if at is not None:
        file, line, col, key = at
        return ContentError([Problem(str(file), line, col, key, f"{path}: {message}")])
    return ContentError([Problem(str(path), message=message)])


def check(path: "str | os.PathLike[str]", kind: str = "pptx", at: tuple | None = None) -> None:
    """Refuse a template that is not a regular zip file, would unpack too far, or holds a DTD.

    ``kind``: "pptx" or "docx" (for the messages). ``at``: (content file, line, col, key path)
    when the content names the template (settings.deck_template), so the problem points there.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError:
        raise _error(path, "no such file", at) from None
    if not stat.S_ISREG(st.st_mode):
        raise _error(path, f"not a regular file; a template is a .{kind} file", at)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _error(path, f"not a .{kind} (zip) file", at) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _error(path, f"has {len(infos):,} members; a .{kind} template has a few hundred", at)
        if "[Content_Types].xml" not in {i.filename for i in infos}:
            raise _error(path, f"not a .{kind} file: a zip without [Content_Types].xml", at)
        total = 0
        for info in infos:
            size = info.file_size
            total += size
            if size > MAX_MEMBER:
                raise _error(path, f"{info.filename} unpacks to {size:,} bytes (at most {MAX_MEMBER:,}): refused", at)
            if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                raise _error(path, f"{info.filename} unpacks {size // max(info.compress_size, 1):,} times its packed size "
                                   f"({info.compress_size:,} -> {size:,} bytes): a zip bomb? refused", at)
            if total > MAX_TOTAL:
                raise _error(path, f"unpacks to more than {MAX_TOTAL:,} bytes: refused", at)
        macros = [i.filename for i in infos if i.filename.lower().rsplit("/", 1)[-1].startswith("vbaproject")]
        types = zf.read("[Content_Types].xml") if zf.getinfo("[Content_Types].xml").file_size < MAX_MEMBER else b""
        if macros or b"macroenabled" in types.lower():
            raise _error(path, macro_message(kind), at)
        for info in infos:
            if info.filename.lower().endswith(XML_SUFFIXES) and not info.is_dir():
                try:
                    data = zf.read(info)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as e:
                    raise _error(path, f"{info.filename} cannot be unpacked ({e})", at) from None
                if _has_dtd(data):
                    raise _error(path, f"{info.filename} declares a DTD or entities (<!DOCTYPE/<!ENTITY): "
                                       "an office file never needs one; refused", at)


def macro_message(kind: str) -> str:
    """Why a macro-enabled template (.docm/.dotm, .pptm/.potm) is refused, and what to do."""
    word = kind == "docx"
    app, doc, tpl, ext = ("Word", "Word Document (.docx)", "Word Template (.dotx)", ".docm/.dotm") if word else \
        ("PowerPoint", "PowerPoint Presentation (.pptx)", "PowerPoint Template (.potx)", ".pptm/.potm")
    return (f"a macro-enabled {app} file ({ext}, with vbaProject.bin): macros are never copied into an output; "
            f"open it in {app} and save it as {tpl} or {doc} (另存为不含宏的格式), then use that file")


# The main part of a template (.dotx, .potx) or a slide show (.ppsx) is that of a document: the
# output is a document, so it gets the document's content type (Word, PowerPoint and python-docx /
# python-pptx refuse a .docx or .pptx whose main part says "template").
AS_DOCUMENT = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}


def as_document_types(types: bytes) -> bytes:
    """[Content_Types].xml with a template's main content type made a document's."""
    for old, new in AS_DOCUMENT.items():
        types = types.replace(b'"' + old + b'"', b'"' + new + b'"')
    return types


def as_document(path: Path) -> bytes | None:
    """The package's bytes with the main part a document's, when it is a template (.dotx, .potx),
    else None (the file is used as it is). Members are copied as they are packed."""
    with zipfile.ZipFile(path) as zf:
        types = zf.read("[Content_Types].xml")
        fixed = as_document_types(types)
        if fixed == types:
            return None
        import io

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zf.infolist():
                out.writestr(info, fixed if info.filename == "[Content_Types].xml" else zf.read(info))
        return buf.getvalue()


def _has_dtd(data: bytes) -> bool:
    head = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True  # not readable as the text it claims to be: refuse rather than guess
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head
