"""What a browser would send for a form of a rendered page, for view tests.

Tests that hand-build POST data miss what real pages send: the untouched blank row of a
formset, the first option of a select, ISO dates. `browser_form_data` reads the page's HTML the
way a browser fills a form before submitting it.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._in_form = True
            self.forms.append([])
            return
        if not self._in_form or "disabled" in a:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
                return
            fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = []
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._textarea_text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text.append(data)
        if self._option_value is None and self._select is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "option" and self._select is not None:
            value = self._option_value
            if value is None:
                value = "".join(self._option_text).strip()
            self._select_options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._select_options if selected]
            if chosen:
                self.forms[-1].append((self._select, chosen[-1]))
            elif self._select_options:
                self.forms[-1].append((self._select, self._select_options[0][0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            self.forms[-1].append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def browser_form_data(html: str, *, index: int = -1, field: str | None = None) -> dict[str, object]:
    """The form's fields as a browser submits them (a list for repeated names).

    `field`: pick the first form that has this field name; else the form at `index` (POST forms
    are usually last, after the header's search form)."""
    parser = _FormParser()
    parser.feed(html)
    forms = parser.forms
    if field is not None:
        forms = [f for f in forms if any(name == field for name, _ in f)]
        index = 0
    data: dict[str, object] = {}
    for name, value in forms[index]:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return data
