"""One level palette: the stylesheet's --l1…--l3 are registry.levels' colours, level 1 darkest."""

import re
from pathlib import Path

from registry.levels import LEVEL_COLOURS

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_stylesheet_carries_the_same_palette():
    css = CSS.read_text(encoding="utf-8")
    found = {int(n): value for n, value in re.findall(r"--l([123]):\s*(#[0-9a-fA-F]{6})", css)}
    assert found == LEVEL_COLOURS
    assert len(re.findall(r"--l1:", css)) == 1  # defined once


def test_level_one_is_the_strongest_colour():
    assert luminance(LEVEL_COLOURS[1]) < luminance(LEVEL_COLOURS[2]) < luminance(LEVEL_COLOURS[3])
