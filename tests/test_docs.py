"""The documentation against the repository and the code (no build).

README.md is the entry page and links every guide in docs/; every relative
link in README.md and docs/*.md leads to a file (and heading) that exists;
the authoring guide names every metadata field the code reads from front
matter or checks; and its section "Wenn der Build Nein sagt" quotes every
message the strict publish can print. The messages are read from the code
(tools/build.py's rewrites of Pelican's messages, the plugins' log calls and
the exceptions their readers raise), so a new or reworded message fails here
until the guide explains it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
GUIDE = DOCS / "schreiben.md"
BUILD_SECTION = "Wenn der Build Nein sagt"

# Where the strict publish's messages come from: every plugin module, the
# build script and its output-folder helper.
MESSAGE_SOURCES = sorted((ROOT / "plugins").rglob("*.py")) + [
    ROOT / "tools" / "build.py",
    ROOT / "tools" / "output_folder.py",
]
# Variables that hold (the problem part of) a message before it is logged
# (plugins/images: `problem = "…"`, then `log.error("%s: %s", …)`).
MESSAGE_VARIABLES = {"problem", "why"}

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")


# --- Markdown helpers ---------------------------------------------------------


def markdown_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The text without code blocks and code spans (links there are examples)."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def heading_anchors(text: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in FENCE.sub("", text).splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        title = re.sub(r"`([^`]*)`", r"\1", m.group(1))
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative_links(path: Path) -> list[str]:
    found = []
    for m in LINK.finditer(prose(markdown_text(path))):
        target = m.group(1) or m.group(2)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, mailto: …
            found.append(target)
    return found


def documentation_files() -> list[Path]:
    return [README, ROOT / "UPGRADING.md", *sorted(DOCS.glob("*.md"))]


def section(text: str, title: str) -> str:
    """The text of the `## title` section, up to the next heading of its level."""
    m = re.search(rf"^(#+)\s+{re.escape(title)}\s*$", text, re.M)
    assert m, f"no heading '{title}'"
    level = len(m.group(1))
    end = re.compile(rf"^#{{1,{level}}}\s", re.M).search(text, m.end())
    return text[m.end() : end.start() if end else len(text)]


def normalise(text: str) -> str:
    return " ".join(text.replace("\\*", "*").split())


# --- Messages from the code ---------------------------------------------------

PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]")
HOLE = "\x00"  # where a value goes into a message
# Printed only under the interruption tests' BUILD_TEST_HOOK.
NOT_FOR_AUTHORS = ("test hook:",)


def template(node: ast.AST) -> str | None:
    """A message's text with HOLE for each value, or None if it is no text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else HOLE for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is not None or right is not None:
            return (left or HOLE) + (right or HOLE)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return percent_template(template(node.left))
    return None


def percent_template(text: str | None) -> str | None:
    if text is None:
        return None
    return PERCENT_PLACEHOLDER.sub(HOLE, text).replace("%%", "%")


