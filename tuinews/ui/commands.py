"""The command palette (`ctrl+p`): sections, stories, refresh, themes, saved, health, add site.

One `Provider`, registered in the app's `COMMANDS` beside Textual's own system commands.
Section names and story titles come from config and feeds: they are shown through
`sanitize_display` and `Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.screen import Screen
from textual.style import Style

from tuinews.core.models import Story
from tuinews.core.text import sanitize_display
from tuinews.ui.screens.main import MainScreen

#: Pairs of themes that are each other's light or dark version, beyond "-dark"/"-light".
THEME_PAIRS = {
    "catppuccin-mocha": "catppuccin-latte",
    "rose-pine": "rose-pine-dawn",
    "atom-one-dark": "atom-one-light",
}

#: Stories are searched once the query is this long (every title matches one letter).
STORY_QUERY_MIN = 2

#: Most stories listed for one query: the palette is for finding one, not browsing.
STORY_HITS_MAX = 40


def counterpart_theme(name: str, dark: bool, available: set[str] | dict[str, object]) -> str:
    """The light version of a dark theme, or the dark version of a light one.

    Args:
        name: The current theme.
        dark: Whether it is a dark theme.
        available: The theme names that can be used.
    """
    pairs = THEME_PAIRS | {light: dark_one for dark_one, light in THEME_PAIRS.items()}
    candidates = [pairs.get(name, "")]
    if name.endswith("-dark"):
        candidates.append(name.removesuffix("-dark") + "-light")
    if name.endswith("-light"):
        candidates.append(name.removesuffix("-light") + "-dark")
    for candidate in candidates:
        if candidate and candidate in available:
            return candidate
    return "textual-light" if dark else "textual-dark"


def highlight(matcher: Matcher, text: str) -> tuple[float, Content]:
    """Score `text` against the query and mark the letters matched.

    `Matcher.highlight` reads its candidate as markup: a title such as "[b]x[/b]" would be
    styled, and "[/b]" alone would raise. Here the text stays plain `Content`.
    """
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    content = Content(text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return score, content


@dataclass(frozen=True, slots=True)
class Command:
    """One entry of the palette."""

    text: str
    """What the palette shows and matches (sanitized)."""
    help: str
    """The dim line under it."""
    run: Callable[[], object]
    """What choosing it does."""
    discover: bool = True
    """Listed before anything is typed."""


class TuinewsCommands(Provider):
    """Jump to a section or a story, refresh, change the theme, open saved, feed health."""

    def __init__(self, screen: Screen[Any], match_style: Style | None = None) -> None:
        """Create the provider (the palette does, each time it opens)."""
        super().__init__(screen, match_style)
        self.commands: list[Command] = []
        """Everything but stories, gathered at startup."""
        self.stories: list[tuple[int, Story]] = []
        """Every cached story once, with the index of its (first) section."""

    @property
    def main(self) -> MainScreen | None:
        """The main screen (under whatever screen the palette was opened over)."""
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def startup(self) -> None:
        """Gather the commands once per palette opening."""
        main = self.main
        if main is None:
            return
        app = self.app
        self.commands = [
            Command(
                "Refresh this section", "Fetch this section's feeds again", main.action_refresh
            ),
            Command("Refresh all sections", "Fetch every feed again", main.action_refresh_all),
            Command("Feed health", "Every feed's last fetch, errors, latency", main.action_health),
            Command(
                "Toggle dark/light theme",
                "Switch to the light or dark version of this theme",
                self._toggle_theme,
            ),
            Command("Choose a theme…", "Pick from every theme", app.action_change_theme),
            Command(
                "Add site…", "Find a site's feeds and add them as tabs", main.action_add_site
            ),
        ]
        self.commands.insert(
            2, Command("Saved stories", "Show the stories you saved", main.action_show_saved)
        )
        for index, section in enumerate(main.service.sections):
            name = sanitize_display(section.name, cap=60)
            self.commands.append(
                Command(f"Section: {name}", f"Show the {name} tab", partial(self._jump, index))
            )
        for name in sorted(app.available_themes):
            self.commands.append(
                Command(f"Theme: {name}", "Use this theme", partial(self._set_theme, name), False)
            )
        seen: set[str] = set()
        for index, stories in sorted(main.stories.items()):
            for story in stories:
                if story.id not in seen:
                    seen.add(story.id)
                    self.stories.append((index, story))

    async def discover(self) -> Hits:
        """The everyday commands, before anything is typed."""
        for command in self.commands:
            if command.discover:
                yield DiscoveryHit(
                    Content(command.text), command.run, command.text, escape(command.help)
                )

    async def search(self, query: str) -> Hits:
        """Commands, sections, themes and story titles matching `query`."""
        matcher = self.matcher(query)
        for command in [*self.commands, *self._stories_matching(query)]:
            score, shown = highlight(matcher, command.text)
            if score > 0:
                # The palette reads help as markup: escape it (it names feeds' sources).
                yield Hit(score, shown, command.run, command.text, escape(command.help))

    def _stories_matching(self, query: str) -> list[Command]:
        """Stories whose title holds every word of `query`, newest section order first.

        Fuzzy-matching every title costs ~50 ms per 1,000 stories on each keystroke, on
        the event loop; a substring test first keeps 10,000 stories at a few ms.
        """
        words = query.casefold().split()
        if len(query.strip()) < STORY_QUERY_MIN or self.main is None:
            return []
        sections = self.main.service.sections
        found: list[Command] = []
        for index, story in self.stories:
            folded = story.title.casefold()
            if all(word in folded for word in words):
                title = sanitize_display(story.title, cap=200) or "(untitled)"
                where = (
                    sanitize_display(sections[index].name, cap=60),
                    sanitize_display(story.source, cap=60),
                )
                run = partial(self._read, index, story)
                found.append(Command(title, " · ".join(p for p in where if p), run, False))
                if len(found) == STORY_HITS_MAX:
                    break
        return found

    # -- what commands do --------------------------------------------------------

    def _main_on_top(self) -> MainScreen | None:
        main = self.main
        while main is not None and self.app.screen is not main:
            self.app.pop_screen()
        return main

    def _jump(self, index: int) -> None:
        main = self._main_on_top()
        if main is not None:
            main.select_section(index)

    def _read(self, index: int, story: Story) -> None:
        main = self._main_on_top()
        if main is not None:
            main.reveal_story(index, story.id, read=True)

    def _toggle_theme(self) -> None:
        app = self.app
        app.theme = counterpart_theme(app.theme, app.current_theme.dark, set(app.available_themes))

    def _set_theme(self, name: str) -> None:
        self.app.theme = name
