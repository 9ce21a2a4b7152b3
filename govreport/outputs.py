"""Writing one content file's outputs: a transaction in ``<out>/<stem>/``.

- **A lock.** ``.lock`` in the output folder is locked (``fcntl.flock`` on POSIX,
  ``msvcrt.locking`` on Windows) for the whole read-decide-write of a build; a second build of
  the same folder says it is waiting and waits (``$GOVREPORT_LOCK_WAIT`` seconds, default 300),
  then fails clearly. The operating system drops the lock when a process dies, even by kill -9.
  The build that leaves removes the file (whether it wrote, failed or had nothing to do), so no
  ``.lock`` sits in an output folder; one a killed build left is removed by the next. It stays in
  the folder it guards rather than the temp folder: every spelling of the folder (a link, a mapped
  drive, another user's temp folder) meets the same file. POSIX: removed while still locked, so a
  build that was waiting on it and gets it removed opens the new one instead (``_same_file``);
  Windows: a file open in another process cannot be removed, so it stays while a build waits.
- **A commit record.** ``.manifest.json`` records, per output, the inputs it was built from and
  the SHA-256 of the file written. Before any output is replaced the manifest is rewritten with
  the new hashes as ``pending``; after the last rename it is rewritten complete. A build that finds
  a pending record (the last one was killed, or the disk filled) takes every output whose bytes
  match the pending hash as its own, not as a hand edit, and finishes the set.
- **Nothing edited is lost.** An output whose bytes differ from what the manifest says was
  written (edited by hand) is renamed to ``deck.edited.pptx``, ``deck.edited-2.pptx`` … before it is
  replaced; when the manifest is missing, unreadable or of the wrong shape, any existing output
  that differs from what is about to be written is kept the same way.
- **Environment problems are the user's:** a folder that cannot be made or written (``--out`` a
  file, read-only, no space, no permission) is a ``UserError`` naming the path and the reason;
  temp files are removed and the outputs already there stay as they were.

Every file is written to a temp file beside it and renamed (``os.replace``), so each output on
disk is always a whole file, old or new.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import interrupts
from .errors import Problem, UserError

MANIFEST = ".manifest.json"
LOCK = ".lock"
FORMAT = 2
KEY_FIELDS = ("content", "templates", "code")
# Recorded only when a build has it (last year's file, settings.previous): a build without it keys,
# and its manifest reads, as before.
OPTIONAL_KEY_FIELDS = ("previous",)
# What the output shows with its figures (its builder's ``quotes``, from the plan the build drew):
# recorded with the bytes, so --verify of an output the manifest vouches for plans nothing again.
QUOTED = "quotes"


def same_key(entry: dict, key: dict) -> bool:
    """Whether a manifest entry was built from ``key``: every field, an optional one absent from both
    or equal in both."""
    return all(entry.get(k) == key.get(k) for k in KEY_FIELDS + OPTIONAL_KEY_FIELDS)
# Names Windows keeps for devices, in any case and with any extension.
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

_NOBLOCK = getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO in the way must not hang us


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process's umask, for the mode of a file we write (mkstemp makes 0600). Read when the
    first output is written, never at import: importing a module changes nothing of the process.
    Linux says it in /proc; elsewhere it is set and put back (the only way POSIX gives)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class NotAFile(OSError):
    """Something that is not a regular file stands where a file of ours should be."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes (at most ``limit`` + 1); a FIFO or a device would block or never end."""
    import stat

    fd = os.open(path, os.O_RDONLY | _NOBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file", str(path))
        return f.read() if limit is None else f.read(limit + 1)


def reason(e: OSError) -> str:
    """Why ``e`` happened, in a user's words ("permission denied", "no space left on the disk")."""
    if e.errno == errno.ENOSPC:
        return "no space left on the disk"
    if e.errno == errno.EROFS:
        return "the file system is read-only"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if e.errno == errno.ENOTDIR:
        return "not a folder"
    return (e.strerror or str(e)).rstrip(".").lower()


def _problem(path, e: OSError | str, after: str = "") -> UserError:
    why = e if isinstance(e, str) else reason(e)
    return UserError([Problem(str(path), message=f"cannot write: {why}" + (f"; {after}" if after else ""))])


# --- where ---------------------------------------------------------------------------------


def check_stem(stem: str, source: str) -> None:
    """A content file's stem names its output folder: it must be a plain file name."""
    bad = ""
    if stem in ("", ".", ".."):
        bad = f"its name gives the output folder {stem!r}, which is not a folder name"
    elif _NOT_IN_NAMES.search(stem):
        bad = f"its name {stem!r} has a character a folder name cannot have"
    elif stem.endswith((".", " ")):
        bad = f"its name {stem!r} ends with a dot or a space (Windows drops them)"
    elif stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        bad = f"its name {stem!r} is a device name on Windows"
    if bad:
        raise UserError(f"{bad}; rename the file (its outputs go to <out>/<name without .yaml>/)", source)


def make_folder(folder: Path) -> None:
    """``folder`` and its parents, or a UserError naming what is in the way and why."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        for p in [folder, *folder.parents]:
            if p.exists() and not p.is_dir():
                raise UserError([Problem(str(p), message="cannot make the output folder: this is a file, not a folder")]) from None
        raise UserError([Problem(str(folder), message=f"cannot make the output folder: {reason(e)}")]) from None
    if not folder.is_dir():
        raise UserError([Problem(str(folder), message="cannot make the output folder: this is a file, not a folder")])


# --- the lock ------------------------------------------------------------------------------


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 4096, os.SEEK_SET)  # a byte past the pid, so a waiter can read who holds it
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 4096, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Lock:
    """``with Lock(folder):`` holds the output folder for this process (see the module doc)."""

    def __init__(self, folder: Path, wait: float | None = None):
        self.folder = folder
        self.path = folder / LOCK
        self.wait = float(os.environ.get("GOVREPORT_LOCK_WAIT", 300)) if wait is None else wait
        self.fd: int | None = None

    def __enter__(self) -> "Lock":
        make_folder(self.folder)
        deadline = time.monotonic() + self.wait
        said = False
        while True:
            fd = self._open()
            if fd is None:
                return self  # the first write says why it cannot
            try:
                import stat

                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise UserError([Problem(str(self.path), message="cannot write: not a regular file; remove it")])
                while not _try_lock(fd):
                    if not said:
                        print(f"{self.folder}: waiting for another build writing this folder ({self._holder()}) …",
                              file=sys.stderr, flush=True)
                        said = True
                    if time.monotonic() > deadline:
                        raise UserError([Problem(str(self.folder), message=(
                            f"another build ({self._holder()}) has been writing this folder for more than {self.wait:g} s; "
                            "try again when it has finished"))])
                    time.sleep(0.05)
            except BaseException:
                os.close(fd)
                raise
            if self._same_file(fd):
                break
            _unlock(fd)  # the build before removed it as it left: lock the one there now
        try:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0) if os.name != "nt" else None
                os.write(fd, f"{os.getpid():<12}\n".encode())
            except OSError:
                pass  # who holds the lock is a courtesy for the message only
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return self

    def _open(self) -> int | None:
        """The lock file, opened; None in a folder no build can write (read-only: nothing to lock)."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | _NOBLOCK, 0o666)
        except OSError as e:
            try:  # a read-only folder: a no-change rebuild still works, a write says why it cannot
                return os.open(self.path, os.O_RDONLY | _NOBLOCK)
            except FileNotFoundError:
                if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    return None  # (the lock is removed after each build, so there is none to open)
                raise _problem(self.path, e, "the outputs there are left as they were") from None
            except OSError:
                raise _problem(self.path, e, "the outputs there are left as they were") from None

    def _same_file(self, fd: int) -> bool:
        """Whether ``fd`` is the file at ``.lock`` now (not one a build removed as it left)."""
        try:
            st, mine = os.stat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)

    def _holder(self) -> str:
        try:
            with open(self.path, "rb") as f:
                pid = f.read(12).decode("ascii", "replace").strip()
            return f"pid {int(pid)}"
        except (OSError, ValueError):
            return "pid unknown"

    def __exit__(self, *exc) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        if os.name == "nt":
            _unlock(fd)
            try:  # refused while another build has it open (waiting for it): it stays for that one
                os.unlink(self.path)
            except OSError:
                pass
            return
        try:
            if self._same_file(fd):
                os.unlink(self.path)  # still locked: a build waiting on it finds it removed and opens anew
        except OSError:
            pass  # a read-only folder: it stays, harmless
        finally:
            _unlock(fd)