def messages_in(path: Path) -> list[tuple[int, str]]:
    """(line, template) of every message `path` can give an author."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str | None]] = []
    is_tool = path.parent.name == "tools"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            args = node.args
            if name in ("error", "warning") and args:
                found.append((node.lineno, percent_template(template(args[0]))))
            elif name == "log" and len(args) > 1:
                found.append((node.lineno, percent_template(template(args[1]))))
            elif is_tool and name == "append" and args:
                found.append((node.lineno, template(args[0])))
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            found.append((node.lineno, template(node.exc.args[0])))
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in MESSAGE_VARIABLES for t in node.targets
        ):
            found.append((node.lineno, template(node.value)))
        elif is_tool and isinstance(node, ast.Return) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Tuple) and value.elts:
                value = value.elts[-1]
            if isinstance(value, ast.BinOp) and isinstance(value.left, ast.ListComp):
                value = value.left  # [f"…" for p in problems] + […]
            if isinstance(value, ast.ListComp):
                found.append((node.lineno, template(value.elt)))
            elif isinstance(value, ast.List):
                found += [(node.lineno, template(item)) for item in value.elts]
            else:
                found.append((node.lineno, template(value)))
        elif (
            is_tool
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
            and any(k.arg == "file" for k in node.keywords)
            and node.args
        ):
            found.append((node.lineno, template(node.args[0])))
        elif is_tool and isinstance(node, ast.Dict) and node.values:
            texts = [template(v) for v in node.values]
            if all(t is not None for t in texts):
                found += [(node.lineno, t) for t in texts]
    return [
        (line, text)
        for line, text in found
        if text is not None and not text.startswith(NOT_FOR_AUTHORS)
    ]


def key_phrases(text: str) -> list[str]:
    """What the guide must quote of a message: the literal pieces of its
    problem part (the file name before it and the fix after '; ' vary)."""
    if text.startswith(HOLE + ": "):
        text = text[3:]
    for prefix in ("error: ", "warning: ", "note: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    problem = text.split("; ", 1)[0]
    phrases = []
    for piece in problem.split(HOLE):
        piece = " ".join(piece.split()).strip(" :;,.'\"()[]{}`…")
        if len(piece.split()) >= 2 or len(piece) >= 5:
            phrases.append(piece)
    return phrases


def strict_publish_messages() -> list[tuple[str, list[str]]]:
    """(where, key phrases) of each message of the strict publish."""
    result = []
    for path in MESSAGE_SOURCES:
        for line, text in messages_in(path):
            phrases = key_phrases(text)
            if phrases:
                result.append((f"{path.relative_to(ROOT)}:{line}", phrases))
    return result


def entries(text: str) -> list[str]:
    """The guide section cut into entries: paragraphs, list items, table rows."""
    chunks, current = [], []
    for line in text.splitlines():
        starts = re.match(r"^\s*(?:[-*] |\d+\. |\|)|^#+ ", line)
        if not line.strip() or starts:
            if current:
                chunks.append(normalise(" ".join(current)))
            current = [] if not line.strip() else [line]
        else:
            current.append(line)
    if current:
        chunks.append(normalise(" ".join(current)))
    return chunks


# --- Metadata fields from the code --------------------------------------------


def foreign_markdown_fields() -> set[str]:
    """The YAML keys plugins/foreign_markdown maps, and the fields they map to."""
    tree = ast.parse((ROOT / "plugins/foreign_markdown/front_matter.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "MAPPING" for t in node.targets
        ):
            mapping = ast.literal_eval(node.value)
            return set(mapping) | set(mapping.values()) | {"draft", "published"}
    raise AssertionError("plugins/foreign_markdown/front_matter.py has no MAPPING")


def strict_content_fields() -> set[str]:
    """The fields plugins/strict_content names in its checks ('Slug:', ("Tags", …))."""
    fields = set()
    for path in sorted((ROOT / "plugins/strict_content").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        # settings["PATH"] names a setting, not a field
        keys = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if re.fullmatch(r"[A-Z][A-Za-z]*(?:_[a-z]+)?", value) and id(node) not in keys:
                    fields.add(value)
                fields.update(re.findall(r"'([A-Z][A-Za-z]*(?:_[a-z]+)?): ", value))
    return fields


# --- Tests ----------------------------------------------------------------------


def test_readme_links_every_guide():
    linked = {(README.parent / target.split("#")[0]).resolve() for target in relative_links(README)}
    guides = sorted(DOCS.glob("*.md"))
    assert guides, "docs/ holds no guide"
    missing = [str(p.relative_to(ROOT)) for p in guides if p.resolve() not in linked]
    assert not missing, f"README.md does not link {missing}"


@pytest.mark.parametrize("doc", documentation_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    broken = []
    for target in relative_links(doc):
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if not file.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and file.suffix == ".md" and anchor not in heading_anchors(file.read_text()):
            broken.append(f"{target}: no heading with the anchor #{anchor} in {file.name}")
    assert not broken, f"{doc.name}: " + "; ".join(broken)


def test_guide_names_every_metadata_field():
    text = markdown_text(GUIDE).lower()
    fields = foreign_markdown_fields() | strict_content_fields()
    assert {"lastmod", "featured_image", "Save_as", "Image"} <= fields, (
        "fields not found in the code"
    )
    missing = sorted(f for f in fields if f"`{f.lower()}" not in text)
    assert not missing, f"{GUIDE.name} names no field (as `Field…`) {missing}"


def test_guide_explains_every_strict_publish_message():
    chunks = entries(section(markdown_text(GUIDE), BUILD_SECTION))
    messages = strict_publish_messages()
    assert len(messages) > 40, "the messages were not found in the code"
    missing = [
        f"{where}: {' … '.join(phrases)}"
        for where, phrases in messages
        if not any(all(p in chunk for p in phrases) for chunk in chunks)
    ]
    assert not missing, (
        f'"{BUILD_SECTION}" in {GUIDE.name} quotes no entry with these messages:\n'
        + "\n".join(missing)
    )


# Figures of speed or size belong to bench/README.md only (they go stale).
BENCHMARK_FIGURE = re.compile(
    r"\b\d+(?:[.,]\d+)? ?(?:ms|s|Sek\.|Sekunden|seconds)\b(?! ?\d)"
    r"|\b\d+(?:[.,]\d+)? ?×(?! ?\d)"
    r"|\b\d+(?:[.,]\d+)? ?% (?:of|faster|slower|schneller|langsamer|der|des|weniger|less)\b"
)


@pytest.mark.parametrize("doc", documentation_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_benchmark_figures_outside_bench(doc):
    found = [m.group(0) for m in BENCHMARK_FIGURE.finditer(FENCE.sub("", markdown_text(doc)))]
    assert not found, f"{doc.name} has figures that belong to bench/README.md: {found}"
