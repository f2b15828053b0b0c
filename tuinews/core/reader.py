"""Turn a news page's HTML into an `Article`: the body, its metadata and its navigation.

A news page is a few paragraphs of article inside a lot of navigation (DESIGN.md, "What a
news page looks like"). This module keeps the two apart. The navigation the page offers
(previous/next story, "ALSO READ" lines, related posts, "Latest from <Section>") is
harvested as gated `Link`s and removed from the page; what is left goes to trafilatura
for the body. Menus, share bars, cookie notices, comments and "Don't Miss" blocks are
removed without being harvested.

The reader says honestly what it got (the badge). A page marked not free (schema.org
`isAccessibleForFree: false`, `article:content_tier` locked) that holds only an opening,
or that shows a paywall's "subscribe to continue reading" prompt, gives `EXCERPT` with
the note "looks paywalled" (and its free opening as the text); a bot-protection challenge
page gives an empty `EXCERPT` noted "bot challenge page"; a page where even trafilatura's
recall mode finds too little gives `EXCERPT` noted "could not extract the article".

`extract_article` is pure (no network, no terminal) and meant for a worker thread. lxml
and trafilatura are imported inside it, so importing this module stays cheap.

Every string leaving this module has passed `sanitize_display` and every URL has passed
`openable_url`: the page is untrusted throughout (HOSTILE_INPUTS.md, section B).
"""

from __future__ import annotations

import codecs
import copy
import functools
import html as html_lib
import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tuinews.core.models import EXCERPT, FULL, Article, Link
from tuinews.core.text import TEXT_CAP, UnsafeURL, openable_url, sanitize_display

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["INPUT_CAP", "WORDS_PER_MINUTE", "extract_article"]

log = logging.getLogger(__name__)

#: Largest input looked at; the rest of a bigger page is ignored (HOSTILE_INPUTS R6).
INPUT_CAP = 10 * 1024 * 1024
#: Reading speed behind `Article.reading_minutes`.
WORDS_PER_MINUTE = 230

# An extract below either bound is not an article body: a headline alone, a consent
# wall, a paywall teaser.
_MIN_BODY_CHARS = 200
_MIN_BODY_WORDS = 40
# A container is the extraction root only when it holds this share of the page's
# paragraph text; otherwise it may be an excerpt box and the whole page is safer.
_CONTAINER_SHARE = 0.6
_TRUNCATED = "[truncated]"
_NOTE_NOT_HTML = "not an HTML page"
_NOTE_NO_ARTICLE = "could not extract the article"
_NOTE_PAYWALL = "looks paywalled"
_NOTE_CHALLENGE = "bot challenge page"
# A page with challenge marks is the challenge unless it also has a real article: some
# bot protections put their script on every page of a site.
_CHALLENGE_WORDS_MAX = 150
# A page marked "not free" that still carries this much text gives the whole article
# (sites serve it to search engines that way); below it, it is the free opening.
_PAYWALL_WORDS_MAX = 250
# Raw-HTML marks of bot-protection challenge pages (Cloudflare, DataDome, PerimeterX,
# Imperva, SiteGround, AWS WAF, Vercel, DDoS-Guard, Sucuri): none is article text.
_CHALLENGE_MARKS = (
    "_cf_chl_opt",
    "cf-browser-verification",
    "/cdn-cgi/challenge-platform/h/",
    'id="challenge-form"',
    "captcha-delivery.com",
    "px-captcha",
    "_Incapsula_Resource",
    "/.well-known/sgcaptcha/",
    "awsWafCookieDomainList",
    "Vercel Security Checkpoint",
    "ddos-guard",
    "sucuri_cloudproxy_js",
)
# JSON-LD bigger than this is not metadata.
_JSONLD_CAP = 512 * 1024
# Longest text a navigation line ("ALSO READ-…", "Previous Story …") can have.
_LINE_MAX = 300
# Longest text a label ("Latest from World") can have.
_LABEL_MAX = 80
# Links kept per harvested block (a "Latest" block has 4–6).
_BLOCK_LINKS_MAX = 20
# Links listed for a body, and hrefs kept in the tree handed to trafilatura: resolving
# URLs costs ~30 µs each, and a hostile page has 100,000 of them (B6). Anchors past the
# cap keep their text and lose their href.
_BODY_LINKS_MAX = 1000
_HREFS_MAX = 2000
# Fewer distinct words than this is not prose ("x x x …" from a nested-div bomb).
_MIN_DISTINCT_WORDS = 20
# An excerpt in a list of headlines is shorter than this; an article body is longer.
_EXCERPT_MAX = 300
# A block of headlines never holds this much paragraph text: an article does.
_BLOCK_TEXT_MAX = 2000
# Furniture (share bar, tag list, cookie notice) is small; a big element with such a
# class is a page wrapper that happens to carry it, and is kept.
_FURNITURE_TEXT_MAX = 1500

# File signatures of things that are not web pages (B9), checked before decoding.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip: the fetcher undoes Content-Encoding, so this is a .gz file
    b"BZh9",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x7fELF",
    b"OggS",
    b"ID3",  # MP3
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"\x1a\x45\xdf\xa3",  # Matroska / WebM
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_DECLARED_CHARSET: re.Pattern[bytes]
# Labels browsers read as windows-1252 (WHATWG Encoding): a page that says latin-1 and
# has curly quotes means cp1252.
_CP1252_LABELS = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "iso_8859-1",
        "latin1",
        "latin-1",
        "l1",
        "cp819",
        "ibm819",
        "us-ascii",
        "ascii",
        "windows-1252",
        "x-cp1252",
        "cp1252",
    }
)
# Codecs a page may not choose: they turn plain bytes into markup or controls (utf-7 is
# a known XSS trick). WHATWG reads a declared utf-16/32 without a BOM as UTF-8.
_REFUSED_CODECS = frozenset({"utf-7", "unicode-escape", "raw-unicode-escape", "idna", "punycode"})
# A DOCTYPE with an internal subset (entity declarations, B8). Dropped before parsing so
# libxml2's HTML parser neither sees the declarations nor leaves "]>" in the text.
_DOCTYPE_SUBSET: re.Pattern[str]
_XML_DECL: re.Pattern[str]
# C0 controls that text never has (ESC is left out: hostile *text* carries it, B1).
_BINARY_CONTROLS: re.Pattern[str]
# C0 controls and DEL are never content in HTML. libxml2 keeps them in the tree, and lxml
# then refuses to set such text, which makes trafilatura discard the whole page; so they
# go before parsing (the printable text around them stays, R2), deleted from the UTF-8
# bytes handed to the parser: in UTF-8 a byte below 0x80 is always that ASCII character,
# and bytes.translate is ~50 times quicker than any pass over a non-ASCII str. Form feed
# is whitespace; U+FFFE/U+FFFF are refused by lxml too.
_XML_UNSAFE = frozenset((*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF))
_C0_BYTES = bytes(code for code in _XML_UNSAFE if code < 0x80)
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())
# The same characters written as numeric references (&#27;), which the parser decodes.
_CHAR_REF: re.Pattern[str]

# --- labels ----------------------------------------------------------------------------
_SEP = r"\s*[:\-–—|»›>→]*\s*"
# The words of navigation labels, in the languages tuinews has met. "Previous story",
# "Older post", "Vorheriger Artikel", "Article précédent", "Предыдущая новость"...
_NOUNS = r"(story|article|post|entry|news|item|gallery|video|report)"
_PREVIOUS_WORDS = (
    r"(previous|prev|older)\s+" + _NOUNS + r"|vorherige[rsn]?\s+(artikel|beitrag|meldung"
    r"|nachricht)|(article|billet)\s+précédent|(artículo|noticia|entrada|artigo|notícia"
    r"|matéria)\s+anterior|(articolo|notizia)\s+precedente|vorige?\s+(artikel|bericht)"
    r"|poprzedni[a]?\s+(artykuł|wpis)|предыдущ(ая|ий|ее)\s+(новость|статья|запись|материал)"
)
_NEXT_WORDS = (
    r"(next|newer)\s+" + _NOUNS + r"|nächste[rsn]?\s+(artikel|beitrag|meldung|nachricht)"
    r"|(article|billet)\s+suivant|(artículo|noticia|entrada)\s+siguiente"
    r"|próxim[oa]\s+(artigo|notícia|matéria)|(articolo|notizia)\s+successiv[oa]"
    r"|volgende?\s+(artikel|bericht)|następn[ya]\s+(artykuł|wpis)"
    r"|следующ(ая|ий|ее)\s+(новость|статья|запись|материал)"
)
# A link text that is nothing but a direction: "Prev", "Next »", "«".
_BARE_WORDS = (
    r"prev|previous|next|older|newer|zurück|weiter|vorherige[rsn]?|nächste[rsn]?|précédent"
    r"|suivant|anterior|siguiente|precedente|successivo|vorige|volgende|назад|далее|вперёд"
)
_LATEST_WORDS = r"neueste\s+(nachrichten|artikel)|dernières\s+actualités|últimas\s+noticias"
_RELATED_WORDS = (
    r"(ähnliche|verwandte)\s+(nachrichten|artikel|beiträge|themen)|mehr\s+zum\s+thema"
    r"|lesen\s+sie\s+auch|das\s+könnte\s+sie\s+auch\s+interessieren|auch\s+interessant"
    r"|(à\s+)?lire\s+aussi|sur\s+le\s+même\s+sujet|articles\s+(liés|similaires)"
    r"|(noticias|art[ií]culos)\s+relacionad[oa]s|te\s+puede\s+interesar|le[ea]\s+también"
    r"|leggi\s+anche|articoli\s+correlati|leia\s+também|veja\s+também"
    r"|(not[ií]cias|mat[ée]rias)\s+relacionadas|lees\s+ook|gerelateerd(e\s+artikelen)?"
    r"|czytaj\s+(także|też)|zobacz\s+(także|też|również)|podobne\s+artykuły"
    r"|(читайте|смотрите)\s+также|по\s+теме|похожие\s+(новости|статьи|материалы)"
)
_ALSO_READ_WORDS = (
    r"lesen\s+sie\s+auch|mehr\s+zum\s+thema|(à\s+)?lire\s+aussi|le[ea]\s+también"
    r"|leggi\s+anche|leia\s+também|veja\s+também|lees\s+ook|czytaj\s+(także|też)"
    r"|zobacz\s+(także|też)|(читайте|смотрите)\s+также"
)
_LABEL_START_WORDS = (
    r"vorherig|nächst|ähnlich|verwandt|mehr|lesen|das|auch|neueste|article|billet|à|lire|sur"
    r"|dernières|artículo|noticia|entrada|artigo|notícia|matéria|próxim|últimas|te|le[ea]"
    r"|articolo|articoli|notizia|leggi|leia|veja|vorig|volgend|lees|gerelateerd|poprzedni"
    r"|następn|czytaj|zobacz|podobne|предыдущ|следующ|читайте|смотрите|по|похожие"
)
_PREV_NEXT_LABEL: re.Pattern[str]
_BARE_LABEL: re.Pattern[str]
_LATEST_LABEL: re.Pattern[str]
_RELATED_LABEL: re.Pattern[str]
# Blocks removed and not offered as links.
_DROP_LABEL: re.Pattern[str]
# What a label can start with: the cheap first test on every text node.
_LABEL_START: re.Pattern[str]
_ALSO_READ: re.Pattern[str]
_GO_TOP: re.Pattern[str]
# Anchors of a headline block that are not headlines.
_NOT_HEADLINE: re.Pattern[str]
_TAXONOMY_PATH: re.Pattern[str]
# Short body lines trafilatura may keep that are page furniture, not article.
_FURNITURE_LINE: re.Pattern[str]
_COOKIE_LINE: re.Pattern[str]
# Meta lines a theme puts above the body ("November 11, 2023", "by Jo Bloggs").
# Case matters for names and months, so a first paragraph that starts "By the time…" or
# "Published reports say…" is not taken for one.
_DATE_WORDS = r"([A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[A-Z][a-z]+\.?\s+\d{4})"
_LEADING_META: re.Pattern[str]
# A card's "Read more" button at the end of its link text.
_READ_MORE_END = re.compile(r"\s+(read\s+more|continue\s+reading)\W*$", re.IGNORECASE)
# Dates as pages write them for people (see `_written_date`).
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WRITTEN_DATE: re.Pattern[str]
# A byline's label: "By", "Von", "Автор:", "Written by:".
_BYLINE_LABEL: re.Pattern[str]
# "Published 14.06.2023 by Gaëlle Schütz", "By Jo Bloggs", "5 March 2024".
_DATELINE: re.Pattern[str]
_DATELINE_TAGS = ("p", "div", "span", "em", "i", "small", "address", "time", "b", "strong")
_NAME_PARTICLES = frozenset(
    "von van der den de del della di da du la le bin al y e zu ten ter dos das".split()
)
# Class names of a story's category block, and of date elements (not "updated" ones).
_CATEGORY_TOKENS = frozenset(
    {"cat-links", "entry-category", "post-category", "post-categories", "category-name"}
)
_DATE_TOKEN: re.Pattern[str]
_UPDATE_TOKEN: re.Pattern[str]
# Titles of bot-challenge pages.
_CHALLENGE_TITLE: re.Pattern[str]
# Class/id parts of paywall prompts ("paywall", "piano-paywall", "tp-container-inner").
_PAYWALL_TOKEN: re.Pattern[str]
# The words of a paywall prompt, and words one of which every such prompt has.
_PAYWALL_TEXT: re.Pattern[str]
_PAYWALL_WORDS = (
    "continue reading",
    "keep reading",
    "subscriber",
    "paid members",
    "for members",
    "to members",
    "full article",
    "full story",
    "unlock this",
)
# "3 of 8", "3 / 8": a gallery's picture counter.
_COUNTER = re.compile(r"^\d{1,4}\s*(of|/)\s*\d{1,4}$")

