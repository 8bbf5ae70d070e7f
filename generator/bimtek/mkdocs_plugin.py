"""The thin MkDocs adapter: ``plugins: [bimtek]`` in mkdocs.yml.

All logic lives in the core (project -> render); this file only hands the
rendered pages to MkDocs as generated files, so plain ``mkdocs build`` and
``mkdocs serve`` work. ``docs_dir`` is ``content/``: files a trainer puts there
(images, extra pages) are served as they are, and win over a generated page of
the same name: a generated page never replaces a trainer's file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from .cache import code_digest, digest, open_cache
from .editions import HANDOUTS_DIR
from .errors import BimtekError
from .i18n import Translator
from .project import CONTENT_DIR, LESSONS_DIR, WORKSHOP_FILE, Project, is_editor_leftover, load_project, workshop_language
from .outline import is_large
from .parallel import no_cyclic_gc
from .mkdocs_speed import cached_render, compile_theme_once, render_ahead
from .mkdocs_write import GeneratedFile, only_known_plugins, write_pages_in_parallel
from .navcache import draw_closed_parts_once
from .render import ASSETS_DIR, Site, render_site, waiting_site
from .reuse import PreviousSite, can_take_over

log = logging.getLogger("mkdocs.plugins.bimtek")

SEARCH_ON_DEMAND = ASSETS_DIR + "search-on-demand.js"
"""Holds back Material's request for the search index until search is opened (see the file)."""

PREVIEW_STATUS = ASSETS_DIR + "preview-status.js"
"""``mkdocs serve`` only: what keeps the preview from updating, which bimtek.js shows on every page."""

SERVE_HANDOUTS_ENV = "BIMTEK_SERVE_HANDOUTS"
"""Set to 1 by ``bimtek serve --handouts``: make the PDFs on every rebuild."""


class BimtekConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """The bimtek project (the folder holding ``content/``); default: mkdocs.yml's folder."""
    set_nav = config_options.Type(bool, default=True)
    """Build the navigation from the agenda unless mkdocs.yml has its own ``nav``."""
    handouts = config_options.Type(bool, default=True)
    """Make the PDF handouts after ``mkdocs build`` (unchanged ones come from the cache)."""
    serve_handouts = config_options.Type(bool, default=False)
    """Make them after every rebuild of ``mkdocs serve`` too (``bimtek serve --handouts``);
    otherwise the preview links the PDFs of the last build in ``site/handouts/``."""


