"""Moving a WordPress site into this blog (`make import`, tools/wp_import.py).

One module per stage, in the order the import runs them:

- wxr.py        read and check the export file (WXR 1.0-1.2)
- body.py       a post's HTML, shortcodes and images to Markdown
- redirects.py  every old address to the new one (_redirects, .htaccess, pages)

tools/wp_import.py plans the files, writes them all or none, and prints the
report.
"""