# --- class/id vocabulary (whole tokens: "tag-comments" on an <article> is a WordPress
# tag slug, not a comment section) ------------------------------------------------------
_CONTAINER_CLASSES: tuple[str, ...] = (
    "entry-content",
    "post-content",
    "article-content",
    "article-body",
    "article__body",
    "story-body",
    "td-post-content",
    "post-body",
    "single-post-content",
    "content-body",
    "article-text",
    "story-content",
    "entry-body",
    "post-entry",
    "article__content",
    "c-article-body",
    "articlebody",
    "body-copy",
    "news-content",
    "field-body",
)
_CONTAINER_CLASS_SET = frozenset(_CONTAINER_CLASSES)
_STANDFIRST_CLASSES = frozenset(
    {
        "subtitle",
        "sub-title",
        "subheadline",
        "sub-headline",
        "standfirst",
        "entry-summary",
        "td-post-sub-title",
        "entry-subtitle",
        "post-subtitle",
        "article-subtitle",
        "article__subtitle",
        "article-standfirst",
        "article__standfirst",
        "dek",
        "article-dek",
        "article__dek",
        "lede",
        "article-lede",
        "article__lede",
        "entry-excerpt",
        "post-excerpt",
        "article-summary",
        "article__summary",
        "article-intro",
        "article__intro",
        "intro",
        "summary",
        "lead",
        "strapline",
    }
)
# Parts of class names that mark a standfirst ("article-excerpt", "standfirst-text").
_STANDFIRST_STEMS = (
    "standfirst",
    "subtitle",
    "sub-title",
    "subheadline",
    "excerpt",
    "teaser",
    "dek",
    "lede",
    "strapline",
    "description",
)
_NAV_CLASSES = frozenset(
    {
        "post-navigation",
        "navigation",
        "nav-links",
        "post-nav",
        "post-nav-links",
        "single-post-nav",
        "article-navigation",
        "nav-previous",
        "nav-next",
        "prev-next",
        "previous-next",
        "post-pagination",
        "entry-navigation",
        "posts-navigation",
        "article-nav",
        "story-nav",
    }
)
_PREV_CLASSES = frozenset(
    {
        "nav-previous",
        "nav-prev",
        "prev-post",
        "previous-post",
        "post-previous",
        "post-prev",
        "prev-article",
        "previous-article",
    }
)
_NEXT_CLASSES = frozenset({"nav-next", "next-post", "post-next", "next-article"})
_DIRECTION_TOKENS = frozenset({"prev", "previous", "next"})
_RELATED_CLASSES = frozenset(
    {
        "related-posts",
        "jp-relatedposts",
        "yarpp-related",
        "crp_related",
        "related-articles",
        "related-stories",
        "related-content",
        "related",
        "relatedposts",
        "related-news",
        "rp4wp-related-posts",
        "related-links",
        "td-related-posts",
        "related_posts",
        "read-more-wrap",
        "read-next",
    }
)
_COMMENT_TOKENS = frozenset(
    {
        "comments",
        "comments-area",
        "comment-respond",
        "respond",
        "comment-list",
        "commentlist",
        "comment-navigation",
        "disqus_thread",
        "comments-section",
        "comment-section",
        "wpdiscuz",
        "wpd-comments",
        "comments-wrapper",
        "comments-link",
    }
)
# Class/id tokens (any token starting so) of page furniture.
_FURNITURE_TOKEN: re.Pattern[str]
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that can be a whole "ALSO READ" line, and elements that can carry a label.
_LINE_TAG_SET = frozenset(
    "p div li h2 h3 h4 h5 h6 blockquote section aside span strong b em".split()
)
_LABEL_TAG_SET = frozenset(
    "span div p a strong b em small label h2 h3 h4 h5 h6 li header dt".split()
)
# Never text: dropped first (after JSON-LD is read). <form> stays: some sites wrap the
# whole page in one.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "canvas",
    "button",
    "select",
    "textarea",
    "input",
)
_STOP_TAGS = frozenset({"body", "html"})
_INLINE_TAGS = frozenset("a span strong b em i small u mark label".split())
_ITEMPROP_BODY = "//*[@itemprop='articleBody' or @itemprop='articlebody']"
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "report",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "askpublicnewsarticle",
        "satiricalarticle",
    }
)
_TITLE_SEPARATORS = (" – ", " — ", " - ", " | ", " :: ", " · ", " • ", " « ", " » ")
_STRIP_PUNCT = " «‹←<»›→>:-–—|"


