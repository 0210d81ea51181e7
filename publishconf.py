"""Production settings: pelicanconf.py plus what only the published site needs."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

# TODO(Autorin): echte Domain eintragen (oder SITEURL beim Bauen setzen).
SITEURL = os.environ.get("SITEURL", "https://www.example.org")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/alle.atom.xml"
CATEGORY_FEED_ATOM = "feeds/kategorie/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True
