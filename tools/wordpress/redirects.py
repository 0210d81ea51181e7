"""Every old WordPress address answers with the new one, in three forms.

- content/extra/_redirects   Netlify and Cloudflare Pages (copied to the site root)
- content/extra/.htaccess    Apache: `Redirect 301` for paths, `RewriteRule`
                             for the query-string addresses (/?p=123)
- content/redirects/<old path>/index.html
                             any static host: a page with a meta refresh and
                             rel="canonical" (copied to <old path> in the site)

Our rules live between two marker lines in each file, so whatever else the
files hold (the CSP headers in .htaccess, the owner's own redirects) stays
as it is, and an import run again rewrites only its own block. A rule is
never written for an address that is a page of the new site (it would hide
the page) or whose target is the address itself (a loop).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

BEGIN = "# BEGIN wordpress-import (tools/wp_import.py writes this block; edit outside it)"
END = "# END wordpress-import"
BLOCK = re.compile(r"^# BEGIN wordpress-import.*?^# END wordpress-import[^\n]*\n?", re.S | re.M)
STATIC_ROOT = "redirects"  # content/redirects/, see PATH_METADATA in pelicanconf.py

# Existing rules a block must not contradict: the path (and query) they answer.
NETLIFY_RULE = re.compile(r"^\s*(/\S*)(?:\s+([\w-]+=\S+))?\s+(\S+)(?:\s+(\d{3}!?))?\s*$")
APACHE_REDIRECT = re.compile(
    r'^\s*Redirect(?:Permanent)?\s+(?:301\s+|permanent\s+)?"?(/[^\s"]*)"?\s+"?([^\s"]+)"?', re.I
)


@dataclass(frozen=True, order=True)
class Redirect:
    source: str  # old path, decoded, starting with "/"
    query: str  # "p=123" or ""
    target: str  # new path, starting with "/"
    what: str = ""  # for the report: "post 12", "category fuehrung"


def normal_path(path: str) -> str:
    """A URL path as servers compare it: decoded, starting with '/'."""
    path = unquote(path or "/")
    return path if path.startswith("/") else "/" + path


def safe_path(path: str) -> bool:
    """An old path we may write a redirect page for: inside content/redirects/
    and one line in the redirect files."""
    segments = path.split("/")
    return not any(seg in (".", "..") for seg in segments) and not any(
        c in path for c in '\x00\\\n\r\t"'
    )


def _encoded(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@%")


def netlify_block(rules: list[Redirect]) -> str:
    # Query rules first: a host reads the file top down. "301!" (forced):
    # the static page we put at the old path must not shadow the redirect.
    lines = [BEGIN]
    for r in sorted(rules, key=lambda r: (r.query == "", r.source, r.query)):
        if r.query:
            lines.append(f"/  {r.query}  {_encoded(r.target)}  301!")
        else:
            lines.append(f"{_encoded(r.source)}  {_encoded(r.target)}  301!")
    lines.append(END)
    return "\n".join(lines) + "\n"


def _apache_quote(path: str) -> str:
    return '"' + path.replace('"', "%22") + '"'


def apache_block(rules: list[Redirect]) -> str:
    lines = [BEGIN]
    paths = [r for r in rules if not r.query]
    queries = [r for r in rules if r.query]
    if queries:
        lines += ["<IfModule mod_rewrite.c>", "  RewriteEngine On"]
        for r in sorted(queries, key=lambda r: (r.source, r.query)):
            key, value = r.query.split("=", 1)
            pattern = "^" + re.escape(r.source.lstrip("/")) + "$"
            lines.append(
                f"  RewriteCond %{{QUERY_STRING}} (^|&){re.escape(key)}={re.escape(value)}(&|$) [NC]"
            )
            # The trailing "?" drops the old query string from the new address.
            lines.append(f"  RewriteRule {pattern} {_encoded(r.target)}? [R=301,L]")
        lines.append("</IfModule>")
    if paths:
        lines.append("<IfModule mod_alias.c>")
        # mod_alias matches prefixes, first rule wins: longer paths first, so
        # /category/a/b/ is not caught by /category/a/.
        for r in sorted(paths, key=lambda r: (-len(r.source), r.source)):
            lines.append(
                f"  Redirect 301 {_apache_quote(r.source)} {_apache_quote(_encoded(r.target))}"
            )
        lines.append("</IfModule>")
    lines.append(END)
    return "\n".join(lines) + "\n"


def merge_block(existing: str, block: str) -> str:
    """The file with our block replaced (or appended), the rest untouched."""
    if BLOCK.search(existing):
        return BLOCK.sub(lambda m: block, existing, count=1)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return existing + ("\n" if existing else "") + block


def foreign_sources(existing: str, kind: str) -> dict[tuple[str, str], str]:
    """Rules already in a file, outside our block: (path, query) -> target."""
    text = BLOCK.sub("", existing)
    found = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if kind == "netlify":
            m = NETLIFY_RULE.match(line)
            if m and (m.group(4) or "").startswith("3"):
                found[(normal_path(m.group(1)), m.group(2) or "")] = m.group(3)
        else:
            m = APACHE_REDIRECT.match(line)
            if m:
                found[(normal_path(m.group(1)), "")] = m.group(2)
    return found


def nginx_config(rules: list[Redirect]) -> str:
    """The same redirects for nginx, which reads no file of the site: two
    maps for the http block and two lines for the server block."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    paths = sorted(r for r in rules if not r.query)
    queries = sorted(r for r in rules if r.query)
    lines = [
        "# WordPress redirects (tools/wp_import.py --nginx). In the http { } block:",
        "map $uri $wp_path_redirect {",
        '    default "";',
    ]
    # $uri is decoded, so the old paths are written as they read.
    lines += [f"    {q(r.source)} {q(r.target)};" for r in paths]
    lines += ["}", "map $request_uri $wp_query_redirect {", '    default "";']
    for r in queries:
        key, value = r.query.split("=", 1)
        lines.append(
            f"    {q('~*^' + re.escape(r.source) + '[?](.*&)?' + re.escape(key) + '=' + re.escape(value) + '(&|$)')} {q(r.target)};"
        )
    lines += [
        "}",
        "# In the server { } block of the site:",
        "if ($wp_path_redirect) { return 301 $wp_path_redirect; }",
        "if ($wp_query_redirect) { return 301 $wp_query_redirect; }",
    ]
    return "\n".join(lines) + "\n"


