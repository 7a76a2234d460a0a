"""The SP rules on the real notes: exact findings, recall and false alarms.

The ground truth below was written by reading the three notes: every
misspelled English word in prose (SP001) and in inline-code identifiers
(SP002), and the Korean typos (SP003).  ``FLoating`` (an emphasised acronym),
names in references (``Bonin``, ``Moindrot``) and terms (``elems``,
``torchmetrics``, ``wandb``) are not typos.
"""

from __future__ import annotations

from pathlib import Path

from notelint.api import lint_paths
from notelint.document import Document
from notelint.spelling.prose import extract_prose

#: (file, line, word as written) for every real typo, one entry per occurrence.
TRUTH_SP001 = [
    ("til.md", 65, "Conneted"),
    ("til-ai-ml.md", 53, "Conneted"),
    ("til-ai-ml.md", 173, "Underdetemined"),
    ("til-ai-ml.md", 194, "Underdetemined"),
    ("til-ai-ml.md", 218, "supermum"),
    ("til-ai-ml.md", 237, "miximize"),
    ("til-ai-ml.md", 243, "Adversariel"),
    ("til-ai-ml.md", 245, "envrionment"),
    ("til-ai-ml.md", 245, "adpative"),
    ("til-ai-ml.md", 319, "Intereset"),
    ("til-ai-ml.md", 350, "Contastive"),
    ("til-ai-ml.md", 351, "labe"),
    ("til-ai-ml.md", 352, "labe"),
    ("til-ai-ml.md", 361, "Transfomer"),
    ("til-ai-ml.md", 431, "mocailities"),
    ("til-ai-ml.md", 431, "modaility"),
    ("til-ai-ml.md", 435, "modaility"),
    ("til-ai-ml.md", 487, "Apach"),
    ("boostcamp-week4.md", 46, "trasnformer"),
    ("boostcamp-week4.md", 62, "fucntion"),
    ("boostcamp-week4.md", 93, "makov"),
    ("boostcamp-week4.md", 96, "foward"),
    ("boostcamp-week4.md", 118, "fucntion"),
    ("boostcamp-week4.md", 121, "suport"),
    ("boostcamp-week4.md", 129, "fucntion"),
    ("boostcamp-week4.md", 157, "fucntion"),
    ("boostcamp-week4.md", 159, "fucntion"),
    ("boostcamp-week4.md", 161, "fucntion"),
    ("boostcamp-week4.md", 168, "fucntion"),
    ("boostcamp-week4.md", 184, "fucntion"),
    ("boostcamp-week4.md", 186, "fucntion"),
]
TRUTH_SP002 = [
    ("til.md", 71, "traning"),
    ("til.md", 71, "traning"),
    ("til.md", 77, "tranable"),
    ("til-ai-ml.md", 59, "traning"),
    ("til-ai-ml.md", 59, "traning"),
]

