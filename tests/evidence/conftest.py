from ..api.conftest import api_as

__all__ = ["api_as"]
