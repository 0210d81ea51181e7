"""Python-Markdown extension: try an inline pattern only on text that holds
the text the pattern starts with. Same output, less time.

Why: Python-Markdown's inline processor tries every inline pattern (about 16
with `extra`) on every text of the tree: paragraph, list item, heading, the
text of each emphasis and link. A try is a Python method call and a regex
search, and nearly all of them fail: a German paragraph rarely holds a
backtick, backslash, `<`, `&` or `![`: on the benchmark corpus nearly all
tries fail. Skipping a pattern whose required text (`[` for links, `&` for
entities, …) is not in the text makes converting Markdown, the largest
single cost of a build, markedly cheaper (figures: bench/README.md).

Python-Markdown has no hook for this: the loop over the patterns is the
private `InlineProcessor.__handleInline`. This extension registers a
subclass as the `inline` tree processor whose loop skips those patterns and
otherwise does what Python-Markdown's does (a skipped pattern counts as a
failed try). The private names are used through plugins/compat.py only
(its contract test fails naming the Markdown version when the loop changes);
Markdown is pinned in pyproject.toml, and tests/test_inline_triggers.py
compares the output with stock Python-Markdown on the benchmark corpus, the
site's content and random texts.

A pattern is skipped only when it is known to need some text:
* Python-Markdown's own patterns, recognised by their exact regex (an
  extension that registers a changed regex under the same name is always
  tried);
* emphasis (`DelimiterProcessor`) needs one of its delimiter characters;
* a pattern of our own may say what it needs in a `required_text` tuple.
"""

from __future__ import annotations

import compat
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# Regex -> texts of which a match contains at least one.
KNOWN_PATTERNS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also the reference patterns
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also the image references
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    # markdown.extensions.footnotes keeps its regex in a local variable.
    r"\[\^([^\]]*)\]": ("[^",),
}


def required_text(pattern) -> tuple[str, ...] | None:
    """Texts of which a match of `pattern` holds one; None: always try it."""
    own = getattr(pattern, "required_text", None)
    if own is not None:
        return tuple(own)
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        return tuple(pattern.tokens)
    return KNOWN_PATTERNS.get(getattr(pattern, "pattern", None))


class TriggeredInlineProcessor(InlineProcessor):
    def run(self, tree, ancestors=None):
        # The registry is fixed while a document is converted; a list indexes
        # faster than the registry (which re-checks its order on each lookup).
        self._patterns = list(self.inlinePatterns)
        self._required = [required_text(pattern) for pattern in self._patterns]
        self._try_pattern = compat.inline_pattern_applier(self)
        return super().run(tree, ancestors)

    # Installed as Python-Markdown's inline loop (compat.install_inline_loop).
    def _triggered_loop(self, data, patternIndex=0):
        if isinstance(data, util.AtomicString):
            return data
        patterns, required = self._patterns, self._required
        try_pattern = self._try_pattern
        start = 0
        while patternIndex < len(patterns):
            needs = required[patternIndex]
            if needs is not None and not any(text in data for text in needs):
                # Cannot match: do what a failed try does.
                patternIndex += 1
                start = 0
                continue
            data, matched, start = try_pattern(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


compat.install_inline_loop(TriggeredInlineProcessor, TriggeredInlineProcessor._triggered_loop)


class InlineTriggersExtension(Extension):
    def extendMarkdown(self, md):
        # Under Python-Markdown's name and priority: it replaces the stock one.
        md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", 20)
        md.registerExtension(self)


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading hook
    return InlineTriggersExtension(**kwargs)
