"""Publishing on a schedule (issue 20): `make upcoming`, the closing line of
`make publish`, the runs that deploy only when something changed, and the
CI workflows and systemd units that start them.

The deploy runs are real: tools/schedule.py around tools/deploy.py (the
strict publish, then rsync) into a local target folder.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import schedule
from sitebuild import REPO

SCHEDULE = REPO / "tools" / "schedule.py"


def article(title, date, body="Text.", **meta):
    lines = [f"Title: {title}", f"Date: {date}", "Summary: Kurz gesagt."]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_series(site):
    site.write(
        "articles/eins.md",
        article(
            "Eins",
            "2026-11-01 09:00",
            "Eins.\n\n## Im nächsten Beitrag\n\nZwei folgt.",
            Slug="eins",
            Lang="de",
            Series="Der Plan",
            Series_index="1",
        ),
    )
    site.write(
        "articles/zwei.md",
        article(
            "Zwei kommt",
            "2099-12-06 09:00",
            "Zwei.",
            Slug="zwei",
            Lang="de",
            Series="Der Plan",
            Series_index="2",
        ),
    )
    site.write(
        "articles/en/two.md",
        article(
            "Two comes",
            "2099-12-07 18:30",
            "Two.",
            Slug="two",
            Lang="en",
        ),
    )
    site.write(
        "articles/entwurf.md",
        article(
            "Entwurf",
            "2099-12-08",
            "Noch nicht.",
            Slug="entwurf",
            Lang="de",
            Status="draft",
        ),
    )


# --- make upcoming, and the last line of make publish -------------------------------


def test_the_schedule_keeps_the_sites_time_zone():
    """tools/schedule.py runs without Pelican, so it states the zone itself."""
    from pelican.settings import read_settings

    assert read_settings(str(REPO / "pelicanconf.py"))["TIMEZONE"] == schedule.TIMEZONE


def test_upcoming_lists_scheduled_posts_with_the_run_that_publishes_them(site):
    write_series(site)
    proc = site.run(SCHEDULE, "upcoming", "--now", "2026-11-29 10:00")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "now: 2026-11-29 10:00 (Europe/Berlin)"
    rows = [re.split(r"\s{2,}", line) for line in lines[2:4]]
    assert rows[0] == [
        "2099-12-06 09:00",
        "de",
        "Zwei kommt",
        "Der Plan, part 2",
        "2099-12-06 09:05",
        "content/articles/zwei.md",
    ]
    assert rows[1] == [
        "2099-12-07 18:30",
        "en",
        "Two comes",
        "2099-12-07 19:05",
        "content/articles/en/two.md",
    ]  # no series
    assert "entwurf.md" not in proc.stdout
    assert "1 draft(s) dated ahead are not scheduled" in proc.stdout
    later = site.run(SCHEDULE, "upcoming", "--now", "2099-12-06 09:00")
    assert "Zwei kommt" not in later.stdout and "Two comes" in later.stdout


def test_upcoming_warns_when_the_part_before_is_not_published_by_then(site):
    write_series(site)
    site.write(
        "articles/drei.md",
        article(
            "Drei",
            "2099-12-01",
            "Drei.",
            Slug="drei",
            Lang="de",
            Series="Der Plan",
            Series_index="3",
        ),
    )
    proc = site.run(SCHEDULE, "upcoming", "--now", "2026-11-29 10:00")
    assert (
        "warning: content/articles/drei.md: part 2 of 'Der Plan' (de) is not published by then: "
        "the publish on that day would stop"
    ) in proc.stdout


def test_a_date_the_schedule_cannot_read_is_named_with_the_fix(site):
    site.write("articles/kaputt.md", article("Kaputt", "nächsten Montag", Slug="kaputt"))
    proc = site.run(SCHEDULE, "upcoming")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "error: content/articles/kaputt.md: Date: 'nächsten Montag' is not a date the schedule can read; "
        "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 'Date: 2026-12-06 09:00'"
    )


def test_dates_pelican_reads_are_read_by_the_schedule_too(site):
    """Accept what Pelican accepts: a real Pelican blog's dates publish, and
    one of them dated ahead is scheduled."""
    site.write("articles/alt.md", article("Alt", "Mon 04 March 2015 10:20", Slug="alt"))
    site.write("articles/englisch.md", article("Englisch datiert", "Dec 6, 2099", Slug="englisch"))
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert (build.output / "alt" / "index.html").is_file()
    assert 'next scheduled post: 2099-12-06 00:00 (de) "Englisch datiert"' in build.stdout


def test_publish_ends_with_the_next_scheduled_post(site):
    write_series(site)
    build = site.build()
    assert build.returncode == 0, build.stderr
    assert build.stdout.strip().splitlines()[-1] == (
        'next scheduled post: 2099-12-06 09:00 (de) "Zwei kommt" content/articles/zwei.md; 1 more (make upcoming)'
    )
    fingerprint = (build.output / ".build-fingerprint").read_text("utf-8").strip()
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", fingerprint)


# --- runs that deploy only when something changed ---------------------------------


@pytest.mark.needs("rsync")  # deploy.py mirrors with rsync
def test_a_second_run_with_nothing_changed_neither_publishes_nor_deploys(site, tmp_path):
    write_series(site)
    target = tmp_path / "webroot"
    env = {"DEPLOY_TARGET": str(target)}
    deploy = ["--", sys.executable, str(REPO / "tools" / "deploy.py"), "--output", "output"]

    first = site.run(SCHEDULE, "run", "--event", "push", *deploy, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "differs from the deployed one (deployed fingerprint: none found" in first.stdout
    assert (target / "eins" / "index.html").is_file()
    deployed = (target / ".build-fingerprint").read_text("utf-8").strip()
    assert deployed == site.run(SCHEDULE, "fingerprint").stdout.strip()
    stamp = (site.root / "output").stat().st_mtime_ns

    second = site.run(SCHEDULE, "run", "--event", "push", *deploy, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.strip().splitlines()[-1] == (
        f"schedule: nothing changed since the last deploy ({deployed[:19]}…): no publish, no deploy"
    )
    assert "built output/" not in second.stdout  # no publish ran
    assert (site.root / "output").stat().st_mtime_ns == stamp

    # An edit is a change: published and deployed.
    site.write("articles/neu.md", article("Neu", "2026-11-20", "Neu.", Slug="neu", Lang="de"))
    third = site.run(SCHEDULE, "run", "--event", "push", *deploy, env=env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "differs from the deployed one" in third.stdout
    assert (target / "neu" / "index.html").is_file()

    # So is time alone, once a post is due: the fingerprint holds which posts
    # their date still held back (the command stands in for make deploy here).
    due = site.run(
        SCHEDULE,
        "run",
        "--event",
        "push",
        "--now",
        "2099-12-06 09:00",
        "--",
        sys.executable,
        "-c",
        "print('deploy ran')",
        env=env,
    )
    assert due.returncode == 0 and due.stdout.strip().endswith("deploy ran"), (
        due.stdout + due.stderr
    )


def test_scheduled_runs_go_on_only_in_the_daily_slot_or_when_a_post_came_due(site):
    write_series(site)
    env = {"DEPLOY_TARGET": ""}

    def due(now, event="schedule"):
        return site.run(SCHEDULE, "due", "--event", event, "--now", now, env=env)

    quiet = due("2099-12-06 08:05")
    assert quiet.returncode == schedule.NOT_DUE
    assert quiet.stdout.strip() == (
        "schedule: nothing to do at 2099-12-06 08:05: no post came due; next: 2099-12-06 09:00 content/articles/zwei.md"
    )
    assert due("2099-12-06 09:05").returncode == 0  # its time
    assert due("2099-12-06 10:40").returncode == 0  # a late start still catches it
    assert due("2099-12-06 12:05").returncode == schedule.NOT_DUE
    daily = due("2099-12-05 04:05")  # Berlin time, whatever the season
    assert daily.returncode == 0 and "the daily run" in daily.stdout
    assert due("2099-07-05 04:05").returncode == 0
    assert due("2099-12-06 12:05", event="push").returncode == 0
    # `run` does the same first; with nothing due it needs no target at all.
    idle = site.run(
        SCHEDULE, "run", "--event", "schedule", "--now", "2099-12-06 12:05", "--", "false", env=env
    )
    assert idle.returncode == 0 and "nothing to do" in idle.stdout
    refused = site.run(SCHEDULE, "run", "--event", "push", "--", "true", env=env)
    assert refused.returncode == 2 and "DEPLOY_TARGET is not set" in refused.stderr


# --- the workflow files and the units ------------------------------------------------


def check_jsonschema(schema, path):
    binary = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(binary), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_github_workflow_is_valid_and_runs_at_the_schedules_minute():
    workflow = REPO / ".github" / "workflows" / "publish.yml"
    proc = check_jsonschema("vendor.github-workflows", workflow)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflow.read_text("utf-8")
    assert re.findall(r'cron: "(.+)"', text) == [f"{schedule.RUN_MINUTE} * * * *"]
    assert (
        "make publish" in text and 'tools/schedule.py run --event "$EVENT" -- make deploy' in text
    )
    assert "secrets.DEPLOY_TARGET" in text and "secrets.DEPLOY_SSH_KEY" in text


def test_gitlab_ci_is_valid():
    proc = check_jsonschema("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (REPO / ".gitlab-ci.yml").read_text("utf-8")
    assert f'"{schedule.RUN_MINUTE} * * * *"' in text and "make publish" in text
    assert 'tools/schedule.py run --event "$EVENT" -- make deploy' in text


def unit_files(text, folder):
    """The files `make schedule-install` prints, written to `folder`."""
    parts = re.split(r"^# ---- (\S+) ----$", text, flags=re.M)
    written = []
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        path = folder / Path(name).name
        path.write_text(body.strip() + "\n", encoding="utf-8")
        written.append(path)
    return written


def schedule_install(tmp_path, user: bool) -> tuple[str, list[Path]]:
    """What `make schedule-install` prints, and its units written to tmp_path."""
    proc = subprocess.run(
        ["make", "--no-print-directory", "schedule-install", *(["USER_UNITS=1"] if user else [])],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, unit_files(proc.stdout, tmp_path)


@pytest.mark.parametrize("user", [False, True], ids=["system", "user"])
def test_schedule_install_prints_units_with_this_folders_paths(tmp_path, user):
    printed, files = schedule_install(tmp_path, user)
    assert [f.name for f in files] == ["blog-publish.service", "blog-publish.timer"]
    service = files[0].read_text("utf-8")
    assert f"WorkingDirectory={REPO}" in service
    assert (
        f"ExecStart=/usr/bin/python3 {REPO}/tools/schedule.py run --event schedule -- " in service
    )
    assert f"OnCalendar=*-*-* *:{schedule.RUN_MINUTE:02d}:00 Europe/Berlin" in files[1].read_text(
        "utf-8"
    )
    assert f"{schedule.RUN_MINUTE} * * * * cd {REPO} && " in printed  # the cron line


@pytest.mark.needs("systemd-analyze")
@pytest.mark.parametrize("user", [False, True], ids=["system", "user"])
def test_schedule_install_prints_units_systemd_accepts(tmp_path, user):
    _, files = schedule_install(tmp_path, user)
    env = dict(os.environ)
    if user:  # the user manager's runtime folder; none in a container or CI job
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        env["XDG_RUNTIME_DIR"] = str(runtime)
    verify = subprocess.run(
        ["systemd-analyze", *(["--user"] if user else []), "verify", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr
