"""Request body parsers: a body that cannot be read is a 400, whatever is wrong with it."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class PortalJSONParser(JSONParser):
    """DRF's JSON parser, answering JSON nested beyond Python's recursion limit with a 400 instead of a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: the document is nested too deeply.")) from None
        except (LookupError, UnicodeError):  # an unknown or wrong charset
            raise ParseError(_("The request body is not in the character set it declares.")) from None
