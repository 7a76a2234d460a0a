"""Finding entries duplicated across notes (the DU rules' machinery).

* :mod:`~notelint.duplicates.settings` -- the ``[duplicates]`` configuration section;
* :mod:`~notelint.duplicates.normalise` -- entry bodies as normalised tokens;
* :mod:`~notelint.duplicates.collect` -- the compared entries of a document;
* :mod:`~notelint.duplicates.project` -- the compared notes (checked ones and the rest
  of the project);
* :mod:`~notelint.duplicates.index` -- exact groups and the sketch index of candidates;
* :mod:`~notelint.duplicates.verify` -- exact similarity and how two entries differ;
* :mod:`~notelint.duplicates.analysis` -- all of the above put together;
* :mod:`~notelint.duplicates.recency` -- which copy looks newer.
"""
