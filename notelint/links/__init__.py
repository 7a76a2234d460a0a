"""Link checking for the LK rules: extraction, local targets, remote checks, cache.

Modules:

* :mod:`~notelint.links.extract`: every link destination of a note, with its span;
* :mod:`~notelint.links.local` and :mod:`~notelint.links.slugs`: files, images
  and heading fragments;
* :mod:`~notelint.links.hosts`: what a host name alone tells (top-level domains,
  reserved names, address kinds);
* :mod:`~notelint.links.autolinked`: code that an editor turned into a link;
* :mod:`~notelint.links.net`, :mod:`~notelint.links.remote`,
  :mod:`~notelint.links.fragments`: the httpx checker and its safety and
  politeness rules;
* :mod:`~notelint.links.results`, :mod:`~notelint.links.cache`,
  :mod:`~notelint.links.verdicts`: results, their on-disk cache, and the
  verdicts drawn from them;
* :mod:`~notelint.links.analysis`: one analysis per run shared by the rules;
* :mod:`~notelint.links.settings`: the ``[links]`` configuration section.
"""
