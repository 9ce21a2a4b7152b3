"""Fonts by role, once for all three outputs (``templates/fonts.yaml``).

A role (title, body, heading1, heading2, folio, sans, sans_bold, latin) has

- ``name``: the font written into .docx/.pptx (the official 公文 font Word users have);
- ``latin``: the Latin/digit font written beside it;
- ``embed``: free TrueType files, the first installed one used to embed in the PDF and to
  measure text (advance widths from fontTools).

Installed fonts are found on Linux with fontconfig (``fc-list``) where present; on Windows and
macOS (and on Linux without fc-list) by scanning the system's font folders listed in
``fonts.yaml`` (``%WINDIR%\\Fonts``, ``/System/Library/Fonts`` …). A file with CFF outlines is
passed over (ReportLab cannot embed it). Coverage is checked with fontTools: a
role whose font lacks characters the content uses is a ``ContentError`` naming the role, the
font and the characters.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import shutil
import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import interrupts
from .errors import ContentError, Problem
from .outputs import reason
from .paths import ACTIVE, builtin_templates, overlay, template_path
from .safeyaml import load_template, plain

CACHE_FORMAT = 1  # bump when the metrics or the subset options change


@dataclass(frozen=True)
class FontFile:
    """One installed font face: a file and, for a .ttc, the face index."""

    path: Path
    index: int = 0

    @property
    def key(self) -> str:
        return f"{self.path}#{self.index}"


@dataclass(frozen=True)
class Role:
    name: str
    latin: str
    embed: tuple[str, ...]
    fontconfig: str
    role: str = ""
    config: "FontConfig | None" = field(default=None, compare=False, repr=False)  # the fonts.yaml it is of

    @functools.cached_property
    def file(self) -> FontFile:
        """The first installed embeddable font of this role, or ContentError."""
        return locate(self)

    def cmap(self) -> dict[int, int]:
        """Code point -> advance width, for every character the font maps."""
        return _cmap(self.file.path, self.file.index)

    def embeddable(self, chars: Iterable[str] = ()) -> FontFile:
        """A cached subset of this role's font holding GB2312, ASCII and ``chars``: quick to parse."""
        return subset_file(self.file, frozenset(chars) - base_charset())

    def missing(self, chars: Iterable[str]) -> list[str]:
        """Characters of ``chars`` this role's font has no glyph for (whitespace ignored)."""
        cmap = self.cmap()
        return sorted({c for c in chars if not c.isspace() and ord(c) not in cmap})

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` at ``size`` (in the same unit as size), from the font's metrics."""
        widths, upem = _advances(self.file.path, self.file.index)
        default = upem  # full width for anything unknown
        return sum(widths.get(ord(c), default) for c in text) * size / upem


SYSTEMS = ("linux", "windows", "macos")


def current_system() -> str:
    """'windows', 'macos' or 'linux' (any other Unix is looked at as Linux is)."""
    if sys.platform.startswith(("win32", "cygwin")):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def _by_system(value) -> dict:
    """``{system: value}`` from fonts.yaml; a plain value (the old form) applies to every system."""
    if isinstance(value, dict):
        return {s: value.get(s) for s in SYSTEMS}
    return {s: value for s in SYSTEMS}


@dataclass(frozen=True, eq=False)
class FontConfig:
    """The font roles of one fonts.yaml (one per templates folder and contents: compared and
    hashed as itself)."""

    roles: dict[str, Role]
    search_dirs_by_system: dict[str, tuple[str, ...]]
    install_hints: dict[str, str]

    def __getitem__(self, role: str) -> Role:
        return self.roles[role]

    @property
    def search_dirs(self) -> tuple[str, ...]:
        return self.search_dirs_by_system.get(current_system(), ())

    @property
    def install_hint(self) -> str:
        return self.install_hints.get(current_system(), "")


def load_config(templates: "Path | None" = None) -> FontConfig:
    """The font roles of ``fonts.yaml`` of ``templates`` (an overlay folder; None: the environment's,
    ``$GOVREPORT_TEMPLATES``, else the built-in), kept per file contents, not per path.

    A build is handed its fonts by its session (``Session.fonts()``, checked with the other
    templates); this reads the file itself, for callers outside a build (tests, tools)."""
    path = template_path("fonts.yaml", templates or overlay() or builtin_templates())
    return _config_of(str(path), path.read_bytes())


@functools.lru_cache(maxsize=8)
def _config_of(shown: str, raw: bytes) -> FontConfig:
    return font_config(plain(load_template(shown)))


def font_config(data: dict) -> FontConfig:
    """A ``FontConfig`` from fonts.yaml as checked by ``config`` (``template_models.FontsTemplate``)."""
    dirs = {s: tuple(v or ()) for s, v in _by_system(data.get("search_dirs", ())).items()}
    hints = {s: str(v or "") for s, v in _by_system(data.get("install_hint", "")).items()}
    cfg = FontConfig({}, dirs, hints)
    cfg.roles.update({
        k: Role(name=v["name"], latin=v.get("latin") or v["name"], embed=tuple(v.get("embed", ())),
                fontconfig=v.get("fontconfig", ""), role=k, config=cfg)
        for k, v in data["roles"].items()
    })
    return cfg


def _expand(folder: str) -> Path | None:
    """A search folder of fonts.yaml as a path: %NAME% and $NAME from the environment, ~ the
    home folder; None when it names a variable that is not set."""
    missing = False

    def var(m: re.Match) -> str:
        nonlocal missing
        value = os.environ.get(m.group(1) or m.group(2))
        if value is None:
            missing = True
            return ""
        return value

    text = re.sub(r"%([A-Za-z_][A-Za-z0-9_]*)%|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", var, folder)
    return None if missing else Path(os.path.expanduser(text))


def search_dirs(system: str | None = None, cfg: FontConfig | None = None) -> list[Path]:
    """The font folders ``cfg`` (default: ``load_config()``) scans on ``system`` (default: this one)."""
    system = system or current_system()
    out = []
    for d in (cfg or load_config()).search_dirs_by_system.get(system, ()):
        p = _expand(d)
        if p is not None:
            out.append(p)
    return out


def _fc_list() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line for line in out.splitlines() if line]


def _uses_fontconfig(system: str) -> bool:
    return system == "linux" and shutil.which("fc-list") is not None


def where_looked(system: str | None = None, cfg: FontConfig | None = None) -> str:
    """Where ``installed_files`` looks on ``system``, for messages."""
    system = system or current_system()
    if _uses_fontconfig(system):
        return "asked fontconfig (fc-list)"
    dirs = search_dirs(system, cfg)
    if not dirs:
        return f"no font folder to look in: see search_dirs: {system} in fonts.yaml"
    return "looked in " + ", ".join(str(d) for d in dirs)


@functools.lru_cache(maxsize=8)
def _installed(system: str, dirs: tuple[Path, ...]) -> dict[str, Path]:
    paths = sorted(_fc_list()) if _uses_fontconfig(system) else []
    if not paths:
        for root in dirs:  # in fonts.yaml's order: the system's folder before the user's
            if root.is_dir():
                for dirpath, subdirs, files in os.walk(root):
                    subdirs.sort()
                    paths += [
                        os.path.join(dirpath, f) for f in sorted(files) if f.lower().endswith((".ttf", ".ttc", ".otf"))
                    ]
    found: dict[str, Path] = {}
    for p in paths:
        found.setdefault(os.path.basename(p).lower(), Path(p))
    return found


def installed_files(system: str | None = None, cfg: FontConfig | None = None) -> dict[str, Path]:
    """Lower-case file name -> path of every font file on this machine (or as ``system`` keeps them)."""
    system = system or current_system()
    return _installed(system, tuple(search_dirs(system, cfg)))


@functools.lru_cache(maxsize=64)
def outlines(path: Path, index: int = 0) -> str:
    """'truetype', 'cff' or 'unknown': the glyph outlines of face ``index`` of a font file, read
    from its table directory (a few hundred bytes; no font library)."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return "unknown"
                f.seek(12 + 4 * index)
                f.seek(struct.unpack(">I", f.read(4))[0])
                head = f.read(12)
            tables = struct.unpack(">H", head[4:6])[0]
            tags = {f.read(16)[:4] for _ in range(tables)}
    except (OSError, struct.error):
        return "unknown"
    if b"glyf" in tags:
        return "truetype"
    if b"CFF " in tags or b"CFF2" in tags:
        return "cff"
    return "unknown"


def find_file(candidates: Iterable[str], system: str | None = None, passed_over: list | None = None,
              cfg: FontConfig | None = None) -> FontFile | None:
    """The first of ``candidates`` installed with TrueType outlines; CFF ones go to ``passed_over``."""
    files = installed_files(system, cfg)
    for cand in candidates:
        name, _, index = cand.partition("#")
        path = files.get(name.lower())
        if path is None:
            p = Path(os.path.expanduser(name))
            path = p if p.is_absolute() and p.is_file() else None
        if path is None:
            continue
        if outlines(path, int(index or 0)) != "truetype":
            if passed_over is not None:
                passed_over.append(path)
            continue
        return FontFile(path, int(index or 0))
    return None


def locate(role: Role, system: str | None = None) -> FontFile:
    """The font file of ``role`` on ``system`` (default: this one), or a ContentError that names
    the role, what was looked for and where, and how to install a font on that system."""
    system = system or current_system()
    cfg = role.config or load_config()
    skipped: list[Path] = []
    found = find_file(role.embed, system, skipped, cfg)
    if found is not None:
        return found
    why = "".join(
        f"; {p} was found but has PostScript (CFF) outlines, which the PDF cannot embed" for p in skipped
    )
    raise ContentError(
        f"fonts: role {role.role!r} ({role.name}): none of {', '.join(role.embed)} is installed "
        f"({where_looked(system, cfg)}){why}; install one: {cfg.install_hints.get(system, '')}",
        str(template_path("fonts.yaml")),
    )


def _open(path: Path, index: int):
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False: a subset saved from it keeps the font's own dates, not the clock's.
    return TTFont(str(path), fontNumber=index, lazy=True, recalcTimestamp=False)


def cache_dir() -> Path:
    """Where parsed metrics and subset fonts are kept between runs ($GOVREPORT_CACHE, else ~/.cache)."""
    root = os.environ.get("GOVREPORT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "govreport"
    )
    return Path(root)


def mark_checked(marker: Path) -> None:
    """Leave ``marker`` (an empty file in the cache folder) saying something was checked and passed
    (templates, a content's characters); a read-only cache means it is checked again next time."""
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_bytes(b"")
    except OSError:
        pass


def fingerprint(path: Path) -> str:
    """A cheap identity of a font file: its size, mtime and the bytes at both ends, hashed (kept
    per size and mtime, so a font file replaced in place gets a new one)."""
    st = path.stat()
    return _fingerprint(path, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _fingerprint(path: Path, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256(f"{path}|{size}|{mtime_ns}".encode())
    with open(path, "rb") as f:
        h.update(f.read(65536))
        if size > 65536:
            f.seek(-65536, os.SEEK_END)
            h.update(f.read())
    return h.hexdigest()[:20]


def _cache_version() -> str:
    """Part of every cache name: a new fontTools or a change in how we subset starts afresh."""
    import fontTools

    return f"v{CACHE_FORMAT}-ft{fontTools.version}"


@functools.lru_cache(maxsize=1)
def _fallback_dir() -> Path:
    """A temp folder of this process, made only when the cache folder cannot be written, and
    removed when the process ends."""
    import atexit
    import shutil

    d = Path(tempfile.mkdtemp(prefix="govreport-fonts-"))
    atexit.register(shutil.rmtree, d, True)
    return d


def _made_fallback() -> bool:
    return _fallback_dir.cache_info().currsize > 0


_probed: list[bool] = []  # this process's answer of cache_writable, once it is known


def cache_writable(say: bool = True) -> bool:
    """Whether new entries can go to the cache folder (tried once per process, when the first
    entry is made). If not, say so once — where, why, what to do — unless ``say`` is False (a -j
    worker: the command said it already) and keep this run's entries in a temp folder of its own,
    quietly: announcing "making the font cache" would be untrue, it is made again next run."""
    if not _probed:
        _probed.append(_probe(say))
    return _probed[0]


def _probe(say: bool) -> bool:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
        return True
    except OSError as e:
        if say:
            print(f"govreport: the font cache {folder} cannot be written ({reason(e)}); this run prepares the fonts "
                  "in a temporary folder of its own, a few seconds more each run: make the folder writable or set "
                  "GOVREPORT_CACHE to one that is", file=sys.stderr, flush=True)
        return False


def _cached(name: str, make, announce: bool = True) -> tuple[bytes, Path | None]:
    """(bytes, path) of cache entry ``name``: read, or made, stored atomically and returned.

    When the cache folder cannot be written (``cache_writable``), the entry goes to a temp folder of
    this run, so a read-only home costs speed, never a build; when nothing can be written at all,
    the entry is kept in memory only (path None).
    """
    name = f"{_cache_version()}-{name}"
    for folder in [cache_dir()] + ([_fallback_dir()] if _made_fallback() else []):
        try:
            return (folder / name).read_bytes(), folder / name
        except OSError:
            pass
    writable = cache_writable()
    if announce and writable:  # not for entries made in milliseconds
        _announce_cache(name)
    data = make()
    for where in ((cache_dir, _fallback_dir) if writable else (_fallback_dir,)):  # the temp folder only when needed
        tmp = None
        try:
            folder = where()
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            with interrupts.held():  # Ctrl-C or SIGTERM waits for the rename: no temp file left
                tmp.write_bytes(data)
                os.replace(tmp, folder / name)
            return data, folder / name
        except OSError:
            if tmp is not None:
                try:
                    tmp.unlink()
                except OSError:
                    pass
            continue
    return data, None


_announced = False


def _announce_cache(name: str) -> None:
    """One line on stderr, once per process, when the font cache is being made: when an entry
    is missing and the cache holds nothing of its kind for that font yet (a first build, or new
    fonts). A new subset of a font already cached is quick and says nothing."""
    global _announced
    if _announced:
        return
    kind = "-".join(name.split("-")[:4])  # v1-ftX.Y-subset-<fingerprint>
    try:
        if any(p.name.startswith(kind) for p in cache_dir().iterdir()):
            return
    except OSError:
        pass
    _announced = True
    print(
        f"govreport: making the font cache in {cache_dir()}: about 5-10 s, once "
        "(the first build on this machine or with new fonts; later builds reuse it)",
        file=sys.stderr, flush=True,
    )



def _advances(path: Path, index: int) -> tuple[dict[int, int], int]:
    """Advance width of every mapped code point, and units per em; cached by fingerprint (in
    memory and on disk), never by path alone."""
    return _advances_of(path, index, fingerprint(path))


@functools.lru_cache(maxsize=None)
def _advances_of(path: Path, index: int, fp: str) -> tuple[dict[int, int], int]:

    def make():
        font = _open(path, index)
        hmtx = font["hmtx"]
        cmap = font.getBestCmap() or {}
        return {cp: hmtx[g][0] for cp, g in cmap.items()}, font["head"].unitsPerEm

    data, _ = _cached(f"metrics-{fp}-{index}.marshal", lambda: marshal.dumps(make()))
    try:
        widths, upem = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # a damaged entry: parse the font again
        widths, upem = make()
    return widths, upem


def _cmap(path: Path, index: int) -> dict[int, int]:
    return _advances(path, index)[0]


@functools.lru_cache(maxsize=1)
def base_charset() -> frozenset[str]:
    """Characters every embedded subset carries: printable ASCII, Latin-1 and all of GB2312 (read
    from the font cache: decoding GB2312's 8,000 code pairs one by one costs ~10 ms a build)."""
    data, _ = _cached("base-charset.txt", lambda: "".join(sorted(_base_charset())).encode("utf-8"), announce=False)
    try:
        chars = frozenset(data.decode("utf-8"))
    except UnicodeDecodeError:
        chars = frozenset()
    return chars if len(chars) > 7000 else _base_charset()  # a damaged entry: work it out


def _base_charset() -> frozenset[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def subset_file(font: FontFile, chars: frozenset = frozenset()) -> FontFile:
    """``_subset_file`` keyed by the font file's fingerprint, not its path. ``chars``: those
    beyond ``base_charset()``."""
    return _subset_file(font, chars, fingerprint(font.path))


@functools.lru_cache(maxsize=64)
def _subset_file(font: FontFile, chars: frozenset, fp: str) -> FontFile:
    """A small TrueType file with the glyphs of GB2312, ASCII and ``chars``, cached on disk.

    ReportLab parses a whole font file before it can embed a subset of it: 0.2 s for a 20 MB
    CJK collection, every build. This file keeps only what text can use (a few MB), so it
    parses in milliseconds; the PDF still embeds only the glyphs it draws. Named by the font's
    fingerprint and the characters beyond the base it holds (what the font has of ``chars``),
    so finding it costs nothing like working out its ~7,600 code points.
    """
    have = _cmap(font.path, font.index)
    extra = sorted(cp for cp in map(ord, chars) if cp in have)
    key = hashlib.sha256(("gb2312+" + ",".join(map(str, extra))).encode()).hexdigest()[:12]

    def make() -> bytes:
        import io
        import logging

        from fontTools import subset

        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        opts = subset.Options()
        opts.notdef_outline = True
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.layout_features = []
        opts.drop_tables += ["BDF", "FFTM", "EBDT", "EBLC", "EBSC"]
        f = _open(font.path, font.index)
        sub = subset.Subsetter(opts)
        wanted = sorted({ord(c) for c in base_charset()}.intersection(have).union(extra))
        sub.populate(unicodes=wanted)
        sub.subset(f)
        buf = io.BytesIO()
        f.save(buf)
        return buf.getvalue()

    _, path = _cached(f"subset-{fp}-{font.index}-{key}.ttf", make)
    return FontFile(path, 0) if path is not None else font  # nowhere to write it: the whole font (slower)


def _face_state(data: bytes) -> dict:
    """A cached face's attributes: plain data and ReportLab's name strings only, never other classes."""
    import io
    import pickle

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str):
            if (module, name) == ("reportlab.pdfbase.ttfonts", "TTFNameBytes"):
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"not in a font face: {module}.{name}")

    return Unpickler(io.BytesIO(data)).load()


def reportlab_font(name: str, f: FontFile):
    """ReportLab's ``TTFont`` named ``name`` for the font file ``f`` (an embeddable subset).

    ReportLab reads a whole TrueType file into a face (widths, character map, glyph offsets) before
    it can measure or embed: ~20 ms for a GB2312 subset, twice per brief. The face it read is kept
    in the font cache, keyed by the file's fingerprint and ReportLab's version, and restored in a
    few ms; the font object around it is ReportLab's own (made from ReportLab's bundled Vera.ttf,
    then given the face). A cached face that does not load is read from the file again.
    """
    import pickle

    import reportlab
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    def read() -> TTFont:
        return TTFont(name, str(f.path), subfontIndex=f.index)

    parsed: list = []

    def make() -> bytes:
        font = read()
        parsed.append(font)
        state = {k: v for k, v in vars(font.face).items() if not callable(v)}
        try:
            return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a ReportLab whose face holds something else: read the file each time
            return b""

    data, _ = _cached(f"rlface-rl{reportlab.Version}-{fingerprint(f.path)}-{f.index}.pickle", make, announce=False)
    if parsed:
        return parsed[0]
    try:
        state = _face_state(data)
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        upem = face.unitsPerEm  # as TTFontFile.extractInfo scales widths to 1000 units per em
        face._pdfScale = (lambda x: x) if upem == 1000 else (lambda x, k=1000 / upem: x * k)
    except Exception:  # a damaged or foreign entry: read the file
        return read()
    font = TTFont(name, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"))
    font.face = face
    return font


def check_coverage(text: str, roles: Iterable[str] | None = None, *, source: str = "", locate=None,
                   cfg: FontConfig | None = None) -> None:
    """ContentError when a role's font (of ``cfg``, the build's; default ``load_config()``) lacks
    characters used in ``text``: one problem per character, naming the roles and fonts that lack
    it, at its first use when ``locate(ch)`` gives (line, column)."""
    cfg = cfg or load_config()
    key = tuple(sorted((name, role.embed) for name, role in cfg.roles.items()))
    chars = frozenset(text)
    names = tuple(roles) if roles else None
    marker = _covered_marker(cfg, chars, names)
    if marker is not None and marker.exists():
        return  # these characters in these font files: checked before, all there
    lacking = _lacking(chars, names, key, cfg)
    if not lacking and marker is not None:
        mark_checked(marker)
    problems = []
    for ch, where in lacking.items():
        line, col = locate(ch) if locate else (0, 0)
        fonts = ", ".join(f"{r!r} ({name})" for r, name in where)
        problems.append(
            Problem(
                source or "templates/fonts.yaml", line, col, "",
                f"fonts: character {ch!r} (U+{ord(ch):04X}) is not in the font of role {fonts}; "
                "use another character or add a font that has it to templates/fonts.yaml",
            )
        )
    if problems:
        raise ContentError(problems)


def _covered_marker(cfg: FontConfig, chars: frozenset, roles: tuple | None) -> Path | None:
    """The cache entry saying every one of ``chars`` is in the font file of each role (named by
    the characters, the roles and the files' fingerprints), so a rebuild of the same content need
    not load the metrics of fonts only the report names (~10 ms); None when a role has no font."""
    h = hashlib.sha256("".join(sorted(chars)).encode("utf-8", "surrogatepass"))
    try:
        for r in roles or sorted(cfg.roles):
            f = cfg[r].file
            h.update(f"|{r}|{f.key}|{fingerprint(f.path)}".encode("utf-8", "surrogatepass"))
    except (ContentError, OSError):
        return None
    return cache_dir() / f"{_cache_version()}-covered-{h.hexdigest()[:32]}.ok"


@functools.lru_cache(maxsize=16)
def _lacking(chars: frozenset, roles: tuple | None, fonts_key: tuple, cfg: FontConfig) -> dict[str, list[tuple[str, str]]]:
    """Character -> [(role, font file)] for every role of ``cfg`` whose font lacks it (``fonts_key``:
    each role's font files, so an edited fonts.yaml is checked afresh)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in roles or cfg.roles:
        role = cfg[r]
        # The Latin role only draws Latin letters, digits and symbols beside CJK text.
        used = {c for c in chars if ord(c) < 0x2000} if r == "latin" else chars
        for ch in role.missing(used):
            out.setdefault(ch, []).append((r, role.file.path.name))
    return dict(sorted(out.items()))


def fontconfig_aliases(cfg: FontConfig | None = None) -> str:
    """A fontconfig file that renders each role's official name with its free substitute.

    LibreOffice on Linux has none of the 公文 fonts; with this file (see ``render_env``) it
    draws 仿宋_GB2312 with AR PL UMing, 黑体 with WenQuanYi Zen Hei and so on, instead of
    whatever fontconfig would pick. ``cfg``: the fonts (default ``load_config()``).
    """
    cfg = cfg or load_config()
    seen = set()
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    lines.append("  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>")
    # Latin names (Times New Roman, Arial) are left to fontconfig's own metric aliases
    # (Liberation Serif / Sans), which match their widths.
    for role in cfg.roles.values():
        name = role.name
        if name in seen or not role.fontconfig or name == role.fontconfig or name.isascii():
            continue
        seen.add(name)
        lines += [
            '  <match target="pattern">',
            f'    <test qual="any" name="family"><string>{name}</string></test>',
            f'    <edit name="family" mode="prepend" binding="strong"><string>{role.fontconfig}</string></edit>',
            "  </match>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"