class BimtekPlugin(BasePlugin[BimtekConfig]):
    """Generate the workshop pages from ``content/`` on every build."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.site: Site | None = None
        self.error: BimtekError | None = None
        """The last content or template error, for ``bimtek build`` to report as it is."""
        self.problems: list[str] = []
        """What keeps ``mkdocs serve`` showing the last pages that built (the diagnostics of :attr:`error`)."""
        self.warnings: list[str] = []
        """The warnings of the last build that succeeded, which ``mkdocs serve`` shows on its pages too."""
        self.nav = None
        """MkDocs' navigation of this build, as every page shows it."""
        self.loaded: Project | None = None
        """A project ``bimtek build`` has just loaded and checked: used once instead of loading it again."""
        self.without_gc = contextlib.ExitStack()
        """Holds :func:`~bimtek.parallel.no_cyclic_gc` from on_config to the end of the build."""
        self.replaces: Path | None = None
        """The site folder ``bimtek build`` puts this build in place of (it builds into a staging folder)."""
        self.previous: PreviousSite | None = None
        """That site, once the build draws its pages: unchanged page files are taken over from it."""
        self.on_startup(command="build", dirty=False)  # MkDocs calls it for build and serve; the API may not

    @event_priority(100)  # first: search compiles a theme template in its on_config
    def _on_config_first(self, config):
        compile_theme_once(config)
        return config

    @event_priority(0)
    def _on_config(self, config):
        self.without_gc.enter_context(no_cyclic_gc())  # the whole build is one batch step; closed when it ends
        root = self.root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        self.cache = open_cache(root)
        loaded, self.loaded = self.loaded, None
        try:
            if loaded is not None and loaded.root.resolve() == root.resolve():
                project, warnings = loaded, []  # its warnings are reported by ``bimtek build``
            else:
                project, warnings = load_project(root, self.cache)
            site = render_site(project, self.cache, preview=self._serving_without_handouts())
        except BimtekError as exc:
            self.error = exc
            if self.command != "serve":
                raise PluginError(exc.report()) from None
            # The preview goes on with the last pages that built (from the start: a page that waits for
            # the fix), each telling the trainer in the browser what keeps it from updating (MkDocs
            # alone would leave the page as it was, or not start).
            log.error(exc.report())
            self.problems = [str(d) for d in exc.diagnostics] or [str(exc)]
            warnings = []
            if self.site is None:
                self.site = waiting_site(root, self.language)
        else:
            self.project, self.site, self.error, self.problems = project, site, None, []
            self.warnings = [str(warning) for warning in warnings]
        for warning in warnings:
            log.warning(str(warning))
        config.extra.setdefault("generator", False)  # not material's "Made with", in English on every page
        config.theme["language"] = self.language
        if self.project is not None:
            workshop = self.project.workshop
            # MkDocs themes print these (and nav titles) as HTML: a trainer's text must arrive escaped.
            config.site_name = escape(workshop.title)
            config.site_description = escape(workshop.subtitle or workshop.title)
            config.site_author = escape(workshop.organizer)
            if not config.copyright:
                config.copyright = escape(workshop.organizer)  # the footer names who runs the workshop
            if workshop.site_url and not config.site_url:  # mkdocs serve sets its own address first: kept
                config.site_url = workshop.site_url  # canonical links and sitemap.xml with the published addresses
        if self.config.set_nav and not config.nav:
            config.nav = _escape_titles(self.site.nav())
            if self.project is not None and is_large(self.project):
                # Lessons are grouped by day: draw only the groups on the way to each page (bimtek.outline).
                features = list(config.theme["features"]) if "features" in config.theme else []
                features += [f for f in ("navigation.prune", "navigation.indexes") if f not in features]
                config.theme["features"] = features
        if self.command == "serve" and PREVIEW_STATUS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.insert(0, PREVIEW_STATUS)  # before bimtek.js, which shows what it says
        page_files = [name for name in self.site.assets if name.startswith(ASSETS_DIR)]  # not the service worker
        for css in sorted(name for name in page_files if name.endswith(".css")):
            if css not in config.extra_css:
                config.extra_css.append(css)
        # A vendored polyfill (mkdocs.yml extra.polyfills) is loaded by the theme in <head>, not twice.
        listed = [str(script) for script in config.extra.get("polyfills", [])]
        if SEARCH_ON_DEMAND in self.site.assets and SEARCH_ON_DEMAND not in listed:
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), SEARCH_ON_DEMAND]  # before Material's bundle
        polyfills = {*listed, SEARCH_ON_DEMAND}
        for js in sorted(name for name in page_files if name.endswith(".js")):
            if js not in polyfills and js not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(js)
        return config

    on_config = CombinedEvent(_on_config_first, _on_config)

    @event_priority(-100)  # last: the pages are written with every plugin's environment and nav
    def on_env(self, env, config, files):
        env.filters["striptags"] = _striptags
        if only_known_plugins(config):
            draw_closed_parts_once(env)  # before any page is drawn: the nav's closed parts once per folder
        if self.nav is not None:
            if self.replaces is not None and can_take_over(config):
                self.previous = PreviousSite(self.cache, self.replaces, self.render_base)
            write_pages_in_parallel(config, files, self.nav, env, serving=self.command == "serve", dirty=self.dirty,
                                    previous=self.previous)
        return env

    def on_startup(self, *, command, dirty: bool) -> None:
        # Having on_startup keeps this object across the rebuilds of one `mkdocs serve`,
        # so a dirty rebuild knows what the previous build wrote.
        self.dirty = dirty
        self.command = command
        self.built: dict[str, str] = {}
        self.built_frame = ""
        self.pending: tuple[dict[str, str], str] = ({}, "")

    def on_files(self, files: Files, config) -> Files:
        assert self.site is not None
        for file in list(files):
            if _is_source(file.src_uri):
                files.remove(file)
        generated = [(page.path, page.content) for page in self.site.pages]
        generated += list(self.site.assets.items())
        if self.command == "serve":
            generated.append((PREVIEW_STATUS, self._preview_status()))
        # A dirty rebuild (bimtek serve) skips a generated file whose content is as last
        # built, unless what every page shows around it (nav, titles, theme settings) changed.
        frame = digest(json.dumps([config.nav, config.site_name, config.theme["features"] if "features" in config.theme else [],
                                   [str(x) for x in config.extra_css], [str(x) for x in config.extra_javascript]], default=str))
        reuse = self.dirty and frame == self.built_frame
        fingerprints: dict[str, str] = {}
        for src_uri, content in generated:
            if files.get_file_from_path(src_uri) is not None:
                log.info("bimtek: content/%s is the trainer's own file; it is used instead of the generated page", src_uri)
                continue
            file = GeneratedFile.generated(config, src_uri, content=content)
            fingerprints[src_uri] = digest(content)
            file.unchanged = reuse and self.built.get(src_uri) == fingerprints[src_uri]
            files.append(file)
        self.pending = (fingerprints, frame)
        self.render_base = digest(code_digest(), *_versions("mkdocs", "mkdocs-material", "pymdown-extensions"),
                                  json.dumps([config.markdown_extensions, config.mdx_configs, config.use_directory_urls], default=str),
                                  *sorted(file.src_uri for file in files))
        return files

    @event_priority(-100)  # last: the nav kept here is the one every page shows
    def on_nav(self, nav, config, files):
        render_ahead(files, config, self.cache, self.render_base, dirty=self.dirty)
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, page, config, files):
        if isinstance(page.file, GeneratedFile):
            page.render = functools.partial(cached_render, page, page.render, self.cache, self.render_base)
        return markdown

    def on_build_error(self, error) -> None:
        self.without_gc.close()

    @property
    def language(self) -> str:
        """The workshop's language: of the last project that loaded, else as its workshop file says."""
        if self.project is not None:
            return self.project.language
        return workshop_language(self.root)

    def _preview_status(self) -> str:
        """``preview-status.js``: the problems that keep the preview from updating (none: it is up to
        date), else the warnings of the build it shows: a trainer watching the page sees both."""
        t = Translator(self.language)
        warnings = [] if self.problems else self.warnings
        status = {"title": t("preview_problems"), "problems": self.problems,
                  "warnings_title": t("preview_warnings", count=len(warnings)), "warnings_intro": t("preview_warnings_intro"),
                  "warnings": warnings}
        return f"window.bimtekPreview = {json.dumps(status)};\n"

    def _serving_without_handouts(self) -> bool:
        """``mkdocs serve`` that makes no PDF: the preview links those of the last build."""
        serving = getattr(self, "command", "build") == "serve"
        return serving and not (self.config.serve_handouts or os.environ.get(SERVE_HANDOUTS_ENV) == "1")

    def on_post_build(self, config) -> None:
        self.without_gc.close()
        self.cache.flush()  # the pages' entries: bimtek serve runs on, and the next build may be another process
        self.built, self.built_frame = self.pending
        if self.project is None:
            return  # the preview waits for a project that loads: no PDFs to make or link yet
        serving = self.command == "serve"
        site_dir = Path(config.site_dir)
        wanted = not self._serving_without_handouts() if serving else self.config.handouts
        if wanted:
            from .handouts import make_handouts

            try:
                make_handouts(self.project, site_dir)
            except BimtekError as exc:
                self.error = exc
                raise PluginError(exc.report()) from None
        elif serving:
            _link_last_handouts(self.project.root / "site" / HANDOUTS_DIR, site_dir / HANDOUTS_DIR)

    def on_shutdown(self) -> None:
        self.dirty = False

    def site_in_place(self) -> None:
        """``bimtek build`` put the new site where :attr:`replaces` says: record what its pages were made from."""
        if self.previous is not None:
            self.previous.remember()

    def on_serve(self, server, config, builder):
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        for folder in (root / CONTENT_DIR, root / "templates"):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _link_last_handouts(built: Path, served: Path) -> None:
    """Let the preview's download links reach the PDFs of the last build (no PDF is made per keystroke)."""
    if built.is_dir() and not served.exists():
        try:
            served.symlink_to(built.resolve(), target_is_directory=True)
        except OSError:
            pass  # no PDFs in the preview: only the links are dead


def _versions(*names: str) -> list[str]:
    from importlib import metadata

    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=?")
    return out


def _is_source(src_uri: str) -> bool:
    """The project's YAML sources and editors' copies of them (``satu.yml~``, ``workshop.yml.bak``):
    input holding facilitator notes and example answers, never files to publish."""
    name = src_uri.rsplit("/", 1)[-1]
    yaml_like = ".yml" in name or ".yaml" in name
    if yaml_like and (src_uri.startswith(LESSONS_DIR + "/") or name.startswith(WORKSHOP_FILE.split(".")[0] + ".")):
        return True
    return is_editor_leftover(name)


def _escape_titles(nav: list) -> list:
    """The nav with every title HTML-escaped (themes print nav titles unescaped)."""
    return [{escape(title): _escape_titles(value) if isinstance(value, list) else value for title, value in item.items()}
            for item in nav]


def _striptags(value: object) -> Markup:
    """Jinja's ``striptags``, escaped again: the stock filter unescapes ``&lt;/title&gt;``
    into markup, and themes print its result raw (``<title>{{ page.title | striptags }}``)."""
    return escape(Markup(str(value)).striptags())
