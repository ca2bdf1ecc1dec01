"""Incident files as they are downloaded: a CSV or GeoJSON inside a ``.zip``, ``.gz``,
``.bz2`` or ``.xz``.

UCDP releases GED as a ZIP archive holding one CSV; exports are often gzipped to be mailed or
stored. :func:`unpacked` streams the one file inside into a temporary folder (never beside the
user's files, never under a name taken from the archive's paths) so that every reader, which
reads files by path, reads it as it reads any other; :class:`Unpacked` gives the messages,
problems and rejects of that read the archive's name back (``GED.zip/GEDEvent.csv``).

A spreadsheet workbook (``.xlsx`` and ``.ods`` are ZIP archives too; ``.xls``) is read as the
CSV of its one sheet with data (:mod:`geo.incidents._workbook`); its rejects name the sheet's
rows.

What is not unpacked is refused with one line saying what to do: an archive of several
files, an empty or damaged one, one that is encrypted, an archive inside an archive, a
symbolic link, one whose content would not fit in the temporary folder (a tenth of its free
space is left free), and one whose content is many times larger than the archive (a "ZIP bomb": no table of
incidents compresses nearly as well; a compressed stream is stopped once it is seen to be
one). 7-Zip, RAR and Zstandard archives are named for what they are.
Log messages of the read name ``shown`` too.

Text in another encoding than UTF-8 (:func:`transcoded`) is read the same way: a UTF-8 copy in
a temporary folder, its lines the file's own.

A run killed while it reads (SIGKILL; SIGTERM where nothing handles it: the ``bordermap``
command stops on it as on Ctrl-C, cleaning up) leaves its temporary folder behind; the next
unpacking removes it. Each folder holds a lock (``fcntl``) for as long as its file is read,
so a folder whose lock can be taken is one whose run has ended.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import dataclasses
import fcntl
import gzip
import io
import logging
import lzma
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Final, Literal

import numpy as np
import pandas as pd

from geo.errors import DataFileError, IncidentsValidationError
from geo.incidents._workbook import SheetRows, csv_from_workbook
from geo.incidents.records import IncidentRead

__all__ = ["Unpacked", "archive_kind", "refused_kind", "transcoded", "unpacked"]

logger = logging.getLogger(__name__)

Archive = Literal["zip", "gzip", "bzip2", "xz", "xls"]

#: The first bytes of a ZIP archive (a local file header, or the end record of an empty one)
#: and of a gzip, bzip2 or xz stream.
_MAGIC: Final[tuple[tuple[bytes, Archive], ...]] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),  # an OLE2 file: an Excel 97-2003 workbook
    *(
        (b"BZh" + level, "bzip2")
        for level in (b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8", b"9")
    ),
)
#: Single-file compressed streams: the suffix their files end in, and how they are read.
_STREAMS: Final[dict[str, tuple[str, Callable[..., io.BufferedIOBase]]]] = {
    "gzip": (".gz", gzip.open),
    "bzip2": (".bz2", bz2.open),
    "xz": (".xz", lzma.open),
}
#: First bytes of files bordermap does not unpack, and what they are.
_REFUSED: Final[tuple[tuple[bytes, str], ...]] = (
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it and give the incident file"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it and give the incident file"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive; unpack it and give the incident file"),
)
#: Members of a ZIP archive that are not content: folders, macOS resource forks, hidden files.
_NOT_CONTENT: Final[tuple[str, ...]] = ("__MACOSX/",)
#: A member of these names makes the archive a spreadsheet workbook.
#: The member that makes a ZIP archive an Excel workbook, and the start of the ``mimetype``
#: member of an OpenDocument spreadsheet.
_XLSX: Final[str] = "xl/workbook.xml"
_ODS: Final[bytes] = b"application/vnd.oasis.opendocument.spreadsheet"
#: Rows of a workbook's sheet written to tell its format.
_SNIFF_ROWS: Final[int] = 100
#: Bytes copied at a time.
_CHUNK: Final[int] = 1 << 20
#: Content this many times larger than its compressed form is not an incident file (tables
#: of incidents compress a few times; a bomb hundreds of times); checked beyond
#: :data:`_BOMB_FROM` bytes of content.
_MAX_RATIO: Final[int] = 100
_BOMB_FROM: Final[int] = 64 << 20
#: The temporary folders' names start so; their lock file is named so.
_PREFIX: Final[str] = "bordermap-unpacked-"
_LOCK: Final[str] = ".lock"
#: ``st_mode`` file type of a symbolic link, as a ZIP member's external attributes store it.
_SYMLINK: Final[int] = 0o120000


def archive_kind(start: bytes) -> Archive | None:
    """``"zip"``, ``"gzip"``, ``"bzip2"`` or ``"xz"`` when a file's first bytes (eight are
    enough) are those of such an archive."""
    for magic, kind in _MAGIC:
        if start.startswith(magic):
            return kind
    return None


def refused_kind(start: bytes) -> str | None:
    """What a file is, and what to do, when its first bytes are those of an archive
    bordermap does not unpack (7-Zip, RAR, Zstandard)."""
    for magic, said in _REFUSED:
        if start.startswith(magic):
            return said
    return None


@dataclasses.dataclass(frozen=True)
class Unpacked:
    """A file unpacked from an archive (or written from a workbook's sheet) to be read.

    Attributes
    ----------
    file : pathlib.Path
        The file to read, in the temporary folder.
    shown : str
        The name users know it by: ``archive/member`` for a ZIP member, the archive's own
        path for a compressed stream or a workbook.
    sheet : SheetRows or None
        For a workbook, the sheet row of each record (``line`` in what is read becomes it).
    """

    file: Path
    shown: str
    sheet: SheetRows | None = None

    def read(self, read: IncidentRead) -> IncidentRead:
        """The read, its rejects naming :attr:`shown` (and sheet rows, for a workbook)."""
        rejected, incidents = read.rejected, read.incidents
        if len(rejected) and "path" in rejected.columns:
            rejected = rejected.assign(
                path=pd.Series(rejected["path"]).replace(str(self.file), self.shown).to_numpy()
            )
        if self.sheet is not None:
            rejected = _in_rows(rejected, "line", self.sheet)
            incidents = _in_rows(incidents, "source_line", self.sheet)
        return IncidentRead(incidents, rejected)

    def error(self, exc: Exception) -> Exception:
        """The same error, naming :attr:`shown` where it named :attr:`file`."""
        if isinstance(exc, IncidentsValidationError):
            sheet = self.sheet
            return IncidentsValidationError(
                [
                    dataclasses.replace(
                        p,
                        path=self.shown if p.path == str(self.file) else p.path,
                        line=p.line if sheet is None or p.line is None else sheet.row(p.line),
                    )
                    for p in exc.problems
                ]
            )
        message = str(exc).replace(str(self.file), self.shown)
        try:
            return type(exc)(message)
        except TypeError:  # pragma: no cover - every DataFileError takes its message alone
            return DataFileError(message)


def _in_rows(frame: pd.DataFrame, column: str, sheet: SheetRows) -> pd.DataFrame:
    """``frame`` with the CSV lines of ``column`` as the sheet's rows."""
    if column not in frame.columns or not len(frame):
        return frame
    lines = pd.array(frame[column], dtype="Int64")
    known = ~lines.isna()
    rows = lines.copy()
    rows[known] = sheet.rows_of(lines[known].to_numpy(dtype=np.int64))
    return frame.assign(**{column: rows})


@contextlib.contextmanager
def unpacked(path: Path, kind: Archive, *, limit: int | None = None) -> Iterator[Unpacked]:
    """Unpack the one file of an archive into a temporary folder, removed on exit.

    Parameters
    ----------
    path : pathlib.Path
        The archive.
    kind : {"zip", "gzip", "bzip2", "xz"}
        What :func:`archive_kind` said of its first bytes.
    limit : int, optional, keyword-only
        Unpack only this many bytes (enough to tell the format; of a workbook, its first
        rows).

    Yields
    ------
    Unpacked

    Raises
    ------
    DataFileError
        The archive cannot be unpacked (see the module docstring); the message names it.
    MissingDependencyError
        A workbook, and openpyxl is not installed.
    """
    with _work_folder() as work:
        folder = str(work)
        room = shutil.disk_usage(folder).free * 9 // 10
        sheet = None
        book = ".xls" if kind == "xls" else _workbook_suffix(path) if kind == "zip" else None
        if book is not None:
            target = Path(folder) / _safe_name(f"{path.stem}.csv", "sheet.csv")
            shown = str(path)
            with _damage_said(path):
                sheet = csv_from_workbook(
                    path, target, suffix=book, max_rows=None if limit is None else _SNIFF_ROWS
                )
        elif kind == "zip":
            member, shown = _zip_member(path)
            target = Path(folder) / _safe_name(member.filename, "member.csv")
            _not_a_bomb(path, member.file_size, member.compress_size)
            _fits(path, member.file_size, folder, room, limit)
            with (
                _damage_said(path),
                zipfile.ZipFile(path) as archive,
                archive.open(member) as source,
            ):
                _copy(source, target, limit, path=path, room=room)
        else:
            suffix, opener = _STREAMS[kind]
            name = path.name[: -len(suffix)] if path.name.lower().endswith(suffix) else path.name
            target = Path(folder) / _safe_name(name, "unpacked.csv")
            shown = str(path)
            with _damage_said(path), path.open("rb") as raw, opener(raw, "rb") as source:
                _copy(source, target, limit, path=path, room=room, packed=raw.tell)
        with target.open("rb") as handle:
            start = handle.read(8)
            if archive_kind(start) or refused_kind(start):
                raise DataFileError(
                    f"{shown}: an archive inside an archive; unpack it and give the incident file"
                )
        logger.info("%s: reading the file inside it (unpacked into %s)", shown, target)
        with _logged_as(target, shown):
            yield Unpacked(target, shown, sheet)


def _workbook_suffix(path: Path) -> str | None:
    """The suffix of the spreadsheet workbook the ZIP archive is (``.xlsx``, also for
    ``.xlsm``; ``.ods``), whatever its name; None for another archive. A workbook's sizes are
    checked as any archive's (its sheets are compressed XML)."""
    with _damage_said(path), zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        ods = "mimetype" in names and archive.read("mimetype")[: len(_ODS)] == _ODS
    if _XLSX not in names and not ods:
        return None
    for info in infos:
        _not_a_bomb(path, info.file_size, info.compress_size)
    return ".ods" if ods else ".xlsx"


def _zip_member(path: Path) -> tuple[zipfile.ZipInfo, str]:
    """The one content member of a ZIP archive, and its name to show."""
    with _damage_said(path), zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    content = [info for info in infos if _is_content(info)]
    if not content:
        hidden = [info.filename for info in infos if not info.is_dir()]
        listed = f"; only hidden files: {', '.join(hidden[:4])}" if hidden else ""
        raise DataFileError(f"{path}: an empty ZIP archive (no file in it{listed})")
    if len(content) > 1:
        listed = ", ".join(info.filename for info in content[:4])
        more = f" and {len(content) - 4} more" if len(content) > 4 else ""
        raise DataFileError(
            f"{path}: a ZIP archive of {len(content)} files ({listed}{more}); bordermap reads "
            "an archive of one incident file: unzip it and give the files, or their folder"
        )
    member = content[0]
    if member.flag_bits & 0x1:
        raise DataFileError(f"{path}: an encrypted ZIP archive; unzip it and give the file")
    if (member.external_attr >> 16) & 0o170000 == _SYMLINK:
        raise DataFileError(
            f"{path}: holds a symbolic link ({member.filename}), not a file; give the file "
            "it points to"
        )
    return member, f"{path}/{member.filename}"


def _is_content(info: zipfile.ZipInfo) -> bool:
    """A member that is a file of its own: not a folder, a macOS resource fork or hidden.

    A name written with backslashes (by some Windows tools) is read as a path too.
    """
    name = info.filename.replace("\\", "/")
    return (
        not info.is_dir()
        and not name.endswith("/")
        and not name.startswith(_NOT_CONTENT)
        and not PurePosixPath(name).name.startswith(".")
    )


def _safe_name(name: str, default: str) -> str:
    """The last part of a member's name, with nothing that could leave the folder."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return base if base not in ("", ".", "..") and "\x00" not in base else default


def _fits(path: Path, size: int, folder: str, room: int, limit: int | None) -> None:
    """Refuse a member larger than the ``room`` of the temporary folder."""
    needed = size if limit is None else min(size, limit)
    if needed > room:
        _no_room(path, folder, room, needed)


def _no_room(path: Path, folder: str, room: int, size: int | None) -> None:
    """Fail: the file inside (of ``size`` bytes, when known) does not fit in the ``room``."""
    holds = "is larger than" if size is None else f"holds {size:,} bytes, more than"
    raise DataFileError(
        f"{path}: the file inside {holds} the {room:,} bytes bordermap may fill in "
        f"{Path(folder).parent}; unpack it elsewhere and give the file, or set TMPDIR to a "
        "larger folder"
    )


def _not_a_bomb(path: Path, size: int, packed: int) -> None:
    """Refuse content many times larger than its compressed form (module docstring)."""
    if size > _BOMB_FROM and size > _MAX_RATIO * max(packed, 1):
        raise DataFileError(
            f"{path}: the file inside unpacks to {size:,} bytes from {packed:,}, more than "
            f"{_MAX_RATIO} times its packed size, which no incident file is (a damaged archive, "
            "or one made to fill the disk); unpack it yourself if you trust it"
        )


@contextlib.contextmanager
def _damage_said(path: Path) -> Iterator[None]:
    """An archive that cannot be read fails with one line naming it."""
    try:
        yield
    except (zipfile.BadZipFile, gzip.BadGzipFile, zlib.error, lzma.LZMAError, EOFError) as exc:
        raise DataFileError(
            f"{path}: a damaged or truncated archive ({exc or type(exc).__name__}); "
            "download it again"
        ) from None
    except NotImplementedError as exc:  # a compression method zipfile does not know
        raise DataFileError(
            f"{path}: cannot unpack it ({exc}); unpack it and give the file"
        ) from None
    except RuntimeError as exc:  # zipfile: a member that needs a password
        raise DataFileError(
            f"{path}: cannot unpack it ({exc}); unpack it and give the file"
        ) from None
    except OSError as exc:
        if isinstance(exc, DataFileError):
            raise
        raise DataFileError(
            f"{path}: cannot unpack it ({exc.strerror or exc}); unpack it elsewhere and give "
            "the file"
        ) from None


def _copy(
    source: object,
    target: Path,
    limit: int | None,
    *,
    path: Path,
    room: int,
    packed: Callable[[], int] | None = None,
) -> None:
    """Copy a stream to a file, ``limit`` bytes at most; stop at ``room`` bytes, or as soon
    as the content is seen to be a bomb (``packed``: the compressed bytes read so far)."""
    left = limit
    written = 0
    with target.open("wb") as out:
        while left is None or left > 0:
            chunk = source.read(_CHUNK if left is None else min(_CHUNK, left))  # type: ignore[attr-defined]
            if not chunk:
                break
            written += len(chunk)
            if written > room:
                _no_room(path, str(target.parent), room, None)
            if packed is not None:
                _not_a_bomb(path, written, packed())
            out.write(chunk)
            if left is not None:
                left -= len(chunk)


@contextlib.contextmanager
def transcoded(
    path: Path, encoding: str, *, shown: str | None = None, limit: int | None = None
) -> Iterator[Unpacked]:
    """A UTF-8 copy of a text file written in another ``encoding``, in a temporary folder.

    Lines stay lines (every encoding read here writes a line break as one), so the line
    numbers of rejects are the file's own.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    encoding : str
        A text encoding Python knows (:func:`geo.text.encodings.text_encoding` checked it).
    shown : str, optional, keyword-only
        The name users know the file by (default: ``path``).
    limit : int, optional, keyword-only
        Read only this many bytes of it (enough to tell the format).

    Raises
    ------
    DataFileError
        A byte is not text in that encoding (its offset and line named), or the copy would
        not fit in the temporary folder.
    """
    shown = shown or str(path)
    with _work_folder() as folder:
        room = shutil.disk_usage(folder).free * 9 // 10
        target = folder / _safe_name(path.name, "transcoded.csv")
        try:
            _transcode(path, target, encoding, limit=limit, shown=shown, room=room)
        except OSError as exc:
            if isinstance(exc, DataFileError):
                raise
            raise DataFileError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
        logger.info("%s: read as %s text (a UTF-8 copy in %s)", shown, encoding, target)
        with _logged_as(target, shown):
            yield Unpacked(target, shown)


def _transcode(
    path: Path, target: Path, encoding: str, *, limit: int | None, shown: str, room: int
) -> None:
    """Write ``path``'s text, read in ``encoding``, to ``target`` as UTF-8 (``limit`` bytes
    of it at most); fail on the first byte that is not text in that encoding."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = written = lines = 0
    left = limit
    with path.open("rb") as source, target.open("wb") as out:
        while left is None or left > 0:
            chunk = source.read(_CHUNK if left is None else min(_CHUNK, left))
            final = not chunk or (left is not None and len(chunk) >= left)
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                before = codecs.decode(pending + chunk[: exc.start], encoding, errors="replace")
                at, line = offset - len(pending) + exc.start, lines + before.count("\n") + 1
                raise DataFileError(
                    f"{shown}: not {encoding} text ({exc.reason} at byte {at:,}, line {line}); "
                    "give the encoding it was saved in, or save it as UTF-8"
                ) from None
            except UnicodeError:  # UTF-16 or UTF-32 without a byte-order mark
                raise DataFileError(
                    f"{shown}: no byte-order mark says which byte order its {encoding} text is "
                    f"in; give --encoding {encoding}-le (as Windows writes it) or {encoding}-be"
                ) from None
            offset += len(chunk)
            lines += text.count("\n")
            written += out.write(text.encode("utf-8"))
            if written > room:
                _no_room(path, str(target.parent), room, None)
            if final:
                break
            if left is not None:
                left -= len(chunk)


