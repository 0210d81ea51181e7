"""Build the site with Pelican: strict and atomic for publishing.

Plain `pelican` logs "Could not process …" for a post it cannot read, drops the
post and exits 0; its messages name Python exceptions, not the fix. This script
runs the real Pelican in-process, collects every warning and error, rewrites
the common ones into one line naming the file, the problem and the fix, and
(with --strict) exits non-zero if there was any.

With --strict the site is built into a temporary folder next to the output
folder, which replaces the output folder only after a clean build: a failed
publish leaves the last good site exactly as it was.

    python tools/build.py --settings publishconf.py --output output --strict
"""

from __future__ import annotations

import argparse
import ast
import errno
import json
import logging
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from output_folder import (  # noqa: E402
    OutputBusy,
    build_started,
    locked,
    make_readable,
    new_build_folder,
    recover,
    swap_in,
    sweep,
    take_spare,
    unsafe_output,
)
from pagefind_files import drop_damaged  # noqa: E402
from pagefind_files import prune as prune_search  # noqa: E402
from pagefind_files import seed as seed_search  # noqa: E402

# Paths in messages are relative to where the build runs (the site's folder).
ROOT = Path.cwd()

# --- Turning Pelican's messages into ones an author can act on --------------

DATE_HELP = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 'Date: 2026-10-01 09:00'"


def _explain_exception(exc: BaseException) -> str:
    """Why Pelican could not read a file, and what to do about it."""
    if isinstance(exc, UnicodeDecodeError):
        return (
            "is not UTF-8 text (byte 0x%02x at position %d); save it with the "
            "encoding UTF-8 in your editor" % (exc.object[exc.start], exc.start)
        )
    text = str(exc)
    if getattr(exc, "for_author", False):  # our readers' own messages say it all
        return text
    m = re.search(r"'(.*)' is not a valid date", text)
    if m:
        return f"Date: '{m.group(1)}' is not a valid date; {DATE_HELP}"
    return f"could not be read: {type(exc).__name__}: {text}"


# (pattern on Pelican's message, function(match, record) -> (file, problem))
def _could_not_process(m, record):
    # Pelican logs this without the exception (unless DEBUG), but the handler
    # runs inside Pelican's `except` block, so the exception is still at hand.
    exc = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
    # Readers may wrap the error; the innermost one tells the story.
    cause = exc
    while cause is not None and not isinstance(cause, (UnicodeDecodeError, ValueError)):
        cause = cause.__cause__ or cause.__context__
    problem = _explain_exception(cause or exc) if exc else "could not be read"
    return m.group(1), _date_from_file_name(m.group(1), problem)


def _date_from_file_name(path: str, problem: str) -> str:
    """Pelican takes a date from the start of the file name (FILENAME_METADATA,
    Jekyll's 2015-04-03-title.md) and reports a bad one as a bad date: say
    where it comes from when the file has no `Date:` line."""
    m = re.match(r"Date: '(.*)' is not a valid date", problem)
    if not m or not os.path.basename(path).startswith(m.group(1)):
        return problem
    try:
        text = Path(relative(path)).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return problem
    if re.search(r"^\s*date\s*:", text[:4000], re.I | re.M):
        return problem
    return (
        f"the date '{m.group(1)}' at the start of the file name is not a valid date; rename the "
        "file (YYYY-MM-DD-name.md, a real day) or add a line 'Date: YYYY-MM-DD' to the file"
    )


def _missing_field(m, record):
    field = m.group(2)
    return m.group(1), (
        f"no '{field.capitalize()}:' field; add a line "
        f"'{field.capitalize()}: …' to the metadata at the top of the file"
    )


def _same_slug(m, record):
    paths = [line.strip() for line in record.getMessage().splitlines()[1:] if line.strip()]
    return ", ".join(paths), (
        f"these {len(paths)} files are the same post '{m.group(1)}' in language "
        f"'{m.group(2)}' (the same slug, or 'Translation_of:' the same original), so "
        "one would overwrite the other; give all but one a different 'Slug:' (or title)"
    )