@functools.cache
def _compile_patterns() -> None:
    """Compile the module's regular expressions, once, on the first extraction.

    At import they would cost every run of tuinews 10–40 ms, whether or not it ever
    opens an article. Each pattern is described where it is declared above.
    """
    global _DECLARED_CHARSET, _DOCTYPE_SUBSET, _XML_DECL, _BINARY_CONTROLS, _CHAR_REF
    global _PREV_NEXT_LABEL, _BARE_LABEL, _LATEST_LABEL, _RELATED_LABEL, _DROP_LABEL
    global _LABEL_START
    global _ALSO_READ, _GO_TOP, _NOT_HEADLINE, _TAXONOMY_PATH, _FURNITURE_LINE, _COOKIE_LINE
    global _LEADING_META, _FURNITURE_TOKEN, _WRITTEN_DATE, _BYLINE_LABEL, _DATELINE
    global _DATE_TOKEN, _UPDATE_TOKEN, _CHALLENGE_TITLE, _PAYWALL_TOKEN, _PAYWALL_TEXT
    _DECLARED_CHARSET = re.compile(
        rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]{1,40})"""
        rb"""|<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""",
        re.IGNORECASE,
    )
    _DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,1000}\[[^\]]{0,65536}\]\s*>", re.IGNORECASE)
    _XML_DECL = re.compile(r"\s*<\?xml[^>]{0,500}\?>", re.IGNORECASE)
    _BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
    _CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")
    _PREV_NEXT_LABEL = re.compile(
        r"^[«‹←<\s]*(?:(?P<previous>" + _PREVIOUS_WORDS + r")|(?P<next>" + _NEXT_WORDS + r"))"
        r"(?!\w)" + _SEP,
        re.IGNORECASE,
    )
    _BARE_LABEL = re.compile(r"^[«‹←<\s]*(" + _BARE_WORDS + r")?[\s»›→>:]*$", re.IGNORECASE)
    _LATEST_LABEL = re.compile(
        r"^((latest|more)\s+(from|in)\s+\S.*|latest\s+(news|stories|articles|posts|headlines)"
        r"|" + _LATEST_WORDS + r")\s*:?$",
        re.IGNORECASE,
    )
    _RELATED_LABEL = re.compile(
        r"^(related|related\s+(stories|articles|posts|news|content|coverage|reading|links)"
        r"|you\s+(may|might)\s+also\s+(like|enjoy|be\s+interested\s+in)|see\s+also|read\s+next"
        r"|more\s+(stories|articles|news|galleries|videos|on\s+this\s+story|to\s+read)"
        r"|" + _RELATED_WORDS + r")\s*:?$",
        re.IGNORECASE,
    )
    _DROP_LABEL = re.compile(
        r"^(don[’'`]?t\s+miss|trending(\s+now)?|most\s+(read|popular|viewed|shared)"
        r"|popular(\s+(posts|stories|now))?|editor[’']?s\s+picks?|top\s+stories"
        r"|recommended(\s+for\s+you)?|sponsored(\s+content)?|advertisement)\s*:?$",
        re.IGNORECASE,
    )
    # Every label above starts with one of these words (or an arrow).
    _LABEL_START = re.compile(
        r"[«‹←<\s]*(prev|next|older|newer|latest|more|related|you|see|read|don|trending|most"
        r"|popular|editor|top|recommended|sponsored|advertisement|" + _LABEL_START_WORDS + r")",
        re.IGNORECASE,
    )
    _ALSO_READ = re.compile(
        r"^\s*((also\s+read|read\s+also|read\s+more|see\s+also|also\s+see|must\s+read"
        r"|" + _ALSO_READ_WORDS + r")(?!\w)|related\s*:)" + _SEP,
        re.IGNORECASE,
    )
    _GO_TOP = re.compile(r"^[↑^\s]*(go|back|scroll|return)\s+to\s+top[↑^\s]*$", re.IGNORECASE)
    _NOT_HEADLINE = re.compile(
        r"^(view\s+all|see\s+all|see\s+more|more|read\s+more|continue\s+reading|\d+\s+comments?"
        r"|comments?|share|next|previous|prev|[»«›‹→←]+)$",
        re.IGNORECASE,
    )
    _TAXONOMY_PATH = re.compile(
        r"/(category|categories|tag|tags|author|topics?|page)/", re.IGNORECASE
    )
    _FURNITURE_LINE = re.compile(
        r"^(also\s+read|read\s+also|see\s+also|(previous|next)\s+(story|article|post)\b"
        r"|(latest|more)\s+(from|in)\s+\S+(\s+\S+){0,3}$|don[’'`]?t\s+miss(\s+\S+){0,4}$"
        r"|(go|back|scroll)\s+to\s+top$|leave\s+a\s+(reply|comment)|post\s+comment$"
        r"|cancel\s+reply$|your\s+email\s+address\s+will\s+not\s+be\s+published"
        r"|share\s+(this|on)\b(\s+\S+){0,4}$|\d+\s+min(ute)?s?\s+read$|tags?\s*:|tagged\s"
        r"|.*\ball\s+rights\s+reserved|(©|copyright\s+©?)\s*\d{4})",
        re.IGNORECASE,
    )
    _COOKIE_LINE = re.compile(r"\b(we|this\s+(site|website))\s+uses?\s+cookies\b", re.IGNORECASE)
    _LEADING_META = re.compile(
        r"^((?i:by|words\s+by)\s+[A-Z][\w.'’-]*(\s+(and\s+)?[A-Z][\w.'’-]*){0,4}"
        r"|(?i:posted|published|updated)(\s+(on|at))?\s+(\w+\s+)?\d.{0,40}"
        r"|" + _DATE_WORDS + r"([\s,·|•-]+\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?)?"
        r"([\s·|•-]+\d+\s+(?i:min(ute)?s?\s+read))?"
        r"|\d+\s+(?i:min(ute)?s?\s+read))$"
    )
    month = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    clock = (
        r"(?:[\s,]+(?:at\s+)?(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})"
        r"(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
    )
    _WRITTEN_DATE = re.compile(
        r"(?<!\d)(?:(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
        r"|(?P<num_a>\d{1,2})(?P<num_sep>[./])(?P<num_b>\d{1,2})(?P=num_sep)(?P<num_y>\d{4})"
        r"|(?P<day_a>\d{1,2})\.?\s+(?P<mon_a>" + month + r")\s+(?P<year_a>\d{4})"
        r"|(?P<mon_b>"
        + month
        + r")\s+(?P<day_b>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year_b>\d{4}))"
        + clock,
        re.IGNORECASE,
    )
    _BYLINE_LABEL = re.compile(
        r"^\s*(?:(?:written|words|text|photographs|photos|posted|reported|compiled)\s+by"
        r"|by|von|par|por|door|av|af|przez|автор[ыа]?|texto|text)\s*:?\s+",
        re.IGNORECASE,
    )
    name = r"[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w.'’-]*(?:\s+(?:and\s+)?[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w.'’-]*){0,4}"
    _DATELINE = re.compile(
        r"^(?:(?i:published|posted|updated|first\s+published)(?:\s+(?i:on|at))?\s+)?"
        r"(?P<date>[\w.,:/ -]{6,40}?\d{4}(?:[,\s]+\d{1,2}[:.]\d{2})?)?"
        r"\s*(?:(?i:by|von|par|por)\s+(?P<name>" + name + r"))?\s*$"
    )
    _CHALLENGE_TITLE = re.compile(
        r"^\s*(just\s+a\s+moment|attention\s+required|please\s+wait|one\s+more\s+step"
        r"|checking\s+(your\s+browser|if\s+the\s+site)|verifying\s+you\s+are\s+human"
        r"|are\s+you\s+a\s+(robot|human)|security\s+check|(bot|human)\s+verification"
        r"|ddos-guard|pardon\s+our\s+interruption|making\s+sure\s+you.re\s+not\s+a\s+bot"
        r"|robot\s+check|access\s+denied)",
        re.IGNORECASE,
    )
    _PAYWALL_TOKEN = re.compile(
        r"pay-?wall|^tp-(container|modal)|regwall|subscribers?-only|article-locked|meter-?wall",
        re.IGNORECASE,
    )
    _PAYWALL_TEXT = re.compile(
        r"(subscribe|sign\s+up|log\s*in|register)\s+(now\s+)?to\s+(continue|keep)\s+reading"
        r"|(continue|keep)\s+reading\s+with\s+a\s+(\S+\s+)?(subscription|free\s+trial|\d+-day)"
        r"|this\s+(article|post|story|content)\s+is\s+(only\s+)?(for|available\s+to)"
        r"\s+(paid\s+)?(subscribers|members)|already\s+a\s+(paid\s+)?subscriber\?"
        r"|(for|exclusive\s+to)\s+subscribers\s+only|to\s+read\s+the\s+full\s+(article|story)"
        r"|unlock\s+this\s+(article|story)",
        re.IGNORECASE,
    )
    _DATE_TOKEN = re.compile(r"date|time|published|posted")
    _UPDATE_TOKEN = re.compile(r"updat|modif|comment|read-?time|reading")
    _FURNITURE_TOKEN = re.compile(
        r"(?:^|\s)(cookie|consent|gdpr|cn-|share|sharing|sharedaddy|addtoany|a2a_kit|social-share"
        r"|tags-links|post-tags|entry-tags|article-tags|tag-links|tagcloud|newsletter"
        r"|subscribe-box|go-to-top|back-to-top|scroll-to-top|screen-reader-text|sr-only"
        r"|visually-hidden|breadcrumb)",
        re.IGNORECASE,
    )


# ----------------------------------------------------------------------------------------
# public API


def extract_article(html: bytes | str, url: str) -> Article:
    """Build the reader version of a page from its HTML.

    Pure and synchronous, for a worker thread. Never raises for bad input: a page that
    cannot be read gives an `Article` with `completeness=EXCERPT` and a `note`.

    Args:
        html: The page as downloaded (bytes, decoded with the page's declared charset)
            or as text.
        url: The page's URL, which relative links resolve against.

    Returns:
        The body (Markdown and plain text), the metadata, and the page's navigation as
        gated links. `completeness` is FULL when a real body was found.
    """
    _compile_patterns()
    page_url = _gate(url, "")
    fallback_url = page_url or sanitize_display(url)
    try:
        text = _decode(html)
    except _NotHTML:
        return Article(url=fallback_url, completeness=EXCERPT, note=_NOTE_NOT_HTML)
    try:
        return _Extraction(text, page_url, fallback_url).run()
    except RecursionError:
        log.warning("page too deeply nested to extract: %s", fallback_url)
        return Article(
            url=fallback_url,
            completeness=EXCERPT,
            note=f"{_NOTE_NO_ARTICLE} (page nested too deeply)",
        )
    except Exception as error:  # noqa: BLE001
        # The boundary with a third-party extractor fed hostile pages: whatever breaks,
        # the worker must survive and the reader can offer the feed's text instead.
        log.warning("extraction failed for %s", fallback_url, exc_info=True)
        return Article(
            url=fallback_url,
            completeness=EXCERPT,
            note=f"{_NOTE_NO_ARTICLE} ({type(error).__name__})",
        )


# ----------------------------------------------------------------------------------------
# bytes -> text


class _NotHTML(Exception):
    """The input is not a web page (a PDF, an image, an archive, nothing)."""


def _decode(html: bytes | str) -> str:
    """Decode, cap and tidy the raw page.

    Raises:
        _NotHTML: for binary files, empty input and text without a single tag.
    """
    if isinstance(html, str):
        text = html[:INPUT_CAP]
    elif isinstance(html, (bytes, bytearray, memoryview)):
        raw = bytes(html[:INPUT_CAP])
        head = raw.lstrip(b" \t\r\n")[:16]
        if any(head.startswith(magic) for magic in _MAGIC):
            raise _NotHTML
        text = _decode_bytes(raw)
    else:
        raise _NotHTML
    text = text.removeprefix("\ufeff")
    sample = text[:2048]
    if not sample.strip() or sample.lstrip().startswith("%PDF-"):
        raise _NotHTML
    # Binary sent as text/html: many C0 controls early on, or no tag at all.
    if len(_BINARY_CONTROLS.findall(sample)) > max(8, len(sample) // 50):
        raise _NotHTML
    if "&#" in text:
        text = _CHAR_REF.sub(_drop_unsafe_ref, text)
    if "<" not in text[:100_000]:
        raise _NotHTML
    declaration = _XML_DECL.match(text)
    if declaration:
        text = text[declaration.end() :]
    start = text[:4096].lower().find("<!doctype")
    if start >= 0:
        subset = _DOCTYPE_SUBSET.match(text, start)
        if subset:
            text = text[:start] + text[subset.end() :]
    return text


def _drop_unsafe_ref(match: re.Match[str]) -> str:
    """A numeric character reference, or "" when it names a control lxml refuses."""
    value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return "" if value in _XML_UNSAFE else match.group(0)


def _decode_bytes(raw: bytes) -> str:
    """Decode page bytes: a BOM, else valid UTF-8, else the declared charset, else a guess."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    # Valid UTF-8 is UTF-8 whatever the page declares: pages that say latin-1 and serve
    # UTF-8 are common, while legacy text that happens to be valid UTF-8 is very rare.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(raw[:8192])
    if declared:
        try:
            return raw.decode(declared, errors="replace")
        except LookupError:  # a codec, but not a text encoding (e.g. "base64")
            pass
    return _guess_decode(raw)


def _declared_charset(head: bytes) -> str | None:
    """The usable charset a page declares in its first bytes, or None."""
    match = _DECLARED_CHARSET.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2) or b"").decode("ascii", "replace").lower()
    if label in _CP1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:  # "x-evil-42"
        return None
    if name in _REFUSED_CODECS:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _guess_decode(raw: bytes) -> str:
    """Bytes of unknown charset: UTF-8 if most non-ASCII decodes as such, else cp1252."""
    as_utf8 = raw.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    good = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore")) - bad
    if good > bad:
        return as_utf8
    return raw.decode("cp1252", errors="replace")


# ----------------------------------------------------------------------------------------
# the extraction


@dataclass
class _Meta:
    """Metadata read from the page, not yet sanitized."""

    title: str = ""
    description: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    site_name: str = ""
    section: str = ""
    image: str = ""
    canonical: str = ""
    updated: datetime | None = None
    image_caption: str = ""
    organisations: list[str] = field(default_factory=list)
    """Organisations JSON-LD names as the author: the last resort for `authors`."""


@dataclass
class _Nav:
    """Navigation harvested from the page."""

    previous: Link | None = None
    next: Link | None = None
    related: list[tuple[int, Link]] = field(default_factory=list)
    """(position in the page, link): "also-read" and "related" links, sorted at the end."""
    latest: list[Link] = field(default_factory=list)
    latest_label: str = ""


