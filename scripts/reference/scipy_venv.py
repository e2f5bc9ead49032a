"""Pinned virtual environments for the scripts that record a peer's runs (scipy's, cma's), created
and filled with pip when missing, the calling script re-executed in them; and the printing of
recorded numbers as Swift array literals (hexadecimal floats, so the tests embed exact bits), or as
the JSON files under Tests/Data."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def reexec_in_pinned_venv(name, module, version):
    """Re-executes the running script in .build/NAME, where `module` (a pip package of the same
    name) is at `version`, with numpy; installs them when the venv is missing or differs."""
    venv = os.path.join(ROOT, ".build", name)
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    probe = subprocess.run([python, "-c", f"import {module}; print({module}.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != version:
        subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               f"{module}=={version}", "numpy"])
    os.execv(python, [python] + sys.argv)


def reexec_in_venv(scipy_version):
    """Re-executes the running script in .build/venv-reference with scipy `scipy_version`."""
    reexec_in_pinned_venv("venv-reference", "scipy", scipy_version)


def print_swift_rows(label, pairs):
    """`label: [` the pairs' f as hexadecimal floats, 4 a line, `], evaluations: [` their counts,
    16 a line, `]),` — the tail of a Swift `Reference(…)` literal."""
    print(f"        {label}: [")
    for k in range(0, len(pairs), 4):
        print("            " + " ".join(f.hex() + "," for f, _ in pairs[k:k + 4]))
    print("        ],")
    print("        evaluations: [")
    for k in range(0, len(pairs), 16):
        print("            " + " ".join(str(n) + "," for _, n in pairs[k:k + 16]))
    print("        ]),")


def write_or_print(data, name):
    """`data` as indented JSON: into Tests/Data/NAME with --write on the command line, else to stdout."""
    text = json.dumps(data, indent=1) + "\n"
    if "--write" in sys.argv:
        path = os.path.join(ROOT, "Tests", "Data", name)
        with open(path, "w") as out:
            out.write(text)
        print("wrote", path)
    else:
        sys.stdout.write(text)