def _outside(m, record):
    return m.group(1), (
        f"it would be written to '{m.group(2)}', outside the site, and was left out; "
        "give 'URL:' and 'Save_as:' paths inside the site, e.g. 'URL: seite/' and 'Save_as: seite/index.html'"
    )


def _empty_alt(m, record):
    return m.group(2), (
        f"the image {m.group(1)} has an empty alt text; describe it for readers who cannot "
        "see it: ![Beschreibung des Bildes](bild.jpg)"
    )


def static_with_filename(path: str) -> str:
    """The problem of a `{filename}` link to a static file (plugins/strict_content
    says it in the same words, so the two lines are one)."""
    return (
        f"the link {{filename}}{path} points to a file, not to an article or page; "
        f"write {{static}}{path}"
    )


def _filename_to_static(m, record):
    return m.group(2), static_with_filename(m.group(1))


def files_mentioning(text: str) -> str:
    """The content files (Markdown, reST, HTML) whose source holds text."""
    found = []
    for path in sorted(CONTENT_DIR.rglob("*")):
        if path.suffix.lower() in (".md", ".markdown", ".mdown", ".rst", ".html", ".htm"):
            try:
                if text in path.read_text(encoding="utf-8", errors="replace"):
                    found.append(str(path))
            except OSError:
                continue
    return ", ".join(found)


def _link_not_found(m, record):
    # Pelican names the link, not the file that has it (a link in a
    # 'Summary:' line, which plugins/strict_content does not read, ends here).
    return files_mentioning(m.group(1)), (
        f"the link to '{m.group(1)}' points to no article, page or file in content/; "
        "correct the path ({filename} for posts and pages, {static} for files; "
        "relative to the file, or starting with / for content/)"
    )


def _more_not_found(m, record):
    return "", (
        "more links point to nothing (Pelican names only the first few); correct the "
        "ones named here and build again to see the rest"
    )


def _bad_status(m, record):
    return m.group(2), (f"Status: '{m.group(1)}' is unknown; use 'published', 'draft' or 'hidden'")


KNOWN_MESSAGES = [
    (re.compile(r"^Could not process (.+)$", re.S), _could_not_process),
    (re.compile(r"^Skipping (.+): could not find information about '(\w+)'$"), _missing_field),
    # Pelican groups translations by ARTICLE_TRANSLATION_ID: translation_key here.
    (
        re.compile(
            r'^There are \d+ items "with (?:slug|translation_key) "(.*)"" with lang (\S+):', re.S
        ),
        _same_slug,
    ),
    (re.compile(r"^Unknown status '(.*)' for file (.+), skipping it"), _bad_status),
    (re.compile(r"^Skipping (.+): file '(.*)' would be written outside output path$"), _outside),
    # Pelican's own warnings, attributed to the file they name (or that has
    # the link they name).
    (re.compile(r"^Unable to find '(.+)', skipping url replacement"), _link_not_found),
    (re.compile(r"^Other resources were not found and their urls not replaced"), _more_not_found),
    (re.compile(r"^Empty alt attribute for image (.+) in (.+)$"), _empty_alt),
    (
        re.compile(
            r"^\{filename\} used for linking to static (?:content )(.+) in (.+)\. Use \{static\} instead$"
        ),
        _filename_to_static,
    ),
]


# Follow-ups of a problem that is reported better elsewhere (the duplicate and
# link checks of plugins/strict_content name the files; Pelican's own
# messages for the same problem name none). Held back, and shown at the end
# only when nothing else was reported, so that no message is ever lost.
FOLLOW_UPS = [
    re.compile(r"^There are \d+ original \(not translated\) items "),
    re.compile(r"^Unable to find '.*', skipping url replacement"),
    re.compile(r"^the build stopped: FileOverwriteFailedError"),
    re.compile(r"^Cannot get modification stamp for "),
    re.compile(r"^Unable to generate valid slug for "),
    # Pelican's summaries of further messages it left out: they name no file
    # (plugins/strict_content names each one).
    re.compile(r"^Other resources were not found and their urls not replaced"),
    re.compile(r"^Other images have empty alt attributes"),
    # Matched on Pelican's text; held in its attributed form (strict_content
    # names the same image with its full path).
    re.compile(r"^Empty alt attribute for image "),
]

