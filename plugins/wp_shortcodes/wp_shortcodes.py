"""What a WordPress import (tools/wp_import.py) could not convert stops the publish.

WordPress fills a shortcode in when it shows the page (`[contact-form-7 …]`
becomes a form); a static site cannot. The import keeps each shortcode it does
not know as an HTML comment, `<!-- wp-shortcode: [name …] -->`, so a lenient
build shows nothing of it, and this plugin logs an ERROR naming the file and
the shortcode, which stops `tools/build.py --strict` (`make publish`). Drafts
count too: a draft is published one day, and the shortcode with it.

It also checks the import's static redirect pages (content/redirects/, copied
to the old addresses): one written where a page of the site is would hide it.
"""

import logging
import re

import compat
from content_lists import all_contents

log = logging.getLogger(__name__)

MARKER = re.compile(r"<!-- wp-shortcode: \[([\w-]+)")
REDIRECTS = "redirects/"


def check_shortcodes(generators):
    for content in all_contents(generators):
        names = sorted(set(MARKER.findall(compat.body(content))))
        for name in names:
            log.error(
                "%s: the WordPress shortcode [%s] is still in the text (WordPress filled it in; this site "
                "cannot): replace the line '<!-- wp-shortcode: [%s …] -->' with what it showed "
                "(text, a link, an image) or delete it",
                content.source_path,
                name,
                name,
            )


def check_redirect_pages(generators):
    written = {}
    for content in all_contents(generators):
        if content.status != "draft" and content.save_as:
            written[content.save_as] = content.source_path
    for generator in generators:
        for static in getattr(generator, "staticfiles", []) or []:
            rel = static.relative_source_path
            if rel.startswith(REDIRECTS) and static.save_as in written:
                log.error(
                    "%s: this redirect page would replace %s at the same address; delete the redirect "
                    "page (and its lines in content/extra/_redirects and .htaccess)",
                    static.source_path,
                    written[static.save_as],
                )


def check(generators):
    check_shortcodes(generators)
    check_redirect_pages(generators)


def register():
    from pelican import signals

    # Once everything is read, before anything is written: a failed strict
    # build then leaves the last good site as it was.
    signals.all_generators_finalized.connect(check)