def block_rules(existing: str) -> list[Redirect]:
    """The rules an earlier import wrote into a _redirects file's block, so
    that importing a second export adds to them instead of dropping them."""
    m = BLOCK.search(existing)
    rules = []
    for line in m.group(0).splitlines() if m else []:
        parts = line.split()
        if len(parts) == 4 and parts[0] == "/":
            rules.append(Redirect("/", parts[1], unquote(parts[2]), "an earlier import"))
        elif len(parts) == 3 and not line.startswith("#"):
            rules.append(
                Redirect(normal_path(parts[0]), "", unquote(parts[1]), "an earlier import")
            )
    return rules


def static_page(target: str, title: str, lang: str) -> str:
    moved = "Diese Seite ist umgezogen:" if lang == "de" else "This page has moved:"
    head = "Umgezogen" if lang == "de" else "Moved"
    t = html.escape(target)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{head}: {html.escape(title)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        f'<link rel="canonical" href="{t}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="generator" content="wordpress-import redirect">\n'
        "</head>\n"
        "<body>\n"
        f'<p>{moved} <a href="{t}">{html.escape(title)}</a></p>\n'
        "</body>\n"
        "</html>\n"
    )


def static_page_path(source: str) -> str:
    """content/redirects/… for an old path: /2019/05/x/ -> 2019/05/x/index.html."""
    rel = source.strip("/")
    if not rel:
        return ""
    if re.search(r"\.html?$", rel):
        return f"{STATIC_ROOT}/{rel}"
    return f"{STATIC_ROOT}/{rel}/index.html"


# --- checking a built site (tools/check_site.py's "redirects" gate) -----------------

REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.I)
HTACCESS_RULE = re.compile(
    r'^\s*(?:Redirect(?:Permanent)?\s+(?:(?:30\d|permanent)\s+)?"?(/[^\s"]*)"?\s+"?([^\s"]+)"?'
    r"|RewriteRule\s+\S+\s+(\S+)\s+\[[^\]]*\bR\b[^\]]*\])",
    re.I,
)


def site_redirects(root) -> list[tuple[str, str, str]]:
    """(file, source path or "", target) for every redirect in a built site:
    _redirects, .htaccess and the pages with a meta refresh."""
    from pathlib import Path

    root = Path(root)
    found = []
    netlify = root / "_redirects"
    if netlify.is_file():
        for line in netlify.read_text("utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            status = parts[-1] if re.fullmatch(r"\d{3}!?", parts[-1]) else "301"
            parts = parts[:-1] if parts[-1] == status else parts
            if len(parts) >= 2 and status.startswith("3"):
                query = len(parts) > 2 and "=" in parts[1]
                found.append(("_redirects", "" if query else unquote(parts[0]), parts[-1]))
    apache = root / ".htaccess"
    if apache.is_file():
        for line in apache.read_text("utf-8").splitlines():
            m = HTACCESS_RULE.match(line)
            if m:
                target = (m.group(2) or m.group(3) or "").rstrip("?")
                found.append((".htaccess", unquote(m.group(1) or ""), target))
    for page in sorted(root.rglob("*.html")):
        with open(page, "rb") as f:
            head = f.read(1024).decode("utf-8", "replace")
        m = REFRESH.search(head)
        if m:
            rel = page.relative_to(root).as_posix()
            source = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            found.append((rel, source, html.unescape(m.group(1))))
    return found


def redirect_findings(root, exists) -> tuple[list[str], str]:
    """Findings for redirects that lead nowhere, to themselves or to another
    redirect. `exists(path)` says whether an address is a file of the site."""
    redirects = site_redirects(root)
    sources = {source.rstrip("/") for _, source, _ in redirects if source}
    findings = []
    for where, source, target in redirects:
        if re.match(r"^[a-z]+://", target) or any(c in target for c in "*:$"):
            continue  # another host, or a pattern: nothing to look up here
        path = unquote(target.split("#")[0].split("?")[0])
        if source and source.rstrip("/") == path.rstrip("/"):
            findings.append(f"{where}: {source} redirects to itself; delete the rule")
        elif not exists(path):
            findings.append(
                f"{where}: {source or '(query)'} -> {target}: no such page in the site; fix the target or delete the rule"
            )
        elif path.rstrip("/") in sources and path.rstrip("/") != "":
            findings.append(
                f"{where}: {source or '(query)'} -> {target}, which redirects again; point it at the final address"
            )
    from pathlib import Path

    files = [name for name in ("_redirects", ".htaccess") if (Path(root) / name).is_file()]
    pages = len({where for where, _, _ in redirects if where.endswith(".html")})
    return (
        findings,
        f"{len(redirects)} redirects ({', '.join(files) or 'no redirect files'}, {pages} pages)",
    )