# Set by main(): where Pelican's content-relative paths are rooted.
CONTENT_DIR = ROOT / "content"


def relative(path: str) -> str:
    """A path as the author sees it: relative to the repository."""
    if not os.path.isabs(path) and not (ROOT / path).exists():
        path = str(CONTENT_DIR / path)  # Pelican names some files relative to PATH
    try:
        return os.path.relpath(path, ROOT) if os.path.isabs(path) else path
    except ValueError:
        return path


def _relativize_text(text: str) -> str:
    return text.replace(str(ROOT) + os.sep, "")


def explain(record: logging.LogRecord) -> str:
    """One line: `file: problem; fix` where we know the message, else Pelican's text."""
    message = record.getMessage()
    for pattern, diagnose in KNOWN_MESSAGES:
        m = pattern.match(message)
        if m:
            files, problem = diagnose(m, record)
            if not files:
                return problem
            files = ", ".join(relative(f.strip()) for f in files.split(", "))
            return f"{files}: {problem}"
    # One line, never cut at a newline: a fix often comes last.
    first_line = (
        " ".join(line.strip() for line in message.strip().splitlines() if line.strip()) or message
    )
    if record.exc_info and record.exc_info[1] is not None:
        first_line += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
    return _relativize_text(first_line)


# What makes two problems the same kind: the problem without the file and
# with the quoted values, paths and numbers left out.
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\{\w+\}\S*|https?://\S+|\S*/\S*|\d+")


def kind_of(line: str) -> str:
    problem = line.split(": ", 1)[1] if ": " in line and "/" in line.split(": ", 1)[0] else line
    return _VARIABLE.sub("…", problem.split("; ", 1)[0]).strip()


class Collector(logging.Handler):
    """Keeps each warning/error once, in author-readable form, and prints them
    at finish(): the kinds with their counts first ("12 × …"), then one line
    per file, grouped by kind (a migration of hundreds of posts has hundreds
    of lines). Problems logged after finish() are printed at once."""

    def __init__(self, stream):
        super().__init__(level=logging.WARNING)
        self.stream = stream
        self.problems: list[str] = []
        self.pending: list[tuple[int, str]] = []
        self.finished = False
        self.held: dict[str, int] = {}  # FOLLOW_UPS lines: line -> level

    def emit(self, record: logging.LogRecord) -> None:
        line = explain(record)
        if line in self.problems or line in self.held:
            return
        if any(p.match(line) or p.match(record.getMessage()) for p in FOLLOW_UPS):
            self.held[line] = record.levelno
            return
        self._report(record.levelno, line)

    def _report(self, levelno: int, line: str) -> None:
        self.problems.append(line)
        if self.finished:
            self._print(levelno, line)
        else:
            self.pending.append((levelno, line))

    def _print(self, levelno: int, line: str) -> None:
        level = "error" if levelno >= logging.ERROR else "warning"
        print(f"{level}: {line}", file=self.stream, flush=True)

    def finish(self) -> None:
        """Show the held follow-ups if they are all there is to say, then
        everything collected: counts by kind first when there are several."""
        if not self.problems:
            for line, levelno in self.held.items():
                self._report(levelno, line)
        self.held.clear()
        groups: dict[str, list[tuple[int, str]]] = {}
        for levelno, line in self.pending:
            groups.setdefault(kind_of(line), []).append((levelno, line))
        ordered = sorted(groups.items(), key=lambda item: -len(item[1]))  # stable: first seen first
        if len(self.pending) > 1:
            print(f"{len(self.pending)} problem(s), by kind:", file=self.stream)
            for kind, items in ordered:
                print(f"  {len(items)} × {kind}", file=self.stream)
        for _kind, items in ordered:
            for levelno, line in items:
                self._print(levelno, line)
        self.pending.clear()
        self.finished = True


