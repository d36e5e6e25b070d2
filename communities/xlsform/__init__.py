"""Field data collection with KoboToolbox / ODK for the community profile: the XLSForm
(``profile``), the import of its submissions as draft profiles (``importing``, whose rules
the instruments' forms in ``assessments.xlsform`` share) and what is kept of each submission
(``models``)."""
