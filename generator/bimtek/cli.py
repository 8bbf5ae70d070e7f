"""The ``bimtek`` command. Known errors are caught once, here, and printed without a traceback."""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from . import __version__
from .errors import BimtekError, Diagnostic

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every file; print all problems; exit 1 on errors."""
    from .project import check_project

    result = check_project(Path(args.dir))
    _print_diagnostics(result.diagnostics)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return EXIT_ERRORS
    assert result.project is not None
    print(f"ok: {len(result.project.lessons)} lesson(s), {len(result.project.schedule.days)} day(s), {warnings} warning(s)")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Check, render and build the site into DIR/site (the old site stays until the new one is complete)."""
    from .build import build_site

    started = time.perf_counter()
    reports = []

    def add_handouts(project, staging: Path) -> None:
        from .handouts import make_handouts

        reports.append(make_handouts(project, staging))

    def keep_handouts(project, staging: Path) -> None:
        from .editions import HANDOUTS_DIR

        previous = project.root / "site" / HANDOUTS_DIR  # --no-handouts: the last PDFs stay published
        if previous.is_dir():
            shutil.copytree(previous, staging / HANDOUTS_DIR, dirs_exist_ok=True)

    project, warnings, site = build_site(Path(args.dir), strict=args.strict, finish=keep_handouts if args.no_handouts else add_handouts)
    _print_diagnostics(warnings)
    print(f"built {len(project.lessons)} lesson(s) into {site} in {time.perf_counter() - started:.1f} s")
    for report in reports:
        _print_handouts(report, site)
    print(f"next: publish {site} on a web host, serve it to the phones in the room with 'bimtek share {args.dir}', "
          f"or pack it into one file to send with 'bimtek zip {args.dir}'")
    return EXIT_OK


def _print_handouts(report, site: Path) -> None:
    from .editions import FILE_NAMES, HANDOUTS_DIR

    pages = sum(report.pages.values())
    print(f"handouts: {len(report.files)} PDF(s), {pages} page(s); rendered {len(report.rendered)}, "
          f"unchanged {len(report.reused)}; {report.seconds:.1f} s")
    crowded = {path.parent for path in report.files.values() if path.parent.name in FILE_NAMES["certificates"].values()}
    for folder in sorted(crowded):  # each participant's own certificate: one line for the folder
        print(f"  {folder}/ ({sum(1 for path in report.files.values() if path.parent == folder)} PDF(s))")
    for name, path in report.files.items():
        # `bimtek build` wrote the published ones into its staging folder, now site/: name them there
        folder = path.parents[len(Path(name).parts) - 1]  # handouts/ for handouts/salindia/<id>.pdf too
        shown = site / HANDOUTS_DIR / name if folder.name == HANDOUTS_DIR else path
        if path.parent not in crowded and (name in report.rendered or len(report.files) <= 12):
            print(f"  {shown}")


