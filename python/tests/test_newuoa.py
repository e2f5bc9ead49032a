"""optbench.minimize(method='newuoa'): OptBench's Powell NEWUOA with PDFO's option names.

The expected numbers are PDFO 2.2.0's runs (scripts/reference/reference-newuoa.py): the function
is written as the script writes it, so OptBench's run is PDFO's to the last bit.
"""
import unittest

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder


def rosen(x):
    a = x[1] - x[0] * x[0]
    b = 1.0 - x[0]
    return 100.0 * (a * a) + b * b


class NEWUOATest(unittest.TestCase):
    def test_reproduces_pdfo(self):
        r = optbench.minimize(rosen, [-1.2, 1.0], method="newuoa", options={"rhobeg": 0.5, "rhoend": 1e-6})
        self.assertEqual((r.status, r.success, r.nfev), (0, True, 158))
        self.assertEqual(list(r.x), [float.fromhex("0x1.0000044cd063bp+0"), float.fromhex("0x1.0000089e1353ep+0")])
        self.assertEqual(r.fun, float.fromhex("0x1.285493eaafae2p-44"))
        self.assertIn("Return from newuoa because the lower bound for the trust region radius", r.message)

    def test_maxfev_and_npt(self):
        calls = []
        r = optbench.minimize(lambda x: calls.append(1) or rosen(x), [-1.2, 1.0], method="newuoa",
                              options={"rhobeg": 0.5, "maxfev": 30})
        self.assertEqual((r.status, r.success, r.nfev, len(calls)), (3, False, 30, 30))
        self.assertEqual(r.fun, float.fromhex("0x1.093eb1cd62791p+1"))
        quadratic = lambda x: 0.5 * (4.0 * x[0] * x[0] + 3.0 * x[1] * x[1] + 2.0 * x[2] * x[2] + 2.0 * x[0] * x[1]
                                     + 2.0 * x[1] * x[2]) - (x[0] + 2.0 * x[1] + 3.0 * x[2])
        r = optbench.minimize(quadratic, np.zeros(3), method="newuoa", options={"rhobeg": 1.0, "npt": 10})
        self.assertEqual((r.status, r.nfev), (0, 30))
        np.testing.assert_allclose(r.x, [2 / 9, 1 / 9, 13 / 9], atol=1e-15)

    def test_refusals(self):
        with self.assertRaisesRegex(ValueError, "rhoend"):
            optbench.minimize(rosen, [-1.2, 1.0], method="newuoa", options={"rhobeg": 0.5, "rhoend": 1.0})
        with self.assertRaisesRegex(ValueError, "points = 3"):
            optbench.minimize(rosen, [-1.2, 1.0], method="newuoa", options={"npt": 3})
        with self.assertWarnsRegex(RuntimeWarning, "cannot handle bounds"):
            with self.assertRaisesRegex(ValueError, "newuoa does not take bounds.*bobyqa"):
                optbench.minimize(rosen, [0.0, 0.0], method="newuoa", bounds=[(-1, 1), (0, 1)])


if __name__ == "__main__":
    unittest.main()
