"""The form renderer: Django's, with select boxes written in Python.

Django's select template includes two templates per option; the regency filter of a national
list (514 options) then took more than half of the page's time. The HTML is exactly the
templates' (``tests/test_renderers.py`` compares the two); a select whose options use another
template goes through the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _escaped(value) -> str:
    return conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_escaped(name)}")
            if value is not True:
                parts.append(f'="{_escaped(value)}"')
    return "".join(parts)


def render_select(widget: dict) -> str:
    html = [f'<select name="{_escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_escaped(group_name)}">')
        for option in group_choices:
            html.append(
                f'\n  <option value="{_escaped(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_escaped(option['label'])}</option>\n"  # the option template's last line ends
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return mark_safe("".join(html).strip())


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option["template_name"] == OPTION for _name, options, _index in widget["optgroups"] for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
