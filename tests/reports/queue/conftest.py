"""Records of every kind waiting in the librarian's Bangka village, with nothing else waiting anywhere."""

import pytest

from ...scoping import library_at
from . import records


@pytest.fixture
def quiet(db):
    records.quiet()


@pytest.fixture
def village():
    return library_at("own_village")


@pytest.fixture
def every_kind(quiet, village):
    return records.every_kind(village)
