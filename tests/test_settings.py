"""The settings package: each module sets its settings whole and once, so the order it is read in changes nothing."""

import importlib
import pkgutil

import tpbis_portal.settings as package


def test_no_settings_module_overrides_another():
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}") for info in pkgutil.iter_modules(package.__path__)
    ]
    assert {module.__name__.rsplit(".", 1)[1] for module in modules} >= {"security", "base", "tasks", "operations"}
    overridden = [
        f"{module.__name__}.{name}"
        for module in modules
        for name in dir(module)
        if name.isupper() and getattr(module, name) is not getattr(package, name)
    ]
    assert overridden == []
