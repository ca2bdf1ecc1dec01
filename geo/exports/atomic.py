"""Atomic outputs: one file (:func:`atomic_path`) or a whole set of them (:func:`output_set`).

One file is written beside its target and renamed over it when complete.

A set — everything one command writes into its output folder — is written into a staging
folder inside the output folder (``.staging-*``), then moved in by a commit that cannot be
left half-done:

1. the list of files to move in, and of the command's earlier files to remove (a
   ``rejected.csv`` the new run did not write), is written to ``.bordermap-commit.json``
   (written beside, then renamed: it is there whole or not at all);
2. each staged file is renamed over its target (a folder: the old one is moved into the
   staging folder first), each stale file removed;
3. the staging folder and the commit file are removed.

A run killed before step 1 leaves the previous outputs untouched; one killed after it is
finished by the next run (:func:`recover_outputs`), which also removes any ``.staging-*``
folder and ``.*.tmp`` file left behind. So the folder holds every previous output or every
new one, never a mix, once a run has started there. A lock (``.bordermap.lock``, ``fcntl``)
serialises runs writing into one folder: a second run waits for the first to finish, and
gives up with :class:`~geo.errors.OutputError` after ``wait`` seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from geo.errors import OutputError

__all__ = ["OutputSet", "atomic_path", "output_set", "recover_outputs"]

logger = logging.getLogger(__name__)

LOCK_NAME: Final[str] = ".bordermap.lock"
COMMIT_NAME: Final[str] = ".bordermap-commit.json"
STAGING_PREFIX: Final[str] = ".staging-"
#: Where a commit puts what it replaces or removes (inside the staging folder).
_REPLACED: Final[str] = ".replaced"
#: Temporary files of :func:`atomic_path` (``mkstemp``'s 8 characters), GDAL's beside them,
#: and the commit record being written.
_TMP_NAME = re.compile(
    r"^\..+\.[a-z0-9_]{8}\.tmp(\.gpkg(-journal|-wal|-shm)?)?$|^\.bordermap-commit\.json\.tmp$"
)

# ---------------------------------------------------------------------------- test hook

_FAULT_ENV: Final[str] = "BORDERMAP_FAULT_AT"
_faults_seen = 0


def _fault_point() -> None:
    """Private test hook: with ``BORDERMAP_FAULT_AT=N``, the process is killed (SIGKILL) at
    the N-th write or rename of an output, so a test can stop a run at every such point."""
    global _faults_seen
    at = os.environ.get(_FAULT_ENV)
    if not at:
        return
    _faults_seen += 1
    if _faults_seen == int(at):
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------- one file


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over the target.

    On any exception the temporary file is removed and the target is left as it was, so a
    reader never sees a half-written file. A run killed meanwhile leaves a ``.NAME.*.tmp``
    file, which :func:`recover_outputs` removes.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers such as GDAL refuse to overwrite; give them a free name
    try:
        yield tmp
        _fault_point()
        tmp.replace(target)
        _fault_point()
    finally:
        if tmp.exists():
            tmp.unlink()


# ---------------------------------------------------------------------------- the lock


def _lock_holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        return f" (process {int(path.read_text(encoding='ascii').strip())})"
    return ""


def _try_lock(path: Path) -> int | None:
    """The descriptor of ``path``, locked; ``None`` when another process holds the lock.

    Raises
    ------
    OutputError
        The folder is not writable.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{path.parent}: cannot write there ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            same = os.fstat(fd).st_ino == path.stat().st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a lock file its holder removed while we waited for it
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            return fd
        os.close(fd)


@contextlib.contextmanager
def _folder_lock(folder: Path, *, wait: float) -> Iterator[None]:
    """Hold the folder's lock (waiting up to ``wait`` seconds for another run to finish)."""
    path = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    logged = False
    while (fd := _try_lock(path)) is None:
        if time.monotonic() >= deadline:
            raise OutputError(
                f"{folder}: another bordermap run is writing to this folder{_lock_holder(path)}; "
                "wait for it to finish, or write to another --output folder"
            )
        if not logged:
            logger.warning("%s: waiting for another bordermap run to finish", folder)
            logged = True
        time.sleep(0.1)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a waiting run sees the inode change
        os.close(fd)


# ---------------------------------------------------------------------------- recovery


