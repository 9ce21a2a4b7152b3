"""The bottom floor of reading YAML: safe, strict, and precise about where a problem is.

Every YAML file the package reads (content, templates, last year's file) goes through here;
``govreport.loader`` builds the content's ``Report`` on top, ``govreport.config`` the templates.

How it stays safe: the file is composed into a node tree with PyYAML's safe loader (no tags
run code) and we build Python values from the nodes ourselves, so that

- only the standard scalar, sequence and mapping tags are accepted (``!!python/...`` and
  custom tags are refused, and nothing is ever constructed from them);
- a mapping with the same key twice is refused (PyYAML keeps the last one silently);
- aliases are followed with a budget, so a "billion laughs" file fails at once;
- numbers keep the digits the author typed (floats become ``Decimal`` of the source text);
- every node's position is recorded by key path, to point pydantic's errors at the source.

It imports only ``errors`` and ``figures`` (the number syntax) of this package.
"""

from __future__ import annotations

import bisect
import copy
import functools
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import figures
from .errors import ContentError, Problem

MAX_NODES = 200_000  # the seed has about 2,000; a billion-laughs file wants 10^9
MAX_BYTES = 5 * 1024 * 1024

TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}

# libyaml's composer when PyYAML was built with it: the same node tree and marks, 15× faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What the outputs cannot hold. XML 1.0 (every .docx and .pptx part) has no place for the C0
# controls but tab and line breaks, U+FFFE, U+FFFF or a lone surrogate; U+2028/U+2029 (and
# NEL) are line breaks to YAML and to nobody else. Refused raw (before YAML reads the file,
# so a line number stays a line number) and escaped ("\v", "\x1f", "\0", "\uFFFE").
RAW_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")
VALUE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x85\ufffe\uffff\ud800-\udfff\u2028\u2029]")
SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator", "\x85": "next line, NEL"}
_CHAR_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
               0x1B: "escape", 0x7F: "delete", 0xFFFE: "not a character", 0xFFFF: "not a character"}
MAX_CHAR_PROBLEMS = 20  # per file: a binary file pasted in is not 10,000 lines of messages
MAX_DIGITS = figures.MAX_DIGITS  # the number syntax is figures.NUMBER_PATTERN / figures.number_problem


def char_name(ch: str) -> str:
    """What a message calls a character nobody can see: 'vertical tab', 'line separator'."""
    o = ord(ch)
    name = SEPARATORS.get(ch) or _CHAR_NAMES.get(o)
    if name is None:
        name = "half of a surrogate pair" if 0xD800 <= o <= 0xDFFF else "a control character"
    return name


def char_message(ch: str, escaped: bool = False) -> str:
    """'character U+000B is not allowed (vertical tab): …'."""
    what = f"character U+{ord(ch):04X} is not allowed ({char_name(ch)}{', written as an escape' if escaped else ''})"
    if ch in SEPARATORS:
        return f"{what}: start a new paragraph (a new list item) or write a space"
    return f"{what}: Word and PowerPoint files (XML 1.0) cannot hold it; delete it"


def scan_text(text: str, shown: str) -> list[Problem]:
    """Every character in the raw text that no output can hold, at its line and column."""
    problems: list[Problem] = []
    for m in RAW_BAD.finditer(text):
        i = m.start()
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        problems.append(Problem(shown, line, col, "", char_message(m.group(0))))
        if len(problems) >= MAX_CHAR_PROBLEMS:
            problems.append(Problem(shown, line, col, "", f"more such characters follow; only the first {MAX_CHAR_PROBLEMS} are listed"))
            break
    return problems


_ESCAPE = re.compile(r'\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', re.S)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
                   "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


def _unescape(code: str) -> str:
    if code[0] in "xuU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


PathT = tuple  # a key path: ("indicators", "gdp", "value") or ("body", "parts", 0, ...)


