"""Where a blog's image references point, as the blog's own engine resolves them.

A site-root path (``/assets/x.png``) is looked up in the blog's static roots (Next.js's
``public/``, Hugo's ``static/`` then ``assets/``, Jekyll's site root); Jekyll's
``{{ site.baseurl }}`` and ``{{ "/x" | relative_url }}`` prefixes name the same file; any other
path is relative to the post's folder (a Hugo bundle's page resources are beside it).
"""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.blog.recognise import Blog
from editor.core.document.paths import image_path, is_url, resolve_inside
from editor.core.errors import UnsafePathError

# ``{{ site.baseurl }}``, and ``{{ site.url }}{{ site.baseurl }}`` before it.
_BASEURL = re.compile(r"(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})+")
_RELATIVE_URL = re.compile(
    r"""\{\{-?\s*(?P<quote>["'])(?P<path>[^"'\n]*)(?P=quote)\s*\|\s*(?:relative|absolute)_url\s*-?\}\}"""
)


def site_reference(reference: str) -> str:
    """``reference`` without the Liquid that only prefixes the site's address: both
    ``{{ site.baseurl }}/img/x.png`` and ``{{ "/img/x.png" | relative_url }}`` are
    ``/img/x.png``."""
    reference = reference.strip()
    wrapped = _RELATIVE_URL.match(reference)
    if wrapped is not None:
        return wrapped.group("path") + reference[wrapped.end() :]
    prefix = _BASEURL.match(reference)
    return reference[prefix.end() :] if prefix is not None else reference


def without_site_prefixes(text: str) -> str:
    """``text`` (a post's body) with every site-address Liquid prefix replaced by the path it
    prefixes, line for line, so its image links read as the site paths they are."""
    return _BASEURL.sub("", _RELATIVE_URL.sub(lambda match: match.group("path"), text))


def blog_image_path(
    blog: Blog, folder: Path, reference: str, *, source: Path | None = None
) -> Path:
    """The file the image ``reference``, written in a post in ``folder``, shows on ``blog``.

    Raises UnsafePathError (naming ``source``) for a URL, an empty path, or a path that leads
    outside the blog. A site-root path missing from every static root is given as the first
    root's (where the engine looks first), so a check names the file it expected.
    """
    cleaned = site_reference(reference).split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    if is_url(cleaned):
        raise UnsafePathError(f"not a local path: {reference!r}", source)
    if not cleaned.startswith("/"):
        return image_path(blog.root, folder, cleaned, source=source)
    site_path = cleaned.lstrip("/")
    if not site_path:
        raise UnsafePathError(f"empty image path: {reference!r}", source)
    found = [resolve_inside(static, site_path, source=source) for static in blog.static_roots]
    return next((file for file in found if file.is_file()), found[0])


def blog_cover_path(blog: Blog, post: Path, reference: str, *, source: Path | None = None) -> Path:
    """The file a cover named in the front matter of ``post`` shows: beside the post (a Hugo
    bundle's resource), else from the site root, where themes' templates look for a path
    written without its leading slash (``assets/images/x.jpg``). UnsafePathError as
    ``blog_image_path``."""
    beside = blog_image_path(blog, post.parent, reference, source=source)
    cleaned = site_reference(reference)
    if beside.is_file() or cleaned.startswith("/"):
        return beside
    from_root = blog_image_path(blog, post.parent, "/" + cleaned, source=source)
    return from_root if from_root.is_file() else beside
