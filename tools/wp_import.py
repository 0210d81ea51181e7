"""Move a WordPress site into this blog: `make import WXR=export.xml [UPLOADS=…] [LANG=de|en] [FORCE=1]`.

Reads a WordPress export (Tools → Export → All content), writes

- posts to content/articles/<year>/<slug>.md, pages to content/pages/<slug>.md
  (English imports into an en/ folder beside them, as docs/schreiben.md lays out),
- the images they show to content/images/ (with UPLOADS=, the folder
  wp-content/uploads of the old site; without it the report lists the files),
- a redirect for every old address (tools/wordpress/redirects.py),

and prints a report. Everything is read, converted and checked before the
first file is written, so bad input leaves content/ as it was; an existing
file is never replaced unless FORCE=1, and a second run with the same export
writes nothing.

    python tools/wp_import.py --wxr export.xml [--uploads DIR] [--lang de] [--force]
"""

from __future__ import annotations

import argparse
import filecmp
import glob
import html
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parent
sys.path.insert(0, str(TOOLS))
sys.path.insert(0, str(REPO / "plugins"))

from newpost import FALLBACK_CATEGORY, make_slug, read_front_matter  # noqa: E402
from wordpress import body as wp_body  # noqa: E402
from wordpress import redirects as wp_redirects  # noqa: E402
from wordpress.wxr import Export, ImportProblem, Item, read_export  # noqa: E402

LANGS = ("de", "en")
# WordPress' default category in the languages we meet: it means "none",
# so the post gets this site's default instead.
UNCATEGORIZED = {"uncategorized", "allgemein", "unkategorisiert", "non-classe", "sin-categoria"}
STATUS = {
    "publish": "published",
    "future": "future",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::\d{2})?$")


@dataclass
class Post:
    item: Item
    kind: str  # "article" or "page"
    status: str  # published, future, draft
    slug: str
    title: str
    date: str
    path: str = ""  # relative to content/
    url: str = ""  # new address, "/slug/"
    text: str = ""
    stats: wp_body.Stats | None = None


