"""Draw the sample library's cover images, inline diagrams and author pictures.

Every picture in ``sample_posts/`` comes from this script: abstract generative art drawn with
QPainter on Qt's offscreen platform, seeded per post so that a rerun writes the same images.

    python benchmarks/draw_covers.py [LIBRARY]      # default: sample_posts/ beside benchmarks/
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Set before PySide6 is imported: the script must run without a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

COVER_WIDTH = 1600
COVER_HEIGHT = 840
JPEG_QUALITY = 80
DIAGRAM_FONT = "DejaVu Sans"

Palette = tuple[str, ...]
Painter = Callable[[QPainter, random.Random, Palette], None]


@dataclass(frozen=True)
class Cover:
    """One post's cover: which bundle it belongs to, how it is drawn and with which colours."""

    slug: str
    draw: Painter
    palette: Palette
    seed: int


def _color(hex_code: str, alpha: int = 255) -> QColor:
    """A QColor from ``#rrggbb`` with an alpha channel."""
    color = QColor(hex_code)
    color.setAlpha(alpha)
    return color


def _background(painter: QPainter, top: str, bottom: str) -> None:
    """Fill the cover with a diagonal gradient, the base layer of every cover."""
    gradient = QLinearGradient(0, 0, COVER_WIDTH, COVER_HEIGHT)
    gradient.setColorAt(0.0, QColor(top))
    gradient.setColorAt(1.0, QColor(bottom))
    painter.fillRect(0, 0, COVER_WIDTH, COVER_HEIGHT, gradient)


