"""A build's state lives in one object (plugins/build_state.py, issue 16):
no plugin keeps its own key in the settings. Pelican's settings and the
site's own (pelicanconf.py, publishconf.py) may be adjusted; anything else
stored in the settings dict is state in a second place."""

from __future__ import annotations

import ast
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from sitebuild import REPO


def site_setting_names() -> set[str]:
    names = set(DEFAULT_CONFIG)
    for conf in ("pelicanconf.py", "publishconf.py"):
        tree = ast.parse((REPO / conf).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, ast.ImportFrom):
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def key_text(node: ast.AST, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None


def is_settings(node: ast.AST) -> bool:
    """`settings`, `x.settings`, `self.settings`, `pelican.settings`, …"""
    return (isinstance(node, ast.Name) and node.id == "settings") or (
        isinstance(node, ast.Attribute) and node.attr == "settings"
    )


def settings_keys_written(path: Path) -> list[tuple[int, str]]:
    """(line, key) of every `settings[KEY] = …` and `settings.setdefault(KEY, …)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = constants(tree)
    written = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t for t in node.targets if isinstance(t, ast.Subscript)]
        for target in targets:
            if is_settings(target.value):
                written.append((node.lineno, key_text(target.slice, names) or "?"))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setdefault"
            and is_settings(node.func.value)
            and node.args
        ):
            written.append((node.lineno, key_text(node.args[0], names) or "?"))
    return written


def test_plugins_keep_no_state_in_settings_keys_of_their_own():
    # BUILD_NOW: build_clock's setting (unset in pelicanconf.py, given by tests
    # with --set); the plugin clears a value it cannot read.
    allowed = site_setting_names() | {"BUILD_STATE", "BUILD_NOW"}
    own_keys = [
        f"{path.relative_to(REPO)}:{line}: {key}"
        for path in sorted((REPO / "plugins").rglob("*.py"))
        for line, key in settings_keys_written(path)
        if key not in allowed
    ]
    assert not own_keys, (
        "state kept in settings keys of a plugin's own; keep it in "
        f"plugins/build_state.py's BuildState or RunState instead: {own_keys}"
    )


def test_the_check_sees_a_settings_key_of_a_plugins_own(tmp_path):
    plugin = tmp_path / "plugin.py"
    plugin.write_text(
        'KEY = "MY_PLUGIN_RUN"\n\ndef start(pelican):\n    pelican.settings[KEY] = object()\n'
        '    pelican.settings.setdefault("MY_LIST", []).append(1)\n',
        encoding="utf-8",
    )
    assert [key for _, key in settings_keys_written(plugin)] == ["MY_PLUGIN_RUN", "MY_LIST"]