@contextlib.contextmanager
def _work_folder() -> Iterator[Path]:
    """A new temporary folder, locked while in use; those of stopped runs are removed."""
    _remove_left_behind()
    with tempfile.TemporaryDirectory(prefix=_PREFIX) as folder, _locked(Path(folder)):
        yield Path(folder)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the lock of a new temporary folder while it is in use (module docstring).

    The lock file is locked under another name, then renamed: a folder's lock file is
    locked from the moment it has its name.
    """
    fresh = folder / f"{_LOCK}.new"
    with fresh.open("wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        fresh.rename(folder / _LOCK)
        yield


def _remove_left_behind() -> None:
    """Remove the temporary folders of runs that ended without removing theirs."""
    try:
        folders = [p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(_PREFIX)]
    except OSError:
        return
    for folder in folders:
        try:
            handle = (folder / _LOCK).open("rb")
        except OSError:  # being made, or not a folder of this kind
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # in use
                continue
            logger.info("%s: left behind by a run that was stopped; removed", folder)
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _logged_as(inner: Path, shown: str) -> Iterator[None]:
    """Log messages made meanwhile name ``shown`` where they named the unpacked file."""
    made = logging.getLogRecordFactory()
    logging.setLogRecordFactory(_Renaming(made, str(inner), shown))
    try:
        yield
    finally:
        logging.setLogRecordFactory(made)


class _Renaming:
    """A log record factory that makes records with ``made`` and names ``shown`` in their
    message where it named ``where``."""

    def __init__(self, made: Callable[..., logging.LogRecord], where: str, shown: str) -> None:
        self.made, self.where, self.shown = made, where, shown

    def __call__(self, *args: object, **kwargs: object) -> logging.LogRecord:
        record = self.made(*args, **kwargs)
        with contextlib.suppress(Exception):  # a message that cannot be made: left as it is
            message = record.getMessage()
            if self.where in message:
                record.msg, record.args = message.replace(self.where, self.shown), ()
        return record
