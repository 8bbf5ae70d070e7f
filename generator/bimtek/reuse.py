"""Pages of the previous site that come out the same are taken over, not drawn again.

Drawing material's page template (the navigation, mostly) around each generated
page is the largest part of a large build that no cache covered: a build after an
edit to one lesson drew a thousand unchanged pages again. ``bimtek build`` knows
the site it replaces; for each generated page it works out a key of everything the
page's HTML file is made from (its HTML body, title, table of contents and
metadata, the whole navigation, the settings of mkdocs.yml, the theme, the code and
library versions). A page whose key is the one its file in the previous site was
made with is linked (or copied) from there into the new site.

What each file of the site in place was made from is kept in the cache with its
size and time: a file changed since (or gone) is drawn again. The keys are recorded
only once the new site is in place, so a failed build leaves the record of the
previous site as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from .cache import Cache, digest, tree_digest

_VOLATILE = ("site_dir", "nav", "plugins", "theme", "config_file_path")
"""Settings left out of the key: the staging folder differs on every build; the others are keyed apart."""


class PreviousSite:
    """The site a build replaces: which of its page files can be taken over as they are."""

    def __init__(self, cache: Cache, site: Path):
        self.cache = cache
        self.site = site
        self._record_key = digest("site-pages", str(site))
        found = cache.get("site-pages", self._record_key)
        self.previous: dict[str, Any] = found if isinstance(found, dict) else {}
        self.made: dict[str, str] = {}
        """The key of each page file of the new site (its ``dest_uri``), to record once it is in place."""
        self.reused = 0

    def take_over(self, dest_uri: str, key: str, target: Path) -> bool:
        """Link the previous site's file for ``dest_uri`` to ``target`` if it was made with ``key``
        and is unchanged since; False (nothing done) otherwise."""
        self.made[dest_uri] = key
        entry = self.previous.get(dest_uri)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == key):
            return False
        source = self.site / dest_uri
        try:
            stat = source.stat()
            if [stat.st_size, stat.st_mtime_ns] != entry[1:]:
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)  # the old site is removed once the new one is in place
            except OSError:
                shutil.copy2(source, target)  # another file system, or one without links
        except OSError:
            return False
        self.reused += 1
        return True

    def forget(self, dest_uri: str) -> None:
        """Never take over this page's file (its drawing said something: say it again next time)."""
        self.made.pop(dest_uri, None)

    def remember(self) -> None:
        """Record what each page file of the site now in place was made from."""
        record: dict[str, list] = {}
        for dest_uri, key in self.made.items():
            try:
                stat = (self.site / dest_uri).stat()
            except OSError:
                continue
            record[dest_uri] = [key, stat.st_size, stat.st_mtime_ns]
        self.cache.put("site-pages", self._record_key, record)


_DRAWING_EVENTS = ("env", "page_context", "post_page")
"""Events whose handlers shape a page's file beyond its inputs (template globals, the context, the output)."""


def can_take_over(config) -> bool:
    """Whether the keys cover everything a page's file is drawn from: no plugin or hook but
    known ones (bimtek, material's search and offline) handles the events that draw it."""
    from .mkdocs_speed import _KNOWN_PLUGINS

    events = config.plugins.events
    handlers = [handler for name in _DRAWING_EVENTS for handler in events.get(name, [])]
    return all(type(getattr(handler, "__self__", None)).__module__ in _KNOWN_PLUGINS for handler in handlers)


def frame_key(config, nav, base: str) -> str:
    """A key of what every page's file shows around its own content: the navigation, the
    settings, the theme and its templates, the plugins and their settings; ``base`` holds the
    code, the library versions, the Markdown settings and the list of files."""
    settings = {name: config[name] for name in sorted(config.keys()) if name not in _VOLATILE}
    theme = config.theme
    plugins = [[name, dict(getattr(plugin, "config", None) or {})] for name, plugin in config.plugins.items()]
    own_templates = tree_digest([Path(folder) for folder in theme.dirs if not _installed(folder)])
    return digest(base, json.dumps([_nav_items(nav.items), settings, dict(theme.items()), getattr(theme, "name", ""),
                                    plugins, own_templates], default=str, sort_keys=True))


def page_key(frame: str, page) -> str:
    """The key of one page's file: the frame, and the page itself."""
    meta = {k: v for k, v in page.meta.items() if k != "template"}
    return digest(frame, page.file.dest_uri, page.url, str(page.title), page.content or "",
                  json.dumps(_toc(page.toc)), json.dumps(meta, default=str, sort_keys=True),
                  str(page.meta.get("template", "")))


def _nav_items(items) -> list:
    return [[type(item).__name__, str(item.title), getattr(item, "url", None), _nav_items(getattr(item, "children", None) or [])]
            for item in items]


def _toc(items) -> list:
    return [[a.level, a.id, a.title, _toc(a.children)] for a in items]


def _installed(folder: str) -> bool:
    from .mkdocs_speed import _installed as installed

    return installed(folder)
