"""`make deploy`: publish strictly, then copy output/ to DEPLOY_TARGET with rsync.

Only a site that has just passed the strict build is uploaded: this script
runs `tools/build.py --strict` itself and stops if it fails, so neither a
failed publish nor a development build can ever go online.

    DEPLOY_TARGET=user@host:/var/www/blog python tools/deploy.py

rsync mirrors: it deletes at the target what the site no longer has. So the
target is checked before anything runs, and deleting is allowed only where
it cannot hurt:

- refused targets: empty; starting with `-` (rsync would read an option);
  `/` or a folder right below it; a home folder (`host:`, `host:~`, `/home/x`);
  the project folder, a folder inside it or above it; a path with `..`;
- a folder that already holds files is mirrored only if an earlier deploy
  left the marker file `.deployed-by-make-deploy` there; the first deploy into
  such a folder needs `DEPLOY_INIT=1` (after a look with `DRY_RUN=1`);
- a deploy that would delete more than a quarter of the files at the target
  (at least 20 are always allowed) needs `DEPLOY_FORCE=1`.

`DRY_RUN=1` builds and shows what would change, and changes nothing.
DEPLOY_RSYNC_OPTIONS adds rsync options, e.g. '-e "ssh -p 2222"'.
Credentials stay out of the repository: rsync uses your SSH agent or ~/.ssh/config.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import pwd
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from output_folder import OutputBusy, locked  # noqa: E402

BUILD = Path(__file__).resolve().parent / "build.py"
MARKER = ".deployed-by-make-deploy"
# Deleting more than this share of the target's files needs DEPLOY_FORCE=1;
# a small site may always lose MIN_DELETE files (a post with its tag pages).
MAX_DELETE_SHARE = 0.25
MIN_DELETE = 20
# Mirror the site: delete what the new build no longer has; world-readable
# files for the web server; files swapped in at the end (--delay-updates) so
# readers never see half a site.
RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--times",
    "--compress",
    "--delete-after",
    "--delay-updates",
    "--chmod=D755,F644",
    "--human-readable",
]

# [user@]host:path (rsync's remote shell form); host::module and rsync:// URLs.
REMOTE_SHELL = re.compile(r"^(?P<host>[^/:]+):(?!:)(?P<path>.*)$", re.S)
DAEMON = re.compile(r"^(?:rsync://[^/]+/|[^/:]+::)(?P<path>.*)$", re.S)
HOME_PATH = re.compile(r"^/(?:root|home/[^/]+|Users/[^/]+|var/home/[^/]+)$")


class Refused(Exception):
    pass


def _check_remote_path(path: str, target: str) -> None:
    if path in ("", ".", "./") or path.startswith("~") and "/" not in path.rstrip("/"):
        raise Refused(
            f"'{target}' names a home folder on the server; name the web folder, e.g. {target.rstrip(':~/')}:/var/www/blog"
        )
    if ".." in path.split("/"):
        raise Refused(f"'{target}' contains '..'; write the folder's full path")
    if path.startswith("/"):
        norm = posixpath.normpath(path)
        if HOME_PATH.match(norm):
            raise Refused(
                f"'{target}' is a home folder on the server; name a folder for the site inside it"
            )
        if norm.count("/") < 2 or norm.startswith("//"):
            raise Refused(
                f"'{target}' is the server's root or a system folder right below it; name the web folder itself"
            )


def _home_folders() -> set[Path]:
    homes = {Path.home().resolve()}
    for entry in pwd.getpwall():
        if entry.pw_dir and entry.pw_dir != "/":
            homes.add(Path(entry.pw_dir).resolve())
    return homes


def check_target(target: str, project: Path) -> str:
    """The target as rsync gets it, or Refused with the reason."""
    if not target.strip():
        raise Refused(
            "DEPLOY_TARGET is not set; run e.g.\n  DEPLOY_TARGET=user@host:/var/www/blog make deploy"
        )
    if target != target.strip():
        raise Refused(f"DEPLOY_TARGET '{target}' starts or ends with a space; remove it")
    if target.startswith("-"):
        raise Refused(
            f"DEPLOY_TARGET '{target}' starts with '-', which rsync would read as an option"
        )
    daemon = DAEMON.match(target)
    remote = REMOTE_SHELL.match(target)
    if daemon:
        _check_remote_path(daemon.group("path") or "", target)
        return target
    if remote:
        _check_remote_path(remote.group("path"), target)
        return target
    folder = Path(target).expanduser()
    if ".." in folder.parts:
        raise Refused(f"DEPLOY_TARGET '{target}' contains '..'; write the folder's full path")
    folder = folder.resolve()
    project = project.resolve()
    if folder in _home_folders():
        raise Refused(
            f"DEPLOY_TARGET '{target}' is a home folder; name a folder for the site inside it"
        )
    if len(folder.parts) <= 2:
        raise Refused(
            f"DEPLOY_TARGET '{target}' is the root or a system folder right below it; name the web folder itself"
        )
    if folder == project or folder.is_relative_to(project) or project.is_relative_to(folder):
        raise Refused(
            f"DEPLOY_TARGET '{target}' is the project folder, inside it or above it; "
            "deploying there would delete the project's own files"
        )
    if folder.exists() and not folder.is_dir():
        raise Refused(f"DEPLOY_TARGET '{target}' is a file, not a folder")
    return str(folder)


def rsync(args: list[str], extra: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["rsync", *extra, *args], capture_output=True, text=True)


def files_at(target: str, extra: list[str]) -> list[str] | None:
    """Paths of the files at the target (recursive), None if it does not exist."""
    proc = rsync(["--list-only", "--recursive", "--", target.rstrip("/") + "/"], extra)
    if proc.returncode != 0:
        if "No such file or directory" in proc.stderr:
            return None
        raise Refused(
            f"could not look at '{target}': rsync exited with {proc.returncode}: "
            f"{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no message'}"
        )
    names = []
    for line in proc.stdout.splitlines():
        fields = line.split(None, 4)
        if len(fields) == 5 and not fields[0].startswith("d"):
            names.append(fields[4].split(" -> ")[0])
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    args = parser.parse_args(argv)
    dry_run = os.environ.get("DRY_RUN") == "1"
    init = os.environ.get("DEPLOY_INIT") == "1"
    force = os.environ.get("DEPLOY_FORCE") == "1"

    try:
        target = check_target(os.environ.get("DEPLOY_TARGET", ""), Path.cwd())
    except Refused as exc:
        print(f"deploy refused: {exc}", file=sys.stderr)
        return 2
    if shutil.which("rsync") is None:
        print(
            "deploy refused: rsync is not installed (Debian/Ubuntu: apt-get install rsync)",
            file=sys.stderr,
        )
        return 2

    build = subprocess.run(
        [
            sys.executable,
            str(BUILD),
            "--settings",
            str(args.settings),
            "--output",
            str(args.output),
            "--strict",
        ]
    )
    if build.returncode != 0:
        print(
            "deploy refused: the strict publish failed (see above); nothing was uploaded.",
            file=sys.stderr,
        )
        return 1

    extra = shlex.split(os.environ.get("DEPLOY_RSYNC_OPTIONS", ""))
    output = args.output.resolve()
    try:
        with locked(output), tempfile.TemporaryDirectory() as marker_dir:
            return upload(output, Path(marker_dir), target, extra, dry_run, init, force)
    except (Refused, OutputBusy) as exc:
        print(f"deploy refused: {exc}", file=sys.stderr)
        return 2


def upload(
    output: Path,
    marker_dir: Path,
    target: str,
    extra: list[str],
    dry_run: bool,
    init: bool,
    force: bool,
) -> int:
    existing = files_at(target, extra)
    has_marker = existing is not None and MARKER in existing
    (marker_dir / MARKER).write_text(
        "This folder is a web site published by `make deploy`; its files are replaced\n"
        "and deleted by the next deploy. Delete this file to stop that.\n",
        encoding="utf-8",
    )
    # Two sources: the site's contents and the marker, both into the target.
    sources = ["--", f"{output}/", f"{marker_dir}/", target]

    preview = rsync([*RSYNC_OPTIONS, "--dry-run", "--itemize-changes", *sources], extra)
    if preview.returncode != 0:
        print(
            f"deploy failed: rsync exited with {preview.returncode}: {preview.stderr.strip()}",
            file=sys.stderr,
        )
        return 1
    changes = [line for line in preview.stdout.splitlines() if line.strip()]
    deletions = [line for line in changes if line.startswith("*deleting")]
    allowed = max(MIN_DELETE, int(len(existing or ()) * MAX_DELETE_SHARE))

    problems = []
    if existing and not has_marker and not init:
        problems.append(
            f"'{target}' holds {len(existing)} file(s) but no {MARKER} from an earlier deploy, so it "
            "may not be the site's folder and would be mirrored (files deleted). Look with "
            "DRY_RUN=1 make deploy; if the folder is the site's, confirm with DEPLOY_INIT=1 make deploy"
        )
    if len(deletions) > allowed and not force:
        problems.append(
            f"the deploy would delete {len(deletions)} of {len(existing or ())} file(s) at '{target}' "
            f"(more than {allowed}); look with DRY_RUN=1 make deploy, then confirm with DEPLOY_FORCE=1"
        )
    if dry_run:
        print("\n".join(changes) or "(no changes)")
        print(
            f"dry run: nothing was changed at {target} "
            f"({len(changes) - len(deletions)} to upload or update, {len(deletions)} to delete)"
        )
        for problem in problems:
            print(f"note: a real deploy would be refused: {problem}")
        return 0
    if problems:
        print("\n".join(f"deploy refused: {p}" for p in problems), file=sys.stderr)
        return 2

    limit = [] if force else [f"--max-delete={allowed}"]
    cmd = ["rsync", *RSYNC_OPTIONS, "--stats", *limit, *extra, *sources]
    print("deploying: " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    result = subprocess.run(cmd)
    if result.returncode != 0:
        print(f"deploy failed: rsync exited with {result.returncode}.", file=sys.stderr)
        return 1
    print(f"deployed {output.name}/ to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