def setup_logging(verbose: bool) -> Collector:
    import pelican.log  # noqa: F401  (installs Pelican's LimitLogger class)

    collector = Collector(sys.stderr)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(collector)
    if verbose:
        info = logging.StreamHandler(sys.stdout)
        info.setLevel(logging.INFO)
        info.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(info)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    return collector


# --- Running Pelican ----------------------------------------------------------


def compile_catalogs(theme: Path) -> None:
    """Compile the theme's gettext catalogs (.po -> .mo) with Babel.

    The .mo files are build products, never edited or committed; compiling is
    cheap, so it happens on every build and a stale .mo can never be used.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in sorted((theme / "translations").glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        # Write-then-rename: parallel builds (tests) may share the theme.
        mo_path = po_path.with_suffix(".mo")
        tmp_path = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        with tmp_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(tmp_path, mo_path)


def load_settings(settings_file: Path, output: Path, extra: dict) -> dict:
    """Pelican's settings for a build into output, with the catalogs compiled."""
    from pelican.settings import read_settings

    global CONTENT_DIR
    override = {"OUTPUT_PATH": str(output), **extra}
    settings = read_settings(str(settings_file), override=override)
    CONTENT_DIR = Path(settings["PATH"])
    compile_catalogs(Path(settings["THEME"]))
    return settings


def run_pelican(settings_file: Path, output: Path, extra: dict) -> dict:
    """Build the site into output; returns the settings it was built with."""
    from pelican import Pelican

    settings = load_settings(settings_file, output, extra)
    Pelican(settings).run()
    return settings


# --- After Pelican: the search index ---------------------------------------


# File names a Pagefind glob can take as they are (no wax metacharacters).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")


def search_glob(site: Path, pages: list[str]) -> str | None:
    """A Pagefind --glob naming just these pages, or None for Pagefind's
    default (every .html file). Pagefind then skips reading the ~40 % of
    the site's pages that are lists (home, categories, tags, archives)."""
    names = sorted({os.path.relpath(p, site).replace(os.sep, "/") for p in pages})
    if not names or not all(_PLAIN_NAME.fullmatch(n) and ".." not in n for n in names):
        return None
    glob = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
    return glob if len(glob) < 100_000 else None  # well within one argument's limit