class _Extraction:
    """One run over one page: parse, read metadata, harvest navigation, extract the body."""

    def __init__(self, text: str, page_url: str, fallback_url: str) -> None:
        self.text = text
        self.page_url = page_url
        self.fallback_url = fallback_url
        self.base = page_url
        """What relative links resolve against: an http(s) `<base href>`, else the page."""
        self.order: dict[HtmlElement, int] = {}
        """Document order of every element, taken before anything is removed."""
        self.tokens: dict[HtmlElement, frozenset[str]] = {}
        """Class tokens and id of every element that has either, read once."""
        self.nav = _Nav()
        self.protected: set[HtmlElement] = set()
        """The headline, the elements that look like the article's body, and all their
        ancestors: no navigation block is one of these."""
        self.page_text = 0
        """Characters of paragraph text in the page."""
        self._gated: dict[str | None, str] = {}
        self._text_nodes: list[Any] | None = None
        self._story_anchors: dict[HtmlElement, bool] = {}
        self.flagged_paywall = False
        """The page's metadata says the article is not free (schema.org, content tier)."""
        self.paywall_prompt = False
        """The page shows a paywall's "subscribe to continue reading" prompt."""
        self.challenge = False
        """The page has the marks of a bot-protection challenge."""

    def run(self) -> Article:
        """Do the whole extraction and return the Article."""
        from lxml import etree
        from lxml import html as lxml_html

        # One parser per call: lxml parsers must not be shared between threads. The HTML
        # parser never expands DTD entities (it has no resolve_entities switch, and needs
        # none); no_network and huge_tree=False bound it, and libxml2 then stops nesting
        # at depth 256, which defuses the nested-div bomb (B5).
        parser = lxml_html.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=False,
            collect_ids=False,
            default_doctype=False,
        )
        data = self.text.encode("utf-8", errors="replace").replace(b"\x0c", b" ")
        data = data.translate(None, _C0_BYTES)
        for noncharacter in _NONCHARACTERS:
            data = data.replace(noncharacter, b"")
        try:
            root = lxml_html.document_fromstring(data, parser=parser)
        except (etree.ParserError, ValueError):
            return Article(url=self.fallback_url, completeness=EXCERPT, note=_NOTE_NOT_HTML)

        self.base = self._base_url(root)
        meta = self._read_meta(root)
        self.challenge = _has_challenge_marks(self.text, root)
        for element in list(root.iter(*_DROP_TAGS)):
            _drop(element)
        _trim_paragraphs(root)
        _unwrap_layout_tables(root)
        for i, element in enumerate(root.iter(etree.Element)):
            self.order[element] = i
            if element.get("class") or element.get("id"):
                self.tokens[element] = _tokens(element)
        headline = next((h for h in root.iter("h1") if _norm(h.text_content())), None)
        self._complete_meta(root, meta, headline)
        self.page_text = _paragraph_text(root)
        # A theme may wrap each excerpt of a "Latest" list in the same class as the body:
        # only a body-sized one protects its ancestors.
        bodies = [
            element
            for element in (
                *(el for el, tokens in self.tokens.items() if tokens & _CONTAINER_CLASS_SET),
                *root.xpath(_ITEMPROP_BODY),
            )
            if _paragraph_text(element) > _EXCERPT_MAX
        ]
        for element in [*bodies, headline]:
            if element is not None:
                self.protected.add(element)
                self.protected.update(element.iterancestors())

        self.paywall_prompt = self._find_paywall_prompt(root)
        self._remove_comments(root)
        self._harvest_rel_anchors(root)
        self._harvest_labelled(root)
        self._harvest_head_links(root)
        self._harvest_also_read(root)
        self._remove_furniture(root)

        container = self._container(root)
        standfirst_el = self._standfirst_element(root, headline, container)
        standfirst = _standfirst_text(standfirst_el) if standfirst_el is not None else ""
        for element in (standfirst_el, headline):
            if element is not None:
                _drop(element)

        meta.image_caption = self._lead_caption(root, headline, container) or meta.image_caption
        self._captions_to_text(root, headline, container)
        body = self._extract_body(root, container)
        links: list[Link] = []
        markdown = plain = ""
        if body is not None:
            links = self._body_links(body)
            _clean_body(body, meta.title, standfirst)
            markdown, plain = _serialize(body)
        if not standfirst:
            standfirst = _description_standfirst(meta.description, meta.title, plain)
        return self._assemble(meta, standfirst, markdown, plain, links)

    # --- metadata -----------------------------------------------------------------------

    def _base_url(self, root: HtmlElement) -> str:
        """An http(s) `<base href>` (resolved against the page), else the page URL."""
        base = next((el for el in root.iter("base") if el.get("href")), None)
        if base is None:
            return self.page_url
        return _gate(base.get("href"), self.page_url) or self.page_url

    def _read_meta(self, root: HtmlElement) -> _Meta:
        """Read OpenGraph and other meta tags, JSON-LD and the canonical link."""
        meta = _Meta()
        tags: dict[str, str] = {}
        for element in root.iter("meta"):
            key = (
                (element.get("property") or element.get("name") or element.get("itemprop") or "")
                .strip()
                .lower()
            )
            content = element.get("content")
            if key and content and key not in tags:
                tags[key] = content
        ld = _JsonLd(root)
        tier = tags.get("article:content_tier", "").strip().lower()
        self.flagged_paywall = ld.not_free() or tier in ("locked", "premium")

        meta.site_name = _norm(
            tags.get("og:site_name") or ld.site_name() or tags.get("application-name", "")
        )
        title = tags.get("og:title") or ld.get_str("headline") or tags.get("twitter:title", "")
        meta.title = _strip_site(_norm(title), meta.site_name)
        meta.description = _norm(
            tags.get("og:description")
            or tags.get("description")
            or ld.get_str("description")
            or tags.get("twitter:description", "")
        )
        meta.authors = ld.authors()
        meta.organisations = ld.authors(organisations=True)
        if not meta.authors:
            for key in (
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
            ):
                value = _norm(tags.get(key, ""))
                if value and not _looks_like_url(value):
                    meta.authors = [
                        name for name in re.split(r"\s*(?:,|;|\band\b)\s*", value) if name
                    ]
                    break
        for stamp in (
            tags.get("article:published_time"),
            ld.get_str("datePublished"),
            tags.get("og:published_time"),
            tags.get("datepublished"),
            tags.get("pubdate"),
            tags.get("dc.date"),
            tags.get("date"),
        ):
            meta.published = _parse_date(stamp)
            if meta.published is not None:
                break
        for stamp in (
            tags.get("article:modified_time"),
            ld.get_str("dateModified"),
            tags.get("og:updated_time"),
        ):
            meta.updated = _parse_date(stamp)
            if meta.updated is not None:
                break
        meta.image_caption = _norm(tags.get("og:image:alt", ""))
        meta.section = _norm(tags.get("article:section") or ld.get_str("articleSection"))
        for image in (
            tags.get("og:image"),
            tags.get("og:image:url"),
            tags.get("og:image:secure_url"),
            ld.image(),
            tags.get("twitter:image"),
        ):
            meta.image = _gate(image, self.base)
            if meta.image:
                break
        canonical = next(
            (
                el
                for el in root.iter("link")
                if "canonical" in (el.get("rel") or "").lower().split()
            ),
            None,
        )
        if canonical is not None:
            url = _gate(canonical.get("href"), self.base)
            # Only a canonical on the page's own site is taken as its identity: a hostile
            # page must not make "open in browser" go somewhere else.
            if url and _same_site(url, self.page_url):
                meta.canonical = url
        return meta

    def _complete_meta(self, root: HtmlElement, meta: _Meta, headline: HtmlElement | None) -> None:
        """Fill what the head did not say from the page itself."""
        scope = _article_scope(headline) if headline is not None else root
        if not meta.title and headline is not None:
            meta.title = _norm(headline.text_content())
        title_tag = root.find(".//title")
        page_title = _norm(title_tag.text_content()) if title_tag is not None else ""
        if not meta.title:
            meta.title = _strip_title_suffix(page_title, meta.site_name)
        if not meta.site_name and meta.title:
            # "<headline> · Lowfield Chronicle": the rest of the <title> names the site.
            for sep in _TITLE_SEPARATORS:
                if page_title.startswith(meta.title + sep):
                    meta.site_name = page_title[len(meta.title + sep) :].strip()
                    break
        if not meta.section:
            meta.section = self._section(scope)
        if not meta.authors:
            meta.authors = _byline_authors(scope)
        if meta.published is None:
            times = [el for el in scope.iter("time") if el.get("datetime")]
            times.sort(key=lambda el: "published" not in _classes(el))
            meta.published = next(
                (d for d in (_parse_date(el.get("datetime")) for el in times) if d), None
            )
        if meta.published is None:
            meta.published = self._visible_date(scope)
        if (not meta.authors or meta.published is None) and headline is not None:
            # "Published 14.06.2023 by Gaëlle Schütz" under the headline, and nothing else.
            date, names = self._dateline(scope, headline)
            meta.published = meta.published or date
            meta.authors = meta.authors or names
        if not meta.authors:
            meta.authors = meta.organisations

    def _section(self, scope: HtmlElement) -> str:
        """The story's category: a rel=category link, else a link in a category block."""
        for anchor in scope.iter("a"):
            if "category" in (anchor.get("rel") or "").lower().split():
                return _norm(anchor.text_content())
        for element, tokens in self.tokens.items():
            if any(t in _CATEGORY_TOKENS or t.startswith("taxonomy-category") for t in tokens):
                anchor = next((a for a in element.iter("a") if a.get("href")), None)
                if anchor is not None and _contains(scope, anchor):
                    return _norm(anchor.text_content())
        return ""

    def _visible_date(self, scope: HtmlElement) -> datetime | None:
        """A date written out in a date-classed element ("16.03.2024 12:40")."""
        for element, tokens in self.tokens.items():
            if not any(_DATE_TOKEN.search(token) for token in tokens):
                continue
            if any(_UPDATE_TOKEN.search(token) for token in tokens):
                continue
            text = _spaced(element)
            if len(text) <= 60 and _contains(scope, element) and not _in_comments(element):
                found = _written_date(text)
                if found is not None:
                    return found
        return None

    def _dateline(
        self, scope: HtmlElement, headline: HtmlElement
    ) -> tuple[datetime | None, list[str]]:
        """Date and authors from the short lines between the headline and the body."""
        start = self.order.get(headline, -1)
        seen = 0
        for element in scope.iter(*_DATELINE_TAGS):
            if self.order.get(element, -1) <= start:
                continue
            text = _spaced(element)
            if len(text) > 150:
                break  # the body has begun
            seen += 1
            if seen > 12:
                break
            match = _DATELINE.match(text)
            if match is None:
                continue
            names = [match.group("name")] if match.group("name") else []
            date = _written_date(match.group("date") or "")
            if date is not None or names:
                return date, [name for name in names if _is_name(name)]
        return None, []

    # --- navigation ---------------------------------------------------------------------

    def _remove_comments(self, root: HtmlElement) -> None:
        """Drop comment sections first: their pagination uses rel=prev/next too."""
        for element, tokens in self.tokens.items():
            if tokens & _COMMENT_TOKENS and element.tag not in ("html", "body", "article", "main"):
                _drop(element)

    def _harvest_rel_anchors(self, root: HtmlElement) -> None:
        """previous/next from `<a rel="prev|next">` and post-navigation classes."""
        rel_found: dict[str, list[HtmlElement]] = {"previous": [], "next": []}
        class_found: dict[str, list[HtmlElement]] = {"previous": [], "next": []}
        for anchor in root.xpath("//a[@href][@rel]"):
            rel = (anchor.get("rel") or "").lower().split()
            if "prev" in rel or "previous" in rel:
                rel_found["previous"].append(anchor)
            elif "next" in rel:
                rel_found["next"].append(anchor)
        for element, tokens in self.tokens.items():
            kind = (
                "previous" if tokens & _PREV_CLASSES else "next" if tokens & _NEXT_CLASSES else ""
            )
            if not kind and element.tag == "a" and tokens & _DIRECTION_TOKENS and _in_nav(element):
                # <nav class="paginav"><a class="prev" …>: a bare direction on a nav link.
                kind = "next" if "next" in tokens else "previous"
            if kind and _attached(element):
                class_found[kind].extend(a for a in element.iter("a") if a.get("href"))
        blocks: list[HtmlElement] = []
        for kind in ("previous", "next"):
            for anchor in rel_found[kind] + class_found[kind]:
                url = self._story_url(anchor.get("href"))
                if not url:
                    continue
                if getattr(self.nav, kind) is None:
                    text = _neighbour_text(anchor)
                    text = text or _norm(anchor.get("title") or "") or kind.capitalize()
                    setattr(self.nav, kind, Link(url=url, text=_line(text), kind=kind))
                blocks.append(_nav_block(anchor, anchor))
        for block in blocks:
            _drop(block)

    def _harvest_labelled(self, root: HtmlElement) -> None:
        """Blocks found by their label: Previous/Next Story, Latest from, Related, Don't Miss."""
        prev_next: list[tuple[str, HtmlElement]] = []
        # (kind, element, the label's text or "" for a block named by its class)
        blocks: list[tuple[str, HtmlElement, str]] = []
        for element in self._label_candidates(root):
            # Own text for most tags; the whole text for headings, whose label may be
            # split over child elements ("Latest from <a>World</a>").
            if element.tag in _HEADING_TAGS:
                text = _norm(element.text_content())
            else:
                text = _norm(element.text or "")
            if not text or len(text) > _LINE_MAX:
                continue
            match = _PREV_NEXT_LABEL.match(text)
            if match:
                kind = "previous" if match.group("previous") else "next"
                prev_next.append((kind, element))
            elif len(text) <= _LABEL_MAX:
                for kind, pattern in (
                    ("latest", _LATEST_LABEL),
                    ("related", _RELATED_LABEL),
                    ("drop", _DROP_LABEL),
                ):
                    if pattern.match(text):
                        blocks.append((kind, element, text))
                        break
        # Class-named related blocks (Jetpack, YARPP, themes) need no heading.
        for element, tokens in self.tokens.items():
            if tokens & _RELATED_CLASSES and element.tag not in _STOP_TAGS:
                blocks.append(("related", element, ""))

        to_drop: list[HtmlElement] = []
        for kind, label in prev_next:
            if getattr(self.nav, kind) is None:
                found = self._labelled_link(label, kind)
                if found is not None:
                    link, nav_block = found
                    setattr(self.nav, kind, link)
                    to_drop.append(nav_block)

        # Labelled blocks first: a "Latest from World" heading names its block even when
        # the theme also gives it a "related-posts" class. Page order within each group.
        blocks.sort(key=lambda item: (not item[2], self.order.get(item[1], 0)))
        claimed: list[HtmlElement] = []
        for kind, label, label_text in blocks:
            if any(_contains(done, label) for done in claimed):
                continue
            heading: HtmlElement | None = None
            block: HtmlElement | None = label
            if label_text:
                heading = _heading_of(label)
                if _norm(heading.text_content()) != label_text:
                    # "Latest from World" and its list inside one element.
                    heading = None
                else:
                    block = self._block_below(heading)
            if block is None or not self._is_headline_block(block):
                continue
            links = self._headline_links(block, heading) if kind != "drop" else []
            if kind != "drop" and not links:
                continue  # "Related: <a>…</a>" is a line for _harvest_also_read
            claimed.append(block)
            to_drop.append(block)
            if kind == "drop":
                continue
            if kind == "latest":
                if not self.nav.latest and links:
                    self.nav.latest = [Link(link.url, link.text, "latest") for link in links]
                    self.nav.latest_label = label_text
            else:
                position = self.order.get(block, 0)
                self.nav.related.extend(
                    (position, Link(link.url, link.text, "related")) for link in links
                )
        for element in to_drop:
            _drop(element)

    def _label_candidates(self, root: HtmlElement) -> list[HtmlElement]:
        """Elements whose text may be a label, in page order, found from the text nodes.

        One XPath call and a regex per text node: visiting every element in Python cost
        more than everything else this module does on a page.
        """
        found: dict[HtmlElement, None] = {}
        for text in self._texts(root):
            if text.is_tail or not _LABEL_START.match(text):
                continue
            element = text.getparent()
            if element.tag in _LABEL_TAG_SET:
                found[element] = None
            # "<h3><span>Latest</span> from World</h3>": the heading holds the label.
            for level, ancestor in enumerate(element.iterancestors()):
                if level >= 3:
                    break
                if ancestor.tag in _HEADING_TAGS:
                    found[ancestor] = None
                    break
        return list(found)

    def _texts(self, root: HtmlElement) -> list[Any]:
        """The non-blank text nodes of the body, as lxml "smart" strings (they know their
        element), read once; nodes of subtrees dropped since are still listed."""
        if self._text_nodes is None:
            self._text_nodes = root.xpath("//body//text()[normalize-space()]")
        return self._text_nodes

    def _labelled_link(self, label: HtmlElement, kind: str) -> tuple[Link, HtmlElement] | None:
        """The link a "Previous Story"/"Next article" label belongs to, and its block."""
        anchor = (
            label
            if label.tag == "a" and label.get("href")
            else next((a for a in label.iterancestors("a") if a.get("href")), None)
        )
        block = anchor
        if anchor is None:
            # The label sits beside its link: look in the nearest ancestor holding one,
            # and take the first link after the label.
            for level, ancestor in enumerate(label.iterancestors()):
                if level >= 4 or ancestor.tag in _STOP_TAGS:
                    break
                candidates = [
                    a for a in ancestor.iter("a") if a.get("href") and not _is_other_label(a, kind)
                ]
                if candidates:
                    start = self.order.get(label, 0)
                    after = [a for a in candidates if self.order.get(a, 0) > start]
                    anchor = (after or candidates)[0]
                    block = ancestor
                    break
        if anchor is None or block is None:
            return None
        url = self._story_url(anchor.get("href"))
        if not url:
            return None
        text = _neighbour_text(anchor)
        if not text and block is not anchor:
            text = _strip_label(_norm(block.text_content()))
        text = text or _norm(anchor.get("title") or "") or kind.capitalize()
        return Link(url=url, text=_line(text), kind=kind), _nav_block(anchor, block)

    def _block_below(self, heading: HtmlElement) -> HtmlElement | None:
        """The block a heading introduces: its nearest ancestor holding story links."""
        for level, ancestor in enumerate(heading.iterancestors()):
            if level >= 5 or ancestor.tag in _STOP_TAGS:
                return None
            if not self._is_headline_block(ancestor):
                return None
            if any(
                self._is_story_anchor(a) for a in ancestor.iter("a") if not _contains(heading, a)
            ):
                return ancestor
        return None

    def _is_headline_block(self, block: HtmlElement) -> bool:
        """A block of headlines, not the article: neither headline nor body inside, and
        little prose (a short article under a "Related" subhead must not be dropped)."""
        if block in self.protected:
            return False
        text = _paragraph_text(block)
        if text <= _BLOCK_TEXT_MAX and text <= self.page_text // 2:
            return True
        # Cards with long excerpts: a headline link for every paragraph or two, which an
        # article's prose never has.
        titled = sum(
            1 for a in block.iter("a") if _is_title_anchor(a, block) and self._is_story_anchor(a)
        )
        return titled >= 2 and len(block.findall(".//p")) <= 2 * titled

    def _is_story_anchor(self, anchor: HtmlElement) -> bool:
        """Whether an anchor looks like a link to a story (not a tag, "View all", self)."""
        known = self._story_anchors.get(anchor)
        if known is None:
            known = self._story_anchors[anchor] = self._check_story_anchor(anchor)
        return known

    def _check_story_anchor(self, anchor: HtmlElement) -> bool:
        if {"tag", "category", "author"} & set((anchor.get("rel") or "").lower().split()):
            return False
        url = self._story_url(anchor.get("href"))
        if not url or _TAXONOMY_PATH.search(urlsplit(url).path):
            return False
        text = _norm(anchor.text_content()) or _norm(anchor.get("title") or "")
        return not _NOT_HEADLINE.match(text)

    def _headline_links(self, block: HtmlElement, heading: HtmlElement | None) -> list[Link]:
        """The story links of a headline block, deduped by URL, in page order."""
        anchors = [
            a
            for a in block.iter("a")
            if a.get("href")
            and (heading is None or not _contains(heading, a))
            and self._is_story_anchor(a)
        ]
        # A headline block links each story twice or more (picture, title, "Read more"):
        # the links inside headings or "title" elements carry the headline.
        titled = [a for a in anchors if _is_title_anchor(a, block)]
        found: dict[str, str] = {}
        for anchor in titled or anchors:
            url = self._story_url(anchor.get("href"))
            text = _norm(anchor.text_content()) or _norm(anchor.get("title") or "")
            if not found.get(url):
                found[url] = text
        links = [Link(url=url, text=_line(text)) for url, text in found.items() if text]
        return links[:_BLOCK_LINKS_MAX]

    def _harvest_head_links(self, root: HtmlElement) -> None:
        """previous/next from `<link rel="prev|next">`, when the page showed none."""
        for kind, words in (("previous", {"prev", "previous"}), ("next", {"next"})):
            if getattr(self.nav, kind) is not None:
                continue
            for link in root.iter("link"):
                if words & set((link.get("rel") or "").lower().split()):
                    url = self._story_url(link.get("href"))
                    if url:
                        text = self._anchor_text_for(root, url) or kind.capitalize()
                        setattr(self.nav, kind, Link(url=url, text=_line(text), kind=kind))
                        break

    def _anchor_text_for(self, root: HtmlElement, url: str) -> str:
        """The text of the first anchor on the page that links to `url`."""
        for anchor in root.iter("a"):
            if anchor.get("href") and self._gate(anchor.get("href")) == url:
                text = _neighbour_text(anchor)
                if text:
                    return text
        return ""

    def _harvest_also_read(self, root: HtmlElement) -> None:
        """ "ALSO READ-<headline>" lines: harvested as links and taken out of the body."""
        for text in self._texts(root):
            if not _ALSO_READ.match(text):
                continue
            element = text.getparent()
            if text.is_tail:
                element = element.getparent()
            if element is None or not _attached(element):
                continue
            # From the label's own element outwards (<b>ALSO READ-</b> → <p>), the first
            # that is a whole line of label and links.
            for line in _ancestors_or_self(element, 3):
                if line.tag in _STOP_TAGS:
                    break
                if line.tag in _LINE_TAG_SET and self._also_read_line(line):
                    break

    def _also_read_line(self, element: HtmlElement) -> bool:
        """Harvest and remove `element` if it is an "ALSO READ" line; say whether it was."""
        # Pieces joined with spaces: "<span>Read more</span><a>Headline</a>" has none.
        full = _spaced(element)
        if not full or len(full) > _LINE_MAX or not _ALSO_READ.match(full):
            return False
        anchors = [a for a in element.iter("a") if a.get("href")]
        if not anchors:
            return False
        # The line must be the label plus its links, not prose that opens "Read more".
        outside = full
        for anchor in anchors:
            outside = outside.replace(_spaced(anchor), "", 1)
        outside = _ALSO_READ.sub("", outside.strip(), count=1)
        if len(outside.strip(_STRIP_PUNCT + ",;/•·")) > 3:
            return False
        position = self.order.get(element, 0)
        for anchor in anchors:
            url = self._story_url(anchor.get("href"))
            text = _strip_also_read(_spaced(anchor))
            if not text and len(anchors) == 1:
                text = _strip_also_read(full)
            if url and text:
                self.nav.related.append(
                    (position, Link(url=url, text=_line(text), kind="also-read"))
                )
        # A wrapper holding nothing but this line goes too (<p><span>ALSO READ…</span></p>).
        line = element
        parent = element.getparent()
        if parent is not None and parent.tag not in _STOP_TAGS and _spaced(parent) == full:
            line = parent
        _drop(line)
        return True

    def _story_url(self, href: str | None) -> str:
        """The gated URL of a navigation link; "" if refused or if it is this page."""
        url = self._gate(href)
        if url and self.page_url and url.split("#")[0] == self.page_url.split("#")[0]:
            return ""
        return url

    def _gate(self, href: str | None) -> str:
        """`_gate` against the page's base URL, remembered: pages repeat their links."""
        url = self._gated.get(href)
        if url is None:
            url = self._gated[href] = _gate(href, self.base)
        return url

    # --- cleaning and body ----------------------------------------------------------------

    def _find_paywall_prompt(self, root: HtmlElement) -> bool:
        """Whether the page shows a paywall prompt ("Subscribe to continue reading"), by
        its class names or its words; prompt elements are removed from the page."""
        found = False
        # Each distinct class name is tested once: pages repeat theirs hundreds of times.
        marked = {token for token in set().union(*self.tokens.values()) if _is_paywall_token(token)}
        for element, tokens in list(self.tokens.items()):
            if not tokens & marked:
                continue
            if element.tag in _STOP_TAGS or element in self.protected:
                continue
            # A small box is the prompt; a big one wraps the article's locked text.
            if len(_norm(element.text_content())) <= _FURNITURE_TEXT_MAX:
                found = True
                _drop(element)
        texts = [text for text in self._texts(root) if len(text) <= 400]
        # A cheap look for the prompt's words in all the text at once, before any regex.
        lowered = "\n".join(texts).lower()
        words = [word for word in _PAYWALL_WORDS if word in lowered]
        if not words:
            return found
        for text in texts:
            if any(word in text.lower() for word in words) and _PAYWALL_TEXT.search(text):
                # A prompt is a short block of its own, not a quote inside the prose.
                block = text.getparent()
                while block is not None and block.tag in _INLINE_TAGS:
                    block = block.getparent()
                if block is None or block.tag in _STOP_TAGS or block in self.protected:
                    continue
                if len(_norm(block.text_content())) <= 300:
                    found = True
                    _drop(block)
        return found

    def _remove_furniture(self, root: HtmlElement) -> None:
        """Drop share bars, cookie notices, tag lists, screen-reader text, "Go to Top"."""
        for element, tokens in self.tokens.items():
            if element.tag in ("html", "head", "body", "article", "main"):
                continue
            if (
                _FURNITURE_TOKEN.search(" ".join(tokens))
                and len(_norm(element.text_content())) <= _FURNITURE_TEXT_MAX
            ):
                _drop(element)
        for anchor in list(root.iter("a")):
            if _GO_TOP.match(_norm(anchor.text or "")) and len(anchor) == 0:
                _drop(anchor)

    def _container(self, root: HtmlElement) -> HtmlElement | None:
        """The element holding the article body, when one clearly does."""
        total = _paragraph_text(root)
        if total < _MIN_BODY_CHARS:
            return None
        item_body: list[HtmlElement] = root.xpath(_ITEMPROP_BODY)
        by_class: dict[str, list[HtmlElement]] = {}
        for element, tokens in self.tokens.items():
            if _attached(element):
                for name in tokens.intersection(_CONTAINER_CLASSES):
                    by_class.setdefault(name, []).append(element)
        articles = list(root.iter("article"))
        # A live blog is a run of <article>s, one per update: their parent holds the body.
        parents: dict[HtmlElement, int] = {}
        for article in articles:
            parent = article.getparent()
            if parent is not None and parent.tag not in _STOP_TAGS:
                parents[parent] = parents.get(parent, 0) + 1
        articles += [parent for parent, count in parents.items() if count >= 3]
        groups = [
            item_body,
            *(by_class.get(name, []) for name in _CONTAINER_CLASSES),
            articles,
        ]
        for group in groups:
            best = max(group, key=_paragraph_text, default=None)
            if best is None:
                continue
            share = _paragraph_text(best)
            if share >= _MIN_BODY_CHARS and share >= _CONTAINER_SHARE * total:
                return best
        return None

    def _standfirst_element(
        self, root: HtmlElement, headline: HtmlElement | None, container: HtmlElement | None
    ) -> HtmlElement | None:
        """The standfirst: a subtitle-classed element after the headline, else a bold lead."""
        start = self.order.get(headline, -1) if headline is not None else -1
        scope = _article_scope(headline) if headline is not None else root
        first = _first_paragraph(container if container is not None else scope, start, self.order)
        # Between the headline and the body's first paragraph (which may itself be it).
        end = self.order.get(first, len(self.order)) if first is not None else len(self.order)
        for element in scope.iter():
            position = self.order.get(element, -1)
            if position <= start or position > end:
                continue
            if not _is_standfirst(element, self.tokens.get(element, frozenset())):
                continue
            text = _norm(element.text_content())
            if 20 <= len(text) <= 600 and len(element.findall(".//p")) <= 1:
                return element
        if first is not None and _is_emphasised(first):
            text = _norm(first.text_content())
            # "Published 14.06.2023 by …" in italics is a byline, not a standfirst.
            if 20 <= len(text) <= 600 and not _LEADING_META.match(text):
                return first
        return None

    def _lead_caption(
        self, root: HtmlElement, headline: HtmlElement | None, container: HtmlElement | None
    ) -> str:
        """The caption of the lead picture: a captioned figure before the body's text."""
        start = self.order.get(headline, -1) if headline is not None else -1
        first = _first_paragraph(container if container is not None else root, start, self.order)
        if first is None:
            return ""
        end = self.order.get(first, 0)
        for caption in root.iter("figcaption"):
            position = self.order.get(caption, -1)
            if position > end:
                break
            if position > start and _attached(caption):
                pieces = (_norm(piece) for piece in caption.itertext())
                text = " ".join(p for p in pieces if p and not _COUNTER.match(p))
                # "Image caption, …": a label for screen readers, in a hidden span.
                return re.sub(
                    r"^(image|photo|picture)\s+(caption|source)\s*,\s*", "", text, flags=re.I
                )
        return ""

    def _captions_to_text(
        self, root: HtmlElement, headline: HtmlElement | None, container: HtmlElement | None
    ) -> None:
        """Turn the captions of pictures inside the text into paragraphs.

        trafilatura drops figures whole, captions too, while a caption is part of what
        the article says. The lead picture's caption (before the first paragraph of the
        body) is left alone: it belongs to the picture shown with the metadata.
        """
        start = self.order.get(headline, -1) if headline is not None else -1
        scope = container if container is not None else root
        first = _first_paragraph(scope, start, self.order)
        if first is None:
            return
        begin = self.order.get(first, 0)
        for caption in list(scope.iter("figcaption")):
            if self.order.get(caption, -1) < begin or not _attached(caption):
                continue
            if any(a.tag == "header" for a in caption.iterancestors()):
                continue  # the lead picture, in the article's header
            pieces = (_norm(piece) for piece in caption.itertext())
            text = " ".join(p for p in pieces if p and not _COUNTER.match(p))
            figure = next(caption.iterancestors("figure"), None)
            target = figure if figure is not None else caption
            if not text or target.getparent() is None:
                continue
            paragraph = target.makeelement("p", {})
            paragraph.text = text
            paragraph.tail = target.tail
            target.getparent().replace(target, paragraph)

    def _extract_body(self, root: HtmlElement, container: HtmlElement | None) -> Any:
        """trafilatura's body tree; retried in recall mode on the whole page if too short."""
        first_root = _wrap(container) if container is not None else root
        self._prepare(first_root)
        body = _trafilatura(first_root, self.page_url, recall=False)
        if _long_enough(body):
            return body
        if container is not None:
            self._prepare(root)
        retry = _trafilatura(root, self.page_url, recall=True)
        return retry if _text_len(retry) > _text_len(body) else body

    def _prepare(self, tree: HtmlElement) -> None:
        """Make a tree ready for trafilatura: gated hrefs, bounded size.

        A refused href is removed (the link's text stays). Anchors past `_HREFS_MAX` are
        unwrapped into text: trafilatura takes seconds on a page of 100,000 links.
        """
        kept = 0
        excess: list[HtmlElement] = []
        for anchor in tree.iter("a"):
            href = anchor.get("href")
            if kept >= _HREFS_MAX:
                excess.append(anchor)
            elif href is not None:
                gated = self._gate(href)
                if gated:
                    anchor.set("href", gated)
                    kept += 1
                else:
                    del anchor.attrib["href"]
        _unwrap(excess)
        # trafilatura drops <time> with its text, also where it is the time of a live
        # blog's update or a word of a sentence.
        for element in tree.iter("time"):
            element.tag = "span"

    def _body_links(self, body: Any) -> list[Link]:
        """Every openable link of the extracted body, in order, deduped; then unlink it.

        Links back to this very page (footnote jumps) are left out.
        """
        links: list[Link] = []
        seen: set[str] = set()
        refs = list(body.iter("ref"))
        for ref in refs:
            url = self._story_url(ref.get("target"))
            if url and url not in seen and len(links) < _BODY_LINKS_MAX:
                seen.add(url)
                text = _norm("".join(ref.itertext())) or url
                links.append(Link(url=url, text=_line(text)))
        # The body keeps the words of its links; the targets are listed apart.
        _unwrap(refs)
        return links

    # --- the result ---------------------------------------------------------------------

    @staticmethod
    def _extra(meta: _Meta) -> dict[str, str]:
        """The small facts kept beside the article: lead picture, caption, update time."""
        extra: dict[str, str] = {}
        if meta.image:
            extra["lead_image"] = meta.image
            if meta.image_caption:
                extra["lead_image_caption"] = _line(meta.image_caption)
        if meta.updated and (meta.published is None or meta.updated > meta.published):
            extra["updated"] = meta.updated.isoformat()
        return extra

    def _assemble(
        self, meta: _Meta, standfirst: str, markdown: str, plain: str, links: list[Link]
    ) -> Article:
        """Sanitize, cap and package everything as an Article."""
        markdown = sanitize_display(_cap_body(markdown), single_line=False)
        plain = sanitize_display(_cap_body(plain), single_line=False)
        standfirst = _line(standfirst, cap=1000)
        words = len(plain.split()) + len(standfirst.split()) if plain else 0
        real_body = _is_prose(plain)
        body_words = len(plain.split())
        if self.challenge and (not real_body or body_words < _CHALLENGE_WORDS_MAX):
            # The page is the bot check, not the story: nothing of it is the article's.
            return Article(url=self.fallback_url, completeness=EXCERPT, note=_NOTE_CHALLENGE)
        paywalled = self.paywall_prompt or (
            self.flagged_paywall and body_words < _PAYWALL_WORDS_MAX
        )
        related: list[Link] = []
        seen: set[str] = set()
        for _, link in sorted(self.nav.related, key=lambda item: item[0]):
            if link.url not in seen:
                seen.add(link.url)
                related.append(link)
        authors = (_line(re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)) for name in meta.authors)
        return Article(
            url=meta.canonical or self.fallback_url,
            title=_line(meta.title),
            standfirst=standfirst,
            authors=tuple(dict.fromkeys(name for name in authors if name)),
            published=meta.published,
            site_name=_line(meta.site_name),
            section=_line(meta.section),
            reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0,
            markdown=markdown,
            text=plain,
            previous=self.nav.previous,
            next=self.nav.next,
            related=tuple(related),
            latest=tuple(self.nav.latest),
            latest_label=_line(self.nav.latest_label),
            links=tuple(links),
            completeness=FULL if real_body and not paywalled else EXCERPT,
            note=_NOTE_PAYWALL if paywalled else "" if real_body else _NOTE_NO_ARTICLE,
            extra=self._extra(meta),
        )


