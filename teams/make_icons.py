"""Draw the Teams app icons: teams/color.png (192x192) and teams/outline.png (32x32).

The motif is a rounded speech bubble with a rising chart line in it. The colour
icon is a white bubble with the chart in the accent colour, on the accent colour;
the outline icon is the same bubble as a white line drawing on a fully
transparent background (Teams accepts only white and transparency there).

Run it from the repository root when the design changes (it needs Pillow):

    .venv/bin/python teams/make_icons.py

Keep ACCENT equal to "accentColor" in teams/manifest.json.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
ACCENT = "#2563EB"
SUPERSAMPLE = 8  # draw large, then scale down for smooth edges

# The motif in unit coordinates (0..1 across its box).
BUBBLE = (0.06, 0.10, 0.94, 0.72)  # left, top, right, bottom
BUBBLE_RADIUS = 0.18
TAIL = [(0.22, 0.66), (0.46, 0.66), (0.18, 0.92)]
CHART = [(0.22, 0.56), (0.40, 0.41), (0.53, 0.50), (0.72, 0.30)]
ARROW = [(0.80, 0.22), (0.79, 0.40), (0.62, 0.23)]  # head at the chart's end


def _scaled(points, box):
    left, top, size = box
    return [(left + x * size, top + y * size) for x, y in points]


def bubble_mask(canvas: int, box) -> Image.Image:
    """A filled speech bubble (rounded rectangle plus tail) as an L-mode mask."""
    mask = Image.new("L", (canvas, canvas), 0)
    draw = ImageDraw.Draw(mask)
    (x0, y0), (x1, y1) = _scaled([BUBBLE[:2], BUBBLE[2:]], box)
    draw.rounded_rectangle((x0, y0, x1, y1), radius=BUBBLE_RADIUS * box[2], fill=255)
    draw.polygon(_scaled(TAIL, box), fill=255)
    return mask


def chart_mask(canvas: int, box, width: float) -> Image.Image:
    """The rising chart line with its arrow head as an L-mode mask."""
    mask = Image.new("L", (canvas, canvas), 0)
    draw = ImageDraw.Draw(mask)
    points = _scaled(CHART, box)
    draw.line(points, fill=255, width=round(width), joint="curve")
    radius = width / 2
    x, y = points[0]
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    draw.polygon(_scaled(ARROW, box), fill=255)
    return mask


def _shrink(mask: Image.Image, size: int) -> Image.Image:
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def make_color(size: int = 192) -> Image.Image:
    """Full colour icon: white bubble with an accent chart, on the accent colour."""
    canvas = size * SUPERSAMPLE
    margin = canvas * 0.2
    box = (margin, margin, canvas - 2 * margin)
    bubble = _shrink(bubble_mask(canvas, box), size)
    chart = _shrink(chart_mask(canvas, box, width=box[2] * 0.085), size)
    image = Image.new("RGB", (size, size), ACCENT)
    image.paste((255, 255, 255), mask=bubble)
    image.paste(ACCENT, mask=chart)
    return image


def make_outline(size: int = 32) -> Image.Image:
    """Outline icon: the bubble's border and the chart in white, the rest transparent."""
    canvas = size * SUPERSAMPLE
    margin = canvas * 0.03
    box = (margin, margin, canvas - 2 * margin)
    stroke = 2 * SUPERSAMPLE  # 2 px at the final size
    filled = bubble_mask(canvas, box)
    inner = filled.filter(ImageFilter.MinFilter(2 * stroke + 1))
    border = ImageChops.subtract(filled, inner)
    chart = chart_mask(canvas, box, width=stroke)
    alpha = _shrink(ImageChops.lighter(border, chart), size)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    image.putalpha(alpha)  # every pixel stays pure white; only the alpha varies
    return image


def main() -> None:
    make_color().save(HERE / "color.png", optimize=True)
    make_outline().save(HERE / "outline.png", optimize=True)
    print(f"wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
