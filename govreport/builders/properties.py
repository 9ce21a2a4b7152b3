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


APPLICATION = "govreport"  # what docProps/app.xml names as the program that wrote the file

_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_xml(extra: dict[str, str | int] | None = None) -> bytes:
    """docProps/app.xml naming this program (not the Word or PowerPoint that made python-docx's and
    python-pptx's default templates), with ``extra`` elements (e.g. the deck's slide count) in the
    order Office writes them (the schema's CT_Properties is an xsd:all: any order is valid)."""
    from lxml import etree

    order = ("Application", "PresentationFormat", "Slides", "Notes", "HiddenSlides",
             "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged")
    values: dict[str, str] = {"Application": APPLICATION, "DocSecurity": "0", "ScaleCrop": "false",
                              "LinksUpToDate": "false", "SharedDoc": "false", "HyperlinksChanged": "false"}
    values.update({k: str(v) for k, v in (extra or {}).items()})
    unknown = set(values) - set(order)
    if unknown:
        raise ValueError(f"app.xml: no place for {sorted(unknown)}")
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP})
    for name in order:
        if name in values:
            etree.SubElement(root, f"{{{_EP}}}{name}").text = values[name]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