# ----------------------------------------------------------------------------------------
# trafilatura


@functools.lru_cache(maxsize=2)
def _options(recall: bool) -> Any:
    """trafilatura's options, built once (reading its config costs ~0.5 ms a call)."""
    from trafilatura.settings import Extractor

    # Links are kept (as <ref>) so the body's links can be listed, gated, in order; they
    # are stripped from the tree before the Markdown is written, which therefore has none.
    return Extractor(
        output_format="markdown",
        fast=True,
        recall=recall,
        comments=False,
        formatting=True,
        links=True,
        images=False,
        tables=True,
    )


def _trafilatura(tree: HtmlElement, url: str, *, recall: bool) -> Any:
    """The body tree trafilatura extracts from `tree` (which it copies first), or None."""
    from trafilatura import bare_extraction

    options = copy.copy(_options(recall))
    options.url = options.source = url or None
    document = bare_extraction(tree, options=options)
    return getattr(document, "body", None)


def _serialize(body: Any) -> tuple[str, str]:
    """The body as Markdown, and as plain text with a blank line between paragraphs."""
    from trafilatura.xml import xmltotxt

    markdown = xmltotxt(body, True).strip()
    lines = (line.strip() for line in xmltotxt(body, False).splitlines())
    return markdown, "\n\n".join(line for line in lines if line)


