"""Each person's choice, per kind, of how notifications reach them: always in the inbox, and by mail at once,
in a daily digest, or not by mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.scope import Role, scope_for

from .models import DEFAULTS, Kind, Preference

NOW, DAILY, OFF = "now", "daily", "off"
CHOICES = [
    (NOW, _("By e-mail, at once")),
    (DAILY, _("By e-mail, once a day in a digest")),
    (OFF, _("Only here in the portal")),
]
HELP = {
    Kind.SUBMITTED: _("A monthly report or record of a library in your area waits for your verification."),
    Kind.RETURNED: _("A monthly report or record of your library is returned to you for correction."),
    Kind.VERIFIED: _("A monthly report or record of your library is verified."),
    Kind.COMMITMENT_DUE: _("A commitment of a synergy team in your area is due within a week."),
}
#: The kinds each role receives; a person is asked only about theirs.
BY_ROLE = {
    Role.LIBRARIAN: {Kind.RETURNED, Kind.VERIFIED},
    Role.REGENCY_STAFF: {Kind.SUBMITTED, Kind.COMMITMENT_DUE},
    Role.PROVINCE_STAFF: {Kind.SUBMITTED, Kind.COMMITMENT_DUE},
}


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        relevant = set().union(*(BY_ROLE.get(role, set()) for role in scope_for(user).roles))
        saved = {row["kind"]: row for row in Preference.objects.filter(user=user).values("kind", "mail", "digest")}
        for kind in Kind:
            if relevant and kind not in relevant:
                continue
            chosen = saved.get(kind, DEFAULTS[kind])
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=CHOICES,
                initial=OFF if not chosen["mail"] else DAILY if chosen["digest"] else NOW,
                widget=forms.RadioSelect,
                help_text=HELP[kind],
            )

    def save(self) -> None:
        rows = [
            Preference(user=self.user, kind=kind, mail=value != OFF, digest=value == DAILY)
            for kind, value in self.cleaned_data.items()
        ]
        Preference.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["mail", "digest"]
        )
