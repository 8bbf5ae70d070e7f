"""bimtek: structured workshop lessons to a MkDocs Material site and printable handouts.

The data flow, one module per step: yamlfile (read YAML with positions) ->
model (validated pydantic models) -> project (whole-project checks, agenda) ->
render (Jinja -> pages) -> mkdocs_plugin / build (MkDocs, the last step).
"""

__version__ = "0.1.0"
