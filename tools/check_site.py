"""Quality gates over a built site: links, HTML, feeds, accessibility,
third-party requests and the deploy CSP. Prints a short report per gate and
exits non-zero when any gate has a finding.

    .venv/bin/python tools/check_site.py output
    .venv/bin/python tools/check_site.py output --only links,feeds,privacy,csp
    .venv/bin/python tools/check_site.py output --settings publishconf.py

Gates (each finding names the file, relative to the site folder):

- links    every href/src/srcset in every HTML page, feed (including the
           HTML inside entries), sitemap and robots.txt resolves to a file of
           the site; fragments (#id) exist in their page; nothing links to a
           draft (the folders of the settings' DRAFT_*URL, on every site).
- html     the Nu HTML Checker over every page (tools/check_html.py).
- feeds    every Atom feed parses with feedparser as Atom 1.0 without
           errors, and has what readers need: id, updated, title, a self
           link to where it is, absolute links; every entry an id, updated,
           title and an absolute alternate link.
- a11y     axe-core in Chromium (tools/check_a11y.py) on one page of each
           template, both languages.
- privacy  nothing makes the browser ask another host: no src, srcset,
           poster, stylesheet, font, icon, preload, prefetch, preconnect,
           dns-prefetch or manifest link to a host but the site's own, in
           HTML, CSS (url(), @import) and the web manifest.
- redirects every redirect in _redirects, .htaccess and the redirect pages
           (`make import`, docs/schreiben.md "Umzug von WordPress") leads to a page
           of the site, never to itself or to another redirect.
- csp      the deploy headers (_headers, .htaccess) set a
           Content-Security-Policy whose script-src (or default-src) allows
           no inline script ('unsafe-inline', nonces, hashes), and no page
           relies on one (inline <script>, on* attributes, javascript: URLs).

The site's addresses (drafts, the pages the a11y gate samples) come from the
settings the site was built with: --settings, by default publishconf.py.

Why our own link crawler instead of linkchecker: linkchecker follows links
over HTTP from a start page, so it sees neither pages nothing links to nor
the links inside feed entries, it needs a server, and it takes minutes on a
site of a thousand posts; reading the files is exact and takes seconds.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(REPO / "plugins"))
from safe_content.safe_content import url_scheme  # noqa: E402  (read as a browser reads it)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# Attributes that hold one URL / a srcset list, per element.
URL_ATTRS = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "script": ["src"],
    "iframe": ["src"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "form": ["action"],
}
# <link rel=…> values that make the browser fetch the target.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "icon",
    "apple-touch-icon",
    "manifest",
    "mask-icon",
}
# Elements whose src/srcset/poster/data the browser loads by itself.
LOADING = {
    "img",
    "source",
    "script",
    "iframe",
    "audio",
    "video",
    "track",
    "embed",
    "object",
    "input",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
SKIP_SCHEMES = {"mailto", "tel", "data", "javascript", "about", "urn", "tag"}
# Settings of the draft addresses Pelican writes (articles and pages).
DRAFT_URL_SETTINGS = ("DRAFT_URL", "DRAFT_LANG_URL", "DRAFT_PAGE_URL", "DRAFT_PAGE_LANG_URL")
DEFAULT_SETTINGS = REPO / "publishconf.py"


@functools.lru_cache(maxsize=4)
def read_site_settings(path: Path = DEFAULT_SETTINGS) -> dict:
    """Pelican's settings from a settings file, defaults filled in."""
    from pelican.settings import read_settings

    return read_settings(str(path))


def site_settings(settings: dict) -> dict[str, dict]:
    """{folder: settings} of the main site ("") and each i18n subsite ("en/")."""
    sites = {"": settings}
    for lang, overrides in settings.get("I18N_SUBSITES", {}).items():
        sites[lang.strip("/") + "/"] = {**settings, **overrides}
    return sites


def url_folder(pattern: str) -> str:
    """The fixed folder an address pattern starts with: "entwurf/{slug}/" -> "entwurf/"."""
    fixed = pattern.split("{", 1)[0]
    return fixed[: fixed.rfind("/") + 1]


