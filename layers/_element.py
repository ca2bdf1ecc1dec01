"""Page elements whose rendered text is never parsed again as a Jinja template.

branca's ``MacroElement.render`` wraps what a macro produced in ``Element(text)``, and
``Element`` compiles its argument as a *template*: any ``{{ ... }}`` or ``{% ... %}`` that data
text carried into the script (an incident note, an article title) is then evaluated by Jinja
while the map is rendered — ``{{ 7*7 }}`` in a note became ``49`` in the page, and an
expression can reach Python objects. It also costs a full Jinja lexing pass over the largest
strings of the page. Every bordermap element renders through :class:`RawRender`, which adds
the macro's text as it is.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = ["RawRender", "RawText"]


class RawText(Element):
    """A piece of page text rendered verbatim."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text as it is."""
        return self.text


class RawRender(MacroElement):
    """A MacroElement whose ``header``/``html``/``script`` macros are added verbatim."""

    def render(self, **kwargs: Any) -> str:
        """Render the macros into the figure without re-templating, then the children."""
        figure = self.get_root()
        assert isinstance(figure, Figure), (
            "You cannot render this Element if it is not in a Figure."
        )
        module = self._template.module.__dict__
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = module.get(part)
            if macro is not None:
                target.add_child(RawText(str(macro(self, kwargs))), name=self.get_name())
        for child in list(self._children.values()):
            child.render(**kwargs)
        return ""
