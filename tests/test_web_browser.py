"""The web page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
chromedriver (both paths given, so Selenium Manager never looks for or downloads a browser).

The seed's page at 375 and 1280 CSS px (and 320, where WCAG's reflow criterion is measured): no
sideways scrolling, screenshots saved under the test's tmp folder; axe-core (the npm package in
tests/browser/, its script injected into the page) finds no violation of the WCAG 2.1 A and AA
rules; printed, the page is A4 without the table of contents. The page of tests/two_years/qinghe-2024
(with last year's file): its review table read back from the browser's DOM, cell by cell, equal to
the review's rows of the two files, axe-core clean there too. Without the browser the tests skip
and say why; on CI (``CI`` set) a missing browser or axe-core fails instead, so CI runs them.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEED, run_build

CHROMIUM = Path(os.environ.get("GOVREPORT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GOVREPORT_CHROMEDRIVER", "/usr/bin/chromedriver"))
AXE_DIR = ROOT / "tests" / "browser"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NOTE_SHOT = Path("/work/notes/web-seed-375.png")  # the seed's phone screenshot, for the session's note


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must have it: .ci/run installs it)")
    pytest.skip(reason)


def _axe_source() -> str:
    """axe-core's script: installed from tests/browser/package-lock.json (npm ci) when missing."""
    if not AXE.is_file() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE_DIR,
                       capture_output=True, timeout=300)
    if not AXE.is_file():
        _unavailable(f"axe-core is not installed ({AXE}); run `npm ci` in tests/browser")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        _unavailable(f"no Chromium at {CHROMIUM} or no chromedriver at {CHROMEDRIVER}; "
                     "install Debian's chromium and chromium-driver (.ci/run does)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    d.set_script_timeout(120)
    yield d
    d.quit()


def built_page(content: Path, out: Path) -> Path:
    """``content``'s web page built into ``out``."""
    r = run_build(str(content), "--out", str(out), "--only", "web")
    assert r.returncode == 0, r.stdout + r.stderr
    return out / content.stem / "report.html"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    return built_page(SEED, tmp_path_factory.mktemp("web-browser"))


def load_at(driver, page: Path, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    driver.get(page.as_uri())
    driver.execute_script("return document.fonts ? document.fonts.ready : null")


def screenshot(driver, path: Path, width: int, height: int | None = None) -> Path:
    """The page from its top, ``height`` CSS px of it (the whole page when None), as PNG."""
    full = driver.execute_script("return document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width, "height": min(full, height or full), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def overflow(driver) -> list[str]:
    """How far the page scrolls sideways, and the elements that stick out of the viewport."""
    return driver.execute_script("""
        const w = document.documentElement.clientWidth, out = [];
        if (document.documentElement.scrollWidth > w) out.push('page scrollWidth ' + document.documentElement.scrollWidth + ' > ' + w);
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.width && r.right > w + 0.5) out.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right) + ': ' + (el.textContent || '').slice(0, 30));
        }
        return out.slice(0, 20);""")


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_sideways_scrolling_and_screenshots(driver, seed_page, tmp_path, width):
    load_at(driver, seed_page, width)
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    problems = overflow(driver)
    assert not problems, problems
    top = screenshot(driver, tmp_path / f"seed-{width}-top.png", width, 1600 if width < 600 else 1400)
    whole = screenshot(driver, tmp_path / f"seed-{width}.png", width)
    assert top.stat().st_size > 10_000 and whole.stat().st_size > top.stat().st_size
    if width == 375 and NOTE_SHOT.parent.is_dir() and os.access(NOTE_SHOT.parent, os.W_OK) and not os.environ.get("CI"):
        shutil.copy(top, NOTE_SHOT)
    # the text is laid out as text: the h1 is on screen, in the title font size, not overflowing
    h1 = driver.execute_script("const r = document.querySelector('h1').getBoundingClientRect(); return [r.left, r.right];")
    assert 0 <= h1[0] < h1[1] <= width


def axe(driver, page: Path, width: int) -> dict:
    """axe-core's WCAG 2.1 A/AA run on ``page`` at ``width`` CSS px: {violations, passes} or {error}."""
    source = _axe_source()
    load_at(driver, page, width)
    driver.execute_script(source)
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
           .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                            passes: r.passes.length}))
           .catch(e => done({error: String(e)}));""", WCAG_TAGS)


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_core_finds_no_wcag_21_a_or_aa_violation(driver, seed_page, width):
    result = axe(driver, seed_page, width)
    assert "error" not in result, result
    assert result["violations"] == [], result["violations"]
    assert result["passes"] > 10  # the rules ran (color-contrast, document-title, html-has-lang …)
    # and they can fail: a grey line on white is a contrast violation
    driver.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', "
                          "'<p style=\"color:#BBBBBB\">对比度不足的一行</p>')")
    again = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(r => done(r.violations.map(v => v.id)));""",
        WCAG_TAGS)
    assert again == ["color-contrast"]


def test_printed_it_is_a4_without_the_navigation(driver, seed_page, tmp_path):
    import pdfplumber

    load_at(driver, seed_page, 1280)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert driver.execute_script("return getComputedStyle(document.querySelector('nav')).display") == "none"
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    path = tmp_path / "seed-print.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    with pdfplumber.open(str(path)) as doc:
        sizes = {(round(p.width), round(p.height)) for p in doc.pages}
        first = doc.pages[0].extract_text() or ""
        assert sizes == {(595, 842)}, sizes  # A4 in points
        assert len(doc.pages) > 5
    assert "政府工作报告" in first and "目录" not in first


# The review of last year's targets (settings.previous) -----------------------------------------


@pytest.fixture(scope="module")
def review_page(tmp_path_factory) -> Path:
    from test_review import THIS  # qinghe-2024.yaml, with settings.previous

    return built_page(THIS, tmp_path_factory.mktemp("web-review"))


@pytest.mark.parametrize("width", [320, 1280])
def test_the_review_table_reads_back_as_the_two_files_give_it(driver, review_page, tmp_path, width):
    """The table as the browser has it: its caption, head cells (scope col), each row's header cell
    (scope row) and cells, equal to the review's rows (test_review.ROWS, from the two YAML files);
    the contents link to it; the page does not scroll sideways; axe-core finds nothing."""
    from test_review import HEAD, ROWS

    load_at(driver, review_page, width)
    table = driver.execute_script("""
        const t = document.querySelector('#review').closest('section').querySelector('table');
        const cells = tr => [...tr.children].map(c => [c.tagName, c.getAttribute('scope'), c.innerText.trim()]);
        return {caption: t.caption.innerText.trim(), head: cells(t.tHead.rows[0]),
                rows: [...t.tBodies[0].rows].map(cells),
                link: !!document.querySelector('nav.toc a[href="#review"]'),
                after: document.querySelector('#review').closest('section').previousElementSibling.innerText};""")
    assert table["caption"] == "2023年主要预期目标完成情况"
    assert table["head"] == [["TH", "col", h] for h in HEAD]
    assert [[c[2] for c in r] for r in table["rows"]] == [list(row) for row, _ in ROWS]
    assert all(r[0][:2] == ["TH", "row"] and all(c[0] == "TD" for c in r[1:]) for r in table["rows"])
    assert table["link"] and table["after"].startswith("过去一年")  # after the review's overview
    assert not overflow(driver), overflow(driver)
    shot = screenshot(driver, tmp_path / f"review-{width}.png", width)
    assert shot.stat().st_size > 10_000
    result = axe(driver, review_page, width)
    assert "error" not in result, result
    assert result["violations"] == [], result["violations"]
    assert result["passes"] > 10
