"""Draw the installable app's icons (static/img/icons/) from the portal's logo, with Debian's Chromium.

    .venv/bin/python scripts/app_icons.py

"any" icons are the logo as it is (rounded, transparent corners); "maskable" ones and the Apple touch icon
fill the square with the logo's blue and keep the book inside the central safe zone that launchers may crop to.
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img" / "icons"
BOOK = (
    '<path d="M6 9c3-1.5 6.5-1.5 10 .5 3.5-2 7-2 10-.5v15c-3-1.5-6.5-1.5-10 .5-3.5-2-7-2-10-.5z" fill="#fff"/>'
    '<path d="M16 9.5v15" stroke="#0d6efd" stroke-width="1.5"/>'
)
ANY = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="6" fill="#0d6efd"/>{BOOK}</svg>'
)
# The book scaled to 70 % around the centre: inside the maskable safe zone (a circle of 80 % of the width).
FULL = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0d6efd"/>'
    f'<g transform="translate(16 16.5) scale(.7) translate(-16 -16.5)">{BOOK}</g></svg>'
)
ICONS = [
    ("icon-192.png", ANY, 192),
    ("icon-512.png", ANY, 512),
    ("maskable-192.png", FULL, 192),
    ("maskable-512.png", FULL, 512),
    ("apple-touch-icon.png", FULL, 180),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        page = browser.new_page()
        for name, svg, size in ICONS:
            page.set_viewport_size({"width": size, "height": size})
            sized = svg.replace("<svg ", f"<svg width={size} height={size} ")
            page.set_content(f'<html><body style="margin:0">{sized}</body></html>')
            page.locator("svg").screenshot(path=str(OUT / name), omit_background=True)
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