def _clean_body(body: Any, title: str, standfirst: str) -> None:
    """Drop a repeated headline, standfirst or meta line at the top, and furniture lines."""
    repeats = {_key(title), _key(standfirst)} - {""}
    leading = True
    for element in list(body):
        text = _norm("".join(element.itertext()))
        if leading and (
            not text or _key(text) in repeats or (len(text) <= 80 and _LEADING_META.match(text))
        ):
            _drop(element)
            continue
        leading = False
        if text and (
            (len(text) <= 200 and _FURNITURE_LINE.match(text))
            or (len(text) <= 400 and _COOKIE_LINE.search(text))
        ):
            _drop(element)


def _description_standfirst(description: str, title: str, body_text: str) -> str:
    """og:description as the standfirst, unless it only repeats the title or the body."""
    if not description or _key(description) == _key(title):
        return ""
    stem = description.rstrip(" .…").rstrip()
    opening = _norm(body_text[:3000])
    if not stem or stem in opening or _key(stem) in _key(opening):
        return ""
    return description


def _text_len(body: Any) -> int:
    return len(_norm("".join(body.itertext()))) if body is not None else 0


def _long_enough(body: Any) -> bool:
    return body is not None and _is_prose("".join(body.itertext()))


def _is_prose(text: str) -> bool:
    """Whether a body is an article: long enough, in enough different words."""
    words = text.split()
    return (
        len(text) >= _MIN_BODY_CHARS
        and len(words) >= _MIN_BODY_WORDS
        and len(set(words[:2000])) >= _MIN_DISTINCT_WORDS
    )


