"""Plain Pelican 4.12 for the benchmark's baseline: no plugins, the default
theme (notmyidea), Pelican's default feeds, and the same content layout,
language, time zone and pagination as the project."""

SITENAME = "Plain Pelican"
SITEURL = "https://blog.example.org"
AUTHOR = "Vorname Nachname"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
DEFAULT_PAGINATION = 10
# Pelican loads every installed namespace plugin when PLUGINS is unset.
PLUGINS = []
LOAD_CONTENT_CACHE = False
