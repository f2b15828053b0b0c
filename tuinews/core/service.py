"""NewsService: the only API the UI calls.

It joins config, the HTTP client, the cache and the parsers: cached stories of a section
(instantly, no network), a refresh of a section's feeds (concurrent, conditional), the
reader version of a story (extracted from its page, cached, falling back to the feed's own
text), and opening a story in a browser.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Collection, Coroutine, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tuinews.core.cache import (
    Encoded,
    FeedRecord,
    Store,
    article_key,
    feed_key,
    freshness_seconds,
    meta_key,
)
from tuinews.core.config import Config
from tuinews.core.identity import story_groups, story_keys
from tuinews.core.models import (
    EXCERPT,
    FEED_CONTENT,
    FULL,
    Article,
    FeedOptions,
    FeedStatus,
    Section,
    Story,
)
from tuinews.core.state import StateStore
from tuinews.core.text import sanitize_display, url_host

if TYPE_CHECKING:
    from tuinews.core.browser import OpenResult
    from tuinews.core.feeds import ParsedFeed
    from tuinews.core.net import NewsClient, Response

_T = TypeVar("_T")

#: Largest feed body parsed on the event loop when `NewsService.headless` is set.
INLINE_PARSE_BYTES = 256 * 1024
#: Turns of the event loop before each parse on it.
PARSE_YIELDS = 3
#: Feeds whose cache entries a headless refresh writes in one transaction (a crash loses
#: at most these: refetched next time; a feed's stories and record always go together).
SAVE_BATCH = 10
#: Seconds after the last feed of a headless refresh started before the parser loads.
PARSER_LOAD_DELAY = 0.02

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"(?m)^([#>+\-=])")
_MD_ORDERED = re.compile(r"(?m)^(\d+)([.)])")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


@dataclass(frozen=True, slots=True)
class SectionUpdate:
    """The result of refreshing a section."""

    section: Section
    """The section refreshed."""
    stories: tuple[Story, ...]
    """All its stories after the refresh (fresh where fetched, cached where not)."""
    statuses: tuple[FeedStatus, ...]
    """One per feed of the section."""

    @property
    def failed(self) -> tuple[FeedStatus, ...]:
        """The feeds that failed this time."""
        return tuple(status for status in self.statuses if not status.ok)


@dataclass(frozen=True, slots=True)
class PrefetchResult:
    """What a prefetch did."""

    stories: int
    """Stories considered."""
    fetched: int
    """Articles downloaded and extracted now."""
    cached: int
    """Articles that were already cached."""
    failed: int
    """Stories whose page gave no article (their feed text remains)."""


def merge_stories(groups: Iterable[Iterable[Story]]) -> tuple[Story, ...]:
    """Join the stories of several feeds: one story once, newest first.

    Stories are the same when their id or their canonical URL match (tracking
    parameters, host case and fragment aside). Stories with no date keep their feed order
    after the dated ones (a stable sort).
    """
    seen: set[str] = set()
    merged: list[Story] = []
    for group in groups:
        for story in group:
            keys = set(story_keys(story))
            if keys & seen:
                continue
            seen |= keys
            merged.append(story)
    oldest = datetime.min.replace(tzinfo=UTC)
    merged.sort(key=lambda s: s.published or oldest, reverse=True)
    return tuple(merged)


class NewsService:
    """Everything the UI needs from the network, the cache and the config."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: NewsClient | None = None,
        offline: bool = False,
        state: StateStore | None = None,
    ) -> None:
        """Create the service.

        Args:
            config: Sections and settings.
            store: The cache.
            client: The HTTP client; built on first use when None.
            offline: Read only the cache, never the network.
            state: Read marks; in memory when None.
        """
        self.config = config
        self.store = store
        self.offline = offline
        self.state = state if state is not None else StateStore(None)
        """Read marks, kept apart from the cache."""
        self._client = client
        self._inflight: dict[str, asyncio.Future[tuple[_LazyStories, FeedStatus]]] = {}
        # The latest stories of each feed, as parsed or read from the cache: what sections
        # are assembled from (one story once across sections).
        self._feed_stories: dict[str, tuple[Story, ...]] = {}
        # The grouping of all those stories, kept until a feed's stories or the config
        # change (assembling every section after a refresh groups once, not per section).
        self._groups: tuple[dict[str, str], dict[str, list[str]], set[str]] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self.headless = False
        """No screen to keep answering (`tuinews refresh`): fetched feeds are parsed and
        the cache written on the event loop, between network events, instead of in
        threads. A thread holding the GIL makes the loop wait up to a switch interval
        (5 ms) after each system call, so requests go out late. Bodies over
        INLINE_PARSE_BYTES are still parsed in a thread."""
        self._parse_turn: asyncio.Lock | None = None
        # Headless: cache entries of feeds refreshed, not yet written (one tuple a feed).
        self._unsaved: list[tuple[tuple[str, Any], ...]] = []

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections, in tab order."""
        return self.config.sections

    clock: Callable[[], datetime] = staticmethod(lambda: datetime.now(UTC))
    """What "now" is for the times the UI writes ("Updated 09:30"); tests may fix it."""

    def now(self) -> datetime:
        """The present, aware, from `clock`."""
        return self.clock()

    def apply_config(self, config: Config) -> None:
        """Use a new config (sections added, removed or reordered) from now on."""
        self.config = config
        self._groups = None
        wanted = {url for section in config.sections for url in section.feeds}
        for url in list(self._feed_stories):
            if url not in wanted:
                self._feed_stories.pop(url, None)

    def feed_options(self, url: str) -> FeedOptions:
        """The per-feed settings of a feed."""
        return self.config.feed(url)

    @property
    def client(self) -> NewsClient:
        """The HTTP client (created on first use, after the first paint)."""
        if self._client is None:
            from tuinews.core.net import NewsClient

            self._client = NewsClient()
        return self._client

    async def aclose(self) -> None:
        """Stop background downloads; close the network client and the cache."""
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*list(self._background), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        self._flush()
        await asyncio.to_thread(self.store.close)

    # -- feeds -----------------------------------------------------------------

    def cached_stories_sync(self, section: Section) -> tuple[Story, ...]:
        """The section's stories as the cache holds them (blocking; for threads/CLI)."""
        for url in section.feeds:
            if self.feed_options(url).enabled:
                self._remember(url, self._stories_of(self.store.get(feed_key(url))))
        return self._assemble(section)

    def cached_section_sync(self, section: Section) -> tuple[Story, ...]:
        """A section's stories from the cache, reading only its own feeds (blocking).

        For the first paint: nothing else is read, so a story that other sections list
        too gets its shared id and its "also in" badge only once `cached_sections_sync`
        has read them (read marks are kept by that shared id).
        """
        for url in section.feeds:
            if self.feed_options(url).enabled:
                self._remember(url, self._stories_of(self.store.get(feed_key(url))))
        return self._assemble(section, read_others=False)

    def cached_sections_sync(self, skip: Collection[str] = ()) -> list[tuple[Story, ...]]:
        """Every section's stories as the cache holds them, each feed read once (blocking).

        Args:
            skip: Feeds just read (by `cached_section_sync`): not read again.
        """
        for url in dict.fromkeys(url for section in self.sections for url in section.feeds):
            if url not in skip and self.feed_options(url).enabled:
                self._remember(url, self._stories_of(self.store.get(feed_key(url))))
        return [self._assemble(section) for section in self.sections]

    def _remember(self, url: str, stories: tuple[Story, ...]) -> None:
        """Keep a feed's latest stories for assembling sections."""
        if self._feed_stories.get(url) != stories:
            self._feed_stories[url] = stories
            self._groups = None

    def _load_known(self) -> None:
        """Read from the cache every enabled feed not seen yet (blocking)."""
        for section in self.sections:
            for url in section.feeds:
                if url not in self._feed_stories and self.feed_options(url).enabled:
                    self._remember(url, self._stories_of(self.store.get(feed_key(url))))

    def assemble(self, section: Section) -> tuple[Story, ...]:
        """A section's stories as last fetched or read, with badges from every section.

        Cheap: works from the stories in memory (reading the cache only for feeds not
        seen yet). Call it for every section once all were refreshed: a section assembled
        before the others were fetched names only the sections known then.
        """
        return self._assemble(section)

    def _group(self) -> tuple[dict[str, str], dict[str, list[str]], set[str]]:
        """Group every enabled feed's stories; name the sections of each group."""
        enabled = {url for s in self.sections for url in s.feeds if self.feed_options(url).enabled}
        every = [story for url in enabled for story in self._feed_stories.get(url, ())]
        group_of = story_groups(every)
        sections_of: dict[str, list[str]] = {}
        for other in self.sections:
            for url in other.feeds:
                if url not in enabled:
                    continue
                for story in self._feed_stories.get(url, ()):
                    names = sections_of.setdefault(group_of.get(story.id, story.id), [])
                    if other.name not in names:
                        names.append(other.name)
        others: dict[str, list[str]] = {}
        for story_id, shared in group_of.items():
            if story_id != shared and not story_id.startswith("url:"):
                others.setdefault(shared, []).append(story_id)
        self.state.set_groups({shared: tuple(ids) for shared, ids in others.items()})
        self._groups = (group_of, sections_of, enabled)
        return self._groups

    def _assemble(self, section: Section, *, read_others: bool = True) -> tuple[Story, ...]:
        """A section's stories: one story once, with one id across sections.

        A story listed by several sections (same GUID or canonical URL) gets the same id
        in each, and `also_in` names the other sections (blocking: may read the cache
        for the feeds not seen yet, unless `read_others` is False).
        """
        if read_others:
            self._load_known()
        group_of, sections_of, enabled = self._groups or self._group()
        per_feed: list[tuple[Story, ...]] = []
        for url in section.feeds:
            if url not in enabled:
                continue
            stories = self._feed_stories.get(url, ())
            title = self.feed_options(url).title
            if title:  # the user's name for the feed, even after a redirect
                stories = tuple(replace(story, source=title) for story in stories)
            per_feed.append(stories)
        assembled: list[Story] = []
        for story in merge_stories(per_feed):
            shared = group_of.get(story.id, story.id)
            also = tuple(n for n in sections_of.get(shared, ()) if n != section.name)
            if shared != story.id or also:
                story = replace(story, id=shared, also_in=also)
            assembled.append(story)
        return tuple(assembled)

    async def cached_stories(self, section: Section) -> tuple[Story, ...]:
        """The section's stories as the cache holds them; no network."""
        return await asyncio.to_thread(self.cached_stories_sync, section)

    def feed_status(self, url: str) -> FeedStatus:
        """The health of one feed, from what the cache remembers (blocking)."""
        return self._status(url, FeedRecord.from_json(self.store.get(meta_key(url))))

    def _status(self, url: str, record: FeedRecord) -> FeedStatus:
        options = self.feed_options(url)
        status = _status(url, record)
        settings: list[str] = []
        if not options.enabled:
            settings.append("disabled")
        if options.refresh_minutes is not None:
            settings.append(f"every {options.refresh_minutes} min")
        if options.full_text:
            settings.append("full text")
        if options.headers:
            settings.append(f"headers {options.masked_headers}")
        return replace(
            status,
            title=options.title or status.title,
            enabled=options.enabled,
            settings=" · ".join(settings),
            status="disabled" if not options.enabled else status.status,
            ok=status.ok or not options.enabled,
            error="" if not options.enabled else status.error,
        )

    async def feed_statuses(self) -> list[FeedStatus]:
        """The health of every feed of every section, in config order."""
        urls = list(dict.fromkeys(url for s in self.sections for url in s.feeds))
        return await asyncio.to_thread(lambda: [self.feed_status(url) for url in urls])

    async def refresh_section(
        self,
        section: Section,
        *,
        force: bool = False,
        progress: Callable[[FeedStatus], None] | None = None,
    ) -> SectionUpdate:
        """Fetch the section's feeds concurrently and return its stories.

        A feed that is still fresh is not fetched unless `force`; a feed whose server asked
        to wait (Retry-After) is not fetched before then, forced or not. A feed that fails
        keeps its cached stories.

        Args:
            section: The section.
            force: Fetch feeds even while they are fresh.
            progress: Called with each feed's status as it completes.
        """
        if self.offline:
            statuses = tuple(
                replace(self.feed_status(url), ok=False, error="offline", status="offline")
                if self.feed_options(url).enabled
                else self.feed_status(url)
                for url in section.feeds
            )
            return SectionUpdate(section, await self.cached_stories(section), statuses)

        statuses = await self._refresh_urls(section.feeds, force=force, progress=progress)
        stories = await asyncio.to_thread(self._assemble, section)
        return SectionUpdate(section, stories, statuses)

    async def refresh_feeds(
        self,
        urls: Iterable[str],
        *,
        force: bool = False,
        progress: Callable[[FeedStatus], None] | None = None,
    ) -> tuple[FeedStatus, ...]:
        """Fetch feeds concurrently for their statuses only: a headless refresh.

        The same fetching as `refresh_section` (stories parsed and cached, conditional
        requests, freshness and Retry-After kept), without what only a screen needs:
        cached stories of unchanged feeds are not read back and no section is assembled.

        Args:
            urls: Feed URLs (each fetched once).
            force: Fetch feeds even while they are fresh.
            progress: Called with each feed's status as it completes.
        """
        urls = list(dict.fromkeys(urls))
        if self.offline:
            return tuple(
                replace(self.feed_status(url), ok=False, error="offline", status="offline")
                if self.feed_options(url).enabled
                else self.feed_status(url)
                for url in urls
            )
        return await self._refresh_urls(urls, force=force, progress=progress, keep=False)

    async def _refresh_urls(
        self,
        urls: Iterable[str],
        *,
        force: bool,
        progress: Callable[[FeedStatus], None] | None,
        keep: bool = True,
    ) -> tuple[FeedStatus, ...]:
        """Refresh feeds concurrently; `keep` their stories in memory for assembling."""
        urls = list(urls)
        # Every fetch record in one go, so that the requests leave at once; the cached
        # stories (100 times larger) are read only once an answer needs them, while
        # the other requests wait on the network.
        wanted = [
            url
            for url in dict.fromkeys(urls)
            if url not in self._inflight and self.feed_options(url).enabled
        ]
        known = await self._blocking(lambda: {url: self._read_record(url) for url in wanted})

        async def one(url: str, sent: Callable[[], None]) -> FeedStatus:
            if not self.feed_options(url).enabled:
                # A disabled feed is never fetched; health shows it as disabled.
                sent()
                status = await asyncio.to_thread(self.feed_status, url)
            else:
                found, status = await self._refresh_feed_once(
                    url, force=force, known=known.get(url), sent=sent
                )
                if keep:
                    self._remember(url, found.stories)
            if progress is not None:
                progress(status)
            return status

        # Headless, one feed after the other is started, each once it waits on the
        # network (its request written, or its connection being opened) or for a slot:
        # the first request leaves at once, instead of after the setup of every other
        # one, and the answers come back spread out, so the loop sends the next requests
        # without a queue of 32 answers ahead of them. The app, whose parses and cache
        # work run in threads, starts them all at once: there, every start waited on a
        # loop that the threads' GIL kept busy (0.1 s slower cold, measured).
        if self.headless:
            tasks = await _started_in_turn(urls, one)
        else:
            tasks = [asyncio.create_task(one(url, _nothing)) for url in urls]
        loading = None
        loop = asyncio.get_running_loop()
        if self.headless and not all(known.get(url, (None, True))[1] for url in wanted):
            # Feeds with no copy answer with a body: load the parser while the first
            # answers are on their way (once the last requests started have left), not
            # when the first answer is in.
            loading = loop.call_later(PARSER_LOAD_DELAY, _load_parser)
        try:
            return tuple(await asyncio.gather(*tasks))
        finally:
            if loading is not None:
                loading.cancel()
            self._flush()

    async def full_text_settled(self) -> None:
        """Wait for the articles of `full_text` feeds being downloaded after a refresh."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    def _fetch_full_text(self, stories: tuple[Story, ...]) -> None:
        """Download the articles of a `full_text` feed in the background."""

        async def run() -> None:
            await self._prefetch_stories(stories)

        task = asyncio.ensure_future(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _refresh_feed_once(
        self,
        url: str,
        *,
        force: bool,
        known: tuple[Any, bool] | None = None,
        sent: Callable[[], None] = lambda: None,
    ) -> tuple[_LazyStories, FeedStatus]:
        # A feed listed in two sections is fetched once when both refresh together.
        task = self._inflight.get(url)
        if task is None:
            task = asyncio.ensure_future(
                self._refresh_feed(url, force=force, known=known, sent=sent)
            )
            self._inflight[url] = task
            task.add_done_callback(lambda _: self._inflight.pop(url, None))
        else:
            sent()  # its request is someone else's
        return await asyncio.shield(task)

    def _read_record(self, url: str) -> tuple[Any, bool]:
        """A feed's fetch record as stored, and whether stories are cached (blocking)."""
        return self.store.get(meta_key(url)), self.store.has(feed_key(url))

    def _cached_stories(self, url: str, present: bool) -> _LazyStories:
        """A feed's cached stories, read from the cache when first needed."""
        if not present:
            return _LazyStories(None)
        return _LazyStories(load=lambda: self.store.get(feed_key(url)))

    async def _blocking(self, func: Callable[[], _T]) -> _T:
        """Run blocking cache work: at once when `headless`, else in a thread."""
        if self.headless:
            return func()
        return await asyncio.to_thread(func)

    async def _read(self, cached: _LazyStories) -> _LazyStories:
        """`cached` with its entry read (off the loop unless `headless`)."""
        if not cached.read:
            await self._blocking(cached.read_entry)
        return cached

    async def _kept(self, cached: _LazyStories) -> _LazyStories:
        """`cached` as returned: read in a thread now, unless `headless` (read on use).

        A section refresh builds the stories on the loop; a headless one never does.
        """
        return cached if self.headless else await self._read(cached)

    def _write(self, *items: tuple[str, Any]) -> None:
        """Store values (JSON-ready, or `Encoded` text) together (blocking)."""
        self.store.set_many(items)

    async def _refresh_feed(
        self,
        url: str,
        *,
        force: bool,
        known: tuple[Any, bool] | None = None,
        sent: Callable[[], None] = lambda: None,
    ) -> tuple[_LazyStories, FeedStatus]:
        """Fetch one feed; its stories (built when asked for) and status.

        `sent` is called once nothing more of this feed needs the loop before its answer
        (see `NewsClient.fetch`).
        """
        from tuinews.core.net import NewsClient

        if known is None:
            sent()
            known = await self._blocking(lambda: self._read_record(url))
        record = FeedRecord.from_json(known[0])
        present = known[1]
        # The cached stories are read and built only when needed: after the request,
        # while other requests wait on the network.
        cached = self._cached_stories(url, present)
        options = self.feed_options(url)
        now = time.time()
        if present and (now < record.retry_at or (not force and now < record.fresh_until)):
            sent()
            if await self._read(cached) and now < record.retry_at:
                return cached, replace(self._status(url, record), status="waiting")
            if cached and not force and now < record.fresh_until:
                return cached, replace(self._status(url, record), status="fresh")
        record.last_attempt = now
        started = time.perf_counter()
        # Validators go out when stories are stored (and not found unreadable already);
        # should those turn out unreadable when a 304 answers, the feed is asked again
        # without them.
        conditional = bool(cached) if cached.read else present
        while True:
            try:
                response = await self.client.fetch(
                    url,
                    accept=_FEED_ACCEPT,
                    etag=record.etag if conditional else "",
                    last_modified=record.last_modified if conditional else "",
                    headers=dict(options.headers),
                    sent=sent,
                )
            except NewsClient.Error as error:
                record.latency_ms = int((time.perf_counter() - started) * 1000)
                if isinstance(error, NewsClient.HTTPStatus):
                    record.fetches += 1
                    if error.retry_after:
                        record.retry_at = now + error.retry_after
                self._failed(record, sanitize_display(str(error)), now)
                await self._save((meta_key(url), record.to_json()))
                return await self._kept(cached), self._status(url, record)
            if response.status == 304 and conditional and not await self._read(cached):
                conditional = False
                continue
            break
        record.latency_ms = int((time.perf_counter() - started) * 1000)
        record.fetches += 1
        record.retry_at = 0.0
        if response.status == 304 and conditional:
            record.not_modified += 1
            self._succeeded(record, "304", now, response.headers, "", options)
            await self._save((meta_key(url), record.to_json()))
            return cached, self._status(url, record)
        # Parsed, and the stories turned into the cache's JSON text, in one thread trip.
        parsed, encoded = await self._parse(response)
        if not parsed.stories:
            self._failed(record, parsed.error or "the feed has no stories", now)
            await self._save((meta_key(url), record.to_json()))
            return await self._kept(cached), self._status(url, record)
        if parsed.error and len(parsed.stories) < len((await self._read(cached)).stories):
            # A cut-short feed never replaces a fuller good copy (R3).
            self._failed(record, parsed.error, now)
            await self._save((meta_key(url), record.to_json()))
            return cached, self._status(url, record)
        record.etag = response.headers.get("etag", "")
        record.last_modified = response.headers.get("last-modified", "")
        record.title = parsed.title
        record.count = len(parsed.stories)
        record.dropped = parsed.dropped
        self._succeeded(record, "200", now, response.headers, parsed.extra.get("ttl", ""), options)
        if parsed.error:
            record.ok = False
            record.last_status = parsed.error
        # The stories and their record in one transaction: never one without the other.
        await self._save((feed_key(url), encoded), (meta_key(url), record.to_json()))
        if options.full_text:
            self._fetch_full_text(parsed.stories)
        return _LazyStories.built(parsed.stories), self._status(url, record)

    async def _save(self, *items: tuple[str, Any]) -> None:
        """Write one feed's cache entries together: in a thread, or when `headless` on
        the loop, SAVE_BATCH feeds at a time in one transaction (`_flush`)."""
        if not self.headless:
            await asyncio.to_thread(self._write, *items)
            return
        self._unsaved.append(items)
        if len(self._unsaved) >= SAVE_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write what `_save` holds, in one transaction (blocking)."""
        batches, self._unsaved = self._unsaved, []
        if batches:
            self._write(*(item for items in batches for item in items))

    async def _parse(self, response: Response) -> tuple[ParsedFeed, Encoded]:
        """Parse a fetched feed: in a thread, or on the loop when `headless` says so."""
        args = (response.body, response.url, response.content_type, response.charset)
        if not self.headless or len(response.body) > INLINE_PARSE_BYTES:
            return await asyncio.to_thread(_parse_for_cache, *args)
        # One feed at a time, each after the callbacks that are ready have run (the
        # requests waiting to be sent go first).
        if self._parse_turn is None:
            self._parse_turn = asyncio.Lock()
        async with self._parse_turn:
            for _ in range(PARSE_YIELDS):
                await asyncio.sleep(0)
            return _parse_for_cache(*args)

    def _succeeded(
        self,
        record: FeedRecord,
        status: str,
        now: float,
        headers: Mapping[str, str],
        ttl: str,
        options: FeedOptions,
    ) -> None:
        record.ok = True
        record.last_status = status
        record.fetched_at = now
        record.failing_since = 0.0
        minutes = options.refresh_minutes or self.config.settings.refresh_minutes
        record.fresh_until = now + freshness_seconds(headers, ttl, minutes)

    @staticmethod
    def _failed(record: FeedRecord, error: str, now: float) -> None:
        record.ok = False
        record.last_status = error
        if not record.failing_since:
            record.failing_since = now

    @staticmethod
    def _stories_of(entry: Any) -> tuple[Story, ...]:
        if not isinstance(entry, dict) or not isinstance(entry.get("stories"), list):
            return ()
        return tuple(s for raw in entry["stories"] if (s := Story.from_json(raw)) is not None)

    # -- articles --------------------------------------------------------------

    async def article(self, story: Story, *, look_up: bool = True) -> Article:
        """The reader version of a story: its page's article, or the feed's own text.

        Never raises for network or page trouble: the returned Article says in
        `completeness` and `note` what it shows and why.

        Args:
            story: The story.
            look_up: Read the cache first. False when the caller has just found the
                article missing there (`cached_article`): the read is a hop to a worker
                thread that, while the reader opens, waits 5-10 ms for the GIL.
        """
        from tuinews.core.net import NewsClient

        if not story.url:
            return self._from_feed(story, None, "the feed gives no link to the story")
        if look_up:
            cached = Article.from_json(await self.store.aget(article_key(story.url)))
            if cached is not None:
                return cached
        if self.offline:
            return self._from_feed(story, None, "offline and the page is not cached")
        try:
            response = await self.client.fetch(story.url, accept=_PAGE_ACCEPT)
        except NewsClient.Error as error:
            return self._from_feed(story, None, f"page not reachable: {error}")
        body = response.body
        if response.content_type not in _HTML_TYPES or body.lstrip()[:8].startswith(_BINARY_MAGIC):
            kind = sanitize_display(response.content_type or "binary", cap=40)
            return self._from_feed(story, None, f"the page is not an article ({kind})")
        from tuinews.core.reader import extract_article

        keep = "no-store" not in response.headers.get("cache-control", "").lower()
        url = response.url

        def extract() -> Article:
            # Extraction and the cache write in one thread hop: each hop back to the
            # loop waits for the GIL, and the article is shown after it.
            extracted = extract_article(body, url)
            if extracted.completeness != FULL:
                return extracted
            article = self._with_story_defaults(extracted, story)
            if keep:
                stored = replace(article, extra={**article.extra, "cached_at": _now_iso()})
                self.store.set(article_key(story.url), stored.to_json())
            return article

        article = await asyncio.to_thread(extract)
        if article.completeness != FULL:
            return self._from_feed(story, article, article.note or "could not extract")
        return article

    def cached_article(self, story: Story) -> Article | None:
        """The story's article when the cache holds it, else None (blocking).

        One SQLite read of ~1 ms: the reader shows a cached article in the frame of the
        key that opened it, with no worker and no thread hop. Only full articles are
        cached, so this is what `story_article` would return.
        """
        if not story.url:
            return None
        return Article.from_json(self.store.get(article_key(story.url)))

    async def story_article(self, story: Story, *, look_up: bool = True) -> Article:
        """`article`, or the copy kept with a saved story when the page gave less.

        A saved story reads offline, and after `tuinews cache --clear`, from the article
        stored with it in the state; `extra["saved_copy"]` then says why it is shown.
        `look_up` is `article`'s.
        """
        article = await self.article(story, look_up=look_up)
        if article.completeness == FULL:
            return article
        saved = await asyncio.to_thread(self.state.saved_article, story.id)
        if saved is None:
            return article
        reason = article.note.split(";", 1)[0] or "the page gave no article"
        return replace(saved, extra={**saved.extra, "saved_copy": reason})

    async def save_story(self, story: Story) -> Article | None:
        """Save a story with its article (from the cache or the page), for offline reading.

        Returns:
            The article kept, or None when the page gave no full article (the story is
            saved all the same, and reads from its feed text).
        """
        article = await self.article(story)
        kept = article if article.completeness == FULL else None
        await asyncio.to_thread(self.state.save, story, kept)
        return kept

    async def unsave_story(self, story_id: str) -> None:
        """Forget a saved story and the article kept with it."""
        await asyncio.to_thread(self.state.unsave, story_id)

    @staticmethod
    def _with_story_defaults(article: Article, story: Story) -> Article:
        return replace(
            article,
            title=article.title or story.title,
            authors=article.authors or ((story.author,) if story.author else ()),
            published=article.published or story.published,
            site_name=article.site_name or story.source,
        )

    @staticmethod
    def _from_feed(story: Story, page: Article | None, reason: str) -> Article:
        """The best text there is when the page gave no full article, and why.

        The feed's full content, else the longer of the feed's summary and the free
        opening of a paywalled page, else nothing (the note then says so: the reader
        offers the browser instead of an empty page).
        """
        text = story.content or story.summary
        completeness = FEED_CONTENT if story.content else EXCERPT
        shown = "the feed's full text" if story.content else "the feed's summary"
        base = page or Article(url=story.url or story.id)
        markdown = _plain_to_markdown(text)
        if (
            not story.content
            and page is not None
            and page.note.startswith("looks paywalled")
            and len(page.text.split()) > len(text.split())
        ):
            # The page's own opening says more than the feed's summary: show that.
            text, markdown, shown = page.text, page.markdown, "the free part of the page"
        note = f"{reason}; showing {shown}" if text.strip() else f"{reason}; no text to show"
        words = len(text.split())
        standfirst = base.standfirst
        if standfirst and " ".join(text.split()).startswith(" ".join(standfirst.split())):
            standfirst = ""  # the feed's summary is the standfirst: show it once
        return replace(
            base,
            standfirst=standfirst,
            title=base.title or story.title,
            authors=base.authors or ((story.author,) if story.author else ()),
            published=base.published or story.published,
            site_name=base.site_name or story.source,
            markdown=markdown,
            text=text,
            reading_minutes=max(1, -(-words // 230)) if words else 0,
            completeness=completeness,
            note=note,
        )

    # -- offline reading -------------------------------------------------------

    async def prefetch(
        self,
        sections: Iterable[Section],
        *,
        progress: Callable[[Story, Article | None], None] | None = None,
        concurrency: int = 4,
    ) -> PrefetchResult:
        """Download and extract the articles of `sections` so they read offline.

        Stories whose article is already cached are skipped. Uses the cached headlines:
        refresh first for the newest.

        Args:
            sections: The sections to prefetch.
            progress: Called per story with its article (None when skipped as cached).
            concurrency: Pages fetched at once.
        """
        stories = merge_stories([await self.cached_stories(s) for s in sections])
        if self.offline:
            return PrefetchResult(len(stories), 0, 0, 0)
        return await self._prefetch_stories(stories, progress=progress, concurrency=concurrency)

    async def _prefetch_stories(
        self,
        stories: tuple[Story, ...],
        *,
        progress: Callable[[Story, Article | None], None] | None = None,
        concurrency: int = 4,
    ) -> PrefetchResult:
        limit = asyncio.Semaphore(concurrency)
        counts = {"fetched": 0, "cached": 0, "failed": 0}

        async def one(story: Story) -> None:
            if not story.url:
                return
            if await self.store.aget(article_key(story.url)) is not None:
                counts["cached"] += 1
                if progress is not None:
                    progress(story, None)
                return
            async with limit:
                article = await self.article(story)
            counts["fetched" if article.completeness == FULL else "failed"] += 1
            if progress is not None:
                progress(story, article)

        await asyncio.gather(*(one(story) for story in stories))
        return PrefetchResult(len(stories), counts["fetched"], counts["cached"], counts["failed"])

    # -- browser ---------------------------------------------------------------

    def open_in_browser(self, url: str) -> OpenResult:
        """Open a URL in the configured or system browser, when that is possible here."""
        # shlex, subprocess: not on the way to a refresh or the first paint
        from tuinews.core.browser import open_url

        return open_url(url, command=self.config.settings.browser)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dt(timestamp: float) -> datetime | None:
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp > 0 else None


def _status(url: str, record: FeedRecord) -> FeedStatus:
    """A feed's status as the UI and `tuinews status` show it."""
    never = record.fetches == 0 and not record.last_status
    next_time = max(record.fresh_until, record.retry_at)
    return FeedStatus(
        url=url,
        ok=record.ok and not never,
        error="" if record.ok else record.last_status,
        fetched_at=_dt(record.fetched_at),
        count=record.count,
        title=record.title,
        status="never fetched" if never else record.last_status,
        latency_ms=record.latency_ms,
        fetches=record.fetches,
        not_modified=record.not_modified,
        failing_since=_dt(record.failing_since),
        next_refresh=_dt(next_time),
        dropped=record.dropped,
    )


