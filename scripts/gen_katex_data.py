"""Generate ``notelint/data/katex.json``: the macros and environments KaTeX knows.

The npm package ``katex`` is installed into a temporary folder.  Candidate names
are every ``"\\\\name"`` string in KaTeX's own ``dist/katex.js`` (its function,
symbol and macro definitions) plus the names in ``notelint/data/mathjax3.json``;
each is kept only when KaTeX itself accepts it: ``katex.renderToString`` of
``\\name`` (display mode) does not fail with "Undefined control sequence", and
``\\begin{env}...\\end{env}`` does not fail with "No such environment".

Usage::

    python scripts/gen_katex_data.py [--version 0.16] [--output notelint/data/katex.json]

Needs ``node`` and ``npm`` on PATH and access to the npm registry.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

_NODE_SCRIPT = r"""
const fs = require('fs');
const katex = require('katex');
const src = fs.readFileSync(require.resolve('katex/dist/katex.js'), 'utf8');
const extra = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const macros = new Set(extra.macros), envs = new Set(extra.environments);
for (const m of src.matchAll(/"\\\\([A-Za-z]+)"/g)) macros.add(m[1]);
for (const m of src.matchAll(/"([A-Za-z]+\*?)"/g)) if (m[1].length <= 24) envs.add(m[1]);
const known = [], knownEnvs = [];
const print = console.log;
console.log = () => {};  // \show and \message write to the console
console.warn = () => {};
for (const name of macros) {
  try { katex.renderToString('\\' + name, {throwOnError: true, displayMode: true}); known.push(name); }
  catch (e) { if (!/Undefined control sequence/.test(e.message)) known.push(name); }
}
for (const name of envs) {
  try { katex.renderToString('\\begin{' + name + '}\\end{' + name + '}', {throwOnError: true, displayMode: true}); knownEnvs.push(name); }
  catch (e) { if (!/No such environment/.test(e.message)) knownEnvs.push(name); }
}
print(JSON.stringify({version: katex.version, macros: known.sort(), environments: knownEnvs.sort()}));
"""


def main() -> int:
    """Install katex, list what it defines, write the JSON file."""
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--version", default="0.16")
    ap.add_argument("--output", type=Path, default=root / "notelint" / "data" / "katex.json")
    args = ap.parse_args()
    mathjax = json.loads((root / "notelint" / "data" / "mathjax3.json").read_text(encoding="utf-8"))
    candidates: dict[str, set[str]] = {"macros": set(), "environments": set()}
    for section in list(mathjax.get("packages", {}).values()) + list(mathjax.get("autoload", {}).values()):
        candidates["macros"].update(section.get("macros", []))
        candidates["environments"].update(section.get("environments", []))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "install", "--no-save", "--silent", f"katex@{args.version}"],
                       cwd=tmp, check=True)
        (Path(tmp) / "extra.json").write_text(json.dumps(
            {k: sorted(v) for k, v in candidates.items()}), encoding="utf-8")
        (Path(tmp) / "list.js").write_text(_NODE_SCRIPT, encoding="utf-8")
        out = subprocess.run(["node", "list.js", "extra.json"], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout
    data = json.loads(out)
    result = {
        "source": f"npm katex@{data['version']}: names accepted by katex.renderToString "
                  "(candidates from dist/katex.js and the MathJax 3 list)",
        "version": data["version"],
        "generator": "scripts/gen_katex_data.py",
        "macros": data["macros"],
        "environments": data["environments"],
    }
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: katex {data['version']}, {len(data['macros'])} macros, "
          f"{len(data['environments'])} environments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