def draft_prefixes(settings: dict) -> list[str]:
    """Where each site's drafts live, as paths below the main site's root."""
    prefixes = set()
    for folder, site in site_settings(settings).items():
        for key in DRAFT_URL_SETTINGS:
            prefix = url_folder(site.get(key) or "")
            if prefix:  # a draft address without a folder of its own cannot be told apart
                prefixes.add(folder + prefix)
    return sorted(prefixes)


@dataclass
class Gate:
    name: str
    title: str
    findings: list[str] = field(default_factory=list)
    checked: str = ""
    skipped: str = ""
    seconds: float = 0.0


# --- the site ---------------------------------------------------------------


class Site:
    """A built site folder and the URL it was built for."""

    def __init__(self, root: Path, site_url: str | None = None, settings: dict | None = None):
        self.root = Path(root).resolve()
        self.url = (site_url or self._find_site_url()).rstrip("/")
        self.host = urlsplit(self.url).netloc
        self.base_path = urlsplit(self.url).path.rstrip("/")
        self.settings = settings if settings is not None else read_site_settings()
        self.draft_prefixes = draft_prefixes(self.settings)
        self._ids: dict[Path, set[str]] = {}

    def _find_site_url(self) -> str:
        index = self.root / "index.html"
        if index.is_file():
            m = re.search(r'<link rel="canonical" href="([^"]*)"', index.read_text("utf-8"))
            if m:
                return m.group(1)
        return os.environ.get("SITEURL", "")

    def files(self, *suffixes: str) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file() and p.name.endswith(suffixes))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def url_of(self, path: Path) -> str:
        """The page's own URL (x/index.html -> SITEURL/x/)."""
        rel = self.rel(path)
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.url}/{rel}"

    def base_of(self, page: Path, tree) -> str:
        """What relative URLs in the page resolve against: its own URL, or
        its `<base href>`."""
        base = self.url_of(page)
        base_el = tree.find(".//base")
        if base_el is not None and base_el.get("href"):
            base = urljoin(base, base_el.get("href"))
        return base

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        return not parts.netloc or parts.netloc == self.host

    def target(self, url: str) -> tuple[Path, str] | None:
        """The file an own absolute URL points to (and its fragment), or None."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path) :]
        rel = path.lstrip("/")
        candidate = self.root / rel
        if rel == "" or path.endswith("/"):
            candidate = self.root / rel / "index.html"
        elif candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate, parts.fragment

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            try:
                tree = lxml_html.fromstring(page.read_bytes())
                self._ids[page] = {
                    e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")
                } | {e.get("name") for e in tree.iter("a") if e.get("name")}
            except (etree.ParserError, ValueError):
                self._ids[page] = set()
        return self._ids[page]


def html_tree(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def element_urls(tree) -> list[tuple[str, str, str]]:
    """(tag, attribute, url) of every URL-bearing attribute in an HTML tree."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in URL_ATTRS.get(element.tag, []):
            value = element.get(attr)
            if value is None:
                continue
            urls = srcset_urls(value) if attr == "srcset" else [value.strip()]
            found += [(element.tag, attr, u) for u in urls if u]
        if element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url=(.+)", element.get("content", ""), re.I)
            if m:
                found.append(("meta", "content", m.group(1).strip()))
    return found


# --- gate: links ----------------------------------------------------------------


def _check_url(
    site: Site, source: Path, base: str, url: str, what: str, findings: list[str]
) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme in SKIP_SCHEMES:
        return
    absolute = urljoin(base, url)
    if urlsplit(absolute).scheme not in ("http", "https", "") or not site.is_own(absolute):
        return
    where = f"{site.rel(source)}: {what} {url}"
    path = urlsplit(absolute).path
    rel_path = (
        unquote(path)[len(site.base_path) :].lstrip("/")
        if path.startswith(site.base_path)
        else path
    )
    # A draft's URL, on the main site or a language subsite (en/entwurf/…).
    if any(rel_path.startswith(prefix) for prefix in site.draft_prefixes):
        findings.append(
            f"{where}: links to a draft; drafts are never linked from the published site"
        )
        return
    target, fragment = site.target(absolute)
    if not target.is_file():
        findings.append(
            f"{where}: no such file {site.rel(target) if target.is_relative_to(site.root) else target}"
        )
        return
    if fragment and target.suffix == ".html" and unquote(fragment) not in site.ids(target):
        findings.append(f"{where}: no element with id '{unquote(fragment)}' in {site.rel(target)}")


