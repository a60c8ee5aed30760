"""Keep the built pages free of links to content delivery networks.

Jupyter Book always loads sphinx-thebe, which writes the address of its
JavaScript on a CDN into every page even when live code (thebe) is switched
off. The course does not use thebe (the launch buttons cover running code), so
this extension drops those scripts from each page, and the site loads nothing
from outside itself.
"""


def _is_thebe(script):
    filename = getattr(script, "filename", None) or ""
    body = getattr(script, "attributes", {}).get("body", "") or ""
    return "thebe" in filename or "THEBE_JS_URL" in body or "thebe_selector" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [
            s for s in context["script_files"] if not _is_thebe(s)
        ]


def setup(app):
    # After sphinx-thebe and the theme have filled in the page's scripts.
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
