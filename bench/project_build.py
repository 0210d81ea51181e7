"""The project's build as `make publish` runs it, minus the search index.

    python bench/project_build.py --settings publishconf.py --output OUT

tools/build.py runs Pelican and then Pagefind; the benchmark reports the
search index separately, so this runs the same Pelican step (same settings
loading, catalog compiling and plugins, through tools/build.py's own
functions) and stops before Pagefind. Exit status 1 if Pelican crashed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import build  # noqa: E402  (tools/build.py)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--settings", default="publishconf.py", type=Path)
    parser.add_argument("--output", required=True, type=Path)
    args = parser.parse_args()
    collector = build.setup_logging(False)
    try:
        build.run_pelican(args.settings, args.output.resolve(), {})
    except Exception as exc:  # reported like tools/build.py does
        print(f"the build stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if collector.problems:
        print(f"{len(collector.problems)} warning(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
