"""Spelling support for mixed Korean/English notes (the SP rule family).

Modules:

* :mod:`~notelint.spelling.settings`: the ``[spelling]`` configuration section;
* :mod:`~notelint.spelling.prose`: what text of a note is prose, with exact offsets;
* :mod:`~notelint.spelling.tokenize`: words of mixed Latin/Hangul text and identifiers;
* :mod:`~notelint.spelling.lexicon`: the English word list, the vendored technical
  vocabulary and the user's words;
* :mod:`~notelint.spelling.edits`: edit distances and candidate corrections;
* :mod:`~notelint.spelling.corpus`: word counts over all checked notes;
* :mod:`~notelint.spelling.checker`: the offline decision (typo or term);
* :mod:`~notelint.spelling.analysis`: the per-run analysis the rules share;
* :mod:`~notelint.spelling.languagetool`: the optional LanguageTool backend;
* :mod:`~notelint.spelling.korean`: jamo decomposition and Korean near-miss words;
* :mod:`~notelint.spelling.wordlist`: reading and extending ``.notelint-words.txt``.
"""
