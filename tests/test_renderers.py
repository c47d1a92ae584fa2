"""Select boxes written in Python are exactly what Django's templates write."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from foundation.renderers import PortalFormRenderer
from libraries.models import Province


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "A & B"), ("b", '"quoted"'), (3, mark_safe("<b>safe</b>"))])
    grouped = forms.ChoiceField(choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False)
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")], required=False)
    maybe = forms.NullBooleanField(required=False)
    province = forms.ModelChoiceField(queryset=Province.objects.order_by("code"), required=False)


def test_select_html_is_the_templates_html(db):
    data = {"plain": "b", "grouped": "y", "many": ["1", "2"], "maybe": "true", "province": "19"}
    attrs = {"class": "form-select", "data-x": 'a"b', "disabled": False, "required": True}
    for kwargs in ({}, {"data": data}):
        templates, python = (
            Choices(renderer=DjangoTemplates(), **kwargs),
            Choices(renderer=PortalFormRenderer(), **kwargs),
        )
        for name in Choices.base_fields:
            assert python[name].as_widget(attrs=attrs) == templates[name].as_widget(attrs=attrs), name
            assert "<option" in python[name].as_widget()
    rendered = str(Choices(data=data)["plain"])
    assert '<option value="b" selected>&quot;quoted&quot;</option>' in rendered
    assert "<b>safe</b>" in rendered and "A &amp; B" in rendered
