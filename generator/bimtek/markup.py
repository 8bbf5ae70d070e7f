"""Text to markup, safely: a trainer's Markdown to sanitised HTML, plain text escaped.

Every field a trainer writes is data, never a template: it reaches Jinja only
as a value. Markdown fields render here (the same HTML feeds the site and the
PDFs); raw HTML inside them passes a maintained sanitiser (nh3) unless the
workshop opts in with ``allow_raw_html: true``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as md
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
import nh3
from markupsafe import Markup, escape

MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code", "def_list", "abbr"]

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "mark", "s", "details", "summary"}
_ALLOWED_ATTRIBUTES = {**{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}}
_ALLOWED_ATTRIBUTES.setdefault("*", set()).update({"title", "lang", "dir"})
_ALLOWED_ATTRIBUTES.setdefault("td", set()).add("align")
_ALLOWED_ATTRIBUTES.setdefault("th", set()).add("align")

# Python-Markdown's escapable characters (plus '|' of the tables extension); a
# backslash makes each literal. Others must not be escaped: the backslash would show.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")


_CLEANER = nh3.Cleaner(tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")


# A character (or a hard line break) that may start one of Python-Markdown's inline
# rules, or one of its placeholders (\x02...\x03).
_INLINE_TRIGGER = re.compile(r"[`\\\[\]!<>&*_\x02\x03]|  \n")


class _PlainTextAsIs(Treeprocessor):
    """Mark text that no inline rule can match as atomic, before the inline processor runs.

    The inline processor tries each of its twenty rules on every piece of text of a
    document; a paragraph of plain words matches none, and comes out as it went in.
    Atomic text is passed over (same bytes: tests/test_markup_prose.py). Not done in
    a document that defines abbreviations (``*[HTML]: ...``): those apply to plain
    words, and skip atomic text too.
    """

    def run(self, root):
        if self.md.treeprocessors["abbr"].abbrs:
            return None
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) and not _INLINE_TRIGGER.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not _INLINE_TRIGGER.search(element.tail):
                element.tail = AtomicString(element.tail)
        return None


def _new_renderer(*, plain_text_as_is: bool = True) -> md.Markdown:
    renderer = md.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    if plain_text_as_is:
        renderer.treeprocessors.register(_PlainTextAsIs(renderer), "bimtek-plain-text", 21)  # just before "inline" (20)
    return renderer


_RENDERER = _new_renderer()

# Paragraphs of lines of words and punctuation that Markdown leaves alone: each line
# starts with a letter (no list, heading or quote) and ends without a space (no <br>);
# no character that starts inline markup (* _ ` [ ! < & \\) or a table (|). Python-
# Markdown renders them as a <p> per paragraph, lines kept. Most fields are such prose
# (steps, hints, choices, descriptions): skipping the parser for them is most of the
# render time of a large catalogue. tests/test_markup_prose.py holds it to the parser.
_PROSE_LINE = r"[^\W\d_](?:[^\W_]|[ ,;:'\"?()%/.\-])*(?<! )"
_PLAIN_PROSE = re.compile(rf"{_PROSE_LINE}(?:\n{_PROSE_LINE})*(?:\n\n{_PROSE_LINE}(?:\n{_PROSE_LINE})*)*")
_PROSE_PUNCTUATION = b" ,;:'\"?()%/.-\n"
_NOT_A_LINE_START = re.compile(r"\n(?!\n?[^\W\d_])")  # a line that starts with no letter, or a second blank line


def is_plain_prose(text: str) -> bool:
    """Whether ``text`` is plain prose as :data:`_PLAIN_PROSE` says; ASCII text is told ten times faster."""
    if not text.isascii():
        return _PLAIN_PROSE.fullmatch(text) is not None
    return (text[:1].isalpha() and " \n" not in text and not text.endswith(" ")
            and text.encode("ascii").translate(None, _PROSE_PUNCTUATION).isalnum()
            and _NOT_A_LINE_START.search(text) is None)


MAX_MARKUP_CHARS = {"[": 500, "<": 2000}
"""At most this many '[' or '<' per text: Python-Markdown scans for links and HTML in
quadratic time (20,000 '[' take 40 s); real texts hold a few dozen (an HTML table: hundreds of '<')."""

MAX_LINES = 2000
"""At most this many lines per text: some block rules re-scan the rest of a block per line."""

MAX_NESTING = 50
"""Lists and quotes nested deeper than this are refused: Python-Markdown recurses once
per level and fails at a few hundred; real texts nest a few levels."""

_LIST_PREFIX = re.compile(r"^([ \t]*)((?:(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$))+)", re.M)
_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")
# A line nests at most two levels per character of its prefix (a tab; a marker and its
# space is one level per two): only a prefix this long can nest too deep. Searched for
# after a newline, not at '^' with re.M: a pattern that starts with a literal character
# is found by a scan for that character, five times faster than trying every position.
_LONG_PREFIX = re.compile(rf"\n[ \t>*+\-\d.)]{{{MAX_NESTING // 2 + 1},}}")


def markdown_problem(text: str) -> str | None:
    """Why ``text`` is too convoluted for Markdown to render quickly and safely, or None."""
    if len(text) < 2 * MAX_NESTING:
        return None  # too short to nest that deep or to hold that many brackets
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return f"this text has {lines} lines; at most {MAX_LINES} can be read as Markdown: split it (more topics, exercises)"
    for char, most in MAX_MARKUP_CHARS.items():
        count = text.count(char)
        if count > most:
            return f"this text holds {count} '{char}' characters; at most {most} can be read as Markdown: remove the stray ones"
    if not (_LONG_PREFIX.match("\n" + text[:MAX_NESTING]) or _LONG_PREFIX.search(text)):  # the first line, the others
        return None
    deepest = max((len(m[1].expandtabs(4)) // 2 + len(_MARKER.findall(m[2])) for m in _LIST_PREFIX.finditer(text)), default=0)
    if deepest > MAX_NESTING:
        return f"this text nests lists or quotes about {deepest} levels deep; at most {MAX_NESTING} can be read as Markdown"
    return None


@lru_cache(maxsize=65536)  # every text of a large catalogue: bimtek serve renders the pages that gather them on each edit
def _to_html(text: str, allow_raw_html: bool) -> str:
    # The parser drops the blank lines at the end; a block scalar (|) of YAML ends with one.
    trimmed = text.rstrip("\n")
    if is_plain_prose(trimmed):
        return _prose_html(trimmed)
    listed = _simple_list_html(trimmed)
    if listed is not None:
        return listed
    if markdown_problem(text):  # refused by the checks already; shown as plain text if it gets here
        return f"<p>{escape(text)}</p>"
    try:
        html, parsed = _blockwise(trimmed) or (_convert(text), True)
    except RecursionError:
        return f"<p>{escape(text)}</p>"
    if allow_raw_html or not parsed:
        return html  # plain prose and simple lists hold no tag or entity to clean
    return _CLEANER.clean(html)


def _prose_html(text: str) -> str:
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))


_LIST_ITEM = re.compile(r"([-*+]|[1-9][0-9]{0,8}\.) (.*)")


def _simple_list_html(block: str) -> str | None:
    """The HTML of a block that is a tight list of one line of plain prose per item, as
    Python-Markdown (with sane_lists) writes it; None for any other block."""
    items = []
    numbered = None
    for line in block.split("\n"):
        match = _LIST_ITEM.fullmatch(line)
        if match is None or not is_plain_prose(match[2]):
            return None
        is_number = match[1][-1] == "."
        if numbered is None:
            numbered = match[1][:-1] if is_number else ""
        elif is_number != bool(numbered):
            return None  # a numbered item after bullets (or the other way round) starts another list
        items.append(f"<li>{match[2]}</li>")
    if numbered is None:
        return None
    if not numbered:
        tag, end = "<ul>", "</ul>"
    else:
        tag, end = ("<ol>" if numbered == "1" else f'<ol start="{numbered}">'), "</ol>"
    return "\n".join([tag, *items, end])


def _convert(text: str) -> str:
    global _RENDERER
    try:
        return _RENDERER.reset().convert(text)  # one parser, reset between fields: building one per call is slow
    except RecursionError:
        # reset() does not clear the block parser's state stack: a parser that failed
        # half way would drop the <p> of every later paragraph. Start a new one.
        _RENDERER = _new_renderer()
        raise


# Markup whose meaning reaches across a blank line: raw HTML, fenced code, the definitions
# of abbreviations and references, and definition lists (": " under a term).
_ACROSS_BLOCKS = re.compile(r"<|```|~~~|\*\[|\]:|^[ ]{0,3}:", re.M)
_DEFINITION_FIRST = re.compile(r"[ ]{0,3}:")
_DEFINITION_LATER = re.compile(r"\n[ ]{0,3}:")


def _reaches_across_blocks(text: str) -> bool:
    """``_ACROSS_BLOCKS.search(text)``, four times faster: substrings, and a line start found after a newline."""
    return ("<" in text or "```" in text or "~~~" in text or "*[" in text or "]:" in text
            or _DEFINITION_FIRST.match(text) is not None or _DEFINITION_LATER.search(text) is not None)


def _blockwise(text: str) -> tuple[str, bool] | None:
    """A text of blocks (split at blank lines), its plain prose paragraphs rendered here and
    only the runs of other blocks by the parser; None when that would not give the parser's HTML.

    A paragraph of plain prose starts with a letter at the left margin: it closes whatever
    block was before it (a list, a quote, code) and belongs to none. So where no markup
    reaches across blank lines, the parser renders the text as the blocks one after the
    other (tests/test_markup_prose.py holds it to the parser). Most of a topic's body is
    such prose, with a list or an emphasised word here and there. Returns the HTML, and
    whether any of it came from the parser (simple lists too are written here).
    """
    if "\n\n" not in text or "\n\n\n" in text or _reaches_across_blocks(text):
        return None
    blocks = text.split("\n\n")
    plain = [is_plain_prose(block) for block in blocks]
    if not any(plain):
        return None
    for block, is_plain in zip(blocks, plain):
        lines = block.split("\n")
        if not is_plain and not (lines[0].strip() and lines[-1].strip()):
            return None  # a blank line of spaces at a run's edge: in the whole text it may be code
    # A simple list between paragraphs of prose (or at an end) is a whole list: a list or an
    # indented block next to it could have made it part of a longer or a loose list.
    done: list[str | None] = [f"<p>{block}</p>" if is_plain else None for block, is_plain in zip(blocks, plain)]
    for index, block in enumerate(blocks):
        if not plain[index] and (index == 0 or plain[index - 1]) and (index == len(blocks) - 1 or plain[index + 1]):
            done[index] = _simple_list_html(block)
    html: list[str] = []
    others: list[str] = []
    for block, block_html in zip(blocks, done):
        if block_html is None:
            others.append(block)
            continue
        if others:
            html.append(_convert("\n\n".join(others)))
            others = []
        html.append(block_html)
    if others:
        html.append(_convert("\n\n".join(others)))
    return "\n".join(part for part in html if part), None in done


def markdown_to_html(text: str | None, *, allow_raw_html: bool = False) -> Markup:
    """Render a trainer's Markdown field to HTML that is safe to embed in a page."""
    if not text:
        return Markup("")
    return Markup(_to_html(text, allow_raw_html))


def markdown_inline(text: str | None, *, allow_raw_html: bool = False) -> Markup:
    """Render a one-line Markdown field without the surrounding paragraph."""
    html = str(markdown_to_html(text, allow_raw_html=allow_raw_html)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def escape_markdown(text: object) -> Markup:
    """Plain text for a Markdown line (a heading): shown literally, never as markup."""
    escaped = _MARKDOWN_SPECIAL.sub(lambda m: _escape_char(m.group(1)), str(text))
    return Markup(" ".join(escaped.split()))


def _escape_char(char: str) -> str:
    if char in "<>&":
        return str(escape(char))
    return "\\" + char


def plain(text: object) -> Markup:
    """Plain text for HTML: escaped, never markup."""
    return escape(text)
