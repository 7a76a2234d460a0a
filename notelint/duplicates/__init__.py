"""Finding entries duplicated across notes (the DU rules' machinery).

* :mod:`~notelint.duplicates.settings` -- the ``[duplicates]`` configuration section;
* :mod:`~notelint.duplicates.normalise` -- entry bodies as normalised tokens;
* :mod:`~notelint.duplicates.boilerplate` -- content, navigation or unfilled template;
* :mod:`~notelint.duplicates.collect` -- a note's compared entries, as a picklable summary;
* :mod:`~notelint.duplicates.index` -- exact groups and the sketch index of candidates;
* :mod:`~notelint.duplicates.verify` -- exact similarity and how two entries differ;
* :mod:`~notelint.duplicates.analysis` -- all of the above put together, over the
  summaries of every compared note;
* :mod:`~notelint.duplicates.recency` -- which copy looks newer.

The rules (:mod:`notelint.rules.duplicates`) run :func:`collect.collect` per note
through their collector and :func:`analysis.analyse` once per configuration group.
"""
