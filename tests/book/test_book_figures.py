"""Every chapter figure, as built: numbered, captioned, described, referred to,
sharp, narrow enough for a phone, with its plotting code collapsed; and the
launch buttons open notebooks that match the chapters.

Static checks on the built HTML (no browser), so they take a second or two.
"""

import base64
import io
import re
import sys

import pytest
from book_site import ROOT, SITE, built_pages
from bs4 import BeautifulSoup
from PIL import Image

pytestmark = pytest.mark.slow

CHAPTER = re.compile(r"^book/\d\d-[\w-]+\.html$")
FIG_NUMBER = re.compile(r"^Fig\. (\d+)\.\d+")
FILE_NAME = re.compile(r"\.(png|svg|jpe?g|gif)\s*$|^[\w/.-]+$")
MIN_ALT = 40  # characters: a sentence, not a label
# Widest figure, in points: matplotlib's 6.4 in default plus the tight
# bounding box's slack. Wider figures shrink below legibility at 390 px.
MAX_WIDTH_PT = 540


def _chapters():
    pages = [p for p in built_pages() if CHAPTER.match(p)]
    assert len(pages) == 8, pages
    return pages


def _soup(path):
    return BeautifulSoup((SITE / path).read_text(encoding="utf-8"), "html.parser")


def _svg_width_pt(img, page):
    src = (SITE / page).parent / img["src"]
    head = src.read_text(encoding="utf-8")[:2000]
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', head)
    return float(width.group(1)) if width else None


def test_every_chapter_figure_is_numbered_captioned_and_described():
    problems, n_figures = [], 0
    for page in _chapters():
        soup = _soup(page)
        chapter = int(page.split("/")[1][:2])
        links = {a.get("href", "") for a in soup.select("a.reference.internal")}
        for img in soup.select("div.cell_output img"):
            alt = (img.get("alt") or "").strip()
            where = f"{page}: {img.get('src', '')[:60]}"
            if len(alt) < MIN_ALT or FILE_NAME.search(alt):
                problems.append(f"{where}: alt text {alt[:50]!r} does not describe it")
            if img.find_parent(class_="animation"):
                continue  # a player's frame: checked in the browser tests
            n_figures += 1
            figure = img.find_parent("figure")
            caption = figure and figure.find("figcaption")
            number = caption and caption.find(class_="caption-number")
            match = number and FIG_NUMBER.match(number.get_text(strip=True))
            if not match or int(match.group(1)) != chapter:
                problems.append(f"{where}: not a numbered figure of chapter {chapter}")
                continue
            text = caption.find(class_="caption-text").get_text(" ", strip=True)
            if len(text) < MIN_ALT:
                problems.append(f"{where}: caption {text!r} is too short")
            if f"#{figure['id']}" not in links:
                problems.append(f"{where}: the text never refers to {figure['id']}")
            cell = img.find_parent(class_="cell")
            if "tag_hide-input" not in cell.get("class", []):
                problems.append(f"{where}: plotting code not collapsed (hide-input)")
            if not img["src"].endswith(".svg"):
                problems.append(f"{where}: not SVG")
            elif (_svg_width_pt(img, page) or 0) > MAX_WIDTH_PT:
                problems.append(f"{where}: wider than {MAX_WIDTH_PT} pt; stack panels")
    assert n_figures >= 40, f"only {n_figures} chapter figures found"
    assert not problems, "\n".join(problems)


def test_animations_have_alt_text_and_a_labelled_slider():
    players = 0
    for page in _chapters():
        for player in _soup(page).select("div.cell_output .animation"):
            players += 1
            img = player.find("img")
            slider = player.find("input", attrs={"type": "range"})
            assert len((img.get("alt") or "").strip()) >= MIN_ALT, page
            assert slider.get("aria-label"), page
            # The frames have more pixels than the image shows (sharp).
            frame = re.search(
                r"data:image/(?:png|jpeg);base64,([^\"']+)", str(player.parent)
            )
            # matplotlib continues the base64 lines with a backslash
            data = base64.b64decode(re.sub(r"\\|\s", "", frame.group(1)))
            shown = int(re.search(r"width: (\d+)px", img["style"]).group(1))
            assert Image.open(io.BytesIO(data)).width >= 1.4 * shown, page
    assert players == 2


def test_launch_buttons_open_the_chapter_notebooks():
    # Binder and Colab open the repository's notebooks: with no repository in
    # _config.yml (the default) there are no such buttons at all.
    repository = _site_address().repository_url
    for page in _chapters():
        soup = _soup(page)
        launch = [
            a["href"]
            for a in soup.select("a[href]")
            if re.search(r"mybinder|colab\.research|/hub/", a["href"])
        ]
        stem = page.split("/")[1].removesuffix(".html")
        if not repository:
            assert not launch, (page, launch)
            assert not soup.select(".btn-source-repository-button"), page
            continue
        assert any("colab" in u for u in launch), page
        assert any("mybinder" in u for u in launch), page
        for url in launch:
            assert url.endswith(f"book/{stem}.ipynb"), url
        # No hub named in _config.yml, so no JupyterHub button.
        assert not any("/hub/" in u for u in launch), launch
        assert "hub.example" not in str(soup)


def _site_address():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        import site_address
    finally:
        sys.path.pop(0)
    return site_address.read_site_address(ROOT)


def test_chapter_notebooks_are_committed_and_up_to_date():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    try:
        from chapter_notebooks import chapter_notebook
        from site_address import package_version, wheel_url
    finally:
        sys.path.pop(0)
    package = wheel_url(_site_address(), package_version(ROOT))
    for md in sorted((ROOT / "book").glob("[0-9][0-9]-*.md")):
        notebook = md.with_suffix(".ipynb")
        assert notebook.is_file(), f"{notebook.name} is missing: run `make book`"
        assert notebook.read_text(encoding="utf-8") == chapter_notebook(md, package), (
            f"{notebook.name} is older than {md.name}: run `make book` and commit it"
        )


def test_each_code_cell_prints_into_one_output_box():
    """A printed table reaches the reader whole: output that a cell prints in
    several bursts (a slow loop flushes part of it early) is merged into one
    box, never cut into consecutive boxes."""
    split = []
    for page in _chapters():
        for output in _soup(page).select("div.cell_output"):
            boxes = output.find_all(recursive=False)
            streams = ["stream" in box.get("class", []) for box in boxes]
            for k in range(1, len(boxes)):
                if streams[k - 1] and streams[k]:
                    first = boxes[k - 1]
                    split.append(f"{page}: ... {first.get_text()[-40:]!r}")
    assert not split, f"{len(split)} printed outputs cut in pieces:\n" + "\n".join(
        split
    )