def check_links(site: Site) -> Gate:
    gate = Gate("links", "Internal links")
    pages = site.files(".html")
    for page in pages:
        tree = html_tree(page)
        base = site.base_of(page, tree)
        for tag, attr, url in element_urls(tree):
            _check_url(site, page, base, url, f"<{tag} {attr}>", gate.findings)
    xml_files = [p for p in site.files(".xml") if "pagefind" not in p.parts]
    for path in xml_files:
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as exc:
            gate.findings.append(f"{site.rel(path)}: not well-formed XML: {exc}")
            continue
        base = site.url_of(path)
        for element in root.iter():
            if element.tag in (f"{ATOM}link", f"{XHTML}link") and element.get("href"):
                _check_url(site, path, base, element.get("href"), "<link href>", gate.findings)
            elif element.tag == f"{SITEMAP}loc" and element.text:
                _check_url(site, path, base, element.text.strip(), "<loc>", gate.findings)
            elif (
                element.tag in (f"{ATOM}content", f"{ATOM}summary")
                and element.get("type") == "html"
                and element.text
            ):
                entry_base = base
                for tag, attr, url in element_urls(
                    lxml_html.fragment_fromstring(element.text, create_parent="div")
                ):
                    _check_url(site, path, entry_base, url, f"entry <{tag} {attr}>", gate.findings)
    robots = site.root / "robots.txt"
    if robots.is_file():
        for line in robots.read_text("utf-8").splitlines():
            if line.lower().startswith("sitemap:"):
                _check_url(
                    site,
                    robots,
                    site.url + "/",
                    line.split(":", 1)[1].strip(),
                    "Sitemap:",
                    gate.findings,
                )
    gate.checked = f"{len(pages)} pages, {len(xml_files)} XML files"
    return gate


# --- gate: html --------------------------------------------------------------------


def check_html_gate(site: Site) -> Gate:
    gate = Gate("html", "HTML (Nu HTML Checker)")
    from check_html import CheckerMissing, check_html

    try:
        gate.findings = [str(p) for p in check_html(site.root)]
    except CheckerMissing as exc:
        gate.findings = [f"not checked: {exc}"]
    gate.checked = f"{len(site.files('.html'))} pages"
    return gate


# --- gate: feeds ---------------------------------------------------------------------


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).netloc)


