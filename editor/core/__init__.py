"""The Qt-free core: posts, front matter, rendering, the library, checks and export."""
