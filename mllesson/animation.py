"""Animations as accessible HTML players, for the book's notebooks and pages.

Like :mod:`mllesson.plotting`, this module imports matplotlib, so
``import mllesson`` does not load it; :func:`animation_html` is also
available as ``mllesson.plotting.animation_html``.
"""

import matplotlib.pyplot as plt

from ._validation import check_positive_int


def animation_html(anim, alt, dpi=144, frame_format="png"):
    """An animation as an accessible HTML player, for a notebook or web page.

    Matplotlib's JavaScript player (``Animation.to_jshtml``) shows frames in an
    image without alternative text, under a slider without a label, so a screen
    reader announces neither. This adds both, draws the frames as PNG at
    ``dpi`` (144, twice a screen's 72, stays sharp on high-density screens),
    and lets the image shrink to the width of a phone.

    Parameters
    ----------
    anim : matplotlib.animation.Animation
    alt : str
        What the animation shows, for readers who cannot see it.
    dpi : int, default=144
    frame_format : {"png", "jpeg"}, default="png"
        PNG keeps lines and text crisp; JPEG makes the frames of shaded plots
        (contour maps) several times smaller, for a lighter page.

    Returns
    -------
    html : str
        Display it with ``IPython.display.HTML(html)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.animation import FuncAnimation
    >>> from mllesson.plotting import animation_html
    >>> fig, ax = plt.subplots()
    >>> anim = FuncAnimation(fig, lambda k: [], frames=2)
    >>> html = animation_html(anim, "An empty plot, twice.", dpi=20)
    >>> 'alt="An empty plot, twice."' in html, 'aria-label="Frame of' in html
    (True, True)
    >>> plt.close(fig)
    """
    from html import escape

    from matplotlib.animation import Animation

    if not isinstance(anim, Animation):
        raise TypeError(f"anim must be a matplotlib Animation, got {anim!r}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty description, got {alt!r}")
    dpi = check_positive_int(dpi, "dpi")
    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format must be 'png' or 'jpeg', got {frame_format!r}")
    with plt.rc_context({"animation.frame_format": frame_format, "savefig.dpi": dpi}):
        html = anim.to_jshtml(default_mode="once")
    image = '<img id="_anim_img'
    slider = '<input id="_anim_slider'
    if html.count(image) != 1 or html.count(slider) != 1:
        raise RuntimeError("matplotlib's animation player has changed its markup")
    # Shown at the figure's size in CSS pixels (96 per inch), so frames drawn
    # at 144 dpi have 1.5 pixels per CSS pixel; never wider than the screen.
    width = round(anim._fig.get_figwidth() * 96)
    html = html.replace(
        image,
        f'<img alt="{escape(alt, quote=True)}" '
        f'style="width: {width}px; max-width: 100%; height: auto" id="_anim_img',
    )
    return html.replace(
        slider, '<input aria-label="Frame of the animation" id="_anim_slider'
    )


__all__ = ["animation_html"]