def check_feed(site: Site, path: Path) -> list[str]:
    import feedparser

    rel = site.rel(path)
    problems = []
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        problems.append(f"{rel}: does not parse cleanly: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(
            f"{rel}: is not Atom 1.0 (feedparser sees {parsed.version or 'nothing it knows'})"
        )
        return problems
    root = etree.parse(str(path)).getroot()
    feed_links = root.findall(f"{ATOM}link")
    for name in ("id", "updated", "title"):
        element = root.find(f"{ATOM}{name}")
        if element is None or not (element.text or "").strip():
            problems.append(f"{rel}: the feed has no <{name}>")
    selfs = [link.get("href") for link in feed_links if link.get("rel") == "self"]
    own_url = f"{site.url}/{rel}"
    if not selfs:
        problems.append(
            f'{rel}: no <link rel="self">; readers need it to know where the feed lives'
        )
    elif selfs[0] != own_url:
        problems.append(f'{rel}: <link rel="self"> is {selfs[0]}, but the feed is at {own_url}')
    for link in feed_links:
        if not _absolute(link.get("href")):
            problems.append(f"{rel}: feed link {link.get('href')!r} is not absolute")
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        title = entry.findtext(f"{ATOM}title") or f"entry {number}"
        for name in ("id", "updated", "title"):
            if not (entry.findtext(f"{ATOM}{name}") or "").strip():
                problems.append(f"{rel}: entry '{title}' has no <{name}>")
        alternates = [
            link.get("href")
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not alternates:
            problems.append(f"{rel}: entry '{title}' has no link to its page")
        for href in alternates:
            if not _absolute(href):
                problems.append(f"{rel}: entry '{title}' links {href!r}, not an absolute URL")
        for content in entry.findall(f"{ATOM}content") + entry.findall(f"{ATOM}summary"):
            if content.get("type") == "html" and content.text:
                for tag, attr, url in element_urls(
                    lxml_html.fragment_fromstring(content.text, create_parent="div")
                ):
                    if (
                        urlsplit(url).scheme.lower() not in SKIP_SCHEMES
                        and not _absolute(url)
                        and not url.startswith("#")
                    ):
                        problems.append(
                            f"{rel}: entry '{title}' has a relative <{tag} {attr}> {url}; feed readers need absolute URLs"
                        )
    return problems


def feed_files(site: Site) -> list[Path]:
    feeds = []
    for path in site.files(".xml", ".atom", ".rss"):
        with path.open("rb") as fh:
            head = fh.read(512)
        if b"<feed" in head or b"<rss" in head:
            feeds.append(path)
    return feeds


def check_feeds(site: Site) -> Gate:
    gate = Gate("feeds", "Feeds (Atom)")
    feeds = feed_files(site)
    for path in feeds:
        gate.findings += check_feed(site, path)
    if not feeds:
        gate.findings.append("no feed found (publishconf.py turns feeds on)")
    gate.checked = f"{len(feeds)} feeds"
    return gate


# --- gate: a11y ----------------------------------------------------------------------

# One page per template: (template, the settings of its file, in order of
# preference). Each becomes a glob (every {…} a *); the first file found is
# checked. English: the same in the first subsite's folder, with its settings.
TEMPLATE_SAMPLES = [
    ("index", ["INDEX_SAVE_AS"]),
    ("article", ["ARTICLE_SAVE_AS"]),
    ("page", ["PAGE_SAVE_AS"]),
    ("archives", ["ARCHIVES_SAVE_AS"]),
    ("period_archives", ["YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS"]),
    ("categories", ["CATEGORIES_SAVE_AS"]),
    ("category", ["CATEGORY_SAVE_AS"]),
    ("tags", ["TAGS_SAVE_AS"]),
    ("tag", ["TAG_SAVE_AS"]),
    ("series index", ["SERIES.INDEX_SAVE_AS"]),
    ("series", ["SERIES.SAVE_AS"]),
    ("search", ["SEARCH_SAVE_AS"]),
    ("404", ["404_SAVE_AS"]),
]
SUBSITE_SAMPLES = ["index", "article"]


def _setting(settings: dict, key: str) -> str:
    if key.startswith("SERIES."):
        return (settings.get("SERIES") or {}).get(key.split(".", 1)[1]) or ""
    if key.endswith("_SAVE_AS") and key[: -len("_SAVE_AS")].lower() in settings.get(
        "DIRECT_TEMPLATES", ()
    ):
        name = key[: -len("_SAVE_AS")].lower()
        return settings.get(key, f"{name}.html")  # Pelican's default for a direct template
    return settings.get(key) or ""


def sample_globs(settings: dict) -> list[tuple[str, list[str]]]:
    """(template, globs below the site's root) for the a11y gate, from the settings."""
    sites = site_settings(settings)
    chosen = [
        (name, [f for f in (_setting(settings, k) for k in keys) if f])
        for name, keys in TEMPLATE_SAMPLES
    ]
    subsites = [(folder, s) for folder, s in sites.items() if folder]
    if subsites:
        folder, subsite = subsites[0]
        for name, keys in TEMPLATE_SAMPLES:
            if name in SUBSITE_SAMPLES:
                chosen.append(
                    (
                        f"{name} ({folder.strip('/')})",
                        [folder + f for f in (_setting(subsite, k) for k in keys) if f],
                    )
                )
    return [(name, [re.sub(r"\{[^}]*\}", "*", f) for f in files]) for name, files in chosen]


def _og_type(path: Path) -> str:
    m = re.search(r'<meta property="og:type" content="([^"]*)"', path.read_text("utf-8"))
    return m.group(1) if m else ""


def template_samples(site: Site) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for template, patterns in sample_globs(site.settings):
        for pattern in patterns:
            matches = sorted(site.root.glob(pattern))
            if template.startswith("article"):
                matches = [m for m in matches if _og_type(m) == "article"]
            elif (
                template == "page"
            ):  # page.html's own element (pages and articles share an address pattern)
                matches = [m for m in matches if '<article class="page"' in m.read_text("utf-8")]
            if matches:
                rel = site.rel(matches[0])
                chosen[template] = rel[: -len("index.html")] if rel.endswith("index.html") else rel
                break
    return chosen


def check_a11y_gate(site: Site) -> Gate:
    gate = Gate("a11y", "Accessibility (axe-core)")
    from check_a11y import BrowserMissing, check_pages, format_violation

    samples = template_samples(site)
    try:
        results = check_pages(site.root, list(samples.values()))
    except BrowserMissing as exc:
        gate.findings = [f"not checked: {exc}"]
        return gate
    for path, violations in results.items():
        gate.findings += [format_violation(path or "/", v) for v in violations]
    gate.checked = f"{len(samples)} templates: " + ", ".join(
        f"{t} ({p or '/'})" for t, p in samples.items()
    )
    return gate


# --- gate: privacy (no third-party requests) -------------------------------------------


def _foreign(site: Site, base: str, url: str) -> bool:
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    return (
        parts.scheme in ("http", "https", "") and bool(parts.netloc) and parts.netloc != site.host
    )


def check_privacy(site: Site) -> Gate:
    gate = Gate("privacy", "No third-party requests")
    pages = site.files(".html")
    for page in pages:
        tree = html_tree(page)
        base = site.base_of(page, tree)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            urls = []
            if element.tag in LOADING:
                for attr in ("src", "srcset", "poster", "data"):
                    value = element.get(attr)
                    if value:
                        urls += [
                            (attr, u) for u in (srcset_urls(value) if attr == "srcset" else [value])
                        ]
            if element.tag == "link" and FETCHING_RELS & set(
                element.get("rel", "").lower().split()
            ):
                urls.append((f"rel={element.get('rel')} href", element.get("href", "")))
            style = element.get("style")
            if style:
                urls += [("style", a or b) for a, b in CSS_URL.findall(style)]
            if element.tag == "style" and element.text:
                urls += [("<style>", a or b) for a, b in CSS_URL.findall(element.text)]
            for attr, url in urls:
                if url and _foreign(site, base, url):
                    gate.findings.append(
                        f"{site.rel(page)}: <{element.tag} {attr}> loads {url} from another host"
                    )
    for css in site.files(".css"):
        for a, b in CSS_URL.findall(css.read_text("utf-8", errors="replace")):
            url = a or b
            if _foreign(site, site.url_of(css), url):
                gate.findings.append(f"{site.rel(css)}: loads {url} from another host")
    manifests = site.files(".webmanifest", "manifest.json")
    for manifest in manifests:
        try:
            data = json.loads(manifest.read_text("utf-8"))
        except json.JSONDecodeError as exc:
            gate.findings.append(f"{site.rel(manifest)}: not valid JSON: {exc}")
            continue
        for icon in data.get("icons", []):
            if _foreign(site, site.url_of(manifest), icon.get("src", "")):
                gate.findings.append(f"{site.rel(manifest)}: icon {icon['src']} from another host")
    gate.checked = (
        f"{len(pages)} pages, {len(site.files('.css'))} stylesheets, {len(manifests)} manifests"
    )
    return gate


# --- gate: csp --------------------------------------------------------------------------

INLINE_SOURCE = re.compile(
    r"'unsafe-inline'|'unsafe-hashes'|'nonce-[^']*'|'sha(256|384|512)-[^']*'", re.I
)


def csp_policies(site: Site) -> list[tuple[str, str]]:
    """(file, policy) for every Content-Security-Policy of the deploy headers."""
    found = []
    headers = site.root / "_headers"
    if headers.is_file():
        for line in headers.read_text("utf-8").splitlines():
            name, _, value = line.strip().partition(":")
            if name.strip().lower() == "content-security-policy":
                found.append(("_headers", value.strip()))
    htaccess = site.root / ".htaccess"
    if htaccess.is_file():
        for m in re.finditer(
            r'Header\s+(?:always\s+)?set\s+Content-Security-Policy\s+"([^"]*)"',
            htaccess.read_text("utf-8"),
            re.I,
        ):
            found.append((".htaccess", m.group(1)))
    return found


def script_policy(policy: str) -> tuple[str, str] | None:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), " ".join(words[1:]))
    for name in ("script-src-elem", "script-src", "default-src"):
        if name in directives:
            return name, directives[name]
    return None


