"""The theme's catalogs during a devserver session: a .po edit shows.

tools/build.py (and tools/devserver.py at its start) compile the theme's
`.po` catalogs into the `.mo` files that pelican-i18n-subsites reads. In a
devserver session (`pelican --autoreload`, one process) an edited `.po` was
not compiled again, and Python's gettext keeps every catalog it loaded for
the life of the process, so the English pages kept the old texts.

Here, at the start of every run, each `.po` is compiled in memory and
written only when the `.mo` differs (compiling a catalog takes milliseconds);
once a catalog was written during the session, each generator's Jinja
environment gets its translations read fresh from the `.mo` (gettext's
public `find` and `GNUTranslations`) at `get_writer`, right after
pelican-i18n-subsites installed the copy gettext remembered (it installs
them at `get_writer` too, and comes first in PLUGINS).
"""

from __future__ import annotations

import gettext
import io
import logging
import os
from pathlib import Path

import build_state
from plugin_helpers import is_main_run

log = logging.getLogger(__name__)


def compile_catalog(po_path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def refresh_catalogs(pelican) -> None:
    """get_generators of the main run: compile what changed."""
    settings = pelican.settings
    state = build_state.state(settings)
    if state is None or not is_main_run(settings):
        return
    folder = Path(settings["THEME"]) / "translations"
    for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        compiled = compile_catalog(po_path)
        mo_path = po_path.with_suffix(".mo")
        try:
            current = mo_path.read_bytes()
        except OSError:
            current = None
        if current == compiled:
            continue
        # Write-then-rename: parallel builds (tests) may share the theme.
        tmp_path = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        tmp_path.write_bytes(compiled)
        os.replace(tmp_path, mo_path)
        if current is not None:
            state.catalogs["recompiled"] = True
            log.info("fast_build: %s compiled again", po_path)


def note_generator(generator) -> None:
    """generator_init: once a catalog was compiled again in this session, the
    run's generators are noted; `reinstall` gives them fresh translations."""
    state = build_state.state(generator.settings)
    if state is not None and state.catalogs.get("recompiled"):
        pending = state.catalogs.setdefault("generators", {})
        pending.setdefault(generator.settings["OUTPUT_PATH"], []).append(generator)


def reinstall(pelican) -> None:
    """get_writer, after pelican-i18n-subsites installed the translations
    (its own get_writer receiver): fresh ones for this run's generators."""
    state = build_state.state(pelican.settings)
    if state is None:
        return
    for generator in state.catalogs.get("generators", {}).pop(pelican.settings["OUTPUT_PATH"], []):
        reinstall_translations(generator)


def reinstall_translations(generator) -> None:
    """Translations read fresh from the .mo (gettext's own copy is stale)."""
    env = getattr(generator, "env", None)
    settings = generator.settings
    if env is None or "jinja2.ext.i18n" not in settings.get("JINJA_ENVIRONMENT", {}).get(
        "extensions", []
    ):
        return
    lang = settings["DEFAULT_LANG"]
    if lang == settings.get("I18N_TEMPLATES_LANG", build_state.main_lang(settings)):
        return  # the templates' own language: no catalog
    domain = settings.get("I18N_GETTEXT_DOMAIN", "messages")
    localedir = settings.get("I18N_GETTEXT_LOCALEDIR") or os.path.join(
        generator.theme, "translations"
    )
    found = gettext.find(domain, localedir, [lang])
    if not found:
        return
    with open(found, "rb") as fh:
        translations = gettext.GNUTranslations(fh)
    env.install_gettext_translations(translations, settings.get("I18N_GETTEXT_NEWSTYLE", True))
