#!/usr/bin/env python3
"""Regenerates problems/data/*.csv from the copies scikit-learn ships inside its package
(sklearn.datasets.load_digits, load_breast_cancer, load_diabetes with scaled=False): no network.
Each CSV has a header; the last column is the target. OptBench itself only reads the CSVs.
    pip install scikit-learn && python3 scripts/reference/make-datasets.py
"""
import csv
import os

from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "problems", "data")

def write(name, data, target, columns, target_name, integer_features=False):
    path = os.path.join(here, name)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(columns) + [target_name])
        for row, t in zip(data, target):
            cells = [str(int(v)) if integer_features else repr(float(v)) for v in row]
            w.writerow(cells + [str(int(t)) if float(t).is_integer() else repr(float(t))])
    print(f"{path}: {len(data)} rows × {len(columns)} features")

d = load_digits()
write("digits.csv", d.data, d.target, [f"pixel_{i // 8}_{i % 8}" for i in range(64)], "digit", integer_features=True)
c = load_breast_cancer()
write("breast-cancer.csv", c.data, c.target, [n.replace(" ", "_") for n in c.feature_names], "benign")
b = load_diabetes(scaled=False)
write("diabetes.csv", b.data, b.target, list(b.feature_names), "progression")
