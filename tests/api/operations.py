"""The API's operations, read from its generated OpenAPI schema, so tests cover every endpoint there is."""

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def schema_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path) for path, item in schema["paths"].items() for method in item if method in METHODS
    )


OPERATIONS = schema_operations()
#: Answers about one place (``?regency=`` or ``?library=``), not paginated lists: 404 outside the user's area
#: (``test_scoping.PLACE_QUERIES``).
PLACE_QUERIES = {"/api/v1/iplm/", "/api/v1/kpi/"}
LISTS = [path for method, path in OPERATIONS if method == "GET" and "{" not in path and path not in PLACE_QUERIES]
