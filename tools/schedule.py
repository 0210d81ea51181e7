"""Posts dated ahead, and the runs that publish them.

    python3 tools/schedule.py upcoming [--now "2026-12-06 09:00"]
    python3 tools/schedule.py run [--event schedule|push|manual] -- make deploy
    python3 tools/schedule.py due [--event …]     (step 1 of run alone, for CI)
    python3 tools/schedule.py units [--user]
    python3 tools/schedule.py fingerprint       (what a publish now would write)

`upcoming` (`make upcoming`) lists the finished posts dated ahead, with the
scheduled run that publishes each. `run` is what the CI workflows and the
systemd service call: it runs the command after `--` (`make deploy`) only
when there is something to publish, and otherwise ends in a second:

1. A scheduled run (`--event schedule`, every hour at RUN_MINUTE) goes on
   only in the early-morning slot (DAILY_HOUR, Berlin time) or when a post
   came due within the last WINDOW (its time, give or take a late start).
2. Then the fingerprint of the site a publish would build now (every input
   file, and which posts their date still holds back) is compared with the
   one in the deployed site (`.build-fingerprint`, which a publish writes
   into the site and `make deploy` uploads with it, read back with rsync
   from DEPLOY_TARGET). The same: nothing changed since the last deploy, no
   publish, no deploy.

`units` (`make schedule-install`) prints a systemd timer and service for a
self-hosted machine, with this folder's paths, and a cron line.

Standard library only: CI runs it on the system Python, before any
install, so a run that has nothing to do costs only the checkout.
"""

from __future__ import annotations

import argparse
import datetime
import getpass
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path.cwd()  # the site's folder, as for tools/build.py
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from build_clock.sources import FINGERPRINT_FILE, BadDate, Post, fingerprint, posts, scheduled  # noqa: E402

TIMEZONE = "Europe/Berlin"  # pelicanconf.TIMEZONE; the schedule's clock
# The scheduled trigger fires every hour at this minute (the GitHub and GitLab
# schedules and the systemd timer say the same; tests/test_schedule.py checks).
RUN_MINUTE = 5
# The daily run: the hourly run in this hour (Berlin) always checks, so a
# change that no post's time announced (a missed run, a manual deploy) is
# published by the next morning at the latest.
DAILY_HOUR = 4
# A post is published by the first hourly run after its time; a run that
# starts up to this much late still sees it as just due.
WINDOW = datetime.timedelta(hours=2)
EVENTS = ("schedule", "push", "manual")
# Exit status of `due` when a run has nothing to do (errors exit 1 or 2).
NOT_DUE = 10


