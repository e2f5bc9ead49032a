#!/usr/bin/env python3
"""Writes problems/nist/NAME-1.json and NAME-2.json, the 27 NIST StRD nonlinear regression
problems from NIST's two starts, as data fits (`"data"` and one `"residual"` template applied per
row, f = Σ rᵢ², NIST's residual sum of squares), from NIST's own data files in
problems/data/nist-strd/ (the .dat files of https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml,
public domain, unchanged).

The observations go to problems/nist/data/NAME.csv (columns y, x — Nelson: y, x1, x2 — numbers as
NIST prints them); both starts' files name it. Each problem file holds the residual
y − model(x) (Nelson: log(y) − model), the start, and NIST's certified parameters and residual sum
of squares as `minimizer` and `minimum`. The models are written out below from the "Model:" block
of each file, in NIST's notation (`**`, `arctan`) with [ ] as ( ).
scripts/reference/nist_reference.py evaluates the same data with NumPy, independently of these
formulas, for ProblemsTests/NISTStRDTests.swift.

    python3 scripts/reference/make-nist-strd.py            # rewrites problems/nist/
"""
import json
import os
import re

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
data_dir = os.path.join(root, "problems", "data", "nist-strd")
out_dir = os.path.join(root, "problems", "nist")

# name → model in OptBench's formula language, {x} (or {x1}, {x2}) the predictor(s); NIST's
# "Model:" line with [ ] as ( ) (`**` and `arctan` are read as NIST writes them). Nelson's response
# is log(y).
MODELS = {
    "Misra1a": "b1*(1 - exp(-b2*{x}))",
    "Chwirut2": "exp(-b1*{x})/(b2 + b3*{x})",
    "Chwirut1": "exp(-b1*{x})/(b2 + b3*{x})",
    "Lanczos3": "b1*exp(-b2*{x}) + b3*exp(-b4*{x}) + b5*exp(-b6*{x})",
    "Gauss1": "b1*exp(-b2*{x}) + b3*exp(-({x} - b4)**2/b5**2) + b6*exp(-({x} - b7)**2/b8**2)",
    "Gauss2": "b1*exp(-b2*{x}) + b3*exp(-({x} - b4)**2/b5**2) + b6*exp(-({x} - b7)**2/b8**2)",
    "DanWood": "b1*{x}**b2",
    "Misra1b": "b1*(1 - (1 + b2*{x}/2)**(-2))",
    "Kirby2": "(b1 + b2*{x} + b3*{x}**2)/(1 + b4*{x} + b5*{x}**2)",
    "Hahn1": "(b1 + b2*{x} + b3*{x}**2 + b4*{x}**3)/(1 + b5*{x} + b6*{x}**2 + b7*{x}**3)",
    "Nelson": "b1 - b2*{x1}*exp(-b3*{x2})",
    "MGH17": "b1 + b2*exp(-{x}*b4) + b3*exp(-{x}*b5)",
    "Lanczos1": "b1*exp(-b2*{x}) + b3*exp(-b4*{x}) + b5*exp(-b6*{x})",
    "Lanczos2": "b1*exp(-b2*{x}) + b3*exp(-b4*{x}) + b5*exp(-b6*{x})",
    "Gauss3": "b1*exp(-b2*{x}) + b3*exp(-({x} - b4)**2/b5**2) + b6*exp(-({x} - b7)**2/b8**2)",
    "Misra1c": "b1*(1 - (1 + 2*b2*{x})**(-0.5))",
    "Misra1d": "b1*b2*{x}*(1 + b2*{x})**(-1)",
    "Roszman1": "b1 - b2*{x} - arctan(b3/({x} - b4))/pi",
    "ENSO": "b1 + b2*cos(2*pi*{x}/12) + b3*sin(2*pi*{x}/12) + b5*cos(2*pi*{x}/b4) + b6*sin(2*pi*{x}/b4)"
            " + b8*cos(2*pi*{x}/b7) + b9*sin(2*pi*{x}/b7)",
    "MGH09": "b1*({x}**2 + {x}*b2)/({x}**2 + {x}*b3 + b4)",
    "Thurber": "(b1 + b2*{x} + b3*{x}**2 + b4*{x}**3)/(1 + b5*{x} + b6*{x}**2 + b7*{x}**3)",
    "BoxBOD": "b1*(1 - exp(-b2*{x}))",
    "Rat42": "b1/(1 + exp(b2 - b3*{x}))",
    "MGH10": "b1*exp(b2/({x} + b3))",
    "Eckerle4": "(b1/b2)*exp(-0.5*(({x} - b3)/b2)**2)",
    "Rat43": "b1/((1 + exp(b2 - b3*{x}))**(1/b4))",
    "Bennett5": "b1*(b2 + {x})**(-1/b3)",
}