class Importer:
    def __init__(
        self,
        export: Export,
        settings: dict,
        content: Path,
        lang: str,
        uploads: Path | None,
        force: bool,
        skip: set[str],
    ):
        self.export = export
        self.settings = settings
        self.content = content
        self.lang = lang
        self.uploads = uploads
        self.force = force
        self.skip = skip
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.counts: Counter = Counter()
        self.posts: list[Post] = []
        self.files: dict[str, str] = {}  # content-relative path -> text
        self.copies: dict[str, Path] = {}  # content-relative path -> source file
        self.images_to_copy: list[str] = []
        self.images_missing: list[str] = []
        self.redirects: list[wp_redirects.Redirect] = []
        hosts = {
            urlsplit(u).netloc.lower()
            for u in (export.link, export.base_site_url, export.base_blog_url)
            if u
        }
        self.own_hosts = (
            {h for h in hosts if h}
            | {h.removeprefix("www.") for h in hosts}
            | {"www." + h for h in hosts}
        )

    # --- names and addresses, as the build makes them ---------------------------

    def slugify(self, text: str) -> str:
        return make_slug(text, self.settings)

    def lang_prefix(self) -> str:
        return "" if self.lang == self.settings["DEFAULT_LANG"] else f"{self.lang}/"

    def setting(self, name: str) -> str:
        if self.lang != self.settings["DEFAULT_LANG"]:
            override = self.settings.get("I18N_SUBSITES", {}).get(self.lang, {})
            if name in override:
                return override[name]
        return self.settings[name]

    def address(self, setting: str, slug: str) -> str:
        return "/" + self.lang_prefix() + self.setting(setting).format(slug=slug, lang=self.lang)

    # --- stage 1: which items, with which metadata -------------------------------

    def label(self, item: Item) -> str:
        return f"{self.export.path}: {item.label}"

    def select(self) -> None:
        ids = Counter(i.id for i in self.export.items if i.type in ("post", "page"))
        self.duplicate_ids = {i for i, n in ids.items() if n > 1}
        if self.duplicate_ids:
            self.notes.append(
                "WordPress IDs used by more than one item (no /?p= redirect for them): "
                + ", ".join(sorted(self.duplicate_ids, key=lambda s: int(s) if s.isdigit() else 0))
            )
        self.attachments = {i.id: i for i in self.export.items if i.type == "attachment"}
        self.children: dict[str, list] = {}
        for att in sorted(self.attachments.values(), key=lambda a: (a.menu_order, a.id)):
            self.children.setdefault(att.parent, []).append(att)
        taken: set[str] = set()
        for item in self.export.items:
            if item.type not in ("post", "page"):
                self.counts[f"skipped: {item.type or 'unknown'} items"] += 1
                continue
            if item.id in self.skip:
                self.counts["skipped: SKIP="] += 1
                continue
            if item.status in ("trash", "auto-draft", "inherit"):
                self.counts[f"skipped: {item.status}"] += 1
                continue
            status = STATUS.get(item.status)
            if status is None:
                self.notes.append(
                    f"{item.label}: status '{item.status}' is unknown; imported as a draft"
                )
                status = "draft"
            post = self.make_post(item, status, taken)
            if post:
                self.posts.append(post)

    def make_post(self, item: Item, status: str, taken: set[str]) -> Post | None:
        # WordPress shows a title as HTML: its tags are not text, its entities are.
        title = (
            wp_body.plain_text(item.title)
            if "<" in item.title
            else html.unescape(" ".join(item.title.split()))
        )
        fix = f"or leave it out with SKIP={item.id}"
        if not title:
            if status != "draft":
                self.problems.append(
                    f"{self.label(item)}: has no title; give it one in WordPress and export again, {fix}"
                )
                return None
            title = (
                f"Entwurf ohne Titel (WordPress-ID {item.id})"
                if self.lang == "de"
                else f"Untitled draft (WordPress ID {item.id})"
            )
            self.notes.append(f"{item.label}: a draft without a title; imported as '{title}'")
        m = DATE.match(item.date)
        if not m or item.date.startswith("0000"):
            self.problems.append(
                f"{self.label(item)}: has no valid date (wp:post_date '{item.date}'); "
                f"set its date in WordPress and export again, {fix}"
            )
            return None
        date = f"{m.group(1)}-{m.group(2)}-{m.group(3)} {m.group(4)}:{m.group(5)}"
        slug = self.slugify(unquote(item.name)) or self.slugify(title) or f"wordpress-{item.id}"
        if slug in taken:
            base, n = slug, 2
            while f"{base}-{n}" in taken:
                n += 1
            slug = f"{base}-{n}"
            self.notes.append(
                f"{item.label}: the address /{base}/ is taken by another imported item; imported as /{slug}/"
            )
        taken.add(slug)
        kind = "article" if item.type == "post" else "page"
        post = Post(item, kind, status, slug, title, date)
        sub = "en/" if self.lang != self.settings["DEFAULT_LANG"] else ""
        if kind == "article":
            folder = self.settings["ARTICLE_PATHS"][0]
            post.path = f"{folder}/{m.group(1)}/{sub}{slug}.md"
            post.url = self.address("ARTICLE_URL", slug)
        else:
            post.path = f"{self.settings['PAGE_PATHS'][0]}/{sub}{slug}.md"
            post.url = self.address("PAGE_URL", slug)
        return post

    # --- stage 2: the new site's other contents, so nothing is shadowed --------

    def existing_addresses(self) -> dict[str, str]:
        """Addresses of content already in content/ (not written by us): url -> file."""
        found = {}
        ours = {p.path for p in self.posts}
        for folder, setting in (
            (self.settings["ARTICLE_PATHS"][0], "ARTICLE_URL"),
            (self.settings["PAGE_PATHS"][0], "PAGE_URL"),
        ):
            for path in sorted((self.content / folder).rglob("*.md")):
                rel = path.relative_to(self.content).as_posix()
                if rel in ours:
                    continue
                meta = read_front_matter(path)
                slug = meta.get("slug") or self.slugify(meta.get("title", ""))
                lang = meta.get("lang", self.settings["DEFAULT_LANG"])
                prefix = "" if lang == self.settings["DEFAULT_LANG"] else f"{lang}/"
                if slug:
                    url = "/" + prefix + self.settings[setting].format(slug=slug, lang=lang)
                    found[url] = rel
        return found

    # --- stage 3: bodies ------------------------------------------------------------

    def link_to_content(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.netloc and parts.netloc.lower() not in self.own_hosts:
            return None
        if parts.query:
            query = parse_qs(parts.query)
            for key in ("p", "page_id"):
                if key in query and query[key][0] in self.by_id:
                    return "{filename}/" + self.by_id[query[key][0]].path
            return None
        post = self.by_old_path.get(wp_redirects.normal_path(parts.path).rstrip("/"))
        return (
            "{filename}/" + post.path + (f"#{parts.fragment}" if parts.fragment else "")
            if post
            else None
        )

    def convert(self) -> None:
        published = [p for p in self.posts if p.status == "published"]
        self.by_id = {p.item.id: p for p in published if p.item.id not in self.duplicate_ids}
        self.by_old_path = {}
        for p in published:
            parts = urlsplit(p.item.link)
            if not parts.query and parts.path.strip("/"):
                self.by_old_path[wp_redirects.normal_path(parts.path).rstrip("/")] = p
        ctx = wp_body.Context(
            self.lang, self.own_hosts, self.attachments, self.children, self.link_to_content
        )
        authors = {p.item.creator for p in self.posts}
        several_authors = len(authors) > 1 or len(self.export.authors) > 1
        for post in self.posts:
            text, stats = wp_body.to_markdown(post.item.content, post.item.id, ctx)
            post.stats = stats
            summary = ""
            if post.item.excerpt.strip():
                summary_md, _ = wp_body.to_markdown(post.item.excerpt, post.item.id, ctx)
                # A Summary shows raw HTML as text (plugins/safe_content): no marker there.
                summary = " ".join(re.sub(r"<!-- wp-shortcode: .*? -->", "", summary_md).split())
            meta = [("Title", post.title), ("Date", post.date)]
            mod = DATE.match(post.item.modified)
            if mod and not post.item.modified.startswith("0000"):
                modified = (
                    f"{mod.group(1)}-{mod.group(2)}-{mod.group(3)} {mod.group(4)}:{mod.group(5)}"
                )
                if modified > post.date:
                    meta.append(("Modified", modified))
            meta += [("Slug", post.slug), ("Lang", self.lang)]
            if post.kind == "article":
                meta.append(("Category", self.category_of(post.item)))
                tags = [
                    self.term_name(t.name).replace(",", " ")
                    for t in post.item.terms
                    if t.kind == "post_tag"
                ]
                if tags:
                    meta.append(("Tags", ", ".join(dict.fromkeys(tags))))
            if several_authors and post.item.creator:
                meta.append(("Author", self.author_name(post.item.creator)))
            if summary:
                meta.append(("Summary", summary))
            if post.status == "draft":
                meta.append(("Status", "draft"))
            thumb = self.attachments.get(post.item.meta.get("_thumbnail_id", ""))
            if thumb is not None:
                rel = wp_body.upload_path(thumb.attachment_url, self.own_hosts)
                alt = " ".join(thumb.meta.get("_wp_attachment_image_alt", "").split())
                if rel and alt:
                    stats.images.append(rel)
                    meta += [("Image", "{static}/images/" + rel), ("Image_alt", alt)]
            head = "\n".join(f"{k}: {v}" for k, v in meta)
            post.text = f"{head}\n\n{text}\n" if text else f"{head}\n"
            self.files[post.path] = post.text
            self.counts["shortcodes converted"] += sum(stats.converted.values())
            self.counts["shortcodes left"] += sum(stats.left.values())

    def author_name(self, login: str) -> str:
        # dc:creator and wp:author_login differ in case in older exports.
        names = {key.lower(): value for key, value in self.export.authors.items()}
        return names.get(login.lower(), login)

    def term_name(self, name: str) -> str:
        return " ".join(html.unescape(name).split())

    def category_of(self, item: Item) -> str:
        for term in item.terms:
            if term.kind == "category":
                if (
                    unquote(term.slug).lower() in UNCATEGORIZED
                    or self.slugify(term.name) in UNCATEGORIZED
                ):
                    break
                return self.term_name(term.name)
        return self.default_category()

    def default_category(self) -> str:
        """The site's DEFAULT_CATEGORY; Pelican's own ("misc") is no word for a
        German site, so without one set `make newpost`'s fallback, as there."""
        from pelican.settings import DEFAULT_CONFIG

        value = self.settings.get("DEFAULT_CATEGORY", "")
        return (
            FALLBACK_CATEGORY if not value or value == DEFAULT_CONFIG["DEFAULT_CATEGORY"] else value
        )

    # --- stage 4: images -------------------------------------------------------------

    def plan_images(self) -> None:
        used = sorted({rel for p in self.posts for rel in (p.stats.images if p.stats else [])})
        self.images_used = used
        for rel in used:
            dest = f"images/{rel}"
            if self.uploads is None:
                if not (self.content / dest).is_file():
                    self.images_to_copy.append(rel)
                continue
            source = self.uploads / rel
            if not source.is_file():
                # The original is gone: take the largest resized copy there is.
                stem, ext = os.path.splitext(source.name)
                pattern = f"{glob.escape(stem)}-*x*{glob.escape(ext)}"
                variants = (
                    sorted(source.parent.glob(pattern), key=lambda p: p.stat().st_size)
                    if source.parent.is_dir()
                    else []
                )
                if not variants:
                    self.images_missing.append(rel)
                    continue
                source = variants[-1]
                self.notes.append(
                    f"{rel}: not in UPLOADS; copied its largest resized copy {source.name}"
                )
            self.copies[dest] = source

    # --- stage 5: redirects --------------------------------------------------------------

    def reserved_folders(self) -> set[str]:
        """First path segments the site writes itself (archives, feeds, the
        theme, the English subsite, …): a redirect page there could hide one."""
        names = {"theme", "feeds", "pagefind", "images", "drafts", "404.html", "index.html"}
        names |= {lang for lang in self.settings.get("I18N_SUBSITES", {})}
        for key in (
            "CATEGORY_URL",
            "CATEGORIES_URL",
            "TAG_URL",
            "TAGS_URL",
            "ARCHIVES_URL",
            "YEAR_ARCHIVE_URL",
            "SEARCH_URL",
            "DRAFT_URL",
            "AUTHOR_URL",
            "AUTHORS_URL",
        ):
            value = str(self.settings.get(key) or "")
            first = value.split("/")[0]
            if first and "{" not in first:
                names.add(first)
        series = self.settings.get("SERIES", {})
        for value in (series.get("URL", ""), series.get("INDEX_URL", "")):
            if value and "{" not in value.split("/")[0]:
                names.add(value.split("/")[0])
        return names

    def plan_redirects(self, existing: dict[str, str]) -> None:
        real = set(existing) | {p.url for p in self.posts if p.status == "published"}
        reserved = self.reserved_folders()
        rules: dict[tuple[str, str], wp_redirects.Redirect] = {}

        def add(source: str, query: str, target: str, what: str) -> None:
            source = wp_redirects.normal_path(source)
            if not wp_redirects.safe_path(source):
                self.notes.append(
                    f"{what}: old address {source!r} cannot be a file path; no redirect written"
                )
                return
            if not query and (
                source.rstrip("/") == target.rstrip("/")
                or source in real
                or source.rstrip("/") + "/" in real
            ):
                return  # the same address, or a page of the new site: never shadow it, never loop
            if not query and source.strip("/").split("/")[0] in reserved:
                self.notes.append(
                    f"{what}: old address {source} is inside /{source.strip('/').split('/')[0]}/, "
                    "which the site uses itself; no redirect written"
                )
                return
            if not query and source.strip("/") == "":
                return
            key = (source, query)
            if key in rules and rules[key].target != target:
                self.notes.append(
                    f"{source}{'?' + query if query else ''}: old address of both {rules[key].what} and {what}; it leads to {rules[key].target}"
                )
                return
            rules[key] = wp_redirects.Redirect(source, query, target, what)

        used_categories: dict[str, str] = {}
        used_tags: dict[str, str] = {}
        for post in self.posts:
            if post.status != "published":
                continue
            item = post.item
            parts = urlsplit(item.link)
            if parts.path and not parts.query:
                add(parts.path, "", post.url, post.item.label)
            if item.id and item.id not in self.duplicate_ids:
                add(
                    "/",
                    f"{'p' if post.kind == 'article' else 'page_id'}={item.id}",
                    post.url,
                    post.item.label,
                )
            if post.kind == "article":
                category = self.category_of(item)
                for term in item.terms:
                    if term.kind == "category":
                        used_categories.setdefault(term.slug, category)
                        break
                for term in item.terms:
                    if term.kind == "post_tag":
                        used_tags.setdefault(term.slug, self.term_name(term.name))
        by_slug = {t.slug: t for t in self.export.terms}
        for nicename, name in sorted(used_categories.items()):
            target = self.address("CATEGORY_URL", self.slugify(name))
            chain, term, seen = [nicename], by_slug.get(nicename), set()
            while term is not None and term.parent and term.parent not in seen:
                seen.add(term.parent)
                chain.insert(0, term.parent)
                term = by_slug.get(term.parent)
            add(
                "/category/" + "/".join(unquote(c) for c in chain) + "/",
                "",
                target,
                f"category {name}",
            )
            if len(chain) > 1:
                add(f"/category/{unquote(nicename)}/", "", target, f"category {name}")
            term = by_slug.get(nicename)
            if term is not None and term.term_id:
                add("/", f"cat={term.term_id}", target, f"category {name}")
        for nicename, name in sorted(used_tags.items()):
            target = self.address("TAG_URL", self.slugify(name))
            add(f"/tag/{unquote(nicename)}/", "", target, f"tag {name}")
            add("/", f"tag={nicename}", target, f"tag {name}")
        self.redirects = sorted(rules.values())

    def write_redirect_files(self) -> None:
        extra = self.settings["STATIC_PATHS"][0] if self.settings["STATIC_PATHS"] else "extra"
        netlify = self.content / extra / "_redirects"
        earlier = wp_redirects.block_rules(netlify.read_text("utf-8") if netlify.is_file() else "")
        ours = {(r.source, r.query): r for r in self.redirects}
        for rule in earlier:
            key = (rule.source, rule.query)
            if key not in ours:
                self.redirects.append(rule)  # from the import of another export: kept
            elif ours[key].target != rule.target:
                self.notes.append(
                    f"{rule.source}{'?' + rule.query if rule.query else ''}: led to {rule.target}, now to {ours[key].target}"
                )
        self.redirects.sort()
        forms = (
            ("_redirects", "netlify", wp_redirects.netlify_block),
            (".htaccess", "apache", wp_redirects.apache_block),
        )
        for name, kind, make_block in forms:
            rel = f"{extra}/{name}"
            path = self.content / rel
            existing = path.read_text("utf-8") if path.is_file() else ""
            theirs = wp_redirects.foreign_sources(existing, kind)
            rules = []
            for r in self.redirects:
                if (r.source, r.query) in theirs:
                    self.notes.append(
                        f"content/{rel}: already redirects {r.source}{'?' + r.query if r.query else ''}; kept that rule"
                    )
                    continue
                if (r.target, "") in theirs:
                    self.notes.append(
                        f"content/{rel}: redirects {r.target} away; no rule to it written (it would loop)"
                    )
                    continue
                rules.append(r)
            self.files[rel] = wp_redirects.merge_block(existing, make_block(rules))
        lang = self.lang
        titles = {p.url: p.title for p in self.posts}
        for r in self.redirects:
            if r.query or r.what == "an earlier import":
                continue
            rel = wp_redirects.static_page_path(r.source)
            if rel:
                self.files[rel] = wp_redirects.static_page(
                    r.target, titles.get(r.target, r.what.split(" ", 1)[-1]), lang
                )

    # --- stage 6: write all or nothing ----------------------------------------------------

    def check_overwrites(self) -> tuple[list[str], list[str]]:
        """Files that would change, and those of them that exist already."""
        changed, clashes = [], []
        merged = {
            f"{self.settings['STATIC_PATHS'][0]}/_redirects",
            f"{self.settings['STATIC_PATHS'][0]}/.htaccess",
        }
        for rel, text in sorted(self.files.items()):
            path = self.content / rel
            if path.is_file():
                if path.read_text("utf-8", errors="replace") == text:
                    continue
                if rel not in merged:
                    clashes.append(rel)
            changed.append(rel)
        for rel, source in sorted(self.copies.items()):
            path = self.content / rel
            if path.is_file():
                if filecmp.cmp(path, source, shallow=False):
                    continue
                clashes.append(rel)
            changed.append(rel)
        return changed, clashes

    def write(self, changed: list[str]) -> None:
        # Staged next to content/ (same file system), then each file renamed
        # into place: a crash mid-way never leaves a half-written file.
        staging = Path(tempfile.mkdtemp(prefix=".wp-import-", dir=self.content.parent))
        try:
            for rel in changed:
                staged = staging / rel
                staged.parent.mkdir(parents=True, exist_ok=True)
                if rel in self.files:
                    staged.write_text(self.files[rel], encoding="utf-8")
                else:
                    shutil.copyfile(self.copies[rel], staged)
                os.chmod(staged, 0o644)
            for rel in changed:
                target = self.content / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def run(self) -> int:
        self.select()
        existing = self.existing_addresses()
        for post in self.posts:
            if post.url in existing and post.status != "draft":
                self.problems.append(
                    f"{self.label(post.item)}: its address {post.url} belongs to content/{existing[post.url]} already; "
                    f"rename one of them (the post_name in WordPress or that file's Slug:), or leave it out with SKIP={post.item.id}"
                )
        if self.problems:
            return self.fail()
        self.convert()
        self.plan_images()
        self.plan_redirects(existing)
        self.write_redirect_files()
        changed, clashes = self.check_overwrites()
        if clashes and not self.force:
            for rel in clashes:
                self.problems.append(
                    f"content/{rel}: exists already and would change; nothing was written. "
                    "Move it away, or run again with FORCE=1 to replace it"
                )
            return self.fail()
        self.write(changed)
        self.changed = changed
        return 0

    def fail(self) -> int:
        for problem in self.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            f"import stopped: {len(self.problems)} problem(s) above; nothing was written to content/.",
            file=sys.stderr,
        )
        return 1

    # --- the report ---------------------------------------------------------------------

    def report(self, seconds: float) -> str:
        posts = [p for p in self.posts if p.kind == "article"]
        pages = [p for p in self.posts if p.kind == "page"]
        left = Counter()
        converted = Counter()
        for p in self.posts:
            left.update(p.stats.left)
            converted.update(p.stats.converted)
        rows = [
            ("posts (published)", sum(p.status == "published" for p in posts)),
            ("pages (published)", sum(p.status == "published" for p in pages)),
            ("drafts (draft, pending, private)", sum(p.status == "draft" for p in self.posts)),
            ("future posts (appear on their date)", sum(p.status == "future" for p in self.posts)),
            ("images and files used", len(self.images_used)),
            ("  copied from UPLOADS", sum(1 for rel in self.changed if rel.startswith("images/"))),
            ("  to copy into content/images/", len(self.images_to_copy) + len(self.images_missing)),
            ("shortcodes and embeds converted", sum(converted.values())),
            ("shortcodes left (publish stops)", sum(left.values())),
            ("comments skipped", sum(p.item.comments + p.item.other_comments for p in self.posts)),
            ("redirects (each as _redirects, .htaccess, page)", len(self.redirects)),
            ("files written or changed", len(self.changed)),
        ]
        width = max(len(r[0]) for r in rows)
        lines = [
            f"WordPress import of {self.export.path} (WXR {self.export.version}, Lang: {self.lang})",
            "",
            f"| {'what'.ljust(width)} | count |",
            f"| {'-' * width} | ----- |",
        ]
        lines += [f"| {name.ljust(width)} | {str(n).rjust(5)} |" for name, n in rows]
        for name, n in sorted(self.counts.items()):
            if name.startswith("skipped"):
                lines.append(f"| {name.ljust(width)} | {str(n).rjust(5)} |")
        if converted:
            lines += [
                "",
                "Converted: " + ", ".join(f"[{k}] {v}" for k, v in sorted(converted.items())),
            ]
        if left:
            lines += [
                "",
                "Shortcodes left in the text (make publish names each; replace or delete them):",
            ]
            for p in self.posts:
                for name, n in sorted(p.stats.left.items()):
                    lines.append(f"  content/{p.path}: [{name}] x{n}")
        commented = [p for p in self.posts if p.item.comments or p.item.other_comments]
        if commented:
            lines += ["", "Comments not imported (approved / others):"]
            lines += [
                f"  content/{p.path}: {p.item.comments} / {p.item.other_comments}"
                for p in commented
            ]
        if self.images_to_copy:
            lines += [
                "",
                "Copy these files from wp-content/uploads/ to content/images/ (same folders), or run again with UPLOADS=:",
            ]
            lines += [f"  {rel}" for rel in self.images_to_copy]
        if self.images_missing:
            lines += [
                "",
                "Not found in UPLOADS (the publish stops until they are in content/images/):",
            ]
            lines += [f"  {rel}" for rel in self.images_missing]
        missing_alt = [(p, src) for p in self.posts for src in p.stats.missing_alt]
        if missing_alt:
            lines += [
                "",
                "Images without alt text (the publish stops; write what the image shows):",
            ]
            lines += [f"  content/{p.path}: {src}" for p, src in missing_alt]
        external = [(p, src) for p in self.posts for src in p.stats.external_images]
        if external:
            lines += [
                "",
                "Images not under wp-content/uploads (kept as they are; `make check` reports those missing or on another host):",
            ]
            lines += [f"  content/{p.path}: {src}" for p, src in external]
        if self.notes:
            lines += ["", "Notes:"] + [f"  {note}" for note in self.notes]
        lines += [
            "",
            f"{len(self.changed)} file(s) written in {seconds:.2f} s"
            if self.changed
            else f"nothing changed (everything was imported already) in {seconds:.2f} s",
        ]
        return "\n".join(lines)


