from .geography import District, Province, Regency, Village
from .library import Aid, Library

__all__ = ["Aid", "District", "Library", "Province", "Regency", "Village"]
