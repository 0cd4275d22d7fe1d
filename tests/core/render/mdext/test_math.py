"""Math as MathML where the blog treats it as math, the TeX kept as its annotation."""

from __future__ import annotations

from editor.core.render.mdext.math import formula_html


def test_a_formula_is_mathml_with_its_tex() -> None:
    html = formula_html(r"\frac{a}{b}", display=True)
    assert html.startswith("<math") and 'display="block"' in html
    assert "<mfrac>" in html
    assert '<annotation encoding="application/x-tex">\\frac{a}{b}</annotation>' in html


def test_tex_that_cannot_be_read_is_shown_as_its_source() -> None:
    assert (
        formula_html(r"\frac{a}{", display=False) == '<code class="math-source">\\frac{a}{</code>'
    )
