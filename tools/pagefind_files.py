"""Which files of a Pagefind bundle (`pagefind/`) the index in it still uses.

A publish that builds into the kept site (tools/output_folder.py) keeps its
`pagefind/` folder too. Pagefind names its index files by their content and
does not write a file that is already there, so on a kept folder it writes
only what changed and the few files with fixed names; creating all of them
anew was a good part of a publish's time (bench/README.md, "Figures behind
the code's choices"). What the new index no longer
uses stays behind; `prune` removes it, so that the folder holds what a
Pagefind run into an empty folder would write.

Written for the bundle of Pagefind 1.5.2 (the pin in pyproject.toml;
tests/test_pagefind_files.py holds it to that):
- `pagefind-entry.json` names each language's meta file by its hash
  (`pagefind.<hash>.pf_meta`) and the language's page count;
- a meta file (gzip) holds the hashes of that language's fragments
  (`fragment/<hash>.pf_fragment`, one per page), word index chunks
  (`index/<hash>.pf_index`) and filters (`filter/<hash>.pf_filter`);
- every other file has a fixed name and is written on every run.
If the bundle does not read like that, `prune` deletes nothing and says so;
the publish then indexes into an empty folder instead.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import zlib
from pathlib import Path

# Sub-folders of hash-named files, with their suffix.
HASHED = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}
# Where the files named by hash are ("": the bundle's top, for meta files).
NAMED_BY_HASH = {"": ".pf_meta", **HASHED}


def _metas(bundle: Path) -> tuple[set[str], bytes, int]:
    """The meta files' names, their contents joined, and the page count."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    names, blobs, pages = set(), [], 0
    for language in entry["languages"].values():
        name = f"pagefind.{language['hash']}.pf_meta"
        names.add(name)
        blobs.append(gzip.decompress((bundle / name).read_bytes()))
        pages += int(language["page_count"])
    return names, b"\0".join(blobs), pages


def _hashed(bundle: Path):
    """(path, mode) of the meta and hash-named files of a bundle."""
    for sub, suffix in NAMED_BY_HASH.items():
        try:
            entries = list(os.scandir(bundle / sub))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                yield entry.path, entry.stat(follow_symlinks=False).st_mode


def _intact(path: str) -> bool:
    """Whole, as its gzip checksum says: a kept file is never written again,
    so one damaged after its publish (a crash before the data reached the
    disk, a build killed mid-write) would otherwise stay for good."""
    try:
        with open(path, "rb") as file:
            data = file.read()
        return bool(data) and bool(gzip.decompress(data))  # "" decompresses to ""
    except (OSError, EOFError, zlib.error):
        return False


def drop_damaged(bundle: Path) -> None:
    """Remove the kept meta and hash-named files that are not intact, so
    that Pagefind writes them again."""
    for path, _mode in _hashed(bundle):
        if not _intact(path):
            os.unlink(path)


def prune(bundle: Path, started_ns: int = 0) -> bool:
    """Remove the files of `bundle` that its index does not use.

    A meta file is used if pagefind-entry.json names it, a hash-named file
    if a meta file names its hash. Any other file is kept only if it was
    written after `started_ns` (its ctime, as in output_folder.sweep), that
    is by this run of Pagefind. Returns False, having deleted nothing, if the
    bundle cannot be read as described above or its fragments would not be
    one per page."""
    try:
        meta_names, metas, pages = _metas(bundle)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, zlib.error):
        return False
    stale, fragments = [], 0
    for dirpath, _dirs, files in os.walk(bundle):
        sub = "" if dirpath == str(bundle) else os.path.relpath(dirpath, bundle)
        suffix = NAMED_BY_HASH.get(sub)
        for name in files:
            path = os.path.join(dirpath, name)
            if suffix and name.endswith(suffix):
                used = name in meta_names if sub == "" else name[: -len(suffix)].encode() in metas
            else:
                used = os.lstat(path).st_ctime_ns >= started_ns
            if not used:
                stale.append(path)
            elif sub == "fragment":
                fragments += 1
    if fragments != pages:
        return False
    for path in stale:
        os.unlink(path)
    for sub in HASHED:  # a run into an empty folder makes no empty folder
        folder = bundle / sub
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return True


def seed(live: Path, bundle: Path) -> bool:
    """Give a new build folder's `bundle` the hash-named files of the live
    site's bundle, as hard links: Pagefind then skips writing them.

    Safe for the live site because Pagefind never writes to an existing
    hash-named file (tests/test_pagefind_files.py checks that), and nothing
    else in a publish writes to them; a link only adds a name. Only intact
    files with the mode the publish gives (0644) are linked, so that
    make_readable has nothing to change on them. Returns False (and leaves no
    partial bundle) where that cannot be done, e.g. on a file system without
    hard links."""
    if not (live / "pagefind-entry.json").is_file() or bundle.exists():
        return False
    try:
        bundle.mkdir()
        for sub in HASHED:
            if (live / sub).is_dir():
                (bundle / sub).mkdir()
        for path, mode in _hashed(live):
            if stat.S_IMODE(mode) == 0o644 and _intact(path):
                os.link(path, bundle / os.path.relpath(path, live), follow_symlinks=False)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True
