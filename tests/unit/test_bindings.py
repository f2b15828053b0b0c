"""Every key of the app is a documented, remappable Binding (posting-style ids)."""

from __future__ import annotations

from tuinews.ui.keymap import binding_classes, binding_ids, own_bindings


def test_every_binding_has_a_description_a_tooltip_and_an_id() -> None:
    classes = list(binding_classes())
    names = {cls.__name__ for cls in classes}
    # The walk finds the app, every screen and the widgets with keys of their own.
    assert {"TuinewsApp", "MainScreen", "ReaderScreen", "HelpScreen", "HeadlineList"} <= names
    assert {"ReaderPane", "HealthScreen", "LinksScreen"} <= names
    missing = [
        f"{cls.__name__}: {binding.key} -> {binding.action}"
        for cls in classes
        for binding in own_bindings(cls)
        if not (binding.description and binding.tooltip and binding.id)
    ]
    assert missing == []


def test_binding_ids_are_dotted_and_one_action_each() -> None:
    actions: dict[str, set[str]] = {}
    for cls in binding_classes():
        for binding in own_bindings(cls):
            assert binding.id is not None and "." in binding.id, binding
            actions.setdefault(binding.id, set()).add(binding.action)
    # An id may be shared (the reader screen and the reader pane), but always for one action.
    assert {bid: acts for bid, acts in actions.items() if len(acts) > 1} == {}
    assert "headlines.open" in binding_ids()
    assert binding_ids()["reader.next"] == ["n"]