#: Exactly what the rules report: (file, span, code, message).
EXPECTED = [
    ("boostcamp-week4.md", "46:23-46:34", "SP001",
     "`trasnformer` is not a known word; did you mean `transformer` (used 1× in your notes)?"),
    ("boostcamp-week4.md", "62:124-62:132", "SP001",
     "`fucntion` is not a known word; did you mean `function` (used 26× in your notes)?"),
    ("boostcamp-week4.md", "93:51-93:56", "SP001",
     "`makov` in word `non-makov` is not a known word; did you mean `markov`?"),
    ("boostcamp-week4.md", "96:42-96:48", "SP001",
     "`foward` is not a known word; did you mean `forward` (used 6× in your notes)?"),
    ("boostcamp-week4.md", "118:38-118:46", "SP001",
     "`fucntion` is not a known word; did you mean `function` (used 26× in your notes)?"),
    ("boostcamp-week4.md", "121:141-121:147", "SP001",
     "`suport` is not a known word; did you mean `support` (used 6× in your notes)?"),
    *[("boostcamp-week4.md", span, "SP001",
       "`fucntion` is not a known word; did you mean `function` (used 26× in your notes)?")
      for span in ("129:67-129:75", "157:30-157:38", "159:37-159:45", "161:52-161:60",
                   "168:30-168:38", "184:145-184:153", "186:106-186:114")],
    ("til-ai-ml.md", "53:169-53:177", "SP001",
     "`Conneted` in word `Fully-Conneted` is not a known word; "
     "did you mean `Fully-Connected` (used 2× in your notes)?"),
    ("til-ai-ml.md", "59:46-59:53", "SP002",
     "`traning` in identifier `is_traning` is not a known word; "
     "did you mean `is_training` (used 6× in your notes)?"),
    ("til-ai-ml.md", "59:173-59:180", "SP002",
     "`traning` in identifier `is_traning` is not a known word; "
     "did you mean `is_training` (used 6× in your notes)?"),
    ("til-ai-ml.md", "82:33-82:38", "SP003",
     "`함수힙니다` looks like a slip for `함수입니다` (used 6× in your notes)"),
    ("til-ai-ml.md", "173:4-173:18", "SP001",
     "`Underdetemined` is not a known word; did you mean `Underdetermined`?"),
    ("til-ai-ml.md", "194:4-194:18", "SP001",
     "`Underdetemined` is not a known word; did you mean `Underdetermined`?"),
    ("til-ai-ml.md", "218:174-218:182", "SP001",
     "`supermum` is not a known word; did you mean `supremum` (used 2× in your notes)?"),
    ("til-ai-ml.md", "237:50-237:58", "SP001",
     "`miximize` is not a known word; did you mean `maximize`?"),
    ("til-ai-ml.md", "243:15-243:26", "SP001",
     "`Adversariel` is not a known word; did you mean `Adversarial` (used 2× in your notes)?"),
    ("til-ai-ml.md", "244:95-244:97", "SP003",
     "`학슴` looks like a slip for `학습` (used 16× in your notes)"),
    ("til-ai-ml.md", "245:23-245:34", "SP001",
     "`envrionment` is not a known word; did you mean `environment` (used 3× in your notes)?"),
    ("til-ai-ml.md", "245:97-245:105", "SP001",
     "`adpative` in word `domain-adpative` is not a known word; "
     "did you mean `adaptive` (used 1× in your notes)?"),
    ("til-ai-ml.md", "253:27-253:34", "SP003",
     "`하이퍼파리미터` looks like a slip for `하이퍼파라미터` (used 1× in your notes)"),
    ("til-ai-ml.md", "319:19-319:28", "SP001",
     "`Intereset` is not a known word; did you mean `Interest`?"),
    ("til-ai-ml.md", "350:4-350:14", "SP001",
     "`Contastive` is not a known word; did you mean `Contrastive`?"),
    ("til-ai-ml.md", "351:79-351:83", "SP001",
     "`labe` is a rare word; did you mean `label` (used 12× in your notes)?"),
    ("til-ai-ml.md", "352:62-352:66", "SP001",
     "`labe` is a rare word; did you mean `label` (used 12× in your notes)?"),
    ("til-ai-ml.md", "361:58-361:68", "SP001",
     "`Transfomer` is not a known word; did you mean `Transformer` (used 1× in your notes)?"),
    ("til-ai-ml.md", "431:5-431:16", "SP001",
     "`mocailities` is not a known word; did you mean `modalities` (used 1× in your notes)?"),
    ("til-ai-ml.md", "431:77-431:86", "SP001",
     "`modaility` is not a known word; did you mean `modality` (used 4× in your notes)?"),
    ("til-ai-ml.md", "435:156-435:165", "SP001",
     "`modaility` is not a known word; did you mean `modality` (used 4× in your notes)?"),
    ("til-ai-ml.md", "487:64-487:69", "SP001",
     "`Apach` is not a known word; did you mean `Apache` (used 1× in your notes)?"),
    ("til.md", "65:169-65:177", "SP001",
     "`Conneted` in word `Fully-Conneted` is not a known word; "
     "did you mean `Fully-Connected` (used 2× in your notes)?"),
    ("til.md", "71:46-71:53", "SP002",
     "`traning` in identifier `is_traning` is not a known word; "
     "did you mean `is_training` (used 6× in your notes)?"),
    ("til.md", "71:173-71:180", "SP002",
     "`traning` in identifier `is_traning` is not a known word; "
     "did you mean `is_training` (used 6× in your notes)?"),
    ("til.md", "77:113-77:121", "SP002",
     "`tranable` in identifier `is_tranable` is not a known word; "
     "did you mean `is_trainable` (used 1× in your notes)?"),
    ("til.md", "146:33-146:38", "SP003",
     "`함수힙니다` looks like a slip for `함수입니다` (used 6× in your notes)"),
]


def _run(corpus: Path, select: list[str]):  # type: ignore[no-untyped-def]
    return lint_paths([str(corpus)], select=select)


def test_exact_findings_on_the_real_notes(corpus: Path) -> None:
    result = _run(corpus, ["SP001", "SP002", "SP003"])
    found = [(Path(d.path).name, str(d.span), d.code, d.message) for d in result.diagnostics]
    assert found == EXPECTED


def _occurrences(result, code: str) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    out = []
    for d in result.diagnostics:
        if d.code == code:
            doc = result.documents[d.path]
            out.append((Path(d.path).name, d.line, doc.text[d.span.start_offset:d.span.end_offset]))
    return out


def _prose_words(corpus: Path) -> int:
    total = 0
    for path in sorted(corpus.glob("*.md")):
        total += extract_prose(Document.from_text(path.read_text(encoding="utf-8"))).word_estimate
    return total


def test_recall_and_false_alarms(corpus: Path) -> None:
    result = _run(corpus, ["SP001", "SP002"])
    for code, truth in (("SP001", TRUTH_SP001), ("SP002", TRUTH_SP002)):
        found = _occurrences(result, code)
        hits = [t for t in truth if t in found]
        false_alarms = [f for f in found if f not in truth]
        recall = len(hits) / len(truth)
        rate = 1000 * len(false_alarms) / _prose_words(corpus)
        assert recall >= 0.9, (code, recall, sorted(set(truth) - set(found)))
        assert rate <= 1.0, (code, false_alarms)
    # What the figures are today: every typo found, no false alarm in about 7,100 words.
    assert sorted(_occurrences(result, "SP001")) == sorted(TRUTH_SP001)
    assert sorted(_occurrences(result, "SP002")) == sorted(TRUTH_SP002)
    assert 7000 <= _prose_words(corpus) <= 7300


def test_korean_is_never_flagged_by_english_rules(corpus: Path) -> None:
    result = _run(corpus, ["SP001", "SP002"])
    for d in result.diagnostics:
        doc = result.documents[d.path]
        assert doc.text[d.span.start_offset:d.span.end_offset].isascii()


def test_every_fix_is_unsafe(corpus: Path) -> None:
    result = _run(corpus, ["SP001", "SP002", "SP003"])
    fixes = [d.fix for d in result.diagnostics if d.fix is not None]
    assert fixes and all(not f.safe for f in fixes)
    # `miximize` has two equally good suggestions: no fix.
    assert [d.fix for d in result.diagnostics if "miximize" in d.message] == [None]