def check_csp(site: Site) -> Gate:
    gate = Gate("csp", "Security: CSP allows no inline script")
    policies = csp_policies(site)
    if not policies:
        gate.findings.append(
            "_headers/.htaccess: no Content-Security-Policy found in the deploy headers"
        )
    for where, policy in policies:
        scripts = script_policy(policy)
        if scripts is None:
            gate.findings.append(
                f"{where}: the CSP has neither script-src nor default-src, so any script may run"
            )
            continue
        name, sources = scripts
        if INLINE_SOURCE.search(sources):
            gate.findings.append(
                f"{where}: {name} allows inline script ({INLINE_SOURCE.search(sources).group(0)}); remove it"
            )
        if re.search(r"(^|\s)(\*|https?:|data:)(\s|$)", sources):
            gate.findings.append(f"{where}: {name} '{sources}' allows scripts from any host")
    # A page that needs inline script would break under that policy.
    pages = site.files(".html")
    for page in pages:
        tree = html_tree(page)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "script" and not element.get("src") and (element.text or "").strip():
                if element.get("type", "").lower() not in (
                    "application/ld+json",
                    "application/json",
                    "importmap",
                ):
                    gate.findings.append(
                        f"{site.rel(page)}: inline <script>; move it to a file under theme/static/"
                    )
            for attr, value in element.attrib.items():
                if attr.lower().startswith("on"):
                    gate.findings.append(
                        f"{site.rel(page)}: <{element.tag} {attr}> is inline script"
                    )
                elif attr in ("href", "src", "action", "formaction") and url_scheme(value) in (
                    "javascript",
                    "vbscript",
                ):
                    gate.findings.append(
                        f'{site.rel(page)}: <{element.tag} {attr}="javascript:…"> is inline script'
                    )
    gate.checked = f"{len(policies)} policies, {len(pages)} pages"
    return gate


