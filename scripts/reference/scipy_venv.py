"""The venv the reference scripts that record scipy's runs share: .build/venv-reference with a
pinned scipy, created and filled with pip when missing; the calling script re-executes in it."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def reexec_in_venv(scipy_version):
    """Re-executes the running script in .build/venv-reference with scipy `scipy_version`."""
    venv = os.path.join(ROOT, ".build", "venv-reference")
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    probe = subprocess.run([python, "-c", "import scipy; print(scipy.__version__)"], capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != scipy_version:
        subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               "scipy==" + scipy_version, "numpy"])
    os.execv(python, [python] + sys.argv)
