"""Images pasted or dropped into a post: copied beside it under a name that is still free, and
read the way they are meant to be seen."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from editor.core.document.slugs import slugify
from editor.core.errors import PostdeskError


def _reserve(folder: Path, stem: str, suffix: str) -> Path:
    # Opening with "x" claims the name atomically: an existing file is never written over.
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 10_000):
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        candidate = folder / name
        try:
            with candidate.open("xb"):
                return candidate
        except FileExistsError:
            continue
    raise PostdeskError("no free file name for the image", folder / f"{stem}{suffix}")


def copy_image(source: Path, folder: Path) -> str:
    """Copy `source` into `folder` (a new name when taken); return the name to link to."""
    if source.resolve().parent == folder.resolve():
        return source.name
    target = _reserve(folder, slugify(source.stem), source.suffix.lower())
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise PostdeskError(f"cannot copy the image: {exc.strerror or exc}", source) from exc
    return target.name


def save_pasted_image(image: QImage, folder: Path) -> str:
    """Save clipboard image data into `folder` as a new PNG; return its name."""
    target = _reserve(folder, "pasted-image", ".png")
    if not image.save(str(target), "PNG"):  # type: ignore[call-overload]
        target.unlink(missing_ok=True)
        raise PostdeskError("cannot save the pasted image", target)
    return target.name


def read_image(
    path: Path,
    fit: QSize | None = None,
    mode: Qt.AspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio,
) -> QImage:
    """The image at ``path`` as it is meant to be seen, its EXIF orientation applied (a phone
    photo stands upright), scaled to ``fit`` (by ``mode``) when given; null when unreadable."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if fit is not None:
        size = _seen_size(reader)
        if size.isValid():
            # The reader scales the stored pixels, then turns them.
            scaled = size.scaled(fit, mode)
            reader.setScaledSize(scaled.transposed() if _turned(reader) else scaled)
    return reader.read()


def image_size(path: Path) -> QSize:
    """The size of the image at ``path`` as it is meant to be seen (invalid when unreadable)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return _seen_size(reader)


def _seen_size(reader: QImageReader) -> QSize:
    size = reader.size()
    return size.transposed() if size.isValid() and _turned(reader) else size


def _turned(reader: QImageReader) -> bool:
    return bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
