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
from .mkdocs_search import toc_tokens
from .mkdocs_speed import is_installed_folder
from .mkdocs_write import only_known_plugins_handle

_VOLATILE = ("site_dir", "nav", "plugins", "theme", "config_file_path")
"""Settings left out of the key: the staging folder differs on every build; the others are keyed apart."""


class PreviousSite:
    """The site a build replaces: which of its page files can be taken over as they are.

    ``base`` holds the code, the library versions, the Markdown settings and the list of files.
    """

    def __init__(self, cache: Cache, site: Path, base: str):
        self.cache = cache
        self.site = site
        self.base = base
        self._record_key = digest("site-pages", str(site))
        found = cache.get("site-pages", self._record_key)
        self.previous: dict[str, Any] = found if isinstance(found, dict) else {}
        self.made: dict[str, str] = {}
        """The key of each page file of the new site (its ``dest_uri``), to record once it is in place."""

    def take_over(self, pages: list, config, nav) -> list:
        """Link into the new site each page's file of the previous site that was made from the
        same inputs and is unchanged since; the pages left to draw."""
        frame = _frame_key(config, nav, self.base)
        return [page for page in pages if not self._take_over(page, _page_key(frame, page))]

    def _take_over(self, page, key: str) -> bool:
        dest_uri = page.file.dest_uri
        self.made[dest_uri] = key
        entry = self.previous.get(dest_uri)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == key):
            return False
        source, target = self.site / dest_uri, Path(page.file.abs_dest_path)
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
        self.cache.flush()


def can_take_over(config) -> bool:
    """Whether the keys cover everything a page's file is drawn from: no plugin or hook but
    known ones (bimtek, material's search and offline) handles an event that draws it
    (template globals, the page's context, its output)."""
    return only_known_plugins_handle(config, ("env", "page_context", "post_page"))


def _frame_key(config, nav, base: str) -> str:
    """What every page's file shows around its own content: the navigation, the settings,
    the theme and its own templates, the plugins and their settings, and ``base``."""
    settings = {name: config[name] for name in sorted(config.keys()) if name not in _VOLATILE}
    theme = config.theme
    plugins = [[name, dict(getattr(plugin, "config", None) or {})] for name, plugin in config.plugins.items()]
    own_templates = tree_digest([Path(folder) for folder in theme.dirs if not is_installed_folder(folder)])
    return digest(base, json.dumps([_nav_items(nav.items), settings, dict(theme.items()), getattr(theme, "name", ""),
                                    plugins, own_templates], default=str, sort_keys=True))


def _page_key(frame: str, page) -> str:
    return digest(frame, page.file.dest_uri, page.url, str(page.title), page.content or "",
                  json.dumps(toc_tokens(page.toc)), json.dumps(page.meta, default=str, sort_keys=True))


def _nav_items(items) -> list:
    return [[type(item).__name__, str(item.title), getattr(item, "url", None), _nav_items(getattr(item, "children", None) or [])]
            for item in items]