def index_search(site: Path, pages: list[str] | None = None) -> bool:
    """Index the built site with Pagefind; it writes site/pagefind/. False if
    it failed (logged as an error). `pages`: the only files to read, if known.

    Pagefind splits the index by each page's `<html lang>`: German pages get
    German stemming, the English subsite an index of its own. This runs on the
    build folder before the swap, so with --strict a failure fails the publish.
    Pagefind runs in a session of its own and is ended with the build, however
    the build ends (Ctrl-C, SIGTERM, an error): no orphan keeps writing.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    glob = search_glob(site, pages or [])
    if glob:
        cmd += [f"--glob={glob}"]  # one argument, even if a name starts with "-"
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    except OSError as exc:
        out, err, returncode = "", str(exc), 1
    else:
        try:
            out, err = proc.communicate(timeout=600)
            returncode = proc.returncode
        except subprocess.TimeoutExpired:
            out, err, returncode = "", "no answer within 600 s", 1
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    if returncode != 0:
        lines = (err + out).strip().splitlines()
        logging.getLogger("build.search").error(
            "the search index was not built: Pagefind failed (exit %s: %s); "
            "check that the pinned dependencies are installed (make venv)",
            returncode,
            _relativize_text(lines[-1]) if lines else "no message",
        )
    return returncode == 0


def precompress_search(site: Path, settings: dict) -> None:
    """Pre-compress Pagefind's scripts and styles like the rest of the site.

    pelican-precompress (on with PRECOMPRESS=1, see publishconf.py) runs when
    Pelican finishes, before Pagefind writes site/pagefind/; its
    `compress_files` is run again here over that folder only. Without it the
    search page's scripts (pagefind-ui.js: 120 KB) would be the one
    uncompressed download on a server that serves .br/.gz files as they are.
    Pagefind's index files are compressed by Pagefind itself.
    """
    if "pelican.plugins.precompress" not in settings.get("PLUGINS", ()):
        return
    folder = site / "pagefind"
    if not folder.is_dir():
        return
    from types import SimpleNamespace

    from pelican.plugins.precompress import compress_files

    drop_compressed(folder)  # kept ones would be taken as up to date
    compress_files(SimpleNamespace(settings={**settings, "OUTPUT_PATH": str(folder)}))


# What pelican-precompress writes next to a file.
COMPRESSED = (".gz", ".br", ".zst")


def drop_compressed(folder: Path) -> None:
    """Remove the compressed copies in a reused folder before they are made
    again: pelican-precompress keeps a copy that is already there (whatever
    its content), and the sweep would then remove it as not written by this
    build, leaving the page without one. A file the build copies itself
    (an author's .tar.gz) is written again anyway."""
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(COMPRESSED):
                os.unlink(os.path.join(dirpath, name))


# --- Before the swap: is the new site whole? ------------------------------

# Files Pelican reported writing (signal content_written), for verify_site(),
# and which of them are articles and pages: the theme marks only those with
# data-pagefind-body (templates/article.html, page.html), and Pagefind indexes
# nothing else, so it need not read the rest (search_glob).
WRITTEN: list[str] = []
SEARCHABLE: list[str] = []


def _remember_written(path, context=None):
    WRITTEN.append(path)
    if context and ("article" in context or "page" in context):
        SEARCHABLE.append(path)


def _remember_static_pages(generator):
    """An author's own HTML file among the static files may be marked for
    search too (copied as it is, so content_written does not see it)."""
    for static in generator.staticfiles:
        if static.save_as.lower().endswith((".html", ".htm")):
            SEARCHABLE.append(os.path.join(generator.output_path, static.save_as))


def _nonempty_file(path: str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0


def verify_site(site: Path) -> list[str]:
    """What is missing or empty in the finished site.

    A full disk does not always fail loudly: Pagefind 1.5 exits 0 on ENOSPC,
    leaving 0-byte scripts and index files. So the files are looked at.
    """
    problems = []
    # One stat per file (thousands of them): os.stat, not Path.is_file + stat.
    for path in WRITTEN:
        if not _nonempty_file(path):
            problems.append(f"{_relativize_text(path)} is missing or empty")
    search = site / "pagefind"
    if search.is_dir():
        for folder, _dirs, files in os.walk(search):
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not _nonempty_file(path) and not os.path.islink(path):
                    problems.append(f"the search index file {os.path.relpath(path, site)} is empty")
        try:
            json.loads((search / "pagefind-entry.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"the search index's pagefind-entry.json cannot be read ({exc})")
    return [f"the new site is incomplete: {p}; is the disk full (df -h)?" for p in problems[:5]] + (
        [f"... and {len(problems) - 5} more"] if len(problems) > 5 else []
    )


# --- Before Pelican: nothing outside content/ -------------------------------


def links_leaving(content: Path) -> list[str]:
    """Symlinks under content/ that resolve outside it (Pelican copies what
    they point to: `extra/passwd -> /etc/passwd` would publish that file)."""
    root = content.resolve()
    found = []
    for folder, dirs, files in os.walk(content):
        for name in dirs + files:
            path = Path(folder, name)
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    found.append(
                        f"{relative(str(path))}: a link to {target}, outside content/; "
                        "copy the file into content/ instead of linking it"
                    )
    return found


ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "the disk is full; free some space (df -h)",
    errno.EDQUOT: "the disk quota is used up; free some space",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; check the folder's owner and mode (ls -ld)",
    errno.EPERM: "the operation is not permitted; is the folder immutable (lsattr -d) or owned by someone else?",
}


def environment_error(exc: BaseException, folder: Path) -> str | None:
    """One line for an error of the machine, not of the content."""
    while exc is not None and not isinstance(exc, OSError):
        exc = exc.__cause__ or exc.__context__
    if exc is None or exc.errno not in ENVIRONMENT_ERRORS:
        return None
    return f"cannot write in {relative(str(folder))}/: {ENVIRONMENT_ERRORS[exc.errno]}"


def pause_for_tests(stage: str) -> None:
    """For the interruption tests only: wait at a stage until a signal comes
    (BUILD_TEST_HOOK=pause-at-<stage>)."""
    if os.environ.get("BUILD_TEST_HOOK") == f"pause-at-{stage}":
        print(f"test hook: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(120)


class Interrupted(BaseException):
    """SIGTERM or SIGHUP: ended like Ctrl-C, with the cleanup of a failure.
    A BaseException, like KeyboardInterrupt, so that no `except Exception`
    of Pelican or a plugin takes it for a problem of one file."""


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py", type=Path)
    parser.add_argument("--output", default="output", type=Path)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="any warning or error fails the build; output is replaced only on success",
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=PYTHON_VALUE",
        help="override a setting, e.g. --set 'SITEURL=\"\"' (used by tests)",
    )
    args = parser.parse_args(argv)

    extra = {}
    for item in args.set:
        key, _, value = item.partition("=")
        extra[key] = ast.literal_eval(value)

    collector = setup_logging(args.verbose)
    output = args.output.resolve()
    why = unsafe_output(output, Path.cwd())
    if why:
        print(
            f"error: --output {args.output}: {why}; a build replaces that folder; "
            "use a folder of its own, e.g. output",
            file=sys.stderr,
        )
        return 2
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    name = relative(str(output))
    try:
        with locked(output):
            return build(args, extra, collector, output)
    except OutputBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted) as exc:
        kept = "kept as it was" if output.exists() else "not created"
        why = "Ctrl-C" if isinstance(exc, KeyboardInterrupt) else str(exc)
        print(f"build interrupted ({why}); {name}/ {kept}.", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    except OSError as exc:  # the lock file cannot be made: read-only or foreign folder
        print(
            f"error: {environment_error(exc, output.parent) or exc}; {name}/ kept as it was.",
            file=sys.stderr,
        )
        return 1


def build(args, extra: dict, collector: Collector, output: Path) -> int:
    """The build itself, with the output folder's lock held."""
    from pelican import Pelican, signals

    started = time.perf_counter()
    for note in recover(output):
        print(f"note: {note}", file=sys.stderr)
    log = logging.getLogger("build")
    build_dir, reused, seeded = output, False, False
    if args.strict:
        try:
            # The site the last publish replaced, if kept: faster to overwrite
            # than to write anew (see tools/output_folder.py).
            build_dir = take_spare(output)
            reused = build_dir is not None
            build_dir = build_dir or new_build_folder(output)
        except OSError as exc:
            print(
                f"error: {environment_error(exc, output.parent) or exc}; "
                f"{relative(str(output))}/ kept as it was.",
                file=sys.stderr,
            )
            return 1
        # The folder is new or reused: Pelican must not empty it first (a
        # reused one is swept after the build).
        extra = {**extra, "DELETE_OUTPUT_DIRECTORY": False}
    WRITTEN.clear()
    SEARCHABLE.clear()
    signals.content_written.connect(_remember_written)
    signals.static_generator_finalized.connect(_remember_static_pages)
    swapped = False
    try:
        crashed = None
        settings = {}
        try:
            settings = load_settings(args.settings, build_dir, extra)
            leaving = links_leaving(Path(settings["PATH"]))
            for problem in leaving:
                log.error("%s", problem)
            if leaving:  # Pelican would copy what they point to
                collector.finish()
                print(
                    f"build refused: {len(collector.problems)} problem(s) above; "
                    f"{relative(str(output))}/ not touched.",
                    file=sys.stderr,
                )
                return 1
            pause_for_tests("pelican")
            started_ns = build_started(build_dir) if reused else 0
            if reused and "pelican.plugins.precompress" in settings.get("PLUGINS", ()):
                drop_compressed(build_dir)
            # A new folder starts with the live site's search index files,
            # which Pagefind then need not write again (pagefind_files.py).
            seeded = (
                args.strict
                and not reused
                and seed_search(output / "pagefind", build_dir / "pagefind")
            )
            try:
                Pelican(settings).run()
            except OSError:
                if not reused:
                    raise
                # The kept site could not take the new one (a file where a
                # folder is needed now, a file that cannot be overwritten):
                # build into a new folder instead.
                shutil.rmtree(build_dir, ignore_errors=True)
                build_dir, reused, seeded = new_build_folder(output), False, False
                WRITTEN.clear()
                SEARCHABLE.clear()
                settings = load_settings(args.settings, build_dir, extra)
                Pelican(settings).run()
        except Exception as exc:  # a crash is reported like any other problem
            crashed = exc
            message = environment_error(exc, output.parent)
            if message:
                log.error("%s", message)
            else:
                log.error("the build stopped: %s: %s", type(exc).__name__, exc)

        collector.finish()
        # Post-build steps, on the finished site before it is swapped in. Not
        # skippable: Pagefind is cheap on a site this size, and a search that
        # finds nothing in a dev build would only puzzle.
        if crashed is None and not (args.strict and collector.problems):
            if reused:  # before Pagefind, which would index the kept pages
                sweep(build_dir, started_ns, keep="pagefind")
                drop_damaged(build_dir / "pagefind")
            indexed = index_search(build_dir, SEARCHABLE)
            if (
                indexed
                and (reused or seeded)
                and not prune_search(build_dir / "pagefind", started_ns)
            ):
                # Not a bundle as pagefind_files.py knows it: index anew.
                shutil.rmtree(build_dir / "pagefind", ignore_errors=True)
                index_search(build_dir, SEARCHABLE)
            precompress_search(build_dir, settings)
            for problem in verify_site(build_dir):
                log.error("%s", problem)

        failed = crashed is not None or (args.strict and collector.problems)
        elapsed = time.perf_counter() - started
        if args.strict:
            if failed:
                kept = "kept as it was" if output.exists() else "not created"
                print(
                    f"publish failed: {len(collector.problems)} problem(s) above; "
                    f"{relative(str(output))}/ {kept}.",
                    file=sys.stderr,
                )
                return 1
            make_readable(build_dir)
            pause_for_tests("swap")
            # No signal between the renames of a fallback swap.
            blocked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
            signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
            try:
                notes = swap_in(build_dir, output)
                swapped = True
            except OSError as exc:
                print(
                    f"error: {relative(str(output))}/ cannot be replaced: "
                    f"{environment_error(exc, output) or exc}; it was kept as it was.",
                    file=sys.stderr,
                )
                return 1
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
            for note in notes:
                print(f"warning: {note}", file=sys.stderr)
        print(
            f"built {relative(str(output))}/ in {elapsed:.1f} s"
            + (f" with {len(collector.problems)} warning(s)" if collector.problems else ""),
        )
        if args.strict:
            from schedule import print_next_post  # tools/schedule.py: "next scheduled post: …"

            print_next_post()
        return 1 if crashed else 0
    finally:
        signals.content_written.disconnect(_remember_written)
        signals.static_generator_finalized.disconnect(_remember_static_pages)
        if args.strict and not swapped:
            shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
