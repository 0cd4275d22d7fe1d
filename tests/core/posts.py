"""A post used by the rendering and page tests: every block kind, a cover, a footnote."""

POST = """\
---
title: "Shipping <models> & more"
date: 2025-03-04T09:30:00+01:00
tags: [ml, git, "a&b"]
cover:
  image: cover.jpg
  alt: A harbour
  credit: Photo by Jane Doe on Unsplash
  credit_url: https://unsplash.com/@jane
---
# Intro

Read [the docs][docs] first.[^why]

- one
- two

  still two

- three

```python
def train(model):
    return model
```

> quoted
> text

| a | b |
|---|---|
| 1 | 2 |

<div class="note">

Raw **HTML** block.

</div>

## Intro

Again[^why] and [the docs][docs].

[docs]: https://example.com/docs "The docs"
[^why]: Because it matters, see [the docs][docs].
"""
