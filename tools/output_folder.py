"""The output folder's safety: one writer at a time, a swap that always leaves
a site in place, no leftovers, and permissions a web server can read.

Used by tools/build.py (publish), tools/devserver.py and tools/deploy.py.
Everything here deletes or renames only folders whose names it made itself:
`.<output>.new-<random>`, `.<output>.old-<random>` and `.<output>.spare`
next to the output folder, and only while it holds the lock `.<output>.lock`.

The spare: the site a publish replaces is not deleted but kept as
`.<output>.spare`, and the next publish builds into it, overwriting its files
and removing what it did not write again (`sweep`). Publishing back to back
then neither deletes nor creates thousands of files: on these machines' ext4
a mass deletion makes every file created soon after (within
vm.dirty_expire_centisecs) much more expensive (bench/README.md, "Creating
files"). The search index in it is kept too (tools/pagefind_files.py). The
live site is never written to until the swap; a publish into a new folder
only adds hard links to its search index files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import signal
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path


class OutputBusy(Exception):
    """Another build, devserver or deploy holds the lock on this folder."""


def _sibling(output: Path, kind: str) -> str:
    return f".{output.name}.{kind}-"


def unsafe_output(output: Path, project: Path) -> str | None:
    """Why `output` must not be built into and replaced, or None.

    A publish renames the old output folder aside and later overwrites and
    sweeps it (see the module docstring): `--output ~` or `OUTPUT=..` would
    do that to a home or the project itself."""
    output, project = output.resolve(), project.resolve()
    homes = {Path.home().resolve()}
    if len(output.parts) <= 2:
        return "it is the root or a system folder right below it"
    if output in homes:
        return "it is a home folder"
    if output == project or project.is_relative_to(output):
        return "it is the project folder or a folder above it"
    if (project / "content").resolve().is_relative_to(output) or output.is_relative_to(
        project / "content"
    ):
        return "it holds or is inside content/"
    return None


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


@contextmanager
def locked(output: Path):
    """Hold the exclusive lock on `output` for the duration of the block.

    flock is released by the kernel when the process ends, however it ends,
    so a killed build never leaves a lock behind (unlike a pid file).
    """
    path = lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise OutputBusy(
                f"{output.name}/ is in use by another build, devserver or deploy "
                f"(process {holder}); wait until it has finished, then run this again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _leftovers(output: Path, kind: str) -> list[Path]:
    prefix = _sibling(output, kind)
    if not output.parent.is_dir():
        return []
    return sorted(
        p
        for p in output.parent.iterdir()
        if p.name.startswith(prefix) and p.is_dir() and not p.is_symlink()
    )


def recover(output: Path) -> list[str]:
    """Put back a site an interrupted swap left aside, remove leftovers.

    Call with the lock held. Returns warnings (a leftover that cannot be
    removed is reported, never a reason to stop a publish).
    """
    warnings = []
    olds = _leftovers(output, "old")
    if not output.exists() and olds:
        # Killed between the two renames of the fallback swap: the newest
        # `.old` is the site that was live.
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        newest.rename(output)
        olds.remove(newest)
        warnings.append(
            f"{output.name}/ was missing after an interrupted publish; the last site was put back"
        )
    for leftover in olds + _leftovers(output, "new"):
        try:
            shutil.rmtree(leftover)
        except OSError as exc:
            warnings.append(
                f"could not remove the leftover {leftover.name}/ ({exc.strerror}); remove it by hand"
            )
    return warnings


def new_build_folder(output: Path) -> Path:
    """An empty folder next to `output`, on the same filesystem (for the swap)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_sibling(output, "new"), dir=output.parent))


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}.spare"


def take_spare(output: Path) -> Path | None:
    """The previous site, renamed to a build folder's name, or None.

    Renamed first, so that an interrupted build leaves a `.new-*` folder,
    which recover() removes, and never a half-written spare."""
    spare = spare_path(output)
    if not spare.is_dir() or spare.is_symlink():
        return None
    folder = new_build_folder(output)
    os.rename(spare, folder)  # onto the empty folder: replaces it
    return folder


