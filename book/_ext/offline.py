"""Keep the built pages free of links to content delivery networks.

Jupyter Book always loads sphinx-thebe, which writes the address of its
JavaScript on a CDN into every page even when live code (thebe) is switched
off. The course does not use thebe (the launch buttons cover running code), so
this extension drops those scripts from each page.

Matplotlib's JavaScript animation player (``Animation.to_jshtml``) links Font
Awesome 4 from a CDN for its button icons. The theme already ships Font
Awesome, which draws the same ``fa fa-play`` icons, so the link is removed.
With both gone the site loads nothing from outside itself.
"""

import re

_CDN_FONT_AWESOME = re.compile(
    r"<link[^>]*href=[\"']https?://[^\"']*font-awesome[^\"']*[\"'][^>]*>\s*"
)


def _is_thebe(script):
    filename = getattr(script, "filename", None) or ""
    body = getattr(script, "attributes", {}).get("body", "") or ""
    return "thebe" in filename or "THEBE_JS_URL" in body or "thebe_selector" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [
            s for s in context["script_files"] if not _is_thebe(s)
        ]


def _drop_cdn_font_awesome(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = _CDN_FONT_AWESOME.sub("", context["body"])


def setup(app):
    # After sphinx-thebe and the theme have filled in the page's scripts.
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _drop_cdn_font_awesome, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
