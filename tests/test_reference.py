"""What Word and WPS read from the packages, checked in their XML: East Asian punctuation hints,
the font table Word substitutes from, the program named in app.xml, the deck's 16:9 size.

(LibreOffice's rendering hides most of these: it draws “ ” —— with the East Asian font anyway and
ignores the font table; Word does not.)
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from conftest import MINI, SEED
from govreport.builders import BuildContext
from govreport.builders import deck as deck_builder
from govreport.builders import report as report_builder
from govreport.loader import load

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
EAST_ASIAN_PUNCT = re.compile("[\u2010-\u2027\u00b7]")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module", params=["mini", "seed"])
def docx(request) -> zipfile.ZipFile:
    path = {"mini": MINI, "seed": SEED}[request.param]
    data = report_builder.build(load(path), BuildContext(source=path))
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.fixture(scope="module")
def pptx() -> zipfile.ZipFile:
    data = deck_builder.build(load(SEED), BuildContext(source=SEED))
    return zipfile.ZipFile(io.BytesIO(data))


def xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


def story_parts(z: zipfile.ZipFile) -> list[str]:
    return [n for n in z.namelist() if re.fullmatch(r"word/(document|footer\d+|header\d+)\.xml", n)]


def test_every_run_with_general_punctuation_carries_the_east_asian_hint(docx):
    checked = 0
    for name in story_parts(docx):
        for r in xml(docx, name).iter(w("r")):
            text = "".join(t.text or "" for t in r.iter(w("t")))
            if EAST_ASIAN_PUNCT.search(text):
                fonts = r.find("w:rPr/w:rFonts", NS)
                assert fonts is not None and fonts.get(w("hint")) == "eastAsia", (name, text[:30])
                checked += 1
    assert checked >= 2, "the fixture has quotes or dashes to check (subtitle ——, folio —)"


def test_every_font_named_has_a_font_table_entry_with_substitution_data(docx):
    table = {f.get(w("name")): f for f in xml(docx, "word/fontTable.xml").findall("w:font", NS)}
    named = set()
    styles = xml(docx, "word/styles.xml")
    scopes = [xml(docx, n) for n in story_parts(docx)] + [styles]
    for scope in scopes:
        for rf in scope.iter(w("rFonts")):
            named |= {v for k, v in rf.attrib.items() if k in (w("ascii"), w("hAnsi"), w("eastAsia"), w("cs"))}
    assert {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"} <= named
    for font in named:
        entry = table.get(font)
        assert entry is not None, f"no w:font entry for {font}"
        for tag in ("charset", "family", "pitch"):
            assert entry.find(f"w:{tag}", NS) is not None, (font, tag)
        if not font.isascii():  # an East Asian font: GB2312 charset and a name Windows has
            assert entry.find("w:charset", NS).get(w("val")) == "86", font
            assert entry.find("w:altName", NS) is not None, font
    alt = {n: e.find("w:altName", NS).get(w("val")) for n, e in table.items() if e.find("w:altName", NS) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体" and alt["方正小标宋简体"] == "宋体"
    # ECMA-376 CT_Font child order
    order = ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"]
    for e in table.values():
        tags = [etree.QName(c).localname for c in e]
        assert tags == sorted(tags, key=order.index), tags


def test_app_xml_names_this_program(docx, pptx):
    for z in (docx, pptx):
        app = xml(z, "docProps/app.xml")
        assert app.findtext("ep:Application", namespaces=NS) == "govreport"
        assert b"Microsoft" not in z.read("docProps/app.xml")
    slides = [n for n in pptx.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert int(xml(pptx, "docProps/app.xml").findtext("ep:Slides", namespaces=NS)) == len(slides) > 0


def test_deck_size_has_no_4x3_type_and_no_blank_thumbnail(pptx):
    size = xml(pptx, "ppt/presentation.xml").find("p:sldSz", NS)
    assert int(size.get("cx")) * 9 == int(size.get("cy")) * 16
    assert size.get("type") is None
    assert not any("thumbnail" in n for n in pptx.namelist())
    assert b"thumbnail" not in pptx.read("_rels/.rels")


def test_nothing_borrowed_or_unused_in_the_report_package(docx):
    names = set(docx.namelist())
    assert not any(re.search(r"stylesWithEffects|customXml|webSettings|numbering|thumbnail", n) for n in names), names
    styles = xml(docx, "word/styles.xml")
    by_id = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    used = set()
    for name in story_parts(docx):
        root = xml(docx, name)
        for tag in ("pStyle", "rStyle", "tblStyle"):
            used |= {e.get(w("val")) for e in root.iter(w(tag))}
    for sid in list(used):  # and what they are based on
        while sid in by_id and by_id[sid].find("w:basedOn", NS) is not None:
            sid = by_id[sid].find("w:basedOn", NS).get(w("val"))
            used.add(sid)
    from govreport.builders.report import load_profile
    from govreport.paths import TEMPLATES

    profile = load_profile(TEMPLATES)
    listed = {n.casefold() for n in [*profile["styles"].values(), *profile["character_styles"].values(), profile["table_style"]]}
    for sid, s in by_id.items():
        name = s.find("w:name", NS).get(w("val"))
        # a style this document does not use is one the builder uses for other content (a
        # standalone 二级标题, a salutation), or one of Word's defaults (正文 font of a new run)
        assert sid in used or s.get(w("default")) == "1" or name.casefold() in listed, name
    assert len(by_id) <= 25, "a reference, not python-docx's 179 styles"


def test_theme_names_east_asian_fonts(docx):
    theme = xml(docx, "word/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for which in ("majorFont", "minorFont"):
        font = theme.find(f".//{a}{which}")
        assert font.find(f"{a}ea").get("typeface"), which
        assert [f.get("script") for f in font.findall(f"{a}font")] == ["Hans"]
    assert b"Cambria" not in docx.read("word/theme/theme1.xml") and b"Calibri" not in docx.read("word/theme/theme1.xml")


def _python_docx_sequences() -> dict[str, tuple[str, ...]]:
    """The schema sequences python-docx's oxml classes declare (``_tag_seq``, deleted from the
    classes after use, so read from their source): element tag -> child tags in schema order."""
    import ast
    import inspect

    from docx.oxml import section, styles, table
    from docx.oxml.text import font, parfmt

    wanted = {"CT_PPr": "pPr", "CT_RPr": "rPr", "CT_SectPr": "sectPr", "CT_TblPr": "tblPr", "CT_TcPr": "tcPr",
              "CT_Style": "style"}
    out = {}
    for module in (parfmt, font, section, table, styles):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ClassDef) and node.name in wanted:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "_tag_seq":
                        out[wanted[node.name]] = tuple(ast.literal_eval(stmt.value))
    # sectPr opens with the header/footer references (EG_HdrFtrReferences), which python-docx
    # adds outside its sequence
    out["sectPr"] = ("w:headerReference", "w:footerReference") + out["sectPr"]
    # CT_Font (ECMA-376 Part 1, 17.8.3.10): python-docx has no class for it
    out["font"] = ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig",
                   "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic")
    return out


SEQUENCES = _python_docx_sequences()


def test_every_element_we_write_has_its_children_in_schema_order(docx):
    assert {"pPr", "rPr", "sectPr", "tblPr", "tcPr", "style", "font"} <= set(SEQUENCES), SEQUENCES.keys()
    checked = 0
    for name in story_parts(docx) + ["word/styles.xml", "word/fontTable.xml"]:
        for el in xml(docx, name).iter():
            local = etree.QName(el).localname
            if etree.QName(el).namespace != W or local not in SEQUENCES:
                continue
            seq = [t.split(":")[1] for t in SEQUENCES[local]]
            tags = [etree.QName(c).localname for c in el if isinstance(c.tag, str)]
            unknown = [t for t in tags if t not in seq]
            assert not unknown, (name, local, unknown)
            assert tags == sorted(tags, key=seq.index), (name, local, tags)
            checked += 1
    assert checked > 50


def test_deck_starts_from_the_clean_16_9_reference(pptx):
    names = pptx.namelist()
    layouts = [n for n in names if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)]
    from govreport.builders.deck.plan import load_theme
    from govreport.paths import TEMPLATES

    wanted = set(load_theme(TEMPLATES).layouts.model_dump().values())
    got = {xml(pptx, n).find("p:cSld", NS).get("name") for n in layouts}
    assert got == wanted, "only the layouts the deck uses"
    assert [n for n in names if n.startswith("ppt/slideMasters/slideMaster") and n.endswith(".xml")] == [
        "ppt/slideMasters/slideMaster1.xml"]
    assert not any("printerSettings" in n or n.endswith(".jpeg") for n in names)
    theme = xml(pptx, "ppt/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    assert all(f.find(f"{a}ea").get("typeface") for f in (theme.find(f".//{a}majorFont"), theme.find(f".//{a}minorFont")))
