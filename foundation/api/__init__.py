"""The REST API's shared parts: scoped viewsets and serializers, token login, errors and schema.

Each app keeps its endpoints in ``<app>/api/`` (serializers, filtersets, views, urls);
``tpbis_portal/api_urls.py`` gathers them under ``/api/v1/``.
"""