def dotted(path: PathT) -> str:
    """('body', 'parts', 0, 'heading') -> 'body.parts[0].heading'."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


class _Builder:
    """Turns a composed node tree into plain Python data, collecting problems and marks."""

    def __init__(self, file: str, source: str = ""):
        self.file = file
        self.source = source
        self._line_starts: list[int] | None = None
        self.problems: list[Problem] = []
        self.marks: dict[PathT, tuple[int, int]] = {}
        self.nodes: dict[PathT, yaml.Node] = {}
        self.key_marks: dict[PathT, tuple[int, int]] = {}  # where each key itself is written
        self.budget = MAX_NODES

    def line_starts(self) -> list[int]:
        """Where each line of the source begins (made once: a file of 20,000 references found
        each one's line by counting the newlines before it, quadratic in the file's length)."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        return self._line_starts

    def position(self, index: int) -> tuple[int, int]:
        """(line, column), from 1, of the character at ``index`` in the source."""
        ls = self.line_starts()
        line = bisect.bisect_right(ls, index)
        return line, index - ls[line - 1] + 1

    def problem(self, node_or_mark, path: PathT, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        self.problems.append(Problem(self.file, line, col, dotted(path), message))

    def check_chars(self, node: yaml.ScalarNode, path: PathT) -> bool:
        """A scalar holding (from an escape: raw ones are refused before parsing) a character no
        output can hold: a problem at the escape, naming the character. True when clean."""
        m = VALUE_BAD.search(node.value)
        if m is None:
            return True
        ch = m.group(0)
        line, col = self._escape_position(node, ch)
        self.problems.append(Problem(self.file, line, col, dotted(path), char_message(ch, escaped=True)))
        return False

    def _escape_position(self, node: yaml.Node, ch: str) -> tuple[int, int]:
        start = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not self.source:
            return start
        ls = self.line_starts()
        try:
            a = ls[node.start_mark.line] + node.start_mark.column
            b = ls[node.end_mark.line] + node.end_mark.column
        except IndexError:
            return start
        for m in _ESCAPE.finditer(self.source, a, b):
            try:
                hit = _unescape(m.group(1)) == ch
            except ValueError:
                hit = False
            if hit:
                i = m.start()
                line = self.source.count("\n", 0, i) + 1
                return line, i - (self.source.rfind("\n", 0, i) + 1) + 1
        return start

    def check_number(self, node: yaml.ScalarNode, path: PathT) -> bool:
        """A figure as the number syntax has it (``figures.number_problem``: plain digits, at most
        MAX_DIGITS, no signed zero). True when fine."""
        problem = figures.number_problem(node.value)
        if problem:
            self.problem(node, path, problem)
            return False
        return True

    def build(self, node: yaml.Node, path: PathT = ()) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(node)
        self.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        self.nodes.setdefault(path, node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != TAG + "map":
                self.problem(node, path, f"tag {node.tag} is not allowed here")
                return None
            out: dict[str, Any] = {}
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == TAG + "merge":
                    self.problem(key_node, path, "merge keys (<<) are not supported; write the keys out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in SCALAR_TAGS:
                    self.problem(key_node, path, "a key must be plain text")
                    continue
                key = key_node.value
                if key_node.style == '"' and not self.check_chars(key_node, path + (key,)):
                    continue
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    self.problem(key_node, path + (key,), f"duplicate key {key!r} (first defined at line {first})")
                    continue
                seen[key] = key_node
                self.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != TAG + "seq":
                self.problem(node, path, f"tag {node.tag} is not allowed here")
                return None
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        # Scalar
        if node.tag not in SCALAR_TAGS:
            self.problem(node, path, f"tag {node.tag} is not allowed (tags that construct objects are refused)")
            return None
        kind = node.tag[len(TAG) :]
        raw = node.value
        # Raw characters were refused before parsing; only a double-quoted scalar has escapes.
        if node.style == '"' and not self.check_chars(node, path):
            return None
        if kind == "null":
            return None
        if kind == "bool":
            return raw.lower() in ("yes", "true", "on", "y")
        if kind in ("int", "float"):
            # Figures keep the digits typed. YAML 1.1 would read 0123 as octal 83, 1:30 as 90 and
            # 1.5e+3 as 1500: refuse every form but plain decimal digits.
            if not self.check_number(node, path):
                return None
            return int(raw) if kind == "int" and "." not in raw else Decimal(raw)
        return raw  # str and timestamp stay text; pydantic parses dates


class _TooLarge(Exception):
    def __init__(self, node):
        self.node = node


def read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, or a ContentError saying plainly why it cannot be read.

    Only a regular file is read (a FIFO would block, /dev/zero never end), and at most
    MAX_BYTES + 1 bytes of it, so what the size check passed is what is read.
    """
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ContentError("no such file" + (" (a link to nothing)" if os.path.islink(path) else ""), shown) from None
    except OSError as e:
        raise ContentError(f"cannot read: {e.strerror or e}", shown) from None
    if stat.S_ISDIR(st.st_mode):
        raise ContentError("is a folder, not a YAML file", shown)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise ContentError(f"is {kind}, not a file; name a YAML file", shown)
    if st.st_size > MAX_BYTES:
        raise ContentError(f"file is {st.st_size:,} bytes; content files are at most {MAX_BYTES:,}", shown)
    try:
        # O_NONBLOCK: should the file have become a FIFO since the stat, opening it does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise ContentError(f"cannot read: {e.strerror or e}", shown) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ContentError("is not a regular file; name a YAML file", shown)
        try:
            data = f.read(MAX_BYTES + 1)
        except OSError as e:
            raise ContentError(f"cannot read: {e.strerror or e}", shown) from None
    if len(data) > MAX_BYTES:
        raise ContentError(f"file is more than {MAX_BYTES:,} bytes; content files are at most {MAX_BYTES:,}", shown)
    return data


def read_text(path: Path, shown: str, data: bytes | None = None) -> str:
    """The file's text (from ``data`` when given), or a ContentError saying why it is unusable."""
    if data is None:
        data = read_bytes(path, shown)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError("UTF-16 text; re-save as UTF-8", shown)
    try:
        text = data.decode("utf-8-sig")
        if data.count(b"\x00") > MAX_CHAR_PROBLEMS:
            raise ContentError("binary file, not YAML text", shown)
    except UnicodeDecodeError as e:
        if b"\x00" in data:
            raise ContentError("binary file, not YAML text", shown) from None
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError(
            [Problem(shown, line, col, "", "not UTF-8; re-save as UTF-8 (the file looks like GBK or another encoding)")]
        ) from None
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        raise ContentError("file is empty (nothing but blanks and comments)", shown)
    return text


def yaml_hint(line_text: str, prev_text: str, column: int, message: str) -> tuple[int, str] | None:
    """(lines back, hint) for a YAML syntax error on ``line_text`` (``column`` 1-based), or None.

    ``lines back`` is 1 when the slip is on the line before (a full-width colon after a key makes
    YAML complain about the next line)."""
    code = line_text.split("#")[0]
    at = line_text[column - 1 : column] if column > 0 else ""
    if at == "%" or re.search(r":\s*%", code):
        return 0, 'a value starting with % must be quoted: write "%" in quotes (unit: "%")'
    key_colon = re.compile(r"^\s*(-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*：")
    if key_colon.match(line_text):
        return 0, "a key ends with an ASCII colon ':', not the full-width '：'"
    if prev_text and key_colon.match(prev_text) and ":" not in prev_text.split("：")[0]:
        return 1, "a key ends with an ASCII colon ':', not the full-width '：'"
    return None


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """A YAML syntax error at the line a person would look at, with a hint where we can give one."""
    mark = e.problem_mark or e.context_mark
    context = (e.context or "").strip()
    # "while scanning a simple key" means a key with no ':' after it: the key's line is the culprit.
    if context.startswith("while scanning a simple key") and e.context_mark is not None:
        mark = e.context_mark
    msg = (e.problem or "invalid YAML").strip()
    if context:
        msg = f"{context}: {msg}"
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    long_key = re.match(r"^(\s*(?:-\s+)*)(.*?)\s*:(?:\s|$)", here)
    if long_key and len(long_key.group(2)) > 1024:
        # YAML reads at most 1,024 characters before a plain key's colon, then says something
        # about indentation; say what it is.
        n = len(long_key.group(2))
        return Problem(shown, line, len(long_key.group(1)) + 1, "",
                       f"YAML syntax: a key of {n:,} characters; YAML reads at most 1,024 before a key's ':' "
                       f"(keys here are short names; a long text goes after the colon)")
    found = yaml_hint(here, lines[line - 2] if 1 < line <= len(lines) + 1 else "", col, msg)
    if found:  # an unquoted %, a full-width colon after a key (YAML blames the next line)
        back, hint = found
        if back:
            line -= back
            col = lines[line - 1].find("：") + 1
        return Problem(shown, line, col, "", f"YAML syntax: {msg} — {hint}")
    if "invalid Unicode character escape code" in msg:
        hint = "\\uD800-\\uDFFF (halves of a surrogate pair) are not characters; write the character itself"
    elif "：" in here.split("#")[0] and ":" not in here.split("：")[0]:
        hint = "a key ends with an ASCII colon ':', not the full-width '：'"
    elif "\t" in here[: len(here) - len(here.lstrip())]:
        hint = "indent with spaces, not tabs"
    elif any(k in msg for k in ("mapping values are not allowed", "expected <block end>", "did not find expected key", "could not find expected ':'")):
        hint = "check the indentation of this line and the one above (two spaces per level)"
    else:
        hint = ""
    return Problem(shown, line, col, "", f"YAML syntax: {msg}" + (f" — {hint}" if hint else ""))


def parse(text: str, shown: str) -> tuple[Any, _Builder]:
    """YAML text -> (plain data, builder holding marks and problems). Syntax errors raise."""
    bad = scan_text(text, shown)
    if bad:
        # Said at their places, and the file read on with a space for each, so every other
        # problem of the file (an unknown {reference} on the next line) is listed too.
        text = RAW_BAD.sub(" ", text)
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as e:
        raise ContentError(bad + [_syntax_problem(e, text, shown)]) from None
    except yaml.reader.ReaderError as e:
        # A control character or the like: PyYAML gives a character position, we give a line.
        # libyaml counts bytes, PyYAML's own reader characters.
        before = text.encode("utf-8")[: e.position].decode("utf-8", "ignore") if _SAFE_LOADER is not yaml.SafeLoader else text[: e.position]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        ch = e.character if isinstance(e.character, int) else ord(e.character)
        raise ContentError(bad + [Problem(shown, line, col, "", f"character U+{ch:04X} is not allowed in YAML text")]) from None
    except yaml.YAMLError as e:
        raise ContentError(bad + [Problem(shown, message=f"YAML syntax: {e}")]) from None
    b = _Builder(shown, text)
    b.problems += bad
    if node is None:
        raise ContentError("file is empty", shown)
    try:
        data = b.build(node)
    except _TooLarge as e:
        raise ContentError(
            [
                Problem(
                    shown,
                    e.node.start_mark.line + 1,
                    e.node.start_mark.column + 1,
                    "",
                    f"the file expands to more than {MAX_NODES} nodes (aliases nested too deep?); refused",
                )
            ]
        ) from None
    except RecursionError:
        raise ContentError("the file nests too deep (recursive aliases?); refused", shown) from None
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ContentError(
            [Problem(shown, 1, 1, "", f"the top level is {kind}; a content file is a mapping with meta:, groups:, indicators:, body:")]
        )
    return data, b


_MESSAGES = {
    "decimal_parsing": "expected a number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "decimal_type": "expected a number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "missing": "missing (required)",
    "extra_forbidden": "unknown key",
    "dict_type": "expected a mapping (key: value)",
    "model_type": "expected a mapping (key: value)",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_type": "expected a date (YYYY-MM-DD)",
    "literal_error": "expected one of {expected}",
}


def message(err: dict) -> str:
    """A pydantic error (one of ``ValidationError.errors()``) in the words of our messages."""
    t = err.get("type", "")
    if t == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == r"\S":
        return "must not be empty or only spaces"
    if t in _MESSAGES:
        msg = _MESSAGES[t].format(**(err.get("ctx") or {})) if "{" in _MESSAGES[t] else _MESSAGES[t]
        if t not in ("missing", "extra_forbidden") and "input" in err and not isinstance(err["input"], (dict, list)):
            msg += f", got {err['input']!r}"
        return msg
    msg = err.get("msg", "invalid")
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def plain(data: Any, number=float) -> Any:
    """Parsed data with every ``Decimal`` figure turned by ``number`` (float for JSON or layout
    arithmetic, str to write YAML back); everything else as it is."""
    if isinstance(data, dict):
        return {k: plain(v, number) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v, number) for v in data]
    if isinstance(data, Decimal):
        return number(data)
    return data


def load_template(path: "str | os.PathLike[str]") -> dict:
    """A YAML file under templates/ as plain data, read as safely and strictly as content.

    Parsed once per process for each version of the file (a batch build reads each template
    once; an edited template is read again); callers get their own copy.
    """
    p = Path(path)
    raw = read_bytes(p, str(path))
    return copy.deepcopy(_parse_template(str(path), raw))


@functools.lru_cache(maxsize=32)
def _parse_template(shown: str, raw: bytes) -> dict:
    data, b = parse(read_text(Path(shown), shown, raw), shown)
    if b.problems:
        raise ContentError(b.problems)
    return data
