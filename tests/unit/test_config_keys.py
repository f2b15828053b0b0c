"""The config's `[keys]` table: shape checked entry by entry, never fatal."""

from __future__ import annotations

from tuinews.core.config import Config, config_with_sections, parse_config
from tuinews.core.models import Section


def test_strings_and_lists_of_keys_are_kept_in_order() -> None:
    config = parse_config(
        '[keys]\n"headlines.open" = "O"\n"reader.next" = ["n", " right "]\n'
        '"app.help" = "f1, question_mark"\n"sections.jump-1" = "ctrl+1"\n'
    )
    assert config.keys == (
        ("headlines.open", "O"),
        ("reader.next", "n,right"),
        ("app.help", "f1,question_mark"),
        ("sections.jump-1", "ctrl+1"),
    )
    assert config.key_problems == ()


def test_each_bad_entry_is_named_and_left_out() -> None:
    config = parse_config(
        "[keys]\n"
        '"ok.one" = "x"\n'
        '"bad id" = "x"\n'
        '"wrong.type" = 3\n'
        '"mixed.list" = ["a", 1]\n'
        '"empty.value" = ""\n'
        '"spaced.key" = "ctrl o"\n'
    )
    assert config.keys == (("ok.one", "x"),)
    assert config.key_problems == (
        "'bad id' is not a binding id",
        "wrong.type: keys must be a string or a list of strings",
        "mixed.list: keys must be a string or a list of strings",
        "empty.value: no key given",
        "spaced.key: 'ctrl o' is not a key",
    )


def test_keys_that_are_not_a_table_do_not_stop_the_config() -> None:
    config = parse_config('keys = "O"\n')
    assert config.keys == () and config.key_problems == (
        "[keys] must be a table of binding id = keys",
    )


def test_hostile_ids_are_shown_inert() -> None:
    config = parse_config('[keys]\n"\\u001b[31mred" = "x"\n')
    assert config.keys == ()
    assert "\x1b" not in config.key_problems[0]


def test_the_demo_sections_keep_the_users_keys() -> None:
    config = parse_config('[keys]\n"headlines.open" = "O"\n')
    demo = config_with_sections(config, (Section("Demo", ("http://127.0.0.1:1/feed/",)),))
    assert demo.keys == (("headlines.open", "O"),)
    assert [s.name for s in demo.sections] == ["Demo"]
    assert Config().keys == ()
