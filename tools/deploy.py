"""`make deploy`: publish strictly, then copy output/ to DEPLOY_TARGET with rsync.

Only a site that has just passed the strict build is uploaded: this script
runs `tools/build.py --strict` itself and stops if it fails, so neither a
failed publish nor a development build (`make html`, `make devserver`, which
write drafts and the live-reload script into output/) can ever go online.

    DEPLOY_TARGET=user@host:/var/www/blog python tools/deploy.py

DEPLOY_TARGET is anything rsync accepts as a destination (user@host:/path
over SSH, or a local folder). Credentials stay out of the repository: rsync
uses your SSH agent or ~/.ssh/config. DEPLOY_RSYNC_OPTIONS adds options,
e.g. '-e "ssh -p 2222"' or '--dry-run'.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

BUILD = Path(__file__).resolve().parent / "build.py"
# Mirror the site: delete what the new build no longer has; world-readable
# files for the web server; files swapped in at the end (--delay-updates) so
# readers never see half a site.
RSYNC_OPTIONS = [
    "--recursive", "--links", "--times", "--compress", "--delete-after",
    "--delay-updates", "--chmod=D755,F644", "--human-readable", "--stats",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    args = parser.parse_args(argv)

    target = os.environ.get("DEPLOY_TARGET", "").strip()
    if not target:
        print(
            "deploy refused: DEPLOY_TARGET is not set; run e.g.\n"
            "  DEPLOY_TARGET=user@host:/var/www/blog make deploy",
            file=sys.stderr,
        )
        return 2
    if shutil.which("rsync") is None:
        print("deploy refused: rsync is not installed (apt-get install rsync)", file=sys.stderr)
        return 2

    build = subprocess.run(
        [sys.executable, str(BUILD), "--settings", str(args.settings), "--output", str(args.output), "--strict"]
    )
    if build.returncode != 0:
        print("deploy refused: the strict publish failed (see above); nothing was uploaded.", file=sys.stderr)
        return 1

    extra = shlex.split(os.environ.get("DEPLOY_RSYNC_OPTIONS", ""))
    # The trailing slash copies the folder's contents, not the folder itself.
    cmd = ["rsync", *RSYNC_OPTIONS, *extra, f"{args.output}/", target]
    print("deploying: " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    result = subprocess.run(cmd)
    if result.returncode != 0:
        print(f"deploy failed: rsync exited with {result.returncode}.", file=sys.stderr)
        return 1
    print(f"deployed {args.output}/ to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
