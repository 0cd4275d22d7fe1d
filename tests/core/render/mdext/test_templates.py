"""Jekyll's Liquid and Hugo's shortcodes in the preview: expanded where known, else labelled."""

from __future__ import annotations

from editor.core.render.dialects import default_dialect
from editor.core.render.renderer import Renderer


def jekyll(body: str) -> str:
    return Renderer(dialect=default_dialect("jekyll")).render_body(body).html


def hugo(body: str) -> str:
    return Renderer(dialect=default_dialect("hugo")).render_body(body).html


def test_a_liquid_highlight_block_is_code_even_with_blank_lines() -> None:
    html = jekyll("{% highlight python %}\nx = 1\n\ny = 2\n{% endhighlight %}\n")
    assert '<code class="language-python">' in html
    assert html.count("<pre") == 1  # one block, the blank line inside it
    assert "{%" not in html


def test_liquid_raw_text_shows_its_braces_and_links_resolve() -> None:
    html = jekyll(
        "{% raw %}`{{ name }}`{% endraw %} and [a post]({% post_url 2024-05-01-first %})"
        " and ![x]({{ site.baseurl }}/img/x.png) and [y]({{ '/about/' | relative_url }})\n"
    )
    assert "<code>{{ name }}</code>" in html
    assert 'href="/first/"' in html and 'src="/img/x.png"' in html and 'href="/about/"' in html


def test_an_unknown_liquid_tag_is_a_labelled_placeholder_never_raw_braces() -> None:
    html = jekyll("Before {% include note.html kind='tip' %} after {{ page.title }}.\n")
    assert html.count('class="template-tag"') == 2
    assert 'title="Liquid: Jekyll fills this in"' in html
    assert "include note.html" in html


def test_liquid_is_only_read_on_jekyll() -> None:
    assert "{% include x %}" in hugo("{% include x %}\n")


def test_hugo_figure_and_highlight_shortcodes() -> None:
    html = hugo(
        '{{< figure src="/img/a.png" alt="A chart" caption="Latency per week" >}}\n\n'
        "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n"
    )
    assert '<figure data-line="1"><img src="/img/a.png" alt="A chart">' in html
    assert "<figcaption><p>Latency per week</p></figcaption></figure>" in html
    assert '<code class="language-go">' in html


def test_an_unknown_shortcode_is_a_labelled_placeholder() -> None:
    html = hugo("{{< youtube dQw4w9WgXcQ >}}\n")
    assert 'class="template-tag" title="Hugo shortcode youtube"' in html
    assert "{{&lt;" not in html.split('class="template-tag"')[0]
