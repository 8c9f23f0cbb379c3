"""A sweep's store on any fsspec filesystem: ``--out s3://bucket/sweeps/sens``, ``gs://...``, ``memory://...``.

The store reads and writes its files through a handful of pathlib operations. A local directory is a
:class:`pathlib.Path`, exactly as before; a URL is a :class:`UrlPath`, which offers the same
operations on the URL's fsspec filesystem (credentials and options come from that filesystem's usual
configuration, e.g. ``AWS_*`` variables for ``s3://``). An object store has neither renames nor
directories: a file is put whole (it appears complete or not at all), a directory is a prefix, and a
batch counts once its manifest entry is written, as on a local disk.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def is_url(out: str | os.PathLike) -> bool:
    """Whether ``out`` names a location by URL (``scheme://...``) rather than a local path."""
    return isinstance(out, str) and "://" in out


def store_path(out: str | os.PathLike | UrlPath) -> Path | UrlPath:
    """A local path as a :class:`~pathlib.Path`; a URL as a :class:`UrlPath` (``file://`` is local)."""
    if isinstance(out, UrlPath | Path):
        return out
    if not is_url(out):
        return Path(out)
    if out.startswith("file://"):
        return Path(out.removeprefix("file://"))
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(out)
    return UrlPath(fs, path.rstrip("/"))


def remove_tree(path: Path | UrlPath) -> None:
    """Delete a directory and everything under it (a prefix, on an object store)."""
    if isinstance(path, UrlPath):
        path.rmtree()
    else:
        shutil.rmtree(path)


class UrlPath:
    """A file or directory on an fsspec filesystem, with the pathlib operations the store uses."""

    __slots__ = ("fs", "path")

    def __init__(self, fs: Any, path: str):
        self.fs = fs  # an fsspec AbstractFileSystem
        self.path = path  # without the protocol, as the filesystem names it

    # -- names -----------------------------------------------------------------------------------
    def __truediv__(self, name: str) -> UrlPath:
        return UrlPath(self.fs, f"{self.path}/{name}")

    def __str__(self) -> str:
        return self.fs.unstrip_protocol(self.path)

    def __repr__(self) -> str:
        return f"UrlPath({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UrlPath) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __lt__(self, other: UrlPath) -> bool:
        return self.path < other.path

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix

    @property
    def parent(self) -> UrlPath:
        return UrlPath(self.fs, self.path.rsplit("/", 1)[0])

    # -- what is there ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.fs.exists(self.path)

    def is_dir(self) -> bool:
        return self.fs.isdir(self.path)

    def is_file(self) -> bool:
        return self.fs.isfile(self.path)

    def iterdir(self) -> Iterator[UrlPath]:
        """The entries of a directory, listed afresh (a cached listing would miss other writers' files)."""
        self.fs.invalidate_cache(self.path)
        for entry in self.fs.ls(self.path, detail=False):
            yield UrlPath(self.fs, entry.rstrip("/"))

    def glob(self, pattern: str) -> Iterator[UrlPath]:
        """The entries of a directory whose name matches ``pattern`` (one level, as the store needs)."""
        if self.is_dir():
            yield from (p for p in self.iterdir() if fnmatch.fnmatch(p.name, pattern))

    # -- reading and writing ---------------------------------------------------------------------
    def open(self, mode: str = "rb"):
        return self.fs.open(self.path, mode)

    def read_bytes(self) -> bytes:
        return self.fs.cat_file(self.path)

    def read_text(self) -> str:
        return self.read_bytes().decode()

    def write_bytes(self, data: bytes) -> None:
        """Put the whole file at once (an object store shows it complete or not at all)."""
        try:
            self.fs.pipe_file(self.path, data)
        except FileNotFoundError:  # a filesystem with real directories: make the parent, once
            self.parent.mkdir(parents=True, exist_ok=True)
            self.fs.pipe_file(self.path, data)

    def write_text(self, text: str) -> None:
        self.write_bytes(text.encode())

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Make the directory and its parents (a no-op on an object store, whose prefixes need none)."""
        self.fs.makedirs(self.path, exist_ok=True)

    def unlink(self) -> None:
        self.fs.rm_file(self.path)

    def rmtree(self) -> None:
        self.fs.rm(self.path, recursive=True)
