"""Hand a generated page's HTML blocks past the Markdown engine of a site builder.

Generated pages are Markdown headings around blocks of finished HTML (the
components, and the trainer's Markdown fields, already rendered and sanitised).
Python-Markdown passes such blocks through unchanged, but it parses every tag of
them to find where they end: on a lesson page that is nearly all its time, and
on a large catalogue half of a cold build. :func:`protect_html` swaps each
top-level HTML block for a one-word placeholder paragraph before the engine
runs; :func:`restore_html` puts the blocks back into its output. The result is
byte for byte what the engine would have written (tests compare both).

Only what is unambiguous is swapped: a block that starts with a block-level tag
after a blank line and whose tags balance; never one that asks for Markdown
inside (``markdown="1"``), and nothing on a page holding code blocks, whose
blank lines and indentation Markdown reads differently.
"""

from __future__ import annotations

import re
from html import unescape

from markdown.util import BLOCK_LEVEL_ELEMENTS

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*?)?(/?)>|<!--.*?-->", re.S)
_FIRST_TAG = re.compile(r"<([a-zA-Z][\w:-]*)[\s>/]")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^<>]*\smarkdown(?:\s*=|[\s/>])", re.I)
_CODE_LINE = re.compile(r"^(?:```|~~~|    |\t)", re.M)
_PLACEHOLDER = "BIMTEKRAWBLOCK{:06d}X"
_RESTORE = re.compile(r"<p>BIMTEKRAWBLOCK(\d{6})X</p>")
PLACEHOLDER_TEXT = re.compile(r"BIMTEKRAWBLOCK\d{6}X")
"""A placeholder paragraph's text: letters and digits only, which no inline Markdown pattern changes."""
_BLOCK_TAGS = {tag.lower() for tag in BLOCK_LEVEL_ELEMENTS}


def protect_html(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with its top-level HTML blocks replaced by placeholders, and the blocks."""
    if "BIMTEKRAWBLOCK" in markdown:
        return markdown, []  # a text that spells a placeholder: leave the page as it is
    out: list[str] = []
    blocks: list[str] = []
    pending: list[str] = []
    depth = 0
    follows_block = False  # whether the last chunk out is a placeholder: the next block joins its run
    for chunk in markdown.split("\n\n"):
        if not pending:
            if not _starts_block(chunk):
                out.append(chunk)
                follows_block = False
                continue
            depth = 0
        pending.append(chunk)
        depth += _depth_change(chunk)
        if depth > 0:
            continue  # a blank line inside the block (in a <pre>): it goes on
        block = "\n\n".join(pending)
        if depth == 0 and chunk.rstrip().endswith(">") and not ("markdown" in block.lower() and _MARKDOWN_ATTRIBUTE.search(block)):
            if follows_block:
                # Consecutive blocks share one placeholder: Markdown writes "\n" between two
                # placeholder paragraphs, so the run comes back as the blocks one by one would.
                blocks[-1] += "\n\n" + block
            else:
                blocks.append(block)
                out.append(_PLACEHOLDER.format(len(blocks) - 1))
            follows_block = True
        else:
            out.extend(pending)  # text after the block, or tags that do not balance: Markdown reads it
            follows_block = False
        pending = []
    out.extend(pending)  # a block that never closed: Markdown reads it as it is
    text = "\n\n".join(out)
    if not blocks or _CODE_LINE.search(text):
        return markdown, []
    return text, blocks


def restore_html(html: str, blocks: list[str]) -> str:
    """The engine's output with each placeholder paragraph replaced by its HTML block."""
    if not blocks:
        return html
    return _RESTORE.sub(lambda match: blocks[int(match.group(1))] + "\n", html).strip()


def _starts_block(chunk: str) -> bool:
    match = _FIRST_TAG.match(chunk)
    return match is not None and match.group(1).lower() in _BLOCK_TAGS


_VOID_NAME = r"(?i:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)(?![\w:-])"
# Open and end tags in one pass (the group holds "/" of an end tag); a match never holds
# another "<", so each "<" is read as it would be by a pattern for either kind alone.
_OPENS_AND_CLOSES = re.compile(rf"<(/?)(?!{_VOID_NAME})[a-zA-Z][\w:-]*(?:\s[^<>]*)?(?<!/)>")


def _depth_change(chunk: str) -> int:
    """Tags opened minus tags closed in ``chunk`` (void and self-closing tags and comments aside)."""
    if "<!--" not in chunk:  # the common case, counted by the regex engine alone
        slashes = _OPENS_AND_CLOSES.findall(chunk)
        return len(slashes) - 2 * slashes.count("/")
    return _depth_change_by_tag(chunk)


def _depth_change_by_tag(chunk: str) -> int:
    change = 0
    for match in _TAG.finditer(chunk):
        close, name, self_closing = match.groups()
        if name is None or self_closing or name.lower() in _VOID:
            continue  # a comment, <br/>, <img>...
        change += -1 if close else 1
    return change


_ANCHOR = re.compile(r"""<(a\s[^<>]*?\sname|[a-zA-Z][\w:-]*\s[^<>]*?\bid)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ``id`` (and ``<a name>``) values in ``blocks``: what a link to ``page#anchor`` may name."""
    return {unescape(next(value for value in match.groups()[1:] if value is not None))
            for block in blocks for match in _ANCHOR.finditer(block)}