# --- gate: redirects ----------------------------------------------------------------


def check_redirects(site: Site) -> Gate:
    from wordpress.redirects import redirect_findings

    gate = Gate("redirects", "Redirects (old addresses)")
    gate.findings, gate.checked = redirect_findings(
        site.root, lambda path: site.target(site.url + path)[0].is_file()
    )
    return gate


# --- running the gates -------------------------------------------------------------------

GATES = {
    "links": check_links,
    "html": check_html_gate,
    "feeds": check_feeds,
    "a11y": check_a11y_gate,
    "privacy": check_privacy,
    "csp": check_csp,
    "redirects": check_redirects,
}


def run_gates(site: Site, names: list[str]) -> list[Gate]:
    gates = []
    for name in names:
        started = time.perf_counter()
        gate = GATES[name](site)
        gate.seconds = time.perf_counter() - started
        gates.append(gate)
    return gates


def report(gates: list[Gate], limit: int = 30) -> str:
    lines = []
    for gate in gates:
        status = "ok" if not gate.findings else f"{len(gate.findings)} finding(s)"
        lines.append(f"{gate.title:<40} {status:<16} {gate.checked} [{gate.seconds:.1f} s]")
        for finding in gate.findings[:limit]:
            lines.append(f"    {finding}")
        if len(gate.findings) > limit:
            lines.append(f"    … and {len(gate.findings) - limit} more")
    total = sum(len(g.findings) for g in gates)
    lines.append(f"quality gates: {total} finding(s)" if total else "quality gates: all passed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="output", type=Path)
    parser.add_argument(
        "--only", default=",".join(GATES), help=f"comma-separated gates: {', '.join(GATES)}"
    )
    parser.add_argument(
        "--site-url",
        help="the URL the site was built for (default: from index.html's canonical link)",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=DEFAULT_SETTINGS,
        help="the settings the site was built with (default: publishconf.py)",
    )
    parser.add_argument(
        "--all", action="store_true", help="print every finding, not the first 30 per gate"
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(
            f"error: {args.site}/index.html not found; build the site first (make publish)",
            file=sys.stderr,
        )
        return 2
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in GATES]
    if unknown:
        parser.error(f"unknown gate(s) {', '.join(unknown)}; known: {', '.join(GATES)}")
    gates = run_gates(
        Site(args.site, args.site_url, read_site_settings(args.settings.resolve())), names
    )
    print(report(gates, limit=10**9 if args.all else 30))
    return 1 if any(g.findings for g in gates) else 0


if __name__ == "__main__":
    sys.exit(main())
