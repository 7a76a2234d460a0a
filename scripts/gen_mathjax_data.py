"""Generate ``notelint/data/mathjax3.json``: the macros and environments MathJax 3 knows.

The names are read from MathJax's own TeX package definitions: the npm package
``mathjax-full`` is installed into a temporary folder, every TeX package is
registered (``js/input/tex/AllPackages.js``) and a small Node script walks each
package's ``Configuration.handler`` maps through ``MapHandler.getMap``.  The
packages of the standard ``input/tex`` component (``base``, ``ams``,
``newcommand``, ``noundefined``, ``require``, ``autoload``, ``configmacros``)
are read from ``components/src/input/tex/tex.js`` of the same release, and the
names that ``autoload`` loads on first use from its default options.

Usage::

    python scripts/gen_mathjax_data.py [--version 3.2.2] [--output notelint/data/mathjax3.json]

Needs ``node`` and ``npm`` on PATH and access to the npm registry.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tempfile
from pathlib import Path

_NODE_SCRIPT = r"""
require('mathjax-full/js/input/tex/AllPackages.js');
const {ConfigurationHandler} = require('mathjax-full/js/input/tex/Configuration.js');
const {MapHandler} = require('mathjax-full/js/input/tex/MapHandler.js');
const {AutoloadConfiguration} = require('mathjax-full/js/input/tex/autoload/AutoloadConfiguration.js');
const out = {packages: {}, autoload: AutoloadConfiguration.options.autoload};
for (const name of ConfigurationHandler.keys()) {
  const handler = ConfigurationHandler.get(name).handler;
  const macros = new Set(), envs = new Set();
  for (const kind of ['character', 'delimiter', 'macro']) {
    for (const m of (handler[kind] || [])) {
      const map = MapHandler.getMap(m);
      if (map && map.map) for (const k of map.map.keys()) macros.add(k);
    }
  }
  for (const m of (handler.environment || [])) {
    const map = MapHandler.getMap(m);
    if (map && map.map) for (const k of map.map.keys()) envs.add(k);
  }
  out.packages[name] = {macros: [...macros], environments: [...envs]};
}
process.stdout.write(JSON.stringify(out));
"""

_WORD = re.compile(r"^\\?([A-Za-z]+)$")


def _control_words(keys: list[str]) -> list[str]:
    """Control-word names (letters only, without the backslash) among map keys.

    Character maps are keyed by bare names (``alpha``), delimiter maps by the
    control sequence (``\\lbrace``) or the character (``(``); control symbols
    (``\\,``) are not kept because every ``\\`` + non-letter is one token.
    """
    names = set()
    for k in keys:
        m = _WORD.match(k)
        if m and (k.startswith("\\") or len(k) > 1):
            names.add(m.group(1))
    return sorted(names)


def _default_packages(root: Path) -> list[str]:
    src = (root / "components/src/input/tex/tex.js").read_text(encoding="utf-8")
    block = src[src.index("registerTeX(["):]
    return re.findall(r"'([a-z0-9-]+)'", block[: block.index("])")])


def generate(version: str) -> dict[str, object]:
    """Install ``mathjax-full@version`` in a temporary folder and return the data table."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "install", "--no-save", "--silent", f"mathjax-full@{version}"],
                       cwd=tmp, check=True)
        root = Path(tmp) / "node_modules" / "mathjax-full"
        exact = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
        raw = json.loads(subprocess.run(["node", "-e", _NODE_SCRIPT], cwd=tmp, check=True,
                                        capture_output=True, text=True).stdout)
        defaults = _default_packages(root)
    packages = {
        name: {"macros": _control_words(p["macros"]), "environments": sorted(p["environments"])}
        for name, p in sorted(raw["packages"].items())
    }
    autoload: dict[str, dict[str, list[str]]] = {}
    for pkg, spec in sorted(raw["autoload"].items()):
        macros, envs = (spec if len(spec) == 2 and isinstance(spec[0], list) else (spec, []))
        autoload[pkg] = {"macros": sorted(macros), "environments": sorted(envs)}
    return {
        "source": f"npm mathjax-full@{exact}: js/input/tex/*/ *Configuration handler maps "
                  "(MapHandler), components/src/input/tex/tex.js, autoload default options",
        "version": exact,
        "generator": "scripts/gen_mathjax_data.py",
        "default_packages": defaults,
        "autoload": autoload,
        "packages": packages,
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", default="3.2.2")
    ap.add_argument("--output", type=Path,
                    default=Path(__file__).resolve().parents[1] / "notelint/data/mathjax3.json")
    args = ap.parse_args()
    data = generate(args.version)
    args.output.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({sum(len(p['macros']) for p in data['packages'].values())} macros)")


if __name__ == "__main__":
    main()
