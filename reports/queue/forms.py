"""The queue's filters (the page and the API alike) and the verifier's forms.

The filters are strict like every list's (``foundation.filters``): a value they cannot take is a form error on
the page and a 400 in the API, never ignored, and never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.filters import NulSafeModelChoiceField
from foundation.scope import scope_for
from libraries.models import Library, Province, Regency

from .kinds import KIND_CHOICES, KINDS
from .queue import Filters

#: How many records one request may verify at once.
MAX_SELECTED = 500


class QueueFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Record type"), choices=[("", _("All types")), *KIND_CHOICES], required=False)
    province = NulSafeModelChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)
    regency = NulSafeModelChoiceField(label=_("Regency/city"), queryset=Regency.objects.none(), required=False)
    library = NulSafeModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["province"].queryset = Province.objects.restrict(user)
        self.fields["regency"].queryset = Regency.objects.restrict(user).select_related("province")
        self.fields["library"].queryset = Library.objects.restrict(user)
        self.fields["province"].empty_label = self.fields["regency"].empty_label = _("All")
        for name in ("type", "province", "regency"):
            self.fields[name].widget.attrs["class"] = "form-select"
        area = scope_for(user).area()
        #: Which place filters are worth offering: a regency for staff of more than one, a province nationally.
        self.offers_province = area.national
        self.offers_regency = area.national or bool(area.provinces)

    def filters(self) -> Filters:
        """The filters asked for (call after ``is_valid``; without filters when the form is not valid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("type")
        return Filters(
            kinds=(kind,) if kind else tuple(KINDS),
            province=data["province"].pk if data.get("province") else None,
            regency=data["regency"].pk if data.get("regency") else None,
            library=data["library"].pk if data.get("library") else None,
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to be corrected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The library sees this comment with the record and corrects it."),
    )


def parse_keys(values) -> dict[str, list[int]] | None:
    """``["activities:12", "advocacy:7"]`` → ``{"activities": [12], "advocacy": [7]}``; ``None`` if malformed."""
    keys: dict[str, list[int]] = {}
    for value in values:
        slug, _sep, pk = str(value).partition(":")
        if slug not in KINDS or not pk.isdigit() or len(pk) > 18:
            return None
        keys.setdefault(slug, []).append(int(pk))
    return keys


class AcceptFlagForm(forms.Form):
    note = forms.CharField(
        label=_("Why the record stands"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the same photo was rightly used for a two-day event."),
    )