def parse(name):
    """NIST's file: (difficulty, description, starts [2][k], certified b [k], certified RSS, rows)."""
    lines = open(os.path.join(data_dir, name + ".dat")).read().splitlines()
    text = "\n".join(lines)
    difficulty = re.search(r"(Lower|Average|Higher) Level of Difficulty", text).group(1)
    starts, certified = [[], []], []
    for line in lines:
        m = re.match(r"\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$", line)
        if m:
            assert int(m.group(1)) == len(certified) + 1, (name, line)
            starts[0].append(float(m.group(2)))
            starts[1].append(float(m.group(3)))
            certified.append(float(m.group(4)))
    rss = float(re.search(r"Residual Sum of Squares:\s+(\S+)", text).group(1))
    # The data follow the last line starting with "Data:" (its columns' header).
    header = max(i for i, line in enumerate(lines) if line.startswith("Data:"))
    rows = [line.split() for line in lines[header + 1:] if line.strip()]
    for row in rows:
        for v in row:
            float(v)  # every cell a number
    count = int(re.search(r"(\d+) Observations", text).group(1))
    assert len(rows) == count, (name, len(rows), count)
    return difficulty, starts, certified, rss, rows


def write_data(name, rows):
    """problems/nist/data/NAME.csv: a header, then NIST's rows as NIST prints them."""
    columns = ["y", "x1", "x2"] if name == "Nelson" else ["y", "x"]
    assert all(len(row) == len(columns) for row in rows), name
    os.makedirs(os.path.join(out_dir, "data"), exist_ok=True)
    with open(os.path.join(out_dir, "data", name.lower() + ".csv"), "w") as f:
        f.write(",".join(columns) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def residual(name):
    """The template applied to every row: the response less the model."""
    model = MODELS[name].format(x="x", x1="x1", x2="x2")
    return f"log(y) - ({model})" if name == "Nelson" else f"y - ({model})"


def main():
    os.makedirs(out_dir, exist_ok=True)
    for name in MODELS:
        difficulty, starts, certified, rss, rows = parse(name)
        write_data(name, rows)
        for s in (1, 2):
            problem = {
                "kind": "expression",
                "name": f"NIST StRD {name}, start {s}",
                "description": (
                    f"NIST StRD nonlinear regression {name} ({difficulty.lower()} difficulty), "
                    f"y = {MODELS[name].format(x='x', x1='x1', x2='x2')}"
                    + (" fitted to log(y)" if name == "Nelson" else "")
                    + f" on {len(rows)} observations, NIST's start {s}. f = Σ rᵢ² is NIST's residual sum of squares; "
                    f"minimum and minimizer are NIST's certified values "
                    f"(https://www.itl.nist.gov/div898/strd/nls/data/{name.lower()}.shtml); "
                    "made by scripts/reference/make-nist-strd.py from problems/data/nist-strd/" + name + ".dat."),
                "data": f"data/{name.lower()}.csv",
                "residual": residual(name),
                "x0": starts[s - 1],
                "minimum": rss,
                "minimizer": certified,
            }
            with open(os.path.join(out_dir, f"{name.lower()}-{s}.json"), "w") as f:
                json.dump(problem, f, indent=1, ensure_ascii=False)
                f.write("\n")
    print(f"wrote {2 * len(MODELS)} problem files and {len(MODELS)} data files to {out_dir}")


if __name__ == "__main__":
    main()
