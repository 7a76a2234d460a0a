"""Generate a folder of realistic technical notes for benchmarking.

The notes imitate personal "Today I Learned" logs and study notes kept for a
static blog: YAML front matter, 10-60 dated entries (``##### 🧩 ML library`` +
``*2021.04.25*``, ``### 2026년 1월 9일``, ``## 2024-08-27`` or ``### Jan 9, 2026``),
Korean and English paragraphs with inline code, inline and display math, links,
footnote references, lists, code fences, occasional tables, images and quotes,
and footnote definitions at the end.  A few notes carry the defects notelint
looks for (malformed, unused and duplicate footnote definitions; undated,
out-of-order and impossible entries) so that rules have something to report.

Output is a pure function of ``(n_notes, seed, min_entries, max_entries)``:
each note is drawn from its own ``random.Random`` seeded with the run seed and
the note's index, so note ``i`` is the same whatever ``n_notes`` is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Kinds of defect planted, as counted in :attr:`GeneratedCorpus.defects`.
DEFECT_KINDS = (
    "malformed-footnote-definition",
    "unused-footnote-definition",
    "duplicate-footnote-definition",
    "undated-entry",
    "out-of-order-entry",
    "impossible-date",
)

#: Probability that a note carries a given defect kind.
DEFECT_RATE = 0.04

_CATEGORIES = (
    ("🧩", "ML library"), ("🤖", "ML & DL"), ("🥧", "Python"), ("👨‍💻", "CS"),
    ("🐧", "Linux"), ("📐", "Math"), ("🦀", "Rust"), ("🗄️", "Database"),
)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STYLES = ("til", "til", "til", "korean", "iso", "english")

_TERMS = (
    "batch normalization", "gradient clipping", "learning rate warm-up", "weight decay",
    "mixed precision", "attention mask", "positional encoding", "contrastive loss",
    "knowledge distillation", "early stopping", "data augmentation", "label smoothing",
    "garbage collection", "copy-on-write", "context manager", "type hint", "async I/O",
    "connection pool", "B-tree index", "write-ahead log", "virtual memory", "page cache",
)
_CODE = (
    "torch.no_grad()", "model.eval()", "np.einsum", "tf.map_fn", "optimizer.zero_grad()",
    "functools.partial", "itertools.chain", "asyncio.gather", "dataclasses.field",
    "pathlib.Path.glob", "git rebase -i", "lsof -i :8000", "EXPLAIN ANALYZE", "is_training",
    "requires_grad=False", "torch.cuda.amp", "pd.merge", "df.groupby", "Vec::with_capacity",
)
_INLINE_MATH = (
    r"$x \in \mathbb{R}^d$", r"$\mathcal N (0, 1)$", r"$V_{t+1} = V_t + G(V_t)$",
    r"$\hat \mu = f_\theta(x)$", r"$O(n \log n)$", r"$p(\theta | X)$", r"$\lambda$",
    r"$\sigma^2$", r"$A^+ = V \Sigma^+ U^\top$", r"$\nabla_\theta \mathcal{L}$",
    r"$d(a, p) + \text{margin} < d(a, n)$", r"$\mathbb{E}[X]$", r"$\alpha = \sup E$",
)
_DISPLAY_MATH = (
    r"D_{\mathrm{KL}}(p \parallel q) = \sum_{x} p(x) \log \frac{p(x)}{q(x)}",
    r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
    "f(x)=\n\\begin{cases}\nd(x, \\partial\\Omega) & \\text{if } x \\in \\Omega \\\\\n"
    "-d(x, \\partial\\Omega) & \\text{if } x \\in \\Omega^c\n\\end{cases}",
    r"\mathcal{L} = -\frac{1}{N} \sum_{i=1}^{N} \sum_{c=1}^{C} y_{i,c} \log \hat{y}_{i,c}",
    r"\mathrm{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
    r"p(x^* | X) = \int p(x^* | \theta) \, p(\theta | X) \, d\theta",
    "A = U \\Sigma V^\\top = \\begin{bmatrix} u_1 & \\cdots & u_n \\end{bmatrix}"
    " \\begin{bmatrix} \\sigma_1 & & \\\\ & \\ddots & \\\\ & & \\sigma_n \\end{bmatrix} V^\\top",
)
_LINKS = (
    ("파이썬 도큐먼트", "https://docs.python.org/3/library/functools.html"),
    ("PyTorch 공식문서", "https://pytorch.org/docs/stable/notes/amp_examples.html"),
    ("관련 이슈", "https://github.com/pytorch/pytorch/issues/12345"),
    ("arXiv", "https://arxiv.org/abs/1706.03762"),
    ("Wikipedia", "https://en.wikipedia.org/wiki/Kullback%E2%80%93Leibler_divergence"),
    ("발표 영상", "https://www.youtube.com/watch?v=KQmZlxdnnuY"),
    ("the docs", "https://docs.rs/tokio/latest/tokio/"),
    ("PostgreSQL manual", "https://www.postgresql.org/docs/current/using-explain.html"),
)
_KO = (
    "{term}에 대해서 다시 정리해 보았습니다.",
    "`{code}`를 사용할 때는 {term} 설정에 주의해야 합니다.",
    "이 경우에는 {math}의 형태로 쓰는 것이 더 자연스럽습니다.",
    "[{link_text}]({url})를 참고하니 {term}은 생각보다 단순한 개념이었습니다.",
    "꽤 오랫동안 {term}을 잘못 이해하고 있었어서 이 곳에 기록합니다.",
    "실험해 보니 {math} 조건에서 결과가 눈에 띄게 좋아졌습니다.",
    "`{code}`와 `{code2}`의 차이는 생각보다 작지만, 잘못 쓰면 결과가 완전히 달라집니다.",
    "구체적인 원인은 아직 모르겠지만 {term}과 관련이 있어 보입니다.",
    "요약하자면 {term}은 학습 단계와 추론 단계에서 다르게 동작한다는 것입니다.",
)
_EN = (
    "The {term} is computed over the mini-batch, not over the whole dataset.",
    "Calling `{code}` twice is harmless, but forgetting it changes the results silently.",
    "In short, {math} holds only when the inputs are independent.",
    "See [{link_text}]({url}) for the details of {term}.",
    "This is the main reason why {term} helps with long training runs.",
    "Note that `{code}` returns a view, so writing to it also changes the original.",
)
_CODE_BLOCKS = (
    ("python", "import torch\n\nmodel.eval()\nwith torch.no_grad():\n    logits = model(x)\n"
               "    pred = logits.argmax(dim=-1)"),
    ("python", "from functools import cache\n\n@cache\ndef fib(n: int) -> int:\n"
               "    return n if n < 2 else fib(n - 1) + fib(n - 2)"),
    ("python", "cent, acc = tf.map_fn(lambda inputs: self.get_loss_single(inputs, weights),\n"
               "                      elems=(xs, ys, xq, yq),\n"
               "                      dtype=(tf.float32, tf.float32))"),
    ("bash", "git worktree add ../review origin/feature/parser\ngit worktree list"),
    ("sql", "EXPLAIN ANALYZE\nSELECT * FROM notes WHERE created_at > now() - interval '7 days';"),
    ("rust", "let mut v = Vec::with_capacity(1024);\nfor i in 0..1024 {\n    v.push(i * 2);\n}"),
    ("json", '{\n  "compilerOptions": {"strict": true, "target": "ES2022"}\n}'),
)
_REFERENCES = (
    "Wikipedia contributors. Moment (mathematics). In *Wikipedia, The Free Encyclopedia*. "
    "https://en.wikipedia.org/wiki/Moment_(mathematics)",
    "API. 위키백과, 2021년 5월 24일에 확인 https://ko.wikipedia.org/wiki/API",
    "Vaswani, Ashish, et al. \"Attention is all you need.\" *Advances in Neural Information "
    "Processing Systems* 30 (2017).",
    "Olivier Moindrot. \"Triplet Loss and Online Triplet Mining in TensorFlow\". "
    "https://omoindrot.github.io/triplet-loss",
    "6. 모듈. Python 3 문서, https://docs.python.org/ko/3/tutorial/modules.html",
    "Bishop, Christopher M. *Pattern Recognition and Machine Learning*. Springer, 2006.",
)


@dataclass
class GeneratedCorpus:
    """What :func:`generate_corpus` wrote.

    Attributes:
        root: the folder holding the notes (in sub-folders of 100 notes).
        files: number of notes written.
        bytes: total size of the notes in bytes (UTF-8).
        lines: total number of lines.
        entries: total number of dated entries.
        defects: planted defects by kind (see :data:`DEFECT_KINDS`).
    """

    root: Path
    files: int = 0
    bytes: int = 0
    lines: int = 0
    entries: int = 0
    defects: Counter[str] = field(default_factory=Counter)


class _Note:
    """Builds one note's text from a seeded random generator."""

    def __init__(self, rng: random.Random, index: int, n_entries: int) -> None:
        self.rng = rng
        self.index = index
        self.n_entries = n_entries
        self.style = rng.choice(_STYLES)
        self.descending = rng.random() < 0.2
        self.defects: set[str] = {k for k in DEFECT_KINDS if rng.random() < DEFECT_RATE}
        self.footnotes: list[str] = []
        self.lines: list[str] = []

    # -- prose ---------------------------------------------------------------

    def _sentence(self) -> str:
        rng = self.rng
        template = rng.choice(_KO if rng.random() < 0.7 else _EN)
        link_text, url = rng.choice(_LINKS)
        text = template.format(term=rng.choice(_TERMS), code=rng.choice(_CODE),
                               code2=rng.choice(_CODE), math=rng.choice(_INLINE_MATH),
                               link_text=link_text, url=url)
        if rng.random() < 0.08:
            self.footnotes.append(rng.choice(_REFERENCES))
            text = text[:-1] + f"[^{len(self.footnotes)}]" + text[-1]
        return text

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.rng.randint(2, 5)))

    def _block(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return [self._paragraph()]
        if roll < 0.65:
            items = [f"- {self._sentence()}" for _ in range(rng.randint(2, 6))]
            if rng.random() < 0.3:
                items.insert(1, f"  - {self._sentence()}")
            return ["\n".join(items)]
        if roll < 0.80:
            lang, code = rng.choice(_CODE_BLOCKS)
            return [f"```{lang}\n{code}\n```"]
        if roll < 0.90:
            return [f"$$\n{rng.choice(_DISPLAY_MATH)}\n$$"]
        if roll < 0.95:
            rows = [f"| {rng.choice(_TERMS)} | `{rng.choice(_CODE)}` | {rng.randint(1, 99)} |"
                    for _ in range(rng.randint(2, 5))]
            return ["| 항목 | 코드 | 값 |\n| --- | --- | ---: |\n" + "\n".join(rows)]
        if roll < 0.98:
            return [f"> {self._sentence()}"]
        return [f"![img](../img/{self.index:04d}-{rng.randint(1, 9)}.png)"]

    # -- dates and headings --------------------------------------------------

    def _dates(self) -> list[tuple[int, int, int]]:
        rng = self.rng
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
        dates = []
        for _ in range(self.n_entries):
            dates.append((day.year, day.month, day.day))
            day += dt.timedelta(days=rng.randint(1, 20))
        if "out-of-order-entry" in self.defects and len(dates) >= 4:
            i = rng.randint(1, len(dates) - 3)
            dates[i], dates[i + 2] = dates[i + 2], dates[i]
        if "impossible-date" in self.defects:
            i = rng.randrange(len(dates))
            dates[i] = (dates[i][0], 2, 30)
        return dates[::-1] if self.descending else dates

    def _date_text(self, y: int, m: int, d: int) -> str:
        if self.style == "til":
            return f"{y}.{m:02d}.{d:02d}"
        if self.style == "korean":
            return f"{y}년 {m}월 {d}일"
        if self.style == "iso":
            return f"{y}-{m:02d}-{d:02d}"
        return f"{_MONTHS_EN[m - 1]} {d}, {y}"

    def _entry(self, date: tuple[int, int, int] | None) -> None:
        rng = self.rng
        if self.style == "til":
            emoji, category = rng.choice(_CATEGORIES)
            self.lines.append(f"##### {emoji} {category}")
            if date is not None:
                self.lines.append(f"*{self._date_text(*date)}*")
        else:
            level = "##" if self.style == "iso" else "###"
            title = self._date_text(*date) if date is not None else "메모"
            self.lines.append(f"{level} {title}")
        for _ in range(rng.randint(1, 4)):
            self.lines.extend(self._block())

    # -- the note ------------------------------------------------------------

    def render(self) -> str:
        """The note's markdown text (blocks separated by blank lines, final newline)."""
        rng = self.rng
        dates = self._dates()
        first = min(dates)
        title = rng.choice(("Today I Learned", "Today I Learned (AI/ML)", "개발 일지", "공부 노트"))
        self.lines.append(
            "---\n"
            f'title: "{title} #{self.index}"\n'
            f'date: "{first[0]}-{first[1]:02d}-{min(first[2], 28):02d}"\n'
            'template: "post"\n'
            "draft: false\n"
            f'path: "/cheatsheet/{self.index:05d}/"\n'
            'description: "새롭게 알게 된 지식 중에서 하나의 포스팅으로 만들기에는 부담스러운 '
            '내용들을 이곳에 모아둡니다."\n'
            'category: "Cheat Sheet"\n'
            "---"
        )
        self.lines.append(self._paragraph())
        undated = rng.randrange(len(dates)) if "undated-entry" in self.defects else -1
        for i, date in enumerate(dates):
            self._entry(None if i == undated else date)
        self._references()
        return "\n\n".join(self.lines) + "\n"

    def _references(self) -> None:
        rng = self.rng
        if not self.footnotes:
            self.footnotes.append(rng.choice(_REFERENCES))
            self.lines.append("자세한 내용은 참고 문헌[^1]을 보세요.")
        defs = [f"[^{i}]: {text}" for i, text in enumerate(self.footnotes, start=1)]
        if "malformed-footnote-definition" in self.defects:
            i = rng.randrange(len(defs))
            defs[i] = defs[i].replace("[^", "[^ ", 1)
        if "unused-footnote-definition" in self.defects:
            defs.append(f"[^{len(defs) + 1}]: {rng.choice(_REFERENCES)}")
        if "duplicate-footnote-definition" in self.defects:
            defs.append(f"[^1]: {rng.choice(_REFERENCES)}")
        heading = "### References" if self.style == "til" else "---"
        self.lines.append(heading + "\n\n" + "\n".join(defs))


def generate_corpus(root: Path, n_notes: int, seed: int, *, min_entries: int = 10,
                    max_entries: int = 60) -> GeneratedCorpus:
    """Write ``n_notes`` notes under ``root`` (created if missing).

    Notes go to ``root/000/note-00000.md``, ``root/000/note-00001.md``, ...,
    100 per sub-folder.

    Raises:
        ValueError: ``n_notes`` < 1, or the entry bounds are not ``1 <= min <= max``.
        OSError: the notes cannot be written.
    """
    if n_notes < 1:
        raise ValueError(f"number of notes must be at least 1, not {n_notes}")
    if not 1 <= min_entries <= max_entries:
        raise ValueError(f"entries per note must satisfy 1 <= min <= max, "
                         f"not {min_entries}..{max_entries}")
    corpus = GeneratedCorpus(root=root)
    for i in range(n_notes):
        rng = random.Random(f"notelint-bench:{seed}:{i}")
        note = _Note(rng, i, rng.randint(min_entries, max_entries))
        text = note.render()
        folder = root / f"{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"note-{i:05d}.md").write_bytes(data)
        corpus.files += 1
        corpus.bytes += len(data)
        corpus.lines += text.count("\n")
        corpus.entries += note.n_entries
        corpus.defects.update(note.defects)
    return corpus
