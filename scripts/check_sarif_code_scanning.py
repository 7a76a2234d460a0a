"""Check notelint's SARIF against GitHub code scanning's upload rules (needs npm and a network).

GitHub code scanning refuses or degrades SARIF files that break its own rules
(rules without help, locations of the wrong shape...).  Microsoft's SARIF
Multitool applies those rules with ``validate --rule-kind Gh``.  This check
fetches the Multitool from the npm registry (``npm pack``, Linux build), runs
``notelint check --format sarif`` on ``examples/notes`` and validates the
log; as a control, the same log with the rules' help removed must be refused
(GH2012).  It is kept outside the test suite, which runs without a network
and validates SARIF against the vendored schema instead.

Usage, from the repository root::

    python scripts/check_sarif_code_scanning.py

Exit status 0 when the log passes and the control is refused, 1 otherwise,
2 when npm or the package is not available.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Microsoft's SARIF Multitool (npm), Linux build.
MULTITOOL = "@microsoft/sarif-multitool-linux@5.7.0"


def fetch_multitool(dest: Path) -> Path:
    """Unpack the Multitool package into ``dest``; return its executable."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the SARIF Multitool")
    packed = subprocess.run([npm, "pack", MULTITOOL, "--silent", "--pack-destination", str(dest)],
                            capture_output=True, text=True, timeout=540, check=False)
    if packed.returncode != 0:
        print(packed.stderr, file=sys.stderr)
        raise SystemExit(2)
    tarball = dest / packed.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="data")
        else:  # Python without extraction filters
            tf.extractall(dest)
    exe = dest / "package" / "Sarif.Multitool"
    exe.chmod(0o755)
    return exe


def github_rule_failures(exe: Path, log: dict[str, Any], folder: Path) -> list[str]:
    """``ruleId: message`` of every error or warning the Multitool's GitHub rules report."""
    src = folder / "input.sarif"
    src.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    out = folder / "validation.sarif"
    out.unlink(missing_ok=True)
    # Only the "Gh" rules: they are offline (the generic ones fetch every helpUri).
    proc = subprocess.run([str(exe), "validate", str(src), "--rule-kind", "Gh",
                           "--level", "Error;Warning", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1",
                               "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    if proc.returncode != 0 or not out.is_file():
        raise SystemExit(f"the Multitool failed:\n{proc.stdout}{proc.stderr}")
    report = json.loads(out.read_text(encoding="utf-8-sig"))
    return [f"{r['ruleId']}: {r['message'].get('text') or r['message'].get('arguments')}"
            for run in report["runs"] for r in run.get("results", [])]


def main() -> int:
    if not sys.platform.startswith("linux"):
        print("the SARIF Multitool package used here is the Linux build", file=sys.stderr)
        return 2
    proc = subprocess.run([sys.executable, "-m", "notelint", "check", "examples/notes",
                           "--format", "sarif"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
        return 1
    log = json.loads(proc.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        exe = fetch_multitool(folder)
        failures = github_rule_failures(exe, log, folder)
        broken = json.loads(proc.stdout)
        for rule in broken["runs"][0]["tool"]["driver"]["rules"]:
            del rule["help"]
        control = github_rule_failures(exe, broken, folder)
    for line in failures:
        print(line)
    if failures:
        return 1
    if not control or not all(f.startswith("GH2012: ") for f in control):
        print(f"control not refused as expected: {control}", file=sys.stderr)
        return 1
    print(f"ok: {len(log['runs'][0]['results'])} results pass GitHub's rules; "
          "the control without rule help is refused (GH2012)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
