"""Highlighted code has colours in light, dark and print (issue 16, defect 8).

codehilite (pelicanconf.py MARKDOWN) wraps code in Pygments' token spans;
the theme had no rules for them, so a code block came out in one colour.
Here a post with code is built and looked at in Chromium: keywords, strings,
comments, numbers and names each stand out from plain code text, readably
(contrast on the block's own background), in each colour scheme and in print,
and axe finds nothing on the page.
"""

import pytest
from check_a11y import axe_violations, format_violation
from site_server import serve
from sitebuild import Site

pytestmark = pytest.mark.browser

CODE_POST = '''Title: Code im Beitrag
Slug: code-im-beitrag
Date: 2026-03-01
Lang: de
Category: Werkzeuge
Summary: Ein Beitrag mit Code.

Ein Skript:

```python
# Wer gehört zum Team?
def team_groesse(team: list[str]) -> int:
    """Zählt."""
    return len(team) + 42
```

Und ein Unterschied:

```diff
- alt
+ neu
```
'''

# token class -> what it is; each must differ from plain code text.
TOKENS = {
    "k": "keyword",
    "sd": "string",
    "c1": "comment",
    "mi": "number",
    "nf": "function name",
    "gd": "deleted line",
    "gi": "inserted line",
}

STYLES = """() => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (a, b) => { const [x, y] = [lum(parse(a)), lum(parse(b))].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05); };
  const pre = document.querySelector(".highlight pre");
  const plain = getComputedStyle(pre.querySelector("code")).color;
  let bg = getComputedStyle(pre).backgroundColor;
  if (bg === "rgba(0, 0, 0, 0)") bg = getComputedStyle(document.body).backgroundColor;
  const out = {plain};
  for (const cls of %s) {
    const el = document.querySelector(".highlight ." + cls);
    const s = getComputedStyle(el);
    out[cls] = {color: s.color, italic: s.fontStyle === "italic", bold: Number(s.fontWeight) >= 600,
                contrast: contrast(s.color, bg)};
  }
  return out;
}""" % list(TOKENS)


@pytest.fixture(scope="module")
def code_origin(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("code") / "site")
    site.add_seed()
    site.write("articles/code.md", CODE_POST)
    build = site.build()
    assert build.returncode == 0, build.stderr
    with serve(build.output) as url:
        yield url


@pytest.mark.parametrize("mode", ["light", "dark", "print"])
def test_code_tokens_stand_out_readably(browser, code_origin, artifacts, mode):
    context = browser.new_context(
        color_scheme="dark" if mode == "dark" else "light", viewport={"width": 900, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{code_origin}/code-im-beitrag/")
        if mode == "print":
            page.emulate_media(media="print")
        page.locator(".highlight").first.screenshot(path=str(artifacts / f"code-{mode}.png"))
        styles = page.evaluate(STYLES)
    finally:
        context.close()
    plain = styles.pop("plain")
    for cls, what in TOKENS.items():
        style = styles[cls]
        stands_out = style["color"] != plain or style["italic"] or style["bold"]
        if mode == "print" and cls in ("sd", "mi", "nf", "gd", "gi"):
            stands_out = True  # paper: black and greys; keywords bold, comments italic
        assert stands_out, (
            f"{mode}: {what} (.{cls}) looks like plain code text: {style}, plain {plain}"
        )
        assert style["contrast"] >= 4.5, (
            f"{mode}: {what} (.{cls}) has contrast {style['contrast']:.2f}"
        )
    assert styles["c1"]["italic"], styles["c1"]
    if mode == "print":
        assert styles["k"]["bold"], styles["k"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_post_with_code(browser, code_origin, scheme):
    context = browser.new_context(color_scheme=scheme)
    try:
        violations = axe_violations(context.new_page(), f"{code_origin}/code-im-beitrag/")
    finally:
        context.close()
    assert violations == [], "\n".join(
        format_violation(f"code-im-beitrag/ ({scheme})", v) for v in violations
    )