def _nothing() -> None:
    """A `sent` callback with nothing to do."""


async def _started_in_turn(
    urls: Iterable[str], one: Callable[[str, Callable[[], None]], Coroutine[Any, Any, FeedStatus]]
) -> list[asyncio.Task[FeedStatus]]:
    """Start `one(url, sent)` for each URL in turn: the next once `sent` was called (or
    the previous one ended). Cancelled, the ones started are cancelled too."""
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Task[FeedStatus]] = []
    try:
        for url in urls:
            started = loop.create_future()

            def go(_: object = None, started: asyncio.Future[None] = started) -> None:
                if not started.done():
                    started.set_result(None)

            task = asyncio.create_task(one(url, go))
            task.add_done_callback(go)
            tasks.append(task)
            await started
    except BaseException:
        for task in tasks:
            task.cancel()
        raise
    return tasks


def _load_parser() -> None:
    """Import the feed parser and its lxml fast path (blocking, ~25 ms)."""
    import tuinews.core.fastfeed  # noqa: F401 - imported for its cost, now
    import tuinews.core.feeds  # noqa: F401

    try:
        import lxml.etree  # noqa: F401
    except ImportError:  # feedparser reads every feed then: said when one is parsed
        pass


def _parse_for_cache(
    body: bytes, url: str, content_type: str, charset: str
) -> tuple[ParsedFeed, Encoded]:
    """Parse a feed and encode its stories as the cache stores them (blocking)."""
    from tuinews.core.feeds import parse_feed

    parsed = parse_feed(body, url, content_type, charset)
    stories = [story.to_json() for story in parsed.stories]
    return parsed, Encoded(json.dumps({"stories": stories}, ensure_ascii=False))