def draw_seed_rings(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Concentric rings around a few centres: runs that start from the same seed."""
    _background(painter, palette[0], palette[1])
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for _ in range(5):
        centre = QPointF(rng.uniform(150, 1450), rng.uniform(120, 720))
        color = palette[rng.randrange(2, len(palette))]
        for ring in range(rng.randint(6, 12)):
            radius = 30 + ring * rng.uniform(22, 34)
            painter.setPen(QPen(_color(color, max(30, 200 - ring * 15)), 4))
            painter.drawEllipse(centre, radius, radius)


def draw_branches(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Lanes of commits that fork and merge, like a `git log --graph` seen from afar."""
    _background(painter, palette[0], palette[1])
    lanes = 7
    lane_y = [120 + i * (600 / (lanes - 1)) for i in range(lanes)]
    for lane, y in enumerate(lane_y):
        color = _color(palette[2 + lane % (len(palette) - 2)], 220)
        start = rng.uniform(60, 500)
        end = rng.uniform(1100, 1560)
        pen = QPen(color, 6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(start, y), QPointF(end, y))
        if lane > 0:
            # A fork from the lane above before the first commit, a merge back after the last.
            upper = lane_y[lane - 1]
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for a, b in (
                (QPointF(start - 90, upper), QPointF(start, y)),
                (QPointF(end, y), QPointF(end + 90, upper)),
            ):
                path = QPainterPath(a)
                middle = (a.x() + b.x()) / 2
                path.cubicTo(QPointF(middle, a.y()), QPointF(middle, b.y()), b)
                painter.drawPath(path)
        painter.setBrush(QBrush(QColor(palette[0])))
        x = start
        while x < end:
            painter.drawEllipse(QPointF(x, y), 11, 11)
            x += rng.uniform(70, 160)


def draw_heatmap(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """A grid of cells shaded by a smooth field: a feature table seen as a heatmap."""
    _background(painter, palette[0], palette[0])
    cell = 50
    gap = 6
    phase_x, phase_y = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    low, high = QColor(palette[1]), QColor(palette[2])
    painter.setPen(Qt.PenStyle.NoPen)
    for row in range(COVER_HEIGHT // cell):
        for col in range(COVER_WIDTH // cell):
            value = (
                0.5 + 0.25 * math.sin(col / 4.0 + phase_x) + 0.25 * math.cos(row / 3.0 + phase_y)
            )
            value = min(1.0, max(0.0, value + rng.uniform(-0.08, 0.08)))
            painter.setBrush(
                QColor(
                    round(low.red() + (high.red() - low.red()) * value),
                    round(low.green() + (high.green() - low.green()) * value),
                    round(low.blue() + (high.blue() - low.blue()) * value),
                )
            )
            painter.drawRoundedRect(
                QRectF(col * cell + gap / 2, row * cell + gap / 2, cell - gap, cell - gap), 6, 6
            )
    painter.setBrush(QColor(palette[3]))
    for _ in range(9):
        painter.drawRoundedRect(
            QRectF(
                rng.randrange(COVER_WIDTH // cell) * cell + gap / 2,
                rng.randrange(COVER_HEIGHT // cell) * cell + gap / 2,
                cell - gap,
                cell - gap,
            ),
            6,
            6,
        )


def draw_waves(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Layered waves filling the frame: traffic shifting from one version to the next."""
    _background(painter, palette[0], palette[1])
    painter.setPen(Qt.PenStyle.NoPen)
    layers = 6
    for layer in range(layers):
        base = 260 + layer * 95
        amplitude = rng.uniform(30, 80)
        wavelength = rng.uniform(380, 700)
        phase = rng.uniform(0, math.tau)
        path = QPainterPath(QPointF(0, COVER_HEIGHT))
        for x in range(0, COVER_WIDTH + 20, 20):
            path.lineTo(x, base + amplitude * math.sin(x / wavelength * math.tau + phase))
        path.lineTo(COVER_WIDTH, COVER_HEIGHT)
        path.closeSubpath()
        painter.setBrush(_color(palette[2 + layer % (len(palette) - 2)], 150 + layer * 15))
        painter.drawPath(path)
    sun = QRadialGradient(QPointF(1270, 190), 150)
    sun.setColorAt(0.0, _color(palette[-1], 255))
    sun.setColorAt(1.0, _color(palette[-1], 0))
    painter.setBrush(sun)
    painter.drawEllipse(QPointF(1270, 190), 150, 150)


def draw_clusters(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Points scattered around a few centres, with a held-out handful drawn as rings."""
    _background(painter, palette[0], palette[1])
    painter.setPen(Qt.PenStyle.NoPen)
    centres = [(rng.uniform(250, 1350), rng.uniform(180, 660)) for _ in range(4)]
    for index, (cx, cy) in enumerate(centres):
        halo = QRadialGradient(QPointF(cx, cy), 260)
        halo.setColorAt(0.0, _color(palette[2 + index % (len(palette) - 2)], 90))
        halo.setColorAt(1.0, _color(palette[2 + index % (len(palette) - 2)], 0))
        painter.setBrush(halo)
        painter.drawEllipse(QPointF(cx, cy), 260, 260)
    for index, (cx, cy) in enumerate(centres):
        painter.setBrush(_color(palette[2 + index % (len(palette) - 2)], 230))
        for _ in range(70):
            painter.drawEllipse(QPointF(rng.gauss(cx, 90), rng.gauss(cy, 70)), 7, 7)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_color("#ffffff", 220), 3))
    for _ in range(14):
        cx, cy = centres[rng.randrange(len(centres))]
        painter.drawEllipse(QPointF(rng.gauss(cx, 110), rng.gauss(cy, 90)), 12, 12)


def draw_bands(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Stacked bands of blocks, each band a snapshot of the data a little longer than the last."""
    _background(painter, palette[0], palette[1])
    painter.setPen(Qt.PenStyle.NoPen)
    rows = 10
    height = COVER_HEIGHT / rows
    length = 380.0
    for row in range(rows):
        x = 80.0
        length = min(COVER_WIDTH - 160, length + rng.uniform(40, 140))
        while x < 80 + length:
            width = rng.uniform(40, 180)
            width = min(width, 80 + length - x)
            color = palette[2 + rng.randrange(len(palette) - 2)]
            painter.setBrush(_color(color, 235))
            painter.drawRoundedRect(QRectF(x, row * height + 14, width - 8, height - 28), 8, 8)
            x += width


def draw_contours(painter: QPainter, rng: random.Random, palette: Palette) -> None:
    """Contour-like lines of a drifting noisy signal, stacked top to bottom."""
    _background(painter, palette[0], palette[1])
    painter.setBrush(Qt.BrushStyle.NoBrush)
    lines = 22
    drift = rng.uniform(0.6, 1.2)
    for line in range(lines):
        y0 = 70 + line * (700 / lines)
        color = palette[2 + line % (len(palette) - 2)]
        painter.setPen(QPen(_color(color, 200), 3))
        path = QPainterPath(QPointF(0, y0))
        value = 0.0
        for x in range(0, COVER_WIDTH + 16, 16):
            value = 0.85 * value + rng.gauss(0, 6)
            shift = drift * 90 * (x / COVER_WIDTH) ** 2 * math.sin(line / 3.0)
            path.lineTo(x, y0 + value + shift)
        painter.drawPath(path)


COVERS = (
    Cover(
        "reproducible-training-runs",
        draw_seed_rings,
        ("#10223d", "#2d5f8b", "#f4d35e", "#ee964b", "#f95738", "#a8dadc"),
        seed=11,
    ),
    Cover(
        "git-bisect-for-model-regressions",
        draw_branches,
        ("#1b1b2f", "#3a3a63", "#e43f5a", "#f2a365", "#7ad9c9", "#c3aed6"),
        seed=23,
    ),
    Cover(
        "point-in-time-joins",
        draw_heatmap,
        ("#0d1b1e", "#12355b", "#5fd3bc", "#ffcb47"),
        seed=37,
    ),
    Cover(
        "shipping-a-model-in-three-steps",
        draw_waves,
        ("#fdf0d5", "#f7c59f", "#2a9d8f", "#264653", "#e76f51", "#e9c46a", "#ffffff"),
        seed=41,
    ),
    Cover(
        "keeping-a-holdout-honest",
        draw_clusters,
        ("#22092c", "#4a1942", "#f39189", "#6fc3df", "#f6e58d", "#badc58"),
        seed=53,
    ),
    Cover(
        "versioning-data-next-to-code",
        draw_bands,
        ("#eef2f3", "#c9d6df", "#52616b", "#1e2022", "#f08a5d", "#3fc1c9"),
        seed=67,
    ),
    Cover(
        "drift-monitoring-without-dashboards",
        draw_contours,
        ("#0b132b", "#1c2541", "#5bc0be", "#6fffe9", "#3a506b", "#f2e8cf"),
        seed=79,
    ),
)


def _new_image(width: int, height: int, fill: str) -> QImage:
    """An opaque RGB image filled with one colour."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(fill))
    return image


def _begin(image: QImage) -> QPainter:
    """An antialiased painter on ``image``."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return painter


def _save(image: QImage, path: Path, quality: int = -1) -> None:
    """Write ``image`` to ``path`` in the format its suffix names; fail loudly if Qt cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), None, quality):
        raise OSError(f"{path}: Qt could not write the image")


def draw_cover(cover: Cover, library: Path) -> Path:
    """Draw one post's ``cover.jpg`` into its bundle and return its path."""
    image = _new_image(COVER_WIDTH, COVER_HEIGHT, cover.palette[0])
    painter = _begin(image)
    cover.draw(painter, random.Random(cover.seed), cover.palette)
    painter.end()
    path = library / cover.slug / "cover.jpg"
    _save(image, path, JPEG_QUALITY)
    return path


def _box(painter: QPainter, rect: QRectF, fill: str, label: str, sub: str = "") -> None:
    """A rounded, labelled box for the diagrams."""
    painter.setPen(QPen(QColor("#24313f"), 2))
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(rect, 12, 12)
    painter.setPen(QColor("#14202b"))
    painter.setFont(QFont(DIAGRAM_FONT, 15, QFont.Weight.Bold))
    top = QRectF(rect.x(), rect.y() + 10, rect.width(), rect.height() / 2)
    painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, label)
    if sub:
        painter.setFont(QFont(DIAGRAM_FONT, 11))
        bottom = QRectF(rect.x(), rect.center().y(), rect.width(), rect.height() / 2 - 10)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, sub)


def _arrow(painter: QPainter, start: QPointF, end: QPointF, color: str = "#24313f") -> None:
    """A straight arrow from ``start`` to ``end``."""
    painter.setPen(QPen(QColor(color), 3))
    painter.drawLine(start, end)
    angle = math.atan2(end.y() - start.y(), end.x() - start.x())
    head = QPolygonF(
        [
            end,
            QPointF(end.x() - 14 * math.cos(angle - 0.4), end.y() - 14 * math.sin(angle - 0.4)),
            QPointF(end.x() - 14 * math.cos(angle + 0.4), end.y() - 14 * math.sin(angle + 0.4)),
        ]
    )
    painter.setBrush(QColor(color))
    painter.drawPolygon(head)


def draw_rollout_diagram(library: Path) -> Path:
    """The shadow → canary → flag diagram for the shipping post."""
    image = _new_image(960, 300, "#fbfaf7")
    painter = _begin(image)
    stages = (
        ("Shadow", "0% of answers", "#cfe8e4"),
        ("Canary", "1% → 5% → 25%", "#f9e2b0"),
        ("Flag", "per customer", "#f6c9b9"),
    )
    for index, (label, sub, fill) in enumerate(stages):
        rect = QRectF(40 + index * 310, 80, 250, 120)
        _box(painter, rect, fill, label, sub)
        if index:
            _arrow(painter, QPointF(rect.x() - 56, 140), QPointF(rect.x() - 6, 140))
    painter.setPen(QPen(QColor("#9a3b2e"), 2, Qt.PenStyle.DashLine))
    path = QPainterPath(QPointF(785, 205))
    path.cubicTo(QPointF(760, 255), QPointF(240, 255), QPointF(165, 205))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setPen(QColor("#9a3b2e"))
    painter.setFont(QFont(DIAGRAM_FONT, 11))
    painter.drawText(
        QRectF(0, 258, 960, 30), Qt.AlignmentFlag.AlignHCenter, "rollback: one flag flip"
    )
    painter.setPen(QColor("#14202b"))
    painter.setFont(QFont(DIAGRAM_FONT, 13))
    painter.drawText(
        QRectF(0, 24, 960, 30), Qt.AlignmentFlag.AlignHCenter, "each stage has an exit criterion"
    )
    painter.end()
    path_out = library / "shipping-a-model-in-three-steps" / "rollout.png"
    _save(image, path_out)
    return path_out


def draw_point_in_time_diagram(library: Path) -> Path:
    """A timeline showing which feature row a label event may see."""
    image = _new_image(960, 280, "#fbfaf7")
    painter = _begin(image)
    left, right, axis_y = 60.0, 900.0, 190.0
    _arrow(painter, QPointF(left, axis_y), QPointF(right + 20, axis_y))
    painter.setFont(QFont(DIAGRAM_FONT, 11))
    painter.drawText(QRectF(right - 80, axis_y + 12, 120, 24), Qt.AlignmentFlag.AlignRight, "time")
    updates = (140.0, 330.0, 520.0, 730.0)
    label_x = 600.0
    for index, x in enumerate(updates):
        visible = x <= label_x and all(other > label_x or other <= x for other in updates)
        fill = "#5fb49c" if visible else ("#c9d3dc" if x < label_x else "#e8a598")
        painter.setPen(QPen(QColor("#24313f"), 2))
        painter.setBrush(QColor(fill))
        painter.drawEllipse(QPointF(x, axis_y), 12, 12)
        painter.setPen(QColor("#14202b"))
        painter.drawText(
            QRectF(x - 70, axis_y + 20, 140, 24),
            Qt.AlignmentFlag.AlignHCenter,
            f"features v{index + 1}",
        )
    painter.setPen(QPen(QColor("#12355b"), 3, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(label_x, 60), QPointF(label_x, axis_y - 16))
    painter.setPen(QColor("#12355b"))
    painter.setFont(QFont(DIAGRAM_FONT, 13, QFont.Weight.Bold))
    painter.drawText(
        QRectF(label_x - 120, 28, 240, 28), Qt.AlignmentFlag.AlignHCenter, "label event"
    )
    _arrow(painter, QPointF(label_x - 8, 110), QPointF(updates[2] + 14, 110), "#5fb49c")
    painter.setPen(QColor("#2f6f5e"))
    painter.setFont(QFont(DIAGRAM_FONT, 11))
    painter.drawText(
        QRectF(updates[1] - 20, 78, 330, 24),
        Qt.AlignmentFlag.AlignHCenter,
        "latest row at or before",
    )
    painter.setPen(QColor("#9a3b2e"))
    painter.drawText(
        QRectF(updates[3] - 90, 130, 180, 24), Qt.AlignmentFlag.AlignHCenter, "future: never joined"
    )
    painter.end()
    path_out = library / "point-in-time-joins" / "timeline.png"
    _save(image, path_out)
    return path_out


def draw_avatar(path: Path, seed: int, palette: Palette) -> Path:
    """A round, symmetric block-pattern avatar (an identicon) written as a PNG."""
    size = 256
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = _begin(image)
    rng = random.Random(seed)
    clip = QPainterPath()
    clip.addEllipse(QRectF(0, 0, size, size))
    painter.setClipPath(clip)
    painter.fillRect(0, 0, size, size, QColor(palette[0]))
    cells, margin = 5, 28
    step = (size - 2 * margin) / cells
    painter.setPen(Qt.PenStyle.NoPen)
    for row in range(cells):
        for col in range((cells + 1) // 2):
            if rng.random() < 0.55:
                painter.setBrush(QColor(palette[1 + (row + col) % (len(palette) - 1)]))
                for mirrored in {col, cells - 1 - col}:
                    painter.drawRect(
                        QRectF(
                            margin + mirrored * step, margin + row * step, step + 0.5, step + 0.5
                        )
                    )
    painter.end()
    _save(image, path)
    return path


def draw_all(library: Path) -> list[Path]:
    """Draw every picture the sample library uses and return their paths."""
    written = [draw_cover(cover, library) for cover in COVERS]
    written.append(draw_point_in_time_diagram(library))
    written.append(draw_rollout_diagram(library))
    written.append(draw_avatar(library / "author.png", 7, ("#e8eef2", "#2d5f8b", "#ee964b")))
    written.append(
        draw_avatar(
            library / "keeping-a-holdout-honest" / "guest-author.png",
            19,
            ("#f6efe9", "#4a1942", "#6fc3df"),
        )
    )
    return written


def main(argv: list[str] | None = None) -> int:
    """Draw the pictures into the library named on the command line (default: sample_posts/)."""
    args = sys.argv[1:] if argv is None else argv
    library = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "sample_posts"
    # Keep a reference: QPainter needs a live application for fonts.
    app = QGuiApplication.instance() or QGuiApplication([])
    for path in draw_all(library):
        print(f"{path.stat().st_size:>8}  {path}")
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
