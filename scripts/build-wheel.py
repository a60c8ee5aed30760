"""Build the course package's wheel into the website: ``_build/html/wheels/``.

Students install the package from the site (``pip install "mllesson[lab] @
<site>/wheels/mllesson-<version>-py3-none-any.whl"``), and the install cell of
every notebook does the same on Colab. The wheel carries the site's address
(``html.baseurl`` of ``_config.yml``) in ``mllesson/_site.py``, so that the
self-checks can link to the book; the repository's own ``_site.py`` keeps an
empty address. The package is copied to a temporary folder for the build, so
that the working tree is never changed.

Usage: python scripts/build-wheel.py [OUT]  (default: _build/html/wheels)
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from site_address import (  # noqa: E402
    WHEELS,
    package_version,
    read_site_address,
    wheel_name,
)

SITE_MODULE = (
    '"""Where the course\'s website is published: make book writes it into the '
    'wheel."""\n\nSITE_URL = {url}\n'
)


def build_wheel(out):
    """Write the wheel into ``out``; return its path."""
    out = Path(out)
    address = read_site_address(ROOT)
    name = wheel_name(package_version(ROOT))
    with tempfile.TemporaryDirectory(prefix="mllesson-wheel-") as tmp:
        src = Path(tmp, "src")
        src.mkdir()
        for file in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / file, src / file)
        shutil.copytree(
            ROOT / "mllesson",
            src / "mllesson",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        (src / "mllesson" / "_site.py").write_text(
            SITE_MODULE.format(url=json.dumps(address.site_url)), encoding="utf-8"
        )
        built = Path(tmp, "dist")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--disable-pip-version-check",
                "--wheel-dir",
                str(built),
                str(src),
            ],
            check=True,
        )
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("mllesson-*.whl"):
            old.unlink()
        shutil.copy2(built / name, out / name)
    return out / name


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html" / WHEELS
    print(f">> {build_wheel(target)}")
