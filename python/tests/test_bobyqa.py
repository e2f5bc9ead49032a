"""optbench.minimize(method='bobyqa'): OptBench's Powell BOBYQA with PDFO's option names.

The expected numbers are PDFO 2.2.0's runs (scripts/reference/reference-bobyqa.py): the function
is written as the script writes it, so OptBench's run is PDFO's to the last bit.
"""
import unittest

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder


def rosen(x):
    a = x[1] - x[0] * x[0]
    b = 1.0 - x[0]
    return 100.0 * (a * a) + b * b


class BOBYQATest(unittest.TestCase):
    def test_reproduces_pdfo(self):
        r = optbench.minimize(rosen, [-1.2, 1.0], method="bobyqa", options={"rhobeg": 0.5, "rhoend": 1e-6})
        self.assertEqual((r.status, r.success, r.nfev), (0, True, 202))
        self.assertEqual(list(r.x), [float.fromhex("0x1.ffffff31f1f36p-1"), float.fromhex("0x1.fffffe630e009p-1")])
        self.assertEqual(r.fun, float.fromhex("0x1.4c40db013040cp-51"))
        self.assertIn("lower bound for the trust region radius", r.message)

    def test_bounds_and_maxfev(self):
        r = optbench.minimize(rosen, [-1.2, 1.0], method="bobyqa", bounds=[(-1.5, 0.5), (-0.5, 2.0)],
                              options={"rhobeg": 0.5, "rhoend": 1e-6})
        self.assertEqual((r.status, r.nfev), (0, 77))
        self.assertEqual(list(r.x), [0.5, 0.2499999999999999])
        calls = []
        r = optbench.minimize(lambda x: calls.append(1) or rosen(x), [-1.2, 1.0], method="bobyqa",
                              options={"rhobeg": 0.5, "maxfev": 30})
        self.assertEqual((r.status, r.success, r.nfev, len(calls)), (3, False, 30, 30))
        self.assertAlmostEqual(r.fun, 3.008921527347292, places=12)

    def test_npt_and_refusals(self):
        quadratic = lambda x: 0.5 * (4.0 * x[0] * x[0] + 3.0 * x[1] * x[1] + 2.0 * x[2] * x[2] + 2.0 * x[0] * x[1]
                                     + 2.0 * x[1] * x[2]) - (x[0] + 2.0 * x[1] + 3.0 * x[2])
        r = optbench.minimize(quadratic, np.zeros(3), method="bobyqa", options={"rhobeg": 1.0, "npt": 10})
        self.assertEqual((r.status, r.nfev), (0, 30))
        np.testing.assert_allclose(r.x, [2 / 9, 1 / 9, 13 / 9], atol=1e-15)
        with self.assertRaisesRegex(ValueError, "rhoend"):
            optbench.minimize(rosen, [-1.2, 1.0], method="bobyqa", options={"rhobeg": 0.5, "rhoend": 1.0})
        with self.assertRaisesRegex(ValueError, "points = 7"):
            optbench.minimize(rosen, [-1.2, 1.0], method="bobyqa", options={"npt": 7})
        with self.assertRaisesRegex(ValueError, "rhobeg"):
            optbench.minimize(rosen, [0.0, 0.0], method="bobyqa", bounds=[(-1, 1), (0, 1)], options={"rhobeg": 0.6})


if __name__ == "__main__":
    unittest.main()