class _LazyStories:
    """A feed's cached stories, read from the cache and built only when asked for."""

    __slots__ = ("_any", "_entry", "_load", "_stories")

    def __init__(self, entry: Any = None, *, load: Callable[[], Any] | None = None) -> None:
        """Wrap a cache entry, or a function that reads it (blocking) when first needed."""
        self._entry = entry
        self._load = load
        self._stories: tuple[Story, ...] | None = None
        self._any: bool | None = None

    @classmethod
    def built(cls, stories: tuple[Story, ...]) -> _LazyStories:
        """Stories already at hand."""
        lazy = cls(None)
        lazy._stories = stories
        return lazy

    @property
    def read(self) -> bool:
        """Whether the entry has been read from the cache (or needed no reading)."""
        return self._load is None

    def read_entry(self) -> None:
        """Read the entry from the cache now, if not done yet (blocking)."""
        load, self._load = self._load, None
        if load is not None:
            self._entry = load()

    def __bool__(self) -> bool:
        """Whether the entry holds a readable story (found without building them all)."""
        if self._stories is not None:
            return bool(self._stories)
        if self._any is None:
            self.read_entry()
            raw = self._entry.get("stories") if isinstance(self._entry, dict) else None
            self._any = isinstance(raw, list) and any(
                Story.from_json(one) is not None for one in raw
            )
        return self._any

    @property
    def stories(self) -> tuple[Story, ...]:
        """The stories, as `NewsService._stories_of` reads them."""
        if self._stories is None:
            self.read_entry()
            self._stories = NewsService._stories_of(self._entry)
        return self._stories


def _plain_to_markdown(text: str) -> str:
    # Feed text is plain: escape what Markdown would read as syntax so it shows as is.
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    escaped = (_MD_INLINE.sub(r"\\\1", p) for p in paragraphs)
    escaped = (_MD_LINE_START.sub(r"\\\1", p) for p in escaped)
    return "\n\n".join(_MD_ORDERED.sub(r"\1\\\2", p) for p in escaped)


def story_from_link(url: str, text: str, source: str = "") -> Story:
    """A story for a link followed inside the reader (previous/next, also read...)."""
    return Story(id=url, title=text or url_host(url), url=url, source=source)