def cmd_handouts(args: argparse.Namespace) -> int:
    """Write the printable PDFs: participant handouts and workbook into site/handouts, the guide into private/."""
    from .build import project_lock
    from .handouts import make_handouts
    from .project import load_project

    project, warnings = load_project(Path(args.dir))
    _print_diagnostics(warnings)
    with project_lock(project.root):
        report = make_handouts(project, project.root / "site", workers=args.jobs)
    _print_handouts(report, project.root / "site")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: rebuild and reload the browser on every edit in content/ or templates/."""
    from mkdocs.commands.serve import serve

    from .errors import BuildError
    from .project import CONTENT_DIR, WORKSHOP_FILE, find_root

    root = find_root(Path(args.dir))
    for required, remedy in ((root / CONTENT_DIR / WORKSHOP_FILE, "run 'bimtek init' to start a project"),
                             (root / "mkdocs.yml", "run 'bimtek init' or add one")):
        if not required.is_file():
            raise BuildError(f"{required}: not found; {remedy}")
    # Content errors do not stop the preview: each build prints them (and the warnings), and the
    # browser shows them over the page until they are fixed.
    # Dirty rebuilds: only pages whose content changed are rebuilt (the bimtek plugin
    # rebuilds all when the navigation changes), so an edit shows in about a second
    # even in a catalogue of a thousand lessons. MkDocs' warning about them is for
    # hand-written sites: silence it.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    if args.handouts:
        from .mkdocs_plugin import SERVE_HANDOUTS_ENV

        os.environ[SERVE_HANDOUTS_ENV] = "1"
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True, build_type="dirty",
          open_in_browser=args.open)
    return EXIT_OK


def cmd_share(args: argparse.Namespace) -> int:
    """Serve the built site to the phones in the room (the venue's Wi-Fi or the laptop's hotspot) until Ctrl+C."""
    import webbrowser

    from .i18n import Translator
    from .build import built_site
    from .project import find_root, workshop_language_and_title
    from .share import PROJECTOR_PAGE, network_addresses, projector_page, serve_site, terminal_qr

    root = find_root(Path(args.dir))
    site = built_site(root)
    language, title = workshop_language_and_title(root)
    t = Translator(language)
    _warn_if_stale(root, site, t)
    pages: dict[str, bytes] = {}
    server = serve_site(site, args.port, pages)
    port = server.server_address[1]
    local = f"http://127.0.0.1:{port}/"
    urls = [f"http://{address}:{port}/" for address in network_addresses()]
    if urls:
        print(f"{t('share_open')}\n\n  {urls[0]}\n")
        print(terminal_qr(urls[0]))
        for other in urls[1:]:  # the laptop is on several networks: the others' addresses too
            print(f"  {other}")
    else:
        print(t("share_no_network"), file=sys.stderr)
        print(f"\n  {local}\n")
    shown = urls or [local]
    pages[PROJECTOR_PAGE] = projector_page(root, language, title, shown[0], shown[1:])
    projector = local + PROJECTOR_PAGE.lstrip("/")
    print(f"{t('share_projector_page')} {projector}")
    print(t("share_stop"), flush=True)
    if args.open:
        webbrowser.open(projector)
    signal.signal(signal.SIGTERM, _stop_serving)  # stopped by the system or a script: as by Ctrl+C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass  # the way to stop it
    finally:
        server.server_close()
    return EXIT_OK


def cmd_zip(args: argparse.Namespace) -> int:
    """Pack the built site into one zip file, to send as a WhatsApp document or copy to a flash drive."""
    from .build import built_site, project_lock
    from .i18n import Translator
    from .pack import default_archive, pack_site, start_page_html
    from .project import find_root, workshop_language_and_title

    root = find_root(Path(args.dir))
    language, title = workshop_language_and_title(root)
    t = Translator(language)
    archive = Path(args.out) if args.out else default_archive(root, title)
    start = start_page_html(root, language, title)
    with project_lock(root):  # not while a build replaces the site
        site = built_site(root)
        packed = pack_site(site, archive, language=language, start_page=start)
        _warn_if_stale(root, site, t)
    print(t("pack_written", path=packed.path, size=_megabytes(packed.size), files=packed.files))
    print(t("pack_fits") if packed.fits_whatsapp else t("pack_too_big"))
    print(t("pack_open_hint", page=packed.start_page, folder=packed.folder))
    return EXIT_OK


def _warn_if_stale(root: Path, site: Path, t) -> None:
    """Say so when the trainer changed files after the site was built (a zip or a share would leave the change out)."""
    from .build import changed_since_build
    from .errors import display_path

    changed = changed_since_build(root, site)
    if not changed:
        return
    files = ", ".join(display_path(path) for path in changed[:3])
    if len(changed) > 3:
        files = t("site_stale_more", files=files, count=len(changed) - 3)
    print(t("site_stale", files=files), file=sys.stderr)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _stop_serving(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new project that builds at once."""
    from .scaffold import init_project

    target = Path(args.dir)
    written = init_project(target, title=args.title, language=args.language)
    for path in written:
        print(f"created {path}")
    print(f"next: cd {target} && bimtek serve --open")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Add a stub lesson file."""
    from .project import find_root
    from .scaffold import new_lesson

    path = new_lesson(find_root(Path(args.dir)), args.id)
    print(f"created {path}; add it to the agenda in content/workshop.yml")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas into content/.schema/ (or print one with --print)."""
    from .project import find_root
    from .scaffold import json_schemas, write_schemas

    if args.print:
        print(json.dumps(json_schemas()[f"{args.print}.schema.json"], indent=2, ensure_ascii=False))
        return EXIT_OK
    for path in write_schemas(find_root(Path(args.dir))):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the generated pages as plain Markdown files (for another engine)."""
    from .project import load_project
    from .render import render_site, write_pages

    project, warnings = load_project(Path(args.dir))
    _print_diagnostics(warnings)
    out = Path(args.out)
    mine = [project.content_dir.resolve(), (project.root / "templates").resolve()]
    if out.resolve() == project.root.resolve() or any(out.resolve() == d or d in out.resolve().parents for d in mine):
        raise BimtekError(f"{out}: refusing to write generated pages into the project's own files (content/, templates/); choose another folder")
    written = write_pages(render_site(project), out)
    print(f"wrote {len(written)} file(s) into {out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``bimtek``."""
    parser = argparse.ArgumentParser(prog="bimtek", description="Workshop courseware from structured lesson files.")
    parser.add_argument("--version", action="version", version=f"bimtek {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(func=func)
        return command

    add("check", cmd_check, "validate content/ and report every problem").add_argument("dir", nargs="?", default=".")
    build = add("build", cmd_build, "check, render and build the site into DIR/site")
    build.add_argument("dir", nargs="?", default=".")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings as errors")
    build.add_argument("--no-handouts", action="store_true", help="skip the PDF handouts (faster)")
    handouts = add("handouts", cmd_handouts, "write the printable PDF handouts, workbook, agenda and facilitator guide")
    handouts.add_argument("dir", nargs="?", default=".")
    handouts.add_argument("-j", "--jobs", type=int, default=None, help="parallel renderers (default: all cores)")
    serve = add("serve", cmd_serve, "live preview with reload on every edit")
    serve.add_argument("dir", nargs="?", default=".")
    serve.add_argument("--handouts", action="store_true",
                       help="make the PDF handouts on every rebuild (default: link those of the last build)")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    serve.add_argument("-o", "--open", action="store_true", help="open the preview in the default web browser once it is served")
    share = add("share", cmd_share, "serve the built site to the phones in the room (venue Wi-Fi or hotspot), with its QR code")
    share.add_argument("dir", nargs="?", default=".")
    share.add_argument("-p", "--port", type=int, default=8000, help="port to serve on (default 8000, else the next free one)")
    share.add_argument("-o", "--open", action="store_true", help="open the page with the QR code for the projector in the default web browser")
    packing = add("zip", cmd_zip, "pack the built site into one zip file (a WhatsApp document, a flash drive)")
    packing.add_argument("dir", nargs="?", default=".")
    packing.add_argument("--out", help="the zip file to write (default: DIR/<workshop-title>.zip)")
    init = add("init", cmd_init, "create a new workshop project in DIR")
    init.add_argument("dir")
    init.add_argument("--title", help="the workshop's title (default: 'Bimtek Baru', in English 'New workshop')")
    init.add_argument("--language", choices=["id", "en"], default="id")
    new = add("new", cmd_new, "add a new stub file: bimtek new lesson ID [DIR]")
    new.add_argument("kind", choices=["lesson"])
    new.add_argument("id")
    new.add_argument("dir", nargs="?", default=".")
    schema = add("schema", cmd_schema, "write the JSON Schemas of workshop.yml and lesson files")
    schema.add_argument("dir", nargs="?", default=".")
    schema.add_argument("--print", choices=["workshop", "lesson"], help="print one schema instead of writing files")
    export = add("export", cmd_export, "write the generated Markdown pages to a folder")
    export.add_argument("dir", nargs="?", default=".")
    export.add_argument("--out", required=True, help="folder to write into")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # material's banner is noise for trainers
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BimtekError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:  # the file system refused (full disk, no permission): say so, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"bimtek: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """The ``bimtek`` command: :func:`main`, then exit without tearing the interpreter down.

    Freeing every object of a large build one by one took longer than the build
    itself had left to do (1.5 s after a warm build of 1,000 lessons); the process's
    memory goes back to the system at once anyway. The exit handlers still run (the
    cache's last entries, logging, worker pools), and the output is flushed.
    """
    code = main()
    if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread()):
        sys.exit(code)  # a thread still at work: let the interpreter wait for it, as usual
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