def _read_commit(folder: Path) -> dict[str, list[str] | str] | None:
    try:
        found = json.loads((folder / COMMIT_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"{folder / COMMIT_NAME}: unreadable record of an unfinished commit ({exc}); "
            "remove it and run again"
        ) from None
    return found if isinstance(found, dict) else None


def _set_aside(path: Path, trash: Path) -> None:
    """Move a file or folder out of the way into ``trash`` (a rename: atomic)."""
    trash.mkdir(exist_ok=True)
    path.replace(trash / path.name)
    _fault_point()


def _roll_forward(folder: Path, commit: dict[str, list[str] | str]) -> None:
    """Finish a commit: move in what is still staged, remove the stale files, clean up."""
    staging = folder / str(commit["staging"])
    trash = staging / _REPLACED
    for name in commit["install"]:
        source, target = staging / name, folder / name
        if not (source.exists() or source.is_symlink()):
            continue  # moved in before the run was stopped
        if target.is_dir() and not target.is_symlink():
            _set_aside(target, trash)
        source.replace(target)
        _fault_point()
    for name in commit["remove"]:
        stale = folder / name
        if stale.is_dir() and not stale.is_symlink():
            _set_aside(stale, trash)
        elif stale.exists() or stale.is_symlink():
            stale.unlink()
            _fault_point()
    shutil.rmtree(staging, ignore_errors=True)
    _fault_point()
    (folder / COMMIT_NAME).unlink(missing_ok=True)
    _fault_point()


def _is_leftover(path: Path) -> bool:
    return path.name.startswith(STAGING_PREFIX) or bool(_TMP_NAME.match(path.name))


def _recover_locked(folder: Path) -> None:
    commit = _read_commit(folder)
    if commit is not None:
        logger.warning("%s: finishing the commit a stopped run left unfinished", folder)
        _roll_forward(folder, commit)
    for path in folder.iterdir():
        if not _is_leftover(path):
            continue
        logger.info("%s: removing %s, left by a stopped run", folder, path.name)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def recover_outputs(folder: str | os.PathLike[str]) -> None:
    """Bring an output folder back to one whole set of outputs after a stopped run.

    Finishes a commit that was under way (:func:`output_set`) and removes the ``.staging-*``
    folders and ``.*.tmp`` files stopped runs left. Does nothing when the folder does not
    exist or another run holds its lock (that run recovers it).

    Raises
    ------
    OutputError
        The folder cannot be written to.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    try:
        fd = _try_lock(folder / LOCK_NAME)
    except OutputError:
        return  # read-only: nothing can have been left here by a run of ours
    if fd is None:
        return
    try:
        _recover_locked(folder)
    finally:
        with contextlib.suppress(OSError):
            (folder / LOCK_NAME).unlink()
        os.close(fd)


# ---------------------------------------------------------------------------- the set


class OutputSet:
    """The staging folder of one run's outputs (:func:`output_set`).

    Attributes
    ----------
    folder : pathlib.Path
        The output folder.
    staging : pathlib.Path
        Where to write the outputs (``path(name)``); moved into ``folder`` on commit.
    owned : tuple of str
        Names of every output the command may write there (files or folders).
    folders : frozenset of str
        Those of :attr:`owned` that are folders (the others are files).
    """

    def __init__(
        self,
        folder: Path,
        staging: Path,
        owned: tuple[str, ...],
        folders: frozenset[str] = frozenset(),
    ) -> None:
        self.folder = folder
        self.staging = staging
        self.owned = owned
        self.folders = folders

    def path(self, name: str) -> Path:
        """Where to write the output ``name`` (one of :attr:`owned`)."""
        if name not in self.owned:
            raise ValueError(f"{name!r} is not an output of this set ({', '.join(self.owned)})")
        return self.staging / name

    def final(self, name: str) -> Path:
        """Where the output ``name`` is once committed."""
        return self.folder / name

    def written(self) -> list[str]:
        """The outputs written so far, in :attr:`owned` order."""
        return [n for n in self.owned if (self.staging / n).exists()]


def _check_destinations(out: OutputSet, install: list[str]) -> None:
    """Refuse before the commit when a folder stands where a file goes, or the reverse."""
    for name in install:
        target = out.folder / name
        if target.is_symlink() or not target.exists():
            continue
        if target.is_dir() != (out.staging / name).is_dir():
            kind = "a folder" if target.is_dir() else "a file"
            raise OutputError(
                f"{target}: is {kind}, where bordermap writes its {name}; move it away "
                "(nothing was written)"
            )


def _write_commit(folder: Path, commit: dict[str, list[str] | str]) -> None:
    tmp = folder / f"{COMMIT_NAME}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(commit, handle)
        handle.flush()
        os.fsync(handle.fileno())
    _fault_point()
    tmp.replace(folder / COMMIT_NAME)
    _fault_point()
    with contextlib.suppress(OSError):  # the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _of_its_kind(path: Path, *, folder: bool) -> bool:
    """A stale output is the command's only if it is of the kind the command writes there:
    a folder where a file of its goes (or the reverse) is someone else's, and stays."""
    if (path.is_dir() and not path.is_symlink()) == folder:
        return True
    kind = "a folder" if not folder else "a file"
    logger.warning("%s: %s, not an output of bordermap; left as it is", path, kind)
    return False


def _commit(out: OutputSet, keep: set[str]) -> None:
    install = out.written()
    _check_destinations(out, install)
    remove = [
        n
        for n in out.owned
        if n not in install
        and os.path.lexists(out.folder / n)
        and os.path.realpath(out.folder / n) not in keep
        and _of_its_kind(out.folder / n, folder=n in out.folders)
    ]
    commit: dict[str, list[str] | str] = {
        "staging": out.staging.name,
        "install": install,
        "remove": remove,
    }
    _write_commit(out.folder, commit)
    try:
        _roll_forward(out.folder, commit)
    except KeyboardInterrupt:
        _roll_forward(out.folder, commit)  # renames only: finish rather than leave a mix
        raise


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: is a file, not a folder; give --output a folder") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror})") from None


