"""The optbench package the tests run against: the installed one (`pip install ./python`, or
`pip install -e ./python`), else the package beside this folder (tests run from a checkout
without installing). Every test file imports it first, so the rule is written once."""

import os
import sys

try:
    import optbench
except ImportError:  # not installed: the package beside this folder
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import optbench  # noqa: E402

__all__ = ["optbench"]
