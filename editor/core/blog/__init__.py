"""A blog repository as it is: which kind of blog a folder is, where its posts are, what its
fields mean and where its images are. The library opens a blog through these, in place."""

from __future__ import annotations

from editor.core.blog.recognise import BLOG_KINDS, Blog, recognise_blog

__all__ = ["BLOG_KINDS", "Blog", "recognise_blog"]
