#!/usr/bin/env bash
# Fails when a translation catalogue is out of date with the code or its compiled .mo.
set -euo pipefail
py=.venv/bin/python
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp locale/id/LC_MESSAGES/django.po "$tmp/before.po"
$py manage.py makemessages -l id --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules >/dev/null
if ! diff -q <(grep -v '^"POT-Creation-Date' "$tmp/before.po") <(grep -v '^"POT-Creation-Date' locale/id/LC_MESSAGES/django.po) >/dev/null; then
  cp "$tmp/before.po" locale/id/LC_MESSAGES/django.po
  echo "The Indonesian catalogue is out of date: run 'make messages' and translate the new strings." >&2
  exit 1
fi
cp "$tmp/before.po" locale/id/LC_MESSAGES/django.po
untranslated=$(msgattrib --untranslated --no-obsolete locale/id/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
if [ "$untranslated" -gt 0 ]; then
  echo "$((untranslated - 1)) Indonesian translations are missing:" >&2
  msgattrib --untranslated --no-obsolete locale/id/LC_MESSAGES/django.po | grep '^msgid ' | head -20 >&2
  exit 1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete locale/id/LC_MESSAGES/django.po | grep -c '^msgid ' || true)
if [ "$fuzzy" -gt 0 ]; then
  echo "Fuzzy (guessed) Indonesian translations need checking:" >&2
  msgattrib --only-fuzzy --no-obsolete locale/id/LC_MESSAGES/django.po | grep '^msgid ' | head -20 >&2
  exit 1
fi
msgfmt --check -o "$tmp/django.mo" locale/id/LC_MESSAGES/django.po
cmp -s "$tmp/django.mo" locale/id/LC_MESSAGES/django.mo || {
  echo "locale/id/LC_MESSAGES/django.mo is not compiled from the current .po: run 'make messages'." >&2
  exit 1
}