# --- writing -------------------------------------------------------------------------------


def _pause(step: str) -> None:
    """Test hook: with $GOVREPORT_TEST_PAUSE_AT == step, say so in $GOVREPORT_TEST_PAUSED and stop
    here until killed (the tests kill a build at each step instead of racing a timer)."""
    if os.environ.get("GOVREPORT_TEST_PAUSE_AT") == step:
        Path(os.environ["GOVREPORT_TEST_PAUSED"]).write_text(str(os.getpid()))
        while not interrupts.requested():  # a catchable signal goes on from here, as it would have
            time.sleep(0.05)


def _temp(path: Path, data: bytes, tag: str = "") -> Path:
    """``data`` in a fresh temp file beside ``path`` (flushed to disk); removed again on failure."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{tag}", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        _remove(Path(tmp))
        raise
    return Path(tmp)


def _remove(p: Path) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX; Windows cannot open a folder and needs no such step)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path`` and rename, so a failed write leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def in_use(path: Path) -> str | None:
    """Why the existing file ``path`` cannot be replaced now ("open", "read-only"), or None.

    Windows: a file open in Word, PowerPoint or WPS (opened without write sharing) cannot be
    opened for writing, and one opened without delete sharing (some PDF viewers) cannot be
    renamed, not even onto itself; a read-only file cannot be replaced. Both are tried here
    without changing a byte (opened for appending and closed; renamed onto its own name).
    POSIX: an immutable file (``chattr +i``) refuses both the same way."""
    import stat

    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | _NOBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
            return None  # anything else is said by the write itself
        try:
            writable = os.stat(path).st_mode & stat.S_IWUSR
        except OSError:
            writable = True
        return "open" if writable else "read-only"
    os.close(fd)
    if os.name == "nt":
        try:
            os.replace(path, path)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EPERM) or getattr(e, "winerror", 0) in (5, 32, 33):
                return "open"
    return None


def _in_use_problems(folder: Path, paths: list[Path]) -> list[Problem]:
    problems = []
    for path in paths:
        why = in_use(path)
        if why == "open":
            problems.append(Problem(str(folder), message=(
                f"{path.name} 正在被其他程序使用 / is open in another program: close it and build again "
                "(no output was replaced)")))
        elif why == "read-only":
            problems.append(Problem(str(folder), message=(
                f"{path.name} 是只读文件 / is read-only: make it writable (or move it away) and build again "
                "(no output was replaced)")))
    return problems


def edited_name(target: Path) -> Path:
    """deck.edited.pptx, else deck.edited-2.pptx, -3 …: the first name not taken."""
    n = 1
    while True:
        p = target.with_name(f"{target.stem}.edited{'' if n == 1 else f'-{n}'}{target.suffix}")
        if not os.path.lexists(p):
            return p
        n += 1


def _entry(v) -> dict | None:
    """A manifest entry of the right shape, else None (as if absent)."""
    if not isinstance(v, dict):
        return None
    fields = KEY_FIELDS + ("output",)
    if not all(isinstance(v.get(k), str) for k in fields):
        return None
    e = {k: v[k] for k in fields} | {k: v[k] for k in OPTIONAL_KEY_FIELDS if isinstance(v.get(k), str)}
    q = v.get(QUOTED)
    if isinstance(q, list) and all(isinstance(i, str) for i in q):
        e[QUOTED] = q
    return e


def _recorded_as(entry: dict | None, pending: dict) -> bool:
    """Whether ``entry`` records what ``pending`` would: the same, or the same but for the list of
    what the output shows, which a manifest written before it was recorded lacks (a rebuild of the
    same bytes then writes nothing, in a read-only folder too; --verify plans that output instead)."""
    if entry is not None and QUOTED not in entry:
        pending = {k: v for k, v in pending.items() if k != QUOTED}
    return entry == pending


def recorded(folder: Path) -> dict[str, dict]:
    """What the manifest in ``folder`` records as written, per output (a pending record is not;
    read only: nothing is repaired or written)."""
    raw = _read_manifest(folder)
    outs = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else raw
    return {n: e for n, v in outs.items() if (e := _entry(v)) is not None}


def _read_manifest(folder: Path) -> dict:
    try:
        raw = read_regular(folder / MANIFEST, 16 << 20)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not a file, not JSON: as if absent
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class OutputSet:
    """The outputs of one content file in ``folder`` and what the manifest says of them.

    Use inside ``Lock(folder)``: ``OutputSet.open(folder, filenames)``, then ``unchanged`` per
    output, then ``commit`` with every output built.
    """

    folder: Path
    filenames: dict[str, str]
    entries: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what opening repaired
    _hashes: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, filenames: dict[str, str]) -> "OutputSet":
        s = cls(folder, dict(filenames))
        s._sweep()
        raw = _read_manifest(folder)
        outputs = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else raw  # format 1: names at the top
        s.entries = {n: e for n in filenames if (e := _entry(outputs.get(n))) is not None}
        pending = raw.get("pending") if isinstance(raw.get("pending"), dict) else {}
        finished = []
        for name in filenames:
            e = _entry(pending.get(name))
            if e is not None and s.on_disk(name) == e["output"]:
                s.entries[name] = e  # written by the build that was stopped: ours, not a hand edit
                finished.append(filenames[name])
        if pending:
            with interrupts.held():
                s._write_manifest()
            s.notes.append("the last build here stopped part-way (killed, or the disk filled); "
                           + (f"{', '.join(finished)} from it recorded; " if finished else "")
                           + "the set is finished now")
        return s

    def _sweep(self) -> None:
        """Temp files of a build that was killed (we hold the lock: no build is writing them)."""
        names = list(self.filenames.values()) + [MANIFEST]
        try:
            listing = os.listdir(self.folder)
        except OSError:
            return
        for n in listing:
            if n.endswith(".tmp") and any(n.startswith(f".{f}.") for f in names):
                _remove(self.folder / n)

    def _write_manifest(self, pending: dict | None = None) -> None:
        doc = {"format": FORMAT, "outputs": dict(sorted(self.entries.items()))}
        if pending:
            doc["pending"] = dict(sorted(pending.items()))
        write_atomic(self.folder / MANIFEST, (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode())

    def target(self, name: str) -> Path:
        return self.folder / self.filenames[name]

    def on_disk(self, name: str) -> str | None:
        """SHA-256 of the output on disk, None if there is none."""
        if name not in self._hashes:
            try:
                self._hashes[name] = sha256(read_regular(self.target(name)))
            except FileNotFoundError:
                self._hashes[name] = None
            except (IsADirectoryError, NotAFile):
                raise UserError([Problem(str(self.target(name)), message="cannot write: something that is not a file "
                                            "(a folder, a pipe) is in the way; move it")]) from None
            except OSError as e:
                raise UserError([Problem(str(self.target(name)), message=f"cannot read: {reason(e)}")]) from None
        return self._hashes[name]

    def unchanged(self, name: str, key: dict) -> bool:
        """Whether the output on disk is the one this manifest says was built from ``key``."""
        e = self.entries.get(name)
        h = self.on_disk(name)
        return h is not None and e is not None and e["output"] == h and same_key(e, key)

    def commit(self, built: dict[str, bytes], key: dict, quoted: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
        """Write every output in ``built`` as one set; returns notes per output (copies kept).
        ``quoted``: what each output shows with its figures, recorded beside its hash."""
        new = {name: sha256(data) for name, data in built.items()}
        keep = []
        for name in built:
            h = self.on_disk(name)
            if h is None or h == new[name]:
                continue
            e = self.entries.get(name)
            if e is None or e["output"] != h:
                keep.append(name)  # edited by hand, or no record of what we wrote: keep a copy
        notes: dict[str, list[str]] = {name: [] for name in built}
        pending = {name: {**{k: key[k] for k in KEY_FIELDS}, **{k: key[k] for k in OPTIONAL_KEY_FIELDS if k in key},
                         "output": new[name]} | ({QUOTED: quoted[name]} if name in (quoted or {}) else {})
                   for name in built}
        if not keep and all(self.on_disk(n) == new[n] and _recorded_as(self.entries.get(n), pending[n]) for n in built):
            return notes  # the same bytes, already recorded: nothing to write (a read-only folder is fine)
        # Every file to be replaced (or kept aside as .edited) must be replaceable before the
        # first is touched: a deck open in PowerPoint stops the whole set, not the set half-way.
        locked = _in_use_problems(self.folder, [self.target(n) for n in built
                                                if self.on_disk(n) is not None and self.on_disk(n) != new[n]])
        if locked:
            raise UserError(locked)
        with interrupts.held():  # a signal now waits until the set is written (or rolled back)
            return self._commit(built, key, new, keep, notes, pending)

    def _commit(self, built, key, new, keep, notes, pending) -> dict[str, list[str]]:
        temps: dict[str, Path] = {}
        renamed = 0
        copies: list[str] = []
        stage = "the outputs there are left as they were"
        current: Path = self.folder
        try:
            for name, data in built.items():
                if self.on_disk(name) != new[name]:
                    current = self.target(name)
                    temps[name] = _temp(current, data)
            _pause("temps")
            if interrupts.requested():  # stopped before anything was replaced: roll back
                for tmp in temps.values():
                    _remove(tmp)
                temps.clear()
                raise interrupts.Interrupted(interrupts.take())
            current = self.folder / MANIFEST
            self._write_manifest(pending)
            _pause("pending")
            for name in keep:
                target = current = self.target(name)
                copy = edited_name(target)
                os.rename(target, copy)
                copies.append(copy.name)
                why = "was changed by hand since it was built" if name in self.entries else \
                      "differs from what this build writes and no record says who wrote it"
                notes[name].append(f"{target.name} {why}; that copy is kept as {copy.name}")
            for name, tmp in temps.items():
                current = self.target(name)
                os.replace(tmp, current)
                renamed += 1
                _pause(f"rename-{renamed}")
            _sync_folder(self.folder)
            for name in built:
                self.entries[name] = pending[name]
                self._hashes[name] = new[name]
            current = self.folder / MANIFEST
            self._write_manifest()
            _pause("complete")
        except OSError as e:
            for tmp in list(temps.values())[renamed:]:
                _remove(tmp)
            if renamed == len(temps) and (renamed or copies):
                stage = "the outputs are written; the next build records them"
            elif renamed or copies:
                stage = f"{renamed} of {len(temps)} outputs replaced; the next build finishes the set"
            if copies:
                stage += f" (copies kept: {', '.join(copies)})"
            if os.name == "nt" and e.errno in (errno.EACCES, errno.EPERM) and current.suffix in (".docx", ".pptx", ".pdf"):
                stage = "is it open in Word, WPS, PowerPoint or a PDF viewer? " + stage
            raise _problem(current, e, stage) from None
        return notes
