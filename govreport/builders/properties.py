"""Document properties shared by the .docx and .pptx builders (their core properties agree)."""

from __future__ import annotations

import datetime as _dt

from ..model import Meta


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def core_xml(meta: Meta, identifier: str) -> bytes:
    """docProps/core.xml of the .docx and the .pptx: title, author, subject and language from the
    content; every date is the content's date (never the clock, so two builds give the same
    bytes); revision 1; ``identifier`` traces the file to its content (``sha256:<short hash of
    the content file>``). Written here, element for element as python-docx writes it, so a
    build need not import python-docx (~55 ms) for one small part."""
    from lxml import etree

    when = f"{_dt.datetime.combine(meta.date, _dt.time(0, 0)).isoformat()}Z"
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI})
    for ns, tag, text in (
        (_DC, "title", meta.title), (_DC, "subject", meta.session), (_DC, "creator", meta.issuer),
        (_CP, "lastModifiedBy", meta.issuer), (_CP, "keywords", ""), (_DC, "description", ""),
        (_CP, "category", ""), (_CP, "contentStatus", ""), (_DC, "identifier", identifier),
        (_DC, "language", meta.language), (_CP, "version", ""), (_DCTERMS, "created", when),
        (_DCTERMS, "modified", when), (_CP, "lastPrinted", when), (_CP, "revision", "1"),
    ):
        el = etree.SubElement(root, f"{{{ns}}}{tag}")
        el.text = text
        if ns == _DCTERMS:
            el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, encoding="UTF-8", standalone=True)


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