def _cap_body(text: str) -> str:
    """Cap a body at TEXT_CAP on a paragraph boundary, ending with a "[truncated]" line."""
    if len(text) <= TEXT_CAP:
        return text
    room = TEXT_CAP - len(_TRUNCATED) - 2
    cut = text.rfind("\n\n", 0, room)
    if cut < room // 2:
        cut = room
    return text[:cut].rstrip() + "\n\n" + _TRUNCATED


def _unwrap(elements: list[Any]) -> None:
    """Replace elements (in document order) by their text, one text node per run.

    `etree.strip_tags` would leave thousands of adjacent text nodes, which libxml2 joins
    again on every `.tail` read: seconds per read on a page of 100,000 links. Each run of
    neighbouring elements becomes one string, set once.
    """
    index = 0
    while index < len(elements):
        first = elements[index]
        parent = first.getparent()
        run = [first]
        index += 1
        while index < len(elements) and elements[index].getprevious() is run[-1]:
            run.append(elements[index])
            index += 1
        if parent is None:
            continue
        before = first.getprevious()
        pieces = [(before.tail if before is not None else parent.text) or ""]
        for element in run:
            pieces.append("".join(element.itertext()))
            pieces.append(element.tail or "")
        for element in run:
            parent.remove(element)  # takes its tail along: it is in `pieces`
        if before is not None:
            before.tail = "".join(pieces)
        else:
            parent.text = "".join(pieces)


def _wrap(container: HtmlElement) -> HtmlElement:
    """A small document holding a copy of the container: a much quicker extraction."""
    from lxml import html as lxml_html

    document = lxml_html.document_fromstring("<html><body><article></article></body></html>")
    document.find(".//article").append(copy.deepcopy(container))
    return document


# ----------------------------------------------------------------------------------------
# JSON-LD


class _JsonLd:
    """The schema.org objects of a page's JSON-LD, with its article node picked out."""

    def __init__(self, root: HtmlElement) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        for script in root.iter("script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            raw = script.text or ""
            if not raw.strip() or len(raw) > _JSONLD_CAP:
                continue
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            self._collect(data)
        self.article: dict[str, Any] = next(
            (node for node in self.nodes if _ld_types(node) & _ARTICLE_TYPES), {}
        )

    def _collect(self, data: object) -> None:
        # Top-level objects, lists and @graph members only: bounded work on any input.
        stack: list[object] = [data]
        while stack and len(self.nodes) < 500:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item[:200]))
            elif isinstance(item, dict):
                self.nodes.append(item)
                node_id = item.get("@id")
                if isinstance(node_id, str):
                    self.by_id.setdefault(node_id, item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph[:200]))

    def _resolve(self, value: object) -> object:
        """Follow a bare {"@id": …} reference to its node."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            node_id = value.get("@id")
            if isinstance(node_id, str):
                return self.by_id.get(node_id, value)
        return value

    def get_str(self, key: str) -> str:
        """A string property of the article node (first of a list; entities decoded once)."""
        value = self.article.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        return html_lib.unescape(value) if isinstance(value, str) else ""

    def authors(self, *, organisations: bool = False) -> list[str]:
        """Author names of the article node: people, or (if asked) organisations.

        A broadcaster names itself as the author and the reporter only in the byline,
        so an organisation is the answer of last resort.
        """
        value = self.article.get("author")
        names: list[str] = []
        for item in (value if isinstance(value, list) else [value])[:20]:
            resolved = self._resolve(item)
            if isinstance(resolved, dict):
                is_organisation = any("organization" in kind for kind in _ld_types(resolved))
                if is_organisation != organisations:
                    continue
            elif organisations:
                continue
            name = resolved.get("name") if isinstance(resolved, dict) else resolved
            if isinstance(name, str) and name.strip() and not _looks_like_url(name):
                names.append(_norm(html_lib.unescape(name)))
        return names

    def not_free(self) -> bool:
        """Whether schema.org marks the page (or a part of it) as not free to read."""
        for node in self.nodes:
            for item in (node, *_as_list(node.get("hasPart"))):
                if isinstance(item, dict) and _is_false(item.get("isAccessibleForFree")):
                    return True
        return False

    def site_name(self) -> str:
        """The publisher's name, else the WebSite node's."""
        publisher = self._resolve(self.article.get("publisher"))
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return html_lib.unescape(publisher["name"])
        for node in self.nodes:
            if "website" in _ld_types(node) and isinstance(node.get("name"), str):
                return html_lib.unescape(node["name"])
        return ""

    def image(self) -> str:
        """The article's image URL."""
        value = self._resolve(self.article.get("image"))
        if isinstance(value, list) and value:
            value = self._resolve(value[0])
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl")
        return value if isinstance(value, str) else ""


def _as_list(value: object) -> list[object]:
    return value[:50] if isinstance(value, list) else [value]


def _is_false(value: object) -> bool:
    """schema.org booleans come as JSON booleans or as "False"/"false" strings."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _is_paywall_token(token: str) -> bool:
    """Whether a class name or id marks a paywall prompt (cheap tests before the regex)."""
    if "wall" in token or token.startswith("tp-") or "subscriber" in token or "locked" in token:
        return _PAYWALL_TOKEN.search(token) is not None
    return False


def _has_challenge_marks(text: str, root: HtmlElement) -> bool:
    """Whether a page looks like a bot-protection challenge (by its scripts or title)."""
    head = text[:200_000]
    if any(mark in head for mark in _CHALLENGE_MARKS):
        return True
    title = root.find(".//title")
    return title is not None and _CHALLENGE_TITLE.match(_norm(title.text_content())) is not None


def _ld_types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    return {
        v.lower() for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
    }


# ----------------------------------------------------------------------------------------
# small helpers


def _gate(raw: str | None, base: str) -> str:
    """`openable_url`, answering "" instead of raising."""
    try:
        return openable_url(raw, base)
    except UnsafeURL:
        return ""


def _norm(value: str) -> str:
    """Collapse whitespace runs to single spaces and trim."""
    return " ".join(value.split())


def _key(value: str) -> str:
    """A comparison key for "is this paragraph the headline again?"."""
    return re.sub(r"[\W_]+", "", value.casefold())


def _line(value: str, cap: int | None = None) -> str:
    """A sanitized one-line field."""
    return sanitize_display(value, single_line=True, cap=cap)


def _strip_label(text: str) -> str:
    """A neighbour-story link's text without its "Previous Story" label and arrows."""
    return _PREV_NEXT_LABEL.sub("", text, count=1).strip(_STRIP_PUNCT)


def _neighbour_text(anchor: HtmlElement) -> str:
    """The headline of a previous/next link, without its "Previous Story" label.

    Themes write `<span>Previous Story</span><span>Headline</span>` with no space between,
    so the label is dropped piece by piece before the pieces are joined.
    """
    pieces = list(anchor.itertext())
    while pieces and _is_label_piece(pieces[0]):
        pieces.pop(0)
    # "<span>Headline</span> <span>Next »</span>": a bare direction after it goes too.
    while pieces and (not pieces[-1].strip() or _BARE_LABEL.match(pieces[-1])):
        pieces.pop()
    text = _strip_label(_norm("".join(pieces)))
    return "" if _BARE_LABEL.match(text) else text


def _is_label_piece(piece: str) -> bool:
    """Whether a piece of a link's text is only its label ("Previous Story", "« Prev")."""
    piece = piece.strip()
    return not _strip_label(piece) or _BARE_LABEL.match(piece) is not None


def _strip_also_read(text: str) -> str:
    """An "ALSO READ-" line's text without its label (or a card's "Read more" button)."""
    text = _ALSO_READ.sub("", text, count=1).strip(_STRIP_PUNCT)
    return _READ_MORE_END.sub("", text).strip(_STRIP_PUNCT)


def _spaced(element: HtmlElement) -> str:
    """An element's text with its pieces joined by spaces, whitespace collapsed."""
    return _norm(" ".join(element.itertext()))


