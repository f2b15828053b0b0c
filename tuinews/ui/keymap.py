"""The user's `[keys]` table checked against the app's own bindings.

Every Binding of tuinews has an id (`headlines.open`, `reader.next` ...); the config's
`[keys]` table maps ids to keys and the app applies it with `App.set_keymap`. The config
checks the table's shape; this module checks what only the UI knows: which ids exist and
which key names Textual understands. A bad entry is left out and reported, never fatal.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

#: Modifiers Textual puts before a key name.
MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")

_NAMED_KEYS = frozenset(key.value for key in Keys) | frozenset(KEY_NAME_REPLACEMENTS.values())


def binding_classes() -> Iterator[type[DOMNode]]:
    """Every screen, widget and app class of `tuinews.ui` that declares its own BINDINGS.

    Imports every module of `tuinews.ui` (the first time; the walk is kept for the
    process): only needed when the config remaps keys, or to list them.
    """
    yield from _binding_classes()


@cache
def _binding_classes() -> tuple[type[DOMNode], ...]:
    import tuinews.ui

    found: list[type[DOMNode]] = []

    names = ["tuinews.ui"] + [
        info.name for info in pkgutil.walk_packages(tuinews.ui.__path__, "tuinews.ui.")
    ]
    for name in sorted(names):
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == name and "BINDINGS" in cls.__dict__:
                found.append(cls)
    return tuple(found)


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The Binding objects a class declares itself (not those it inherits)."""
    found: list[Binding] = []
    for entry in cls.__dict__.get("BINDINGS", []):
        if isinstance(entry, Binding):
            found.append(entry)
        else:
            found.extend(Binding.make_bindings([entry]))
    return found


def binding_ids() -> dict[str, list[str]]:
    """Every binding id of the app, with its default keys (for messages and docs)."""
    ids: dict[str, list[str]] = {}
    for cls in binding_classes():
        for binding in own_bindings(cls):
            if binding.id:
                keys = ids.setdefault(binding.id, [])
                for key in binding.key.split(","):
                    if key.strip() not in keys:
                        keys.append(key.strip())
    return ids


def binding_help() -> dict[str, str]:
    """Every binding id with what it does (its tooltip), for `tuinews keys`."""
    found: dict[str, str] = {}
    for cls in binding_classes():
        for binding in own_bindings(cls):
            if binding.id and binding.id not in found:
                found[binding.id] = binding.tooltip or binding.description
    return found


def key_problem(key: str) -> str | None:
    """Why Textual would not understand `key` (one key, modifiers allowed), or None."""
    *modifiers, name = key.split("+") if key != "+" else [key]
    if key.endswith("++"):
        modifiers, name = key[:-2].split("+"), "+"
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier (use {', '.join(MODIFIERS)})"
    if not name:
        return "a key name is missing"
    if len(name) == 1 and name.isprintable():
        return None
    if name in _NAMED_KEYS or key_to_character(name) is not None:
        return None
    return f"{name!r} is not a key name"


def _key_name(key: str) -> str:
    """A key as Textual names it once bound: "?" is "question_mark", "-" is "minus"."""
    *modifiers, name = key.split("+") if key != "+" else [key]
    if len(name) == 1 and not name.isalnum():
        try:
            name = unicodedata.name(name).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            pass
        name = KEY_NAME_REPLACEMENTS.get(name, name)
    return "+".join([*modifiers, name])


def keymap_clashes(keymap: Mapping[str, str]) -> list[str]:
    """Remapped keys that take the key of another binding of the same screen or widget.

    Textual lets the remapped binding win and drops the other one from that key, without a
    word; this says which binding lost which key.
    """
    found: list[str] = []
    if not keymap:
        return found  # nothing remapped takes anything (and no module walk at start-up)
    for cls in binding_classes():
        users: dict[str, list[str]] = {}
        for binding in own_bindings(cls):
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            for key in keys.split(","):
                ids = users.setdefault(_key_name(key.strip()), [])
                if binding.id and binding.id not in ids:
                    ids.append(binding.id)
        for key, ids in users.items():
            remapped = [i for i in ids if i in keymap]
            lost = [i for i in ids if i not in keymap]
            if remapped and lost:
                found.append(f"{remapped[0]} takes {key!r} from {', '.join(lost)}")
    return list(dict.fromkeys(found))  # the reader screen and pane share their ids


def check_keymap(
    entries: Iterable[tuple[str, str]], known: Iterable[str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Split the `[keys]` entries into a keymap for `App.set_keymap` and problems.

    Args:
        entries: (binding id, comma-separated keys) pairs from the config.
        known: The binding ids that exist; every id of the app when None.

    Returns:
        The entries to apply, and one line per entry left out.
    """
    keymap: dict[str, str] = {}
    problems: list[str] = []
    entries = list(entries)
    if not entries:
        return keymap, problems  # no `[keys]`: no need to import every screen for its ids
    ids = set(known) if known is not None else set(binding_ids())
    for binding_id, keys in entries:
        if binding_id not in ids:
            problems.append(f"{binding_id!r} is not a binding id")
            continue
        reasons = [reason for key in keys.split(",") if (reason := key_problem(key.strip()))]
        if reasons:
            problems.append(f"{binding_id}: {reasons[0]}")
            continue
        keymap[binding_id] = keys
    return keymap, problems


def problems_message(problems: Iterable[str], clashes: Iterable[str] = ()) -> str:
    """The one message naming every `[keys]` entry left out and every key taken from
    another binding, or "" when there is nothing to say."""
    lines, taken = list(problems), list(clashes)
    parts = []
    if lines:
        entries = "entry" if len(lines) == 1 else "entries"
        parts.append(f"{len(lines)} {entries} left out ({'; '.join(lines)})")
    if taken:
        parts.append(f"keys taken from other bindings ({'; '.join(taken)})")
    if not parts:
        return ""
    return (
        f"Config [keys]: {'; and '.join(parts)}. "
        "Run `tuinews keys` for the binding ids and their keys."
    )