def build_started(folder: Path) -> int:
    """The file system's clock now, as file times will show it (ns).

    The kernel stamps files with a coarse clock that can lag time.time()
    by a few ms: a probe file's own time is the safe comparison."""
    probe = folder / ".build-started"
    probe.write_bytes(b"")
    stamp = probe.stat().st_ctime_ns
    probe.unlink()
    return stamp


def sweep(folder: Path, started_ns: int, keep: str = "") -> int:
    """Remove the files of a reused folder that this build did not write.

    A file's ctime changes with every write and cannot be set back (copyfile
    keeps no times, but even copy2 would change ctime): a file with a ctime
    before the build started was not written by it. Folders emptied by that
    go too. The top-level folder `keep` is left alone (the search index,
    which tools/pagefind_files.py prunes after Pagefind has run). Returns the
    number of files removed."""
    removed = 0
    kept = os.path.join(folder, keep) if keep else None
    for dirpath, _dirnames, filenames in os.walk(folder, topdown=False):
        if kept and (dirpath == kept or dirpath.startswith(kept + os.sep)):
            continue
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.lstat(path).st_ctime_ns < started_ns:
                os.unlink(path)
                removed += 1
        if removed and dirpath != str(folder) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return removed


# renameat2(2) with RENAME_EXCHANGE swaps two paths in one step (Linux 3.15+,
# glibc 2.28+): there is no moment without an output folder. Python has no
# wrapper for it, hence ctypes; None where it is not available.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    # The tests take the fallback with BUILD_TEST_HOOK=kill-mid-swap.
    if not sys.platform.startswith("linux") or os.environ.get("BUILD_TEST_HOOK") == "kill-mid-swap":
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return getattr(libc, "renameat2", None)


def _exchange(a: Path, b: Path) -> bool:
    """Swap a and b atomically; False if the system cannot do that."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):  # kernel or filesystem without it
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, output: Path) -> list[str]:
    """Make `new` the output folder; the old site is removed afterwards.

    Returns warnings. Raises OSError (with the old site still in place) when
    the output folder cannot be replaced at all.
    """
    if not output.exists():
        new.rename(output)
        return []
    if _exchange(new, output):
        retired = new  # now holds the old site
    else:
        # Two renames; a kill between them leaves `.old-*` and no output,
        # which recover() repairs at the next start.
        retired = Path(tempfile.mkdtemp(prefix=_sibling(output, "old"), dir=output.parent))
        os.rmdir(retired)
        output.rename(retired)
        if os.environ.get("BUILD_TEST_HOOK") == "kill-mid-swap":
            os.kill(os.getpid(), signal.SIGKILL)
        try:
            new.rename(output)
        except OSError:
            retired.rename(output)
            raise
    spare = spare_path(output)
    try:
        if spare.exists() or spare.is_symlink():
            shutil.rmtree(retired)
        else:
            retired.rename(spare)  # the next publish builds into it
    except OSError as exc:
        return [
            f"the new site is in place, but the previous one at {retired.name}/ could not be "
            f"removed ({exc.strerror}); remove it by hand"
        ]
    return []


def make_readable(tree: Path) -> None:
    """Folders 0755, files 0644: mkdtemp makes 0700, and a web server running
    as another user would answer 403 after `rsync -a`."""
    os.chmod(tree, 0o755)
    for folder, dirs, files in os.walk(tree):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(folder, name)
            # One lstat per file; chmod only where needed (a reused folder's
            # files mostly are 0644 already).
            mode = os.lstat(path).st_mode
            if not stat.S_ISLNK(mode) and stat.S_IMODE(mode) != 0o644:
                os.chmod(path, 0o644)


def main(argv: list[str]) -> int:
    """`python tools/output_folder.py check OUTPUT`: exit 2, saying why, when
    OUTPUT must not be removed (`make clean` runs it before `rm -rf`)."""
    if len(argv) != 2 or argv[0] != "check":
        print("usage: python tools/output_folder.py check OUTPUT", file=sys.stderr)
        return 2
    why = unsafe_output(Path(argv[1]), Path.cwd())
    if why:
        print(f"error: OUTPUT={argv[1]}: {why}; nothing was removed", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
