"""OptBench's PEP 517 build backend (in-tree, standard library only).

``pip install ./python``: builds the C library with SwiftPM (``swift build -c release
--product OptBenchC`` in the repository, python/'s parent) and makes a wheel of the
``optbench`` package with the library bundled (``optbench/libOptBenchC.so``) and
``optbench/_build_info.py`` (the repository and configuration it came from).

``pip install -e ./python``: the same SwiftPM build, and a wheel that only puts ``python/`` on
``sys.path`` (a ``.pth`` file): the package is this folder's, and it loads the library from
the repository's ``.build/`` (or ``$OPTBENCH_LIB``).

Environment:
  OPTBENCH_BUILD_CONFIGURATION  release (default) or debug
  OPTBENCH_SKIP_BUILD=1         do not run swift build: bundle (or use) what .build/ has
  OPTBENCH_SWIFT_BUILD_FLAGS    extra flags for swift build (e.g. -Xswiftc -static-stdlib)
  OPTBENCH_ROOT                 the repository, when python/ is not inside it
No build requirements are downloaded: the backend and the wheel format are plain Python.
"""

import base64
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile

NAME = "optbench"
VERSION = "0.2.0"
LIBRARY = "libOptBenchC.dylib" if sys.platform == "darwin" else "libOptBenchC.so"
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _root():
    root = os.environ.get("OPTBENCH_ROOT") or os.path.dirname(PYTHON_DIR)
    if not os.path.isfile(os.path.join(root, "Package.swift")):
        raise RuntimeError("optbench: %s is not the OptBench repository (no Package.swift); set OPTBENCH_ROOT" % root)
    return os.path.abspath(root)


def _configuration():
    configuration = os.environ.get("OPTBENCH_BUILD_CONFIGURATION", "release")
    if configuration not in ("release", "debug"):
        raise RuntimeError("OPTBENCH_BUILD_CONFIGURATION=%r: expected release or debug" % configuration)
    return configuration


def _build_library():
    """Runs swift build for the library (unless OPTBENCH_SKIP_BUILD=1); returns its path."""
    root, configuration = _root(), _configuration()
    if os.environ.get("OPTBENCH_SKIP_BUILD") != "1":
        command = ["swift", "build", "-c", configuration, "--product", "OptBenchC"]
        command += shlex.split(os.environ.get("OPTBENCH_SWIFT_BUILD_FLAGS", ""))
        print("optbench: %s (in %s)" % (" ".join(command), root), file=sys.stderr, flush=True)
        subprocess.run(command, cwd=root, check=True, stdout=sys.stderr)
    path = os.path.join(root, ".build", configuration, LIBRARY)
    if not os.path.isfile(path):
        raise RuntimeError("optbench: %s was not built" % path)
    return path


def _tag():
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "py3-none-" + platform


def _metadata():
    readme = os.path.join(PYTHON_DIR, "README.md")
    description = open(readme, encoding="utf-8").read() if os.path.isfile(readme) else ""
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n"
            "Summary: Minimize Python functions with OptBench's solvers (in-process through its C library, or a pipe)\n"
            "Requires-Python: >=3.8\nRequires-Dist: numpy\nDescription-Content-Type: text/markdown\n\n%s"
            % (NAME, VERSION, description))


class _Wheel(object):
    def __init__(self, directory, tag):
        self.name = "%s-%s-%s.whl" % (NAME, VERSION, tag)
        self.path = os.path.join(directory, self.name)
        self.tag = tag
        self.records = []
        self.zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED)

    def add(self, archive_name, data, mode=0o644):
        if isinstance(data, str):
            data = data.encode("utf-8")
        info = zipfile.ZipInfo(archive_name, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append("%s,sha256=%s,%d" % (archive_name, digest, len(data)))

    def close(self):
        info = "%s-%s.dist-info" % (NAME, VERSION)
        self.add(info + "/METADATA", _metadata())
        self.add(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: optbench_build\nRoot-Is-Purelib: false\nTag: %s\n" % self.tag)
        self.records.append(info + "/RECORD,,")
        self.zip.writestr(info + "/RECORD", "\n".join(self.records) + "\n")
        self.zip.close()
        return self.name


def _package_files():
    package = os.path.join(PYTHON_DIR, NAME)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py") and name != "_build_info.py":
            yield name, os.path.join(package, name)


# ---- PEP 517 ---------------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    library = _build_library()
    wheel = _Wheel(wheel_directory, _tag())
    for name, path in _package_files():
        with open(path, "rb") as source:
            wheel.add("%s/%s" % (NAME, name), source.read())
    with open(library, "rb") as source:
        wheel.add("%s/%s" % (NAME, LIBRARY), source.read(), mode=0o755)
    wheel.add("%s/_build_info.py" % NAME,
              '"""Written by the build backend: where the bundled library came from."""\n'
              "REPOSITORY = %r\nCONFIGURATION = %r\nLIBRARY_SOURCE = %r\n" % (_root(), _configuration(), library))
    return wheel.close()


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _build_library()
    wheel = _Wheel(wheel_directory, _tag())
    wheel.add("__editable__.%s.pth" % NAME, PYTHON_DIR + "\n")
    return wheel.close()


def build_sdist(sdist_directory, config_settings=None):
    raise RuntimeError("optbench: no sdist; install from the repository (pip install ./python)")