def now_from(text: str | None) -> datetime.datetime:
    zone = ZoneInfo(TIMEZONE)
    if not text:
        return datetime.datetime.now(zone)
    try:
        value = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise SystemExit(
            f"error: --now '{text}' is not a date; write it as YYYY-MM-DD HH:MM, e.g. --now '2026-12-06 09:00'"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def read_posts() -> list[Post]:
    try:
        return posts(ROOT, TIMEZONE)
    except BadDate as exc:
        raise SystemExit(f"error: {exc}") from None


def publishing_run(date: datetime.datetime) -> datetime.datetime:
    """The first hourly run at or after `date`."""
    run = date.replace(minute=RUN_MINUTE, second=0, microsecond=0)
    return run if run >= date else run + datetime.timedelta(hours=1)


def fmt(date: datetime.datetime) -> str:
    return date.astimezone(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M")


def series_part(post: Post) -> str:
    if not post.series:
        return ""
    return f"{post.series}, part {post.series_index}" if post.series_index else post.series


def gaps(post: Post, everything: list[Post]) -> str | None:
    """Why the publish on this post's day would stop: the part before it is
    not published by then (the strict build stops on a gap in a series)."""
    if not post.series or not post.series_index.isdigit() or int(post.series_index) < 2:
        return None
    before = str(int(post.series_index) - 1)
    for other in everything:
        if (
            (other.series, other.lang, other.series_index) == (post.series, post.lang, before)
            and other.status == "published"
            and other.date <= post.date
        ):
            return None
    return f"part {before} of '{post.series}' ({post.lang}) is not published by then: the publish on that day would stop"


def next_post_line(now: datetime.datetime | None = None) -> str:
    """The closing line of `make publish`."""
    try:
        ahead = scheduled(posts(ROOT, TIMEZONE), now or now_from(None))
    except BadDate as exc:
        return f"next scheduled post: unknown ({exc})"
    if not ahead:
        return "next scheduled post: none (make upcoming)"
    post = ahead[0]
    more = f"; {len(ahead) - 1} more (make upcoming)" if len(ahead) > 1 else ""
    return f'next scheduled post: {fmt(post.date)} ({post.lang}) "{post.title}" {post.path}{more}'


def print_next_post() -> None:
    """Called at the end of a successful `make publish` (tools/build.py)."""
    print(next_post_line())


# --- upcoming -----------------------------------------------------------------


def upcoming(now: datetime.datetime) -> int:
    everything = read_posts()
    ahead = scheduled(everything, now)
    print(f"now: {fmt(now)} ({TIMEZONE})")
    if not ahead:
        print("no scheduled posts: nothing is dated after now (drafts are never scheduled)")
        return 0
    rows = [("date", "lang", "title", "series", "published by the run at", "file")]
    rows += [
        (fmt(p.date), p.lang, p.title, series_part(p), fmt(publishing_run(p.date)), p.path)
        for p in ahead
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    for post in ahead:
        problem = gaps(post, everything)
        if problem:
            print(
                f"warning: {post.path}: {problem}; publish the part before it first or date this one later"
            )
    drafts = [p for p in everything if p.status == "draft" and p.date > now]
    if drafts:
        print(
            f"({len(drafts)} draft(s) dated ahead are not scheduled: remove 'Status: draft' to schedule one)"
        )
    return 0


# --- run: publish and deploy only when needed -------------------------------------


def due(now: datetime.datetime, everything: list[Post]) -> tuple[bool, str]:
    """Whether a scheduled run at `now` has anything to look at."""
    local = now.astimezone(ZoneInfo(TIMEZONE))
    if local.hour == DAILY_HOUR:
        return True, f"the daily run ({DAILY_HOUR:02d}:{RUN_MINUTE:02d} Berlin time)"
    came_due = [p for p in scheduled(everything, now - WINDOW) if p.date <= now]
    if came_due:
        return True, f"{came_due[0].path} is due since {fmt(came_due[0].date)}"
    return False, "no post came due"


def deployed_fingerprint(target: str) -> tuple[str | None, str]:
    """The fingerprint in the site at DEPLOY_TARGET, and what happened."""
    if shutil.which("rsync") is None:
        return None, "rsync is not installed"
    extra = shlex.split(os.environ.get("DEPLOY_RSYNC_OPTIONS", ""))
    extra = [option for option in extra if option not in ("--dry-run", "-n")]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "fingerprint"
        source = target.rstrip("/") + "/" + FINGERPRINT_FILE
        proc = subprocess.run(
            ["rsync", "--quiet", *extra, source, str(copy)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            reason = (proc.stderr.strip().splitlines() or [f"rsync exit {proc.returncode}"])[-1]
            return None, f"none found ({reason})"
        return copy.read_text("utf-8").strip(), "read"


def gate(event: str, now: datetime.datetime, everything: list[Post]) -> bool:
    """Step 1: whether this run goes on (says why either way)."""
    if event != "schedule":
        print(f"schedule: checking: a {event} run")
        return True
    go, why = due(now, everything)
    if go:
        print(f"schedule: checking: {why}")
        return True
    ahead = scheduled(everything, now)
    soon = f"; next: {fmt(ahead[0].date)} {ahead[0].path}" if ahead else ""
    print(f"schedule: nothing to do at {fmt(now)}: {why}{soon}")
    return False


def run(event: str, now: datetime.datetime, command: list[str]) -> int:
    everything = read_posts()
    if not gate(event, now, everything):
        return 0
    target = os.environ.get("DEPLOY_TARGET", "").strip()
    if not target or target.startswith("-"):
        print(
            "schedule: refused: DEPLOY_TARGET is not set (or starts with '-'); set it to the "
            "deploy target, e.g. user@host:/var/www/blog (in CI: a secret)",
            file=sys.stderr,
        )
        return 2
    wanted = fingerprint(ROOT, now, TIMEZONE)
    deployed, how = deployed_fingerprint(target)
    if deployed == wanted:
        print(
            f"schedule: nothing changed since the last deploy ({wanted[:19]}…): no publish, no deploy"
        )
        return 0
    print(
        f"schedule: the site to publish differs from the deployed one (deployed fingerprint: "
        f"{deployed[:19] + '…' if deployed else how}); running: {shlex.join(command)}",
        flush=True,
    )
    if not command:
        print("schedule: no command after '--' (e.g. -- make deploy)", file=sys.stderr)
        return 2
    return subprocess.run(command).returncode


# --- units: a self-hosted machine ---------------------------------------------------


def unit_quote(word: str) -> str:
    """A word of a systemd ExecStart= line (spaces need double quotes)."""
    if any(c.isspace() or c in "\"'\\" for c in word):
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


def system_binary(name: str) -> str:
    """An absolute path systemd can start: the system's own binary first
    (a pyenv or venv python in a home folder may be gone tomorrow)."""
    for folder in ("/usr/bin", "/bin", "/usr/local/bin"):
        if os.access(f"{folder}/{name}", os.X_OK):
            return f"{folder}/{name}"
    return shutil.which(name) or f"/usr/bin/{name}"


def units(user: bool) -> str:
    root = ROOT.resolve()
    python, make = system_binary("python3"), system_binary("make")
    folder = "~/.config/systemd/user" if user else "/etc/systemd/system"
    ctl = "systemctl --user" if user else "sudo systemctl"
    # Deploy settings live outside the repository: they name a server.
    env_file = "%h/.config/blog-publish.env" if user else "/etc/blog-publish.env"
    shown_env = "~/.config/blog-publish.env" if user else env_file
    account = "" if user else f"User={getpass.getuser()}\n"
    # The user manager has no network-online.target to wait for.
    network = "" if user else "Wants=network-online.target\nAfter=network-online.target\n"
    log_file = "$HOME/.cache/blog-publish.log"
    return f"""# A self-hosted schedule for this site: save the two files below, then
#   {ctl} daemon-reload && {ctl} enable --now blog-publish.timer
# Deploy settings, not in the repository: {shown_env}, e.g.
#   DEPLOY_TARGET=user@host:/var/www/blog
#   SITEURL=https://www.example.org
# The service's user needs SSH access to the target (its ~/.ssh/config or agent).
# Check: {ctl} list-timers blog-publish.timer; journalctl {"--user " if user else ""}-u blog-publish.service
# What is due: make upcoming

# ---- {folder}/blog-publish.service ----
[Unit]
Description=Publish and deploy the blog when something is due ({root})
{network}
[Service]
Type=oneshot
{account}WorkingDirectory={root}
EnvironmentFile=-{env_file}
ExecStart={python} {unit_quote(str(root / "tools" / "schedule.py"))} run --event schedule -- {make} deploy

# ---- {folder}/blog-publish.timer ----
[Unit]
Description=Every hour at :{RUN_MINUTE:02d}: publish posts that are due (blog-publish.service)

[Timer]
OnCalendar=*-*-* *:{RUN_MINUTE:02d}:00 {TIMEZONE}
Persistent=true

[Install]
WantedBy=timers.target

# ---- or, without systemd: one crontab line (crontab -e) ----
# {RUN_MINUTE} * * * * cd {shlex.quote(str(root))} && set -a && . {shown_env} && set +a && {python} tools/schedule.py run --event schedule -- {make} deploy >> {log_file} 2>&1
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    up = sub.add_parser(
        "upcoming", help="list the posts dated ahead and the run that publishes each"
    )
    up.add_argument("--now", help="as if it were then (Berlin time), e.g. '2026-12-06 09:00'")
    go = sub.add_parser(
        "run", help="run the command after -- only if there is something to publish"
    )
    go.add_argument("--event", choices=EVENTS, default="manual")
    go.add_argument("--now", help=argparse.SUPPRESS)  # tests
    go.add_argument("command", nargs=argparse.REMAINDER)
    gt = sub.add_parser(
        "due", help=f"only step 1 of run: exit 0 if a run should go on, {NOT_DUE} if not"
    )
    gt.add_argument("--event", choices=EVENTS, default="manual")
    gt.add_argument("--now", help=argparse.SUPPRESS)
    fp = sub.add_parser(
        "fingerprint", help="print the fingerprint of the site a publish would build now"
    )
    fp.add_argument("--now", help=argparse.SUPPRESS)
    un = sub.add_parser(
        "units", help="print a systemd timer and service (and a cron line) for this folder"
    )
    un.add_argument(
        "--user", action="store_true", help="for systemd --user instead of the system manager"
    )
    args = parser.parse_args(argv)

    if args.action == "upcoming":
        return upcoming(now_from(args.now))
    if args.action == "run":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return run(args.event, now_from(args.now), command)
    if args.action == "due":
        return 0 if gate(args.event, now_from(args.now), read_posts()) else NOT_DUE
    if args.action == "fingerprint":
        try:
            print(fingerprint(ROOT, now_from(args.now), TIMEZONE))
        except BadDate as exc:
            raise SystemExit(f"error: {exc}") from None
        return 0
    print(units(args.user), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
