"""Field data collection with KoboToolbox / ODK for the handbook's instruments: each
instrument as an XLSForm (``forms``), its submissions imported as draft assessments and
their review (``services``), and the registry of non-community subjects (``subjects``).

The rules every form shares live in ``communities.xlsform`` (the lowest app with a form),
and the writing and reading of XLSForm files in ``config.xlsform``.
"""