def _strip_site(title: str, site_name: str) -> str:
    """Remove " – Site Name" from the end, or "Site Name | " from the start, of a title."""
    if site_name and title:
        for sep in _TITLE_SEPARATORS:
            if title.endswith(sep + site_name):
                return title[: -len(sep + site_name)].strip()
            if title.startswith(site_name + sep):
                return title[len(site_name + sep) :].strip()
    return title


def _strip_title_suffix(title: str, site_name: str) -> str:
    """`<title>` without its site suffix, whether or not the site's name is known."""
    stripped = _strip_site(title, site_name)
    if stripped != title:
        return stripped
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head and len(tail) < len(head):
            return head.strip()
    return title


def _looks_like_url(value: str) -> bool:
    return re.match(r"\s*(https?:)?//", value, re.IGNORECASE) is not None


def _same_site(url: str, page_url: str) -> bool:
    """Whether two URLs have the same host, ignoring a leading "www."."""

    def host(value: str) -> str:
        name = (urlsplit(value).hostname or "").lower()
        return name.removeprefix("www.")

    return bool(page_url) and host(url) == host(page_url) != ""


def _parse_date(value: str | None) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 or RFC 2822 string; None for anything bad."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    # Year 0/9999 and other garbage: a news story is from the last century or so.
    if not 1900 <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed


def _byline_authors(scope: HtmlElement) -> list[str]:
    """Author names from the page: rel=author links, schema.org microdata, a link to
    /author/<slug>/, else the innermost byline-ish element that reads as names."""
    names = [
        _norm(a.text_content())
        for a in scope.iter("a")
        if "author" in (a.get("rel") or "").lower().split() and not _in_comments(a)
    ]
    if not names:
        for element in scope.xpath(".//*[@itemprop='author']"):
            if _in_comments(element):
                continue
            named = element.xpath(".//*[@itemprop='name']")
            text = _spaced(named[0]) if named else _spaced(element)
            names.extend(_split_names(_BYLINE_LABEL.sub("", text)))
    if not names:
        # WordPress themes link the byline to /author/<slug>/ without a rel.
        names = [
            _norm(a.text_content())
            for a in scope.iter("a")
            if "/author/" in (a.get("href") or "") and not _in_comments(a)
        ][:1]
    if not names:
        names = _byline_names(scope)
    return [name for name in names if 0 < len(name) < 80]


def _byline_names(scope: HtmlElement) -> list[str]:
    """Names from the innermost element whose class, id or test id says byline/author."""
    found: list[tuple[HtmlElement, list[str]]] = []
    for element in scope.iter():
        if not isinstance(element.tag, str):
            continue
        hints = " ".join(
            element.get(attribute) or ""
            for attribute in ("class", "id", "data-testid", "data-component")
        ).lower()
        if "byline" not in hints and "author" not in hints:
            continue
        text = _BYLINE_LABEL.sub("", _spaced(element))
        if not text or len(text) > 80 or _in_comments(element):
            continue
        names = _split_names(text)
        if names and all(_is_name(name) for name in names):
            found.append((element, names))
    inner = [
        names
        for element, names in found
        if not any(other is not element and _contains(element, other) for other, _ in found)
    ]
    return inner[0] if inner else []


def _split_names(text: str) -> list[str]:
    """ "Jo Bloggs and Ann Other" → two names."""
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\bи\b)\s*", _norm(text))
    return [part for part in parts if part]


def _is_name(text: str) -> bool:
    """Whether a short text reads as a person's name: capitalised words, no digits."""
    words = text.split()
    if not 1 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    return all(word[0].isupper() or word.lower() in _NAME_PARTICLES for word in words)


def _in_comments(element: HtmlElement) -> bool:
    """Whether an element is part of a comment section."""
    return any(
        "comment" in (ancestor.get("class") or "").lower()
        or "comment" in (ancestor.get("id") or "").lower()
        for ancestor in element.iterancestors()
    )


def _written_date(text: str) -> datetime | None:
    """A date as a page writes it for people: 16.03.2024 12:40, 2024-03-16, 5 March 2024,
    March 5, 2024, 3:40 pm. Only used when the page has no machine-readable date: the
    time is read as UTC (zone names such as "EST" are not read), and a day/month order
    that cannot be told apart (03/04/2024) gives None."""
    match = _WRITTEN_DATE.search(text)
    if match is None:
        return None
    groups = match.groupdict()
    try:
        if groups["iso_y"]:
            year, month, day = int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"])
        elif groups["num_y"]:
            first, second = int(groups["num_a"]), int(groups["num_b"])
            year = int(groups["num_y"])
            if groups["num_sep"] == "/" and first <= 12 and second <= 12:
                return None
            # Day first (16.03.2024, 16/03/2024), unless only month first can be right
            # (03/16/2024).
            us_order = groups["num_sep"] == "/" and second > 12
            day, month = (second, first) if us_order else (first, second)
        else:
            name = (groups["mon_a"] or groups["mon_b"] or "").lower()[:3]
            month = _MONTHS.index(name) + 1
            day = int(groups["day_a"] or groups["day_b"])
            year = int(groups["year_a"] or groups["year_b"])
        hour = int(groups["hour"] or 0)
        minute = int(groups["minute"] or 0)
        meridiem = (groups["ampm"] or "").replace(".", "").lower()
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        found = datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None
    return found if 1900 <= found.year <= datetime.now(UTC).year + 1 else None


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").lower().split())


def _tokens(element: HtmlElement) -> frozenset[str]:
    """The element's class tokens and id, lowercased."""
    tokens = (element.get("class") or "").lower().split()
    element_id = (element.get("id") or "").strip().lower()
    if element_id:
        tokens.append(element_id)
    return frozenset(tokens)


def _drop(element: Any) -> None:
    """Remove an element from its tree, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _attached(element: HtmlElement) -> bool:
    """Whether the element is still in the document (not inside a dropped subtree)."""
    top = element
    for ancestor in element.iterancestors():
        top = ancestor
    return bool(top.tag == "html")


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def _ancestors_or_self(element: HtmlElement, levels: int) -> Iterator[HtmlElement]:
    yield element
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= levels:
            return
        yield ancestor


def _article_scope(headline: HtmlElement) -> HtmlElement:
    """The `<article>` or `<main>` around the headline, else the whole document."""
    for ancestor in headline.iterancestors():
        if ancestor.tag in ("article", "main") or (ancestor.get("role") or "") == "main":
            return ancestor
    return headline.getroottree().getroot()


def _heading_of(label: HtmlElement) -> HtmlElement:
    """The outermost element whose whole text is the label (span → h3, not the block)."""
    text = _norm(label.text_content())
    heading = label
    for ancestor in label.iterancestors():
        if ancestor.tag in _STOP_TAGS or _norm(ancestor.text_content()) != text:
            break
        heading = ancestor
    return heading


def _nav_block(anchor: HtmlElement, block: HtmlElement) -> HtmlElement:
    """What to remove with a previous/next link: its post-navigation block when small."""
    found: HtmlElement | None = None
    for ancestor in _ancestors_or_self(anchor, 5):
        if ancestor.tag in _STOP_TAGS or ancestor.tag in ("article", "main"):
            break
        if (ancestor.tag == "nav" or _classes(ancestor) & _NAV_CLASSES) and len(
            _norm(ancestor.text_content())
        ) <= 2 * _LINE_MAX:
            found = ancestor  # keep climbing: nav > div.nav-links > div.nav-previous
    if found is not None:
        return found
    if len(_norm(block.text_content())) <= _LINE_MAX:
        return block
    return anchor


def _in_nav(element: HtmlElement) -> bool:
    """Whether an element sits in a <nav> or a post-navigation block (three levels up)."""
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= 3 or ancestor.tag in _STOP_TAGS:
            return False
        if ancestor.tag == "nav" or _classes(ancestor) & _NAV_CLASSES:
            return True
    return False


def _is_other_label(anchor: HtmlElement, kind: str) -> bool:
    """Whether an anchor is the other side's link ("Next Story …" when after previous)."""
    match = _PREV_NEXT_LABEL.match(_norm(anchor.text_content()))
    if match is None:
        return False
    return ("previous" if match.group("previous") else "next") != kind


def _is_title_anchor(anchor: HtmlElement, block: HtmlElement) -> bool:
    """Whether an anchor is a headline: inside h2–h6 or a "title"-classed element."""
    for ancestor in _ancestors_or_self(anchor, 3):
        if ancestor is block:
            return False
        if ancestor.tag in _HEADING_TAGS:
            return True
        if any("title" in name or "headline" in name for name in _classes(ancestor)):
            return True
    return False


def _paragraph_text(element: HtmlElement | None) -> int:
    """Characters of paragraph text under an element (whitespace included)."""
    if element is None:
        return 0
    return sum(len(paragraph.text_content()) for paragraph in element.iter("p"))


def _first_paragraph(
    scope: HtmlElement, after: int, order: dict[HtmlElement, int]
) -> HtmlElement | None:
    """The first non-empty `<p>` after a position, skipping figures and quotes."""
    for paragraph in scope.iter("p"):
        if order.get(paragraph, -1) <= after:
            continue
        if any(a.tag in ("figure", "figcaption", "blockquote") for a in paragraph.iterancestors()):
            continue
        if _norm(paragraph.text_content()):
            return paragraph
    return None


def _trim_paragraphs(root: HtmlElement) -> None:
    """Drop the paragraphs past the body cap (plus room for boilerplate): the cap would
    cut them anyway, and every later step (trafilatura too) takes seconds on 10 MB."""
    budget = TEXT_CAP + TEXT_CAP // 4
    for paragraph in list(root.iter("p")):
        if budget < 0:
            _drop(paragraph)
        else:
            budget -= len(paragraph.text_content())


def _unwrap_layout_tables(root: HtmlElement) -> None:
    """Turn layout tables into plain divs.

    Old sites lay the whole page out in a table; trafilatura would render it as one big
    Markdown table. A table holding a heading, a nested table or a cell of several
    paragraphs is layout; other tables are data and are kept.
    """
    for table in list(root.iter("table")):
        layout = any(
            table.find(f".//{tag}") is not None for tag in ("h1", "h2", "h3", "table")
        ) or any(len(cell.findall("p")) >= 2 for cell in table.iter("td", "th"))
        if not layout:
            continue
        for holder in (
            table,
            *table.findall("thead"),
            *table.findall("tbody"),
            *table.findall("tfoot"),
        ):
            for row in holder.findall("tr"):
                for cell in (*row.findall("td"), *row.findall("th")):
                    cell.tag = "div"
                row.tag = "div"
            holder.tag = "div"


def _is_standfirst(element: HtmlElement, tokens: frozenset[str]) -> bool:
    """Whether an element is marked as a standfirst (class, or schema.org description)."""
    if tokens & _STANDFIRST_CLASSES or element.get("itemprop") == "description":
        return True
    return any(stem in token for token in tokens for stem in _STANDFIRST_STEMS)


def _standfirst_text(element: HtmlElement) -> str:
    """A standfirst as one line; a bullet-point standfirst keeps its points apart."""
    items = [text for li in element.iter("li") if (text := _norm(li.text_content()))]
    if len(items) > 1:
        return " · ".join(items)
    return _norm(element.text_content())


def _is_emphasised(paragraph: HtmlElement) -> bool:
    """Whether all of a paragraph's text is bold or italic (the WordPress standfirst)."""
    if (paragraph.text or "").strip() or len(paragraph) != 1:
        return False
    child = paragraph[0]
    return child.tag in ("strong", "b", "em", "i") and not (child.tail or "").strip()