def import_lang(export: Export, override: str) -> tuple[str, str | None]:
    raw = (override or export.language or "").strip()
    lang = re.split(r"[-_]", raw.lower())[0] if raw else ""
    if lang in LANGS:
        return lang, None
    where = "LANG=" if override else f"the export's <language> '{export.language}'"
    return "", (
        f"{export.path}: {where} is not a language this site has ({', '.join(LANGS)}); "
        "run again with LANG=de or LANG=en"
    )


def print_nginx(args) -> int:
    from pelican.settings import read_settings

    settings = read_settings(args.settings)
    content = Path(args.content or settings["PATH"])
    netlify = content / (settings["STATIC_PATHS"] or ["extra"])[0] / "_redirects"
    rules = wp_redirects.block_rules(netlify.read_text("utf-8")) if netlify.is_file() else []
    if not rules:
        print(
            f"error: {netlify} holds no imported redirects; run  make import WXR=…  first",
            file=sys.stderr,
        )
        return 1
    print(wp_redirects.nginx_config(rules), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--wxr",
        default=os.environ.get("WXR", ""),
        help="the export file (WordPress: Tools → Export)",
    )
    parser.add_argument(
        "--uploads",
        default=os.environ.get("UPLOADS", ""),
        help="the old site's wp-content/uploads folder",
    )
    parser.add_argument("--lang", default="", help="de or en (default: the export's <language>)")
    parser.add_argument(
        "--force", action="store_true", default=os.environ.get("FORCE", "") not in ("", "0")
    )
    parser.add_argument(
        "--skip",
        default=os.environ.get("SKIP", ""),
        help="WordPress IDs to leave out, comma-separated",
    )
    parser.add_argument("--settings", default=str(REPO / "pelicanconf.py"))
    parser.add_argument(
        "--content", default="", help="content folder (default: the settings' PATH)"
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="print the imported redirects as nginx configuration (from content/extra/_redirects)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.nginx:
        return print_nginx(args)
    if not args.wxr:
        print(
            "error: no export file; run  make import WXR=path/to/export.xml  (WordPress: Tools → Export → All content)",
            file=sys.stderr,
        )
        return 2
    uploads = Path(args.uploads).expanduser() if args.uploads else None
    if uploads is not None and not uploads.is_dir():
        print(
            f"error: UPLOADS={args.uploads} is not a folder; give the old site's wp-content/uploads folder (a copy of it)",
            file=sys.stderr,
        )
        return 2
    try:
        export = read_export(Path(args.wxr).expanduser())
    except ImportProblem as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("import stopped; nothing was written to content/.", file=sys.stderr)
        return 1
    lang, problem = import_lang(export, args.lang)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1

    from pelican.settings import read_settings

    settings = read_settings(args.settings)
    content = Path(args.content or settings["PATH"]).resolve()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    importer = Importer(export, settings, content, lang, uploads, args.force, skip)
    status = importer.run()
    if status:
        return status
    print(importer.report(time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
