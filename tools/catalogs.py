"""Are the theme's gettext catalogs complete? Counts what is left to translate.

Extracts the UI strings from the templates as they are now (with Babel, the
same way `make translations-extract` does, but in memory) and compares every
catalog under theme/translations/ with them:

    missing       used in a template, not yet in the catalog (run
                  `make translations-update`, then translate)
    untranslated  in the catalog with an empty msgstr
    fuzzy         a guess by `pybabel update` that nobody has checked yet
    obsolete      in the catalog, no longer used by any template (harmless;
                  `make translations-update` removes them)

msgids are German, so the German site needs no catalog; each other language
has one. Exit status 1 while any catalog has missing, untranslated or fuzzy
strings, or messages.pot is out of date.

    python tools/catalogs.py [--theme theme]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Status:
    name: str  # "en", or "messages.pot"
    total: int = 0
    missing: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)
    fuzzy: list = field(default_factory=list)
    obsolete: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.untranslated or self.fuzzy)

    def summary(self) -> str:
        return (
            f"{self.name}: {self.total} strings, {len(self.untranslated)} untranslated, "
            f"{len(self.fuzzy)} fuzzy, {len(self.missing)} missing, {len(self.obsolete)} obsolete"
        )


def template_msgids(theme: Path) -> set:
    """Every msgid the theme's templates use (plural entries as (singular, plural))."""
    with (theme / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    msgids = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(theme), method_map, options_map
    ):
        msgids.add((context, message) if context else message)
    return msgids


def _key(message):
    return (message.context, message.id) if message.context else message.id


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(s for s in strings)


def catalog_status(name: str, po_path: Path, used: set) -> Status:
    with po_path.open("rb") as f:
        catalog = read_po(f)
    status = Status(name)
    present = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        key = _key(message)
        present.add(key)
        if key not in used:
            status.obsolete.append(key)
            continue
        status.total += 1
        if not _translated(message):
            status.untranslated.append(key)
        elif message.fuzzy:
            status.fuzzy.append(key)
    status.obsolete += [_key(m) for m in catalog.obsolete.values()]
    status.missing = sorted(used - present, key=str)
    status.total += len(status.missing)
    return status


def template_status(pot_path: Path, used: set) -> Status:
    """messages.pot against the templates: missing and obsolete only."""
    status = Status(pot_path.name, total=len(used))
    if not pot_path.exists():
        status.missing = sorted(used, key=str)
        return status
    with pot_path.open("rb") as f:
        present = {_key(m) for m in read_po(f) if m.id}
    status.missing = sorted(used - present, key=str)
    status.obsolete = sorted(present - used, key=str)
    return status


def check(theme: Path) -> list:
    """Status of messages.pot and of every language's catalog."""
    used = template_msgids(theme)
    translations = theme / "translations"
    statuses = [template_status(translations / "messages.pot", used)]
    for po_path in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        statuses.append(catalog_status(po_path.parts[-3], po_path, used))
    return statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--theme", type=Path, default=REPO / "theme")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the strings")
    args = parser.parse_args(argv)
    statuses = check(args.theme)
    for status in statuses:
        print(status.summary())
        if args.verbose or not status.complete:
            for kind in ("missing", "untranslated", "fuzzy"):
                for key in getattr(status, kind):
                    print(f"  {kind}: {key!r}")
    incomplete = [s.name for s in statuses if not s.complete]
    if incomplete:
        print(
            "incomplete: " + ", ".join(incomplete) + " (make translations-update, "
            "then fill in the msgstr lines in theme/translations/<lang>/LC_MESSAGES/messages.po)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
