"""Document properties shared by the .docx and .pptx builders (their core properties agree)."""

from __future__ import annotations

import datetime as _dt

from ..model import Meta


def set_core_properties(cp, meta: Meta, identifier: str) -> None:
    """Title, author, subject and language from the content; every date is the content's date
    (never the clock, so two builds give the same bytes); revision 1; ``identifier`` traces the
    file to its content (``sha256:<short hash of the content file>``)."""
    when = _dt.datetime.combine(meta.date, _dt.time(0, 0))
    cp.title = meta.title
    cp.subject = meta.session
    cp.author = meta.issuer
    cp.last_modified_by = meta.issuer
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = identifier
    cp.language = meta.language
    cp.version = ""
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
