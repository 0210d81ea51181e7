"""Helpers every local plugin shares: one copy each.

Not a plugin: a helper module the local plugins import (pelicanconf.py puts
plugins/ on sys.path), like content_lists.py.

- `is_main_run(settings)`: the main site's run, not an i18n subsite's.
- `plugin_options(...)`: a plugin's one namespaced setting merged over its
  DEFAULTS, unknown keys warned about with the plugin's name (as
  pelican-plugins/sitemap does).
- `absolute(siteurl, url)`: one clean URL (no `..`, no `index.html`).
- `clean_path(path)`: `archiv/index.html` -> `archiv/`.
- `site_slugify(text, settings)`: Pelican's slugify with the site's slug
  settings, as Pelican calls it.
- `requires(plugin, *earlier)`: a plugin's order dependency, asserted in
  its register().
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from pelican.utils import slugify

log = logging.getLogger(__name__)


def is_main_run(settings) -> bool:
    """True in the main site's run; False in a pelican-i18n-subsites subsite
    (its DEFAULT_LANG is one of I18N_SUBSITES)."""
    return settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})


def plugin_options(
    settings,
    plugin: str,
    setting: str,
    defaults: dict,
    value=None,
    level: int = logging.WARNING,
    known=None,
) -> dict:
    """`settings[setting]` (or `value`) merged over `defaults`; each unknown
    key is reported (a warning, or `level`), naming the plugin, the setting
    and the known keys (`known`, default: those of `defaults`), and left out."""
    given = settings.get(setting) if value is None else value
    given = given or {}
    known = list(defaults if known is None else known)
    for key in given:
        if key not in known:
            log.log(
                level,
                "%s: unknown option %s[%r] in the settings; known: %s",
                plugin,
                setting,
                key,
                ", ".join(known),
            )
    return {**defaults, **{k: v for k, v in given.items() if k in known}}


@functools.lru_cache(maxsize=16384)
def absolute(siteurl: str, url: str) -> str:
    """URL `url` (relative to siteurl) as one clean URL: no `..`, no `index.html`.

    With an empty siteurl (development builds) the result is root-relative.
    Remembered: page heads and sitemaps ask for the same URLs on every page
    and in every devserver run.
    """
    joined = urljoin((siteurl or "").rstrip("/") + "/", url or "")
    parts = urlsplit(joined)
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    if path.startswith("//"):  # normpath keeps a leading '//' (POSIX rule)
        path = "/" + path.lstrip("/")
    if (trailing or path == "") and not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def clean_path(path: str) -> str:
    """`archiv/index.html` -> `archiv/`: the URL the site links to."""
    return re.sub(r"(^|/)index\.html$", r"\1", path)


def site_slugify(text: str, settings) -> str:
    """Pelican's slugify with the site's slug settings, as Pelican calls it for
    articles, categories and tags (German transliteration: Führung -> fuehrung)."""
    return slugify(
        text,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


# Plugins whose register() has run in this process, in order.
_REGISTERED: list[str] = []


class PluginOrderError(RuntimeError):
    pass


# plugin -> plugins that must come before it in PLUGINS when they are listed.
_BEFORE_IF_LISTED: dict[str, tuple] = {}


def requires(plugin: str, *earlier: str, if_listed: tuple = ()) -> None:
    """Assert in `plugin`'s register() that each of `earlier` was registered
    before it (Pelican imports every plugin of PLUGINS, then calls their
    register() in PLUGINS order; signal receivers run in the order they were
    connected). Each of `if_listed` must come before it only if PLUGINS
    names it at all: that is checked against PLUGINS when Pelican is
    initialised, since Pelican 4.12 imports every installed namespace plugin
    whatever PLUGINS says (sys.modules tells nothing)."""
    missing = [name for name in earlier if not _is_registered(name)]
    if missing:
        raise PluginOrderError(
            f"{plugin}: needs {', '.join(missing)} before it in PLUGINS (pelicanconf.py); "
            f"registered so far: {', '.join(_REGISTERED) or 'none'}"
        )
    registered(plugin)
    if if_listed:
        from pelican import signals

        _BEFORE_IF_LISTED[plugin] = if_listed
        signals.initialized.connect(_check_listed_order)


def _check_listed_order(pelican) -> None:
    names = [getattr(p, "__name__", str(p)) for p in pelican.settings.get("PLUGINS") or []]
    for plugin, before in _BEFORE_IF_LISTED.items():
        if plugin not in names:
            continue
        late = [
            name for name in before if name in names and names.index(name) > names.index(plugin)
        ]
        if late:
            raise PluginOrderError(
                f"{plugin}: needs {', '.join(late)} before it in PLUGINS (pelicanconf.py)"
            )


def _is_registered(name: str) -> bool:
    """Ours: noted by `registered`; another package's (pelican.plugins.…):
    a receiver of one of its modules is connected to a Pelican signal."""
    if name in _REGISTERED:
        return True
    if "." not in name:
        return False
    from blinker import ANY, default_namespace

    return any(
        getattr(receiver, "__module__", "").startswith(name)
        for signal in list(default_namespace.values())
        for receiver in signal.receivers_for(ANY)
    )


def registered(plugin: str) -> None:
    """Note that `plugin`'s register() ran (called by `requires`, or by a
    plugin without dependencies that others depend on)."""
    if plugin not in _REGISTERED:
        _REGISTERED.append(plugin)