@contextlib.contextmanager
def output_set(
    folder: str | os.PathLike[str],
    *,
    owned: Iterable[str],
    folders: Iterable[str] = (),
    keep: Iterable[str | os.PathLike[str]] = (),
    wait: float = 600.0,
) -> Iterator[OutputSet]:
    """Write a set of outputs into ``folder``: all of them, or (on any error) none.

    Parameters
    ----------
    folder : path-like
        The output folder (created if missing).
    owned : iterable of str
        Names of every output the command writes there. On commit the outputs written
        replace the old ones, and owned outputs *not* written this time are removed (no
        stale ``rejected.csv`` beside a clean build). Other files are never touched, nor an
        owned name of the other kind (a folder named ``rejected.csv``).
    folders : iterable of str, keyword-only
        The names of ``owned`` that are folders (the others are files).
    keep : iterable of path-like, keyword-only
        Paths never removed as stale (the run's own inputs, when they sit in the folder).
    wait : float, keyword-only
        Seconds to wait for another run writing into the folder.

    Yields
    ------
    OutputSet
        Write each output to ``out.path(name)``; leaving the block commits them.

    Raises
    ------
    OutputError
        The folder cannot be created or written, another run keeps it locked longer than
        ``wait``, or a folder stands where an output file goes (and the reverse).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from geo.exports import output_set
    >>> folder = Path(tempfile.mkdtemp())
    >>> with output_set(folder, owned=["a.txt", "b.txt"]) as out:
    ...     _ = out.path("a.txt").write_text("new")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt']
    """
    folder = Path(folder)
    created = not folder.exists()
    _make_folder(folder)
    kept = {os.path.realpath(p) for p in keep}
    try:
        with _folder_lock(folder, wait=wait):
            _recover_locked(folder)
            with _staged(folder, tuple(owned), frozenset(folders)) as out:
                yield out
                _commit(out, kept)
    except BaseException:
        if created:  # a failed first run leaves no empty output folder behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


@contextlib.contextmanager
def _staged(folder: Path, owned: tuple[str, ...], folders: frozenset[str]) -> Iterator[OutputSet]:
    """A new staging folder in ``folder``; removed on the way out unless a commit needs it."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    mask = os.umask(0)
    os.umask(mask)
    staging.chmod(0o777 & ~mask)  # mkdtemp makes it private; what it holds is output
    try:
        yield OutputSet(folder, staging, owned, folders)
    finally:
        if not (folder / COMMIT_NAME).exists():  # else the next run finishes the commit
            shutil.rmtree(staging, ignore_errors=True)
