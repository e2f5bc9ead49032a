"""OptBench's constrained solvers beside scipy (SLSQP, trust-constr, COBYLA), NLopt (LD_SLSQP, AUGLAG
with LD_LBFGS inside) and IPOPT on the Hock–Schittkowski problems (Hock & Schittkowski, Test
Examples for Nonlinear Programming Codes, Lecture Notes in Econ. and Math. Systems 187, 1981): every
file in problems/hs, listed when the script runs.

OptBench's side is every solver whose catalog entry takes general constraints (`"constraints": true`
in `optbench list --format json`), each run by `optbench run --format json` at its defaults, and ipm
once more with `--hessian lbfgs` ("ipm lbfgs", VARIANTS), the run checked against IPOPT's limited-memory
one (no second derivatives on either side; OptBench's exact-Hessian evaluations count as H). The peers
evaluate the same f, ∇f, c and J through `optbench eval --constraints --stdin` (IPOPT through
scripts/compare/ipopt_driver.c, which asks this script for each value); they count every
evaluation they ask for (c and J once per point: scipy asks for the equality and inequality parts
separately).

Solved: at the returned x, the largest violation of the constraints' sides and of the box, each in
its own units, is ≤ 1e-6, and |f − f*| ≤ 1e-6·max(1, |f*|) with f* the published minimum in the
problem file. Writes results/constrained.md (a table per problem, solved counts, median evaluations
over the problems both sides of a pair solved, the issue's check), results/constrained.csv (one row
per run) and results/constrained-profile.svg (Dolan & Moré's performance profile over evaluations).
"""
import argparse
import csv
import json
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import time
import warnings

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = os.environ.get("OPTBENCH_BINARY") or os.path.join(root, ".build", "release", "optbench")
ipopt_driver = os.environ.get("OPTBENCH_IPOPT_DRIVER") or os.path.join(root, ".build", "ipopt", "ipopt_driver")
FEASIBLE = 1e-6      # largest violation, in the constraint's own units
F_TOLERANCE = 1e-6   # |f − f*| ≤ F_TOLERANCE·max(1, |f*|)
MAX_EVALS = 20000    # f evaluations a run may spend: OptBench's --max-evals, NLopt's maxeval, the peers' bridge
TIME_LIMIT = 600     # seconds, a safety net only: the evaluation budget ends every run first
JOBS = int(os.environ.get("JOBS", "2"))
# OptBench runs besides each solver's defaults: method name → (solver, its extra options).
# "ipm lbfgs": ipm with IPOPT's limited-memory BFGS approximation of ∇²L, the pairing for IPOPT, which
# runs with that approximation (neither asks for second derivatives; ipm at its defaults takes the
# exact ∇²L of a formula problem, whose evaluations its row counts in H).
VARIANTS = {"ipm": {"ipm lbfgs": ["--hessian", "lbfgs"]}}
# The issue's pairs: OptBench method → its peer.
PAIRS = {"sqp": "scipy SLSQP", "ipm lbfgs": "IPOPT", "auglag": "NLopt AUGLAG"}
# Shown beside a peer in a partial run's differences, though not the check's pairing.
ALSO_COMPARED = {"ipm": "IPOPT"}


def optbench(*arguments, check=True):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if check and result.returncode not in (0, 1):
        sys.exit(f"optbench {' '.join(arguments)}: exit {result.returncode}: {result.stderr}")
    return result.stdout


def problem_files():
    """Every problem file in problems/hs, in the order of their numbers."""
    folder = os.path.join(root, "problems", "hs")
    names = [name for name in os.listdir(folder) if name.endswith(".json")]
    return [os.path.join(folder, name) for name in sorted(names, key=lambda s: [int(t) if t.isdigit() else t
                                                                                 for t in re.split(r"(\d+)", s)])]


def side(values, infinite):
    return np.array([infinite if v is None else float(v) for v in values], dtype=float)


def load_problem(path):
    start = json.loads(optbench("eval", "--problem", path, "--start", "--constraints"))
    n = len(start["x0"])
    return {"path": path, "name": os.path.basename(path)[:-5], "n": n, "x0": np.array(start["x0"], dtype=float),
            "f_star": start["f_minimum"], "lower": side(start["lower"] or [None] * n, -np.inf),
            "upper": side(start["upper"] or [None] * n, np.inf),
            "cl": side(start["constraint_lower"], -np.inf), "cu": side(start["constraint_upper"], np.inf)}


class OutOfBudget(Exception):
    pass


class Bridge:
    """f, ∇f, c and J of one problem through `optbench eval --constraints --stdin`, counting what the peer
    asks for: f and ∇f per request, c and J once per point (the last point each was asked at)."""

    def __init__(self, problem):
        self.process = subprocess.Popen([binary, "eval", "--problem", problem["path"], "--constraints", "--stdin"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.counts = {"f": 0, "g": 0, "c": 0, "J": 0, "H": 0}
        self.last = {"c": None, "J": None}
        self.answered = (None, None)
        self.last_f_point = None

    def answer(self, x):
        x = np.array(x, dtype=float).ravel()
        if self.answered[0] is not None and np.array_equal(self.answered[0], x):
            return self.answered[1]
        self.process.stdin.write(json.dumps([float(v) for v in x]) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        nan = float("nan")
        value = {"f": nan if reply["f"] is None else float(reply["f"]),
                 "g": np.array([nan if v is None else v for v in reply["g"]], dtype=float),
                 "c": np.array([nan if v is None else v for v in reply["c"]], dtype=float),
                 "J": np.array([[nan if v is None else v for v in row] for row in reply["Jc"]],
                               dtype=float).reshape(len(reply["c"]), len(x))}
        self.answered = (x, value)
        return value

    def ask(self, kind, x):
        if kind == "f" and self.counts["f"] >= MAX_EVALS:
            raise OutOfBudget()
        value = self.answer(x)[kind]
        if kind in self.last:
            if self.last[kind] is None or not np.array_equal(self.last[kind], np.ravel(x)):
                self.counts[kind] += 1
                self.last[kind] = np.array(x, dtype=float).ravel()
        else:
            self.counts[kind] += 1
        if kind == "f":
            self.last_f_point = np.array(x, dtype=float).ravel()
        return value

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def box(problem):
    return [(None if np.isinf(lo) else lo, None if np.isinf(hi) else hi)
            for lo, hi in zip(problem["lower"], problem["upper"])]


def split_sides(problem):
    """Indices of the equalities, and the inequality sides as (index, sign, bound): sign·(cᵢ − bound) ≥ 0."""
    equalities = [i for i in range(len(problem["cl"])) if problem["cl"][i] == problem["cu"][i]]
    sides = []
    for i in range(len(problem["cl"])):
        if i in equalities:
            continue
        if np.isfinite(problem["cl"][i]):
            sides.append((i, 1.0, problem["cl"][i]))
        if np.isfinite(problem["cu"][i]):
            sides.append((i, -1.0, problem["cu"][i]))
    return equalities, sides


def scipy_run(method):
    def run(bridge, problem):
        from scipy.optimize import Bounds, NonlinearConstraint, minimize
        fun, jac = (lambda x: bridge.ask("f", x)), (lambda x: bridge.ask("g", x))
        bounds = Bounds(problem["lower"], problem["upper"])
        if method == "SLSQP":
            equalities, sides = split_sides(problem)
            constraints = []
            if equalities:
                constraints.append({"type": "eq", "fun": lambda x: bridge.ask("c", x)[equalities] - problem["cl"][
                    equalities], "jac": lambda x: bridge.ask("J", x)[equalities]})
            if sides:
                index = [i for i, _, _ in sides]
                sign = np.array([s for _, s, _ in sides])
                bound = np.array([b for _, _, b in sides])
                constraints.append({"type": "ineq", "fun": lambda x: sign * (bridge.ask("c", x)[index] - bound),
                                    "jac": lambda x: sign[:, None] * bridge.ask("J", x)[index]})
            result = minimize(fun, problem["x0"], jac=jac, method="SLSQP", bounds=bounds, constraints=constraints)
        else:
            if method == "trust-constr":
                constraint = NonlinearConstraint(lambda x: bridge.ask("c", x), problem["cl"], problem["cu"],
                                                 jac=lambda x: bridge.ask("J", x))
            else:
                constraint = NonlinearConstraint(lambda x: bridge.ask("c", x), problem["cl"], problem["cu"])
            result = minimize(fun, problem["x0"], jac=jac if method == "trust-constr" else None, method=method,
                              bounds=bounds, constraints=[constraint] if len(problem["cl"]) else [])
        status = "converged" if result.success else str(result.message).split("\n")[0][:90]
        return result.x, status, result.get("nit")
    return run


NLOPT_XTOL, NLOPT_FTOL = 1e-8, 1e-12


def nlopt_run(algorithm):
    def run(bridge, problem):
        import nlopt
        n = problem["n"]
        opt = nlopt.opt(getattr(nlopt, algorithm), n)
        lower = np.where(np.isinf(problem["lower"]), -np.inf, problem["lower"])
        upper = np.where(np.isinf(problem["upper"]), np.inf, problem["upper"])
        opt.set_lower_bounds(lower)
        opt.set_upper_bounds(upper)

        def objective(x, grad):
            f = bridge.ask("f", x)
            if grad.size > 0:
                grad[:] = bridge.ask("g", x)
            return f

        opt.set_min_objective(objective)
        equalities, sides = split_sides(problem)
        if equalities:
            def equality(result, x, grad):
                result[:] = bridge.ask("c", x)[equalities] - problem["cl"][equalities]
                if grad.size > 0:
                    grad[:] = bridge.ask("J", x)[equalities]
            opt.add_equality_mconstraint(equality, [1e-8] * len(equalities))
        if sides:
            index = [i for i, _, _ in sides]
            sign = np.array([s for _, s, _ in sides])
            bound = np.array([b for _, _, b in sides])

            def inequality(result, x, grad):   # NLopt's form: h(x) ≤ 0
                result[:] = -sign * (bridge.ask("c", x)[index] - bound)
                if grad.size > 0:
                    grad[:] = -sign[:, None] * bridge.ask("J", x)[index]
            opt.add_inequality_mconstraint(inequality, [1e-8] * len(sides))
        opt.set_xtol_rel(NLOPT_XTOL)
        opt.set_ftol_rel(NLOPT_FTOL)
        opt.set_maxeval(MAX_EVALS)
        if algorithm == "AUGLAG":
            inner = nlopt.opt(nlopt.LD_LBFGS, n)
            inner.set_xtol_rel(NLOPT_XTOL)
            inner.set_ftol_rel(NLOPT_FTOL)
            opt.set_local_optimizer(inner)
        x0 = np.clip(problem["x0"], lower, upper)
        try:
            x = opt.optimize(x0)
            status = {1: "success", 2: "stopval", 3: "ftol", 4: "xtol", 5: "maxeval", 6: "maxtime"}.get(
                opt.last_optimize_result(), str(opt.last_optimize_result()))
        except (nlopt.RoundoffLimited, RuntimeError, ValueError) as error:
            # NLopt keeps no point when it raises: the last point f was evaluated at.
            x, status = bridge.last_f_point, type(error).__name__
        return x, status, None
    return run


IPOPT_STATUS = {0: "Solve_Succeeded", 1: "Solved_To_Acceptable_Level", 2: "Infeasible_Problem_Detected",
                3: "Search_Direction_Becomes_Too_Small", 4: "Diverging_Iterates", 5: "User_Requested_Stop",
                6: "Feasible_Point_Found", -1: "Maximum_Iterations_Exceeded", -2: "Restoration_Failed",
                -3: "Error_In_Step_Computation", -4: "Maximum_CpuTime_Exceeded", -10: "Not_Enough_Degrees_Of_Freedom",
                -11: "Invalid_Problem_Definition", -12: "Invalid_Option", -13: "Invalid_Number_Detected"}


def ipopt_run(bridge, problem):
    def numbers(values):
        return " ".join("inf" if v == np.inf else "-inf" if v == -np.inf else repr(float(v)) for v in values)
    process = subprocess.Popen([ipopt_driver], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    header = [f"{problem['n']} {len(problem['cl'])}", numbers(problem["x0"]), numbers(problem["lower"]),
              numbers(problem["upper"]), numbers(problem["cl"]), numbers(problem["cu"])]
    process.stdin.write("\n".join(header) + "\n")
    process.stdin.flush()
    kinds = {"f": "f", "g": "g", "c": "c", "j": "J"}
    try:
        while True:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError("ipopt_driver ended without an answer")
            words = line.split()
            if words[0] == "done":
                status, iterations = int(words[1]), int(words[2])
                x = np.array(process.stdout.readline().split(), dtype=float)
                break
            x = np.array(words[1:], dtype=float)
            try:
                value = np.atleast_1d(bridge.ask(kinds[words[0]], x)).ravel()
            except OutOfBudget:
                process.kill()
                raise
            process.stdin.write(" ".join(repr(float(v)) for v in value) + "\n")
            process.stdin.flush()
    finally:
        process.stdin.close()
        process.wait()
    return x, IPOPT_STATUS.get(status, str(status)), iterations


def peers():
    return {"scipy SLSQP": scipy_run("SLSQP"), "scipy trust-constr": scipy_run("trust-constr"),
            "scipy COBYLA": scipy_run("COBYLA"), "NLopt LD_SLSQP": nlopt_run("LD_SLSQP"),
            "NLopt AUGLAG": nlopt_run("AUGLAG"), "IPOPT": ipopt_run}


def measure(problem, x):
    """f and the largest violation (constraints' sides and box) at x, through `optbench eval` (not counted)."""
    bridge = Bridge(problem)
    try:
        value = bridge.answer(x)
    finally:
        bridge.close()
    c = value["c"]
    violation = max([0.0] + list(problem["cl"] - c) + list(c - problem["cu"]) + list(problem["lower"] - x)
                    + list(x - problem["upper"]))
    return value["f"], float(violation) if np.all(np.isfinite(c)) else float("inf")


def solved(problem, f, violation):
    f_star = problem["f_star"]
    return bool(np.isfinite(f) and violation <= FEASIBLE and f_star is not None
                and abs(f - f_star) <= F_TOLERANCE * max(1.0, abs(f_star)))


def run_peer(task):
    label, problem = task
    bridge = Bridge(problem)
    begin = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x, status, iterations = peers()[label](bridge, problem)
    except OutOfBudget:
        x, status, iterations = bridge.last_f_point, "budget", None
    except Exception as error:  # a peer that breaks down on one problem: recorded, not fatal to the others
        x, status, iterations = bridge.last_f_point, f"error: {type(error).__name__}", None
    finally:
        seconds = time.perf_counter() - begin
        bridge.close()
    row = {"counts": dict(bridge.counts), "status": status, "iterations": iterations, "seconds": seconds}
    if x is None:
        x = problem["x0"]
    row["f"], row["violation"] = measure(problem, np.asarray(x, dtype=float))
    return row


def with_variants(methods):
    """The OptBench methods to run: each solver, then its VARIANTS."""
    return [name for m in methods for name in [m, *VARIANTS.get(m, {})]]


def solver_arguments(method):
    """`--solver NAME` and the options of an OptBench method (a solver or one of its VARIANTS)."""
    solver = method.split()[0]
    return ["--solver", solver, *VARIANTS.get(solver, {}).get(method, [])]


def run_optbench(task):
    method, problem = task
    arguments = ["run", *solver_arguments(method), "--problem", problem["path"], "--format", "json",
                 "--max-evals", str(MAX_EVALS), "--time-limit", str(TIME_LIMIT)]
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if result.returncode not in (0, 1):  # refused or failed: recorded with its message, not fatal to the others
        message = (result.stderr.strip().splitlines() or ["?"])[-1]
        return {"counts": {"f": 0, "g": 0, "c": 0, "J": 0, "H": 0}, "status": f"error: {message}", "iterations": None,
                "seconds": 0.0, "f": float("nan"), "violation": float("inf")}
    report = json.loads(result.stdout)
    constraints = report.get("constraints") or {}
    x = np.array([np.nan if v is None else v for v in report["x"]], dtype=float)
    row = {"counts": {"f": report["f_evaluations"], "g": report["gradient_evaluations"],
                      "c": constraints.get("evaluations", 0),
                      "J": constraints.get("jacobian_evaluations", 0) + constraints.get("jacobian_products", 0),
                      "H": report["hessian_evaluations"] + report["hessian_vector_products"]
                      + constraints.get("hessian_products", 0)},
           "status": report["status"], "iterations": report["iterations"], "seconds": report["seconds"]}
    row["f"], row["violation"] = measure(problem, x)
    return row


def evaluations(row):
    """The run's evaluations: of f, ∇f, c, J (J with OptBench's products Jv, Jᵀw) and H (dense ∇²f, products
    ∇²f·v and Σwᵢ∇²cᵢ·v: the second derivatives an exact-Hessian run asks for) added up."""
    return sum(row["counts"].values())


def performance_profile(problems, labels, rows):
    """Dolan & Moré (Math. Program. 91, 2002): per label, the staircase (log₂ τ, ρ(τ)) of the share of
    problems it solved within τ times the fewest evaluations any method needed on that problem."""
    ratios = {label: [] for label in labels}
    for p in problems:
        costs = {label: evaluations(rows[(p["name"], label)]) for label in labels
                 if rows[(p["name"], label)]["solved"]}
        if not costs:
            for label in labels:
                ratios[label].append(np.inf)
            continue
        best = min(costs.values())
        for label in labels:
            ratios[label].append(costs[label] / max(best, 1) if label in costs else np.inf)
    top = max([np.log2(r) for values in ratios.values() for r in values if np.isfinite(r)] + [1.0]) * 1.05
    curves = {}
    for label, values in ratios.items():
        finite = sorted(np.log2(r) for r in values if np.isfinite(r))
        points, level = [(0.0, 0.0)], 0.0
        for i, t in enumerate(finite):
            points += [(t, level), (t, (i + 1) / len(problems))]
            level = (i + 1) / len(problems)
        curves[label] = points + [(top, level)]
    return curves, top


COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
          "#17becf", "#000000", "#aec7e8"]


def svg(title, curves, top):
    width, height, left, top_margin, plot_w, plot_h = 900, 470, 60, 50, 560, 340
    px = lambda t: left + t / top * plot_w  # noqa: E731
    py = lambda y: top_margin + (1 - y) * plot_h  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           f'font-size="12">', '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left + plot_w / 2}" y="24" text-anchor="middle" font-size="15">{title}</text>']
    for y in np.linspace(0, 1, 6):
        out.append(f'<line x1="{left}" y1="{py(y):.1f}" x2="{left + plot_w}" y2="{py(y):.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.1f}</text>')
    step = max(1, int(np.ceil(top / 8)))
    for k in range(0, int(top) + 1, step):
        out.append(f'<text x="{px(k):.1f}" y="{top_margin + plot_h + 16}" text-anchor="middle">{2 ** k}</text>')
    out.append(f'<rect x="{left}" y="{top_margin}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{left + plot_w / 2}" y="{top_margin + plot_h + 36}" text-anchor="middle">τ (evaluations '
               'over the fewest any method needed, log scale)</text>')
    out.append(f'<text x="16" y="{top_margin + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top_margin + plot_h / 2})">share of problems solved</text>')
    for i, (label, points) in enumerate(curves.items()):
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        dash = ' stroke-dasharray="6 3"' if label.startswith(("scipy", "NLopt", "IPOPT")) else ""
        color = COLORS[i % len(COLORS)]
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.8"{dash} points="{path}"/>')
        y = top_margin + 10 + 20 * i
        out.append(f'<line x1="{left + plot_w + 20}" y1="{y}" x2="{left + plot_w + 45}" y2="{y}" stroke="{color}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{left + plot_w + 50}" y="{y + 4}">{label.replace("&", "&amp;")}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def median(values):
    return float(np.median(values)) if values else float("nan")


def machine_line():
    version = optbench("--version").strip().splitlines()
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"{time.strftime('%Y-%m-%d', time.gmtime())}. Build: " + "; ".join(v.strip() for v in version) + ".")


def versions():
    import nlopt
    import scipy
    ipopt = subprocess.run(["pkg-config", "--modversion", "ipopt"], capture_output=True, text=True).stdout.strip()
    return (f"scipy {scipy.__version__}, NLopt {nlopt.version_major()}.{nlopt.version_minor()}."
            f"{nlopt.version_bugfix()} (Python wheel), IPOPT {ipopt or '?'} (Debian coinor-libipopt-dev, "
            "MUMPS linear solver)")


def format_count(row):
    c = row["counts"]
    return f"{c['f']}/{c['g']}/{c['c']}/{c['J']}" + (f"/{c['H']}" if c.get("H") else "")


def check_pairs(problems, rows, methods):
    """The issue's check, a Markdown row per pair (and a line on stderr): solved counts, and the median
    evaluations over the problems both solved."""
    lines = []
    for solver, peer in PAIRS.items():
        if solver not in methods:
            lines.append(f"| `{solver}` | {peer} | — | — | — | not in this build's catalog |")
            continue
        ours, theirs = f"OptBench {solver}", peer
        count = lambda label: sum(rows[(p["name"], label)]["solved"] for p in problems)  # noqa: E731
        both = [p for p in problems if rows[(p["name"], ours)]["solved"] and rows[(p["name"], theirs)]["solved"]]
        m_ours = median([evaluations(rows[(p["name"], ours)]) for p in both])
        m_theirs = median([evaluations(rows[(p["name"], theirs)]) for p in both])
        reasons = ([f"solves fewer ({count(ours)} < {count(theirs)})"] if count(ours) < count(theirs) else []) + (
            ["more evaluations at the median"] if not both or not m_ours <= m_theirs else [])
        passed = not reasons
        lines.append(f"| `{solver}` | {peer} | {count(ours)} vs {count(theirs)} | {len(both)} | {m_ours:g} vs "
                     f"{m_theirs:g} | " + ("**passes**" if passed else "**fails**: " + ", ".join(reasons)) + " |")
        print(f"{solver} vs {peer}: solved {count(ours)} vs {count(theirs)}, median evaluations over {len(both)} "
              f"both solved {m_ours:g} vs {m_theirs:g}: {'passes' if passed else 'FAILS'}", file=sys.stderr)

    return lines


def peer_rows_from(path, problems):
    """The peers' rows of an earlier run's CSV (results/constrained.csv), keyed as main's rows."""
    known = {p["name"] for p in problems}
    rows = {}
    with open(os.path.join(root, path), newline="") as source:  # a relative path is the repository's
        for r in csv.DictReader(source):
            if r["method"].startswith("OptBench") or r["problem"] not in known:
                continue
            rows[(r["problem"], r["method"])] = {
                "counts": {"f": int(r["f_evaluations"]), "g": int(r["gradient_evaluations"]),
                           "c": int(r["constraint_evaluations"]), "J": int(r["jacobian_evaluations"]),
                           "H": int(r.get("hessian_evaluations") or 0)},
                "status": r["status"], "iterations": int(r["iterations"]) if r["iterations"] else None,
                "seconds": float(r["seconds"]), "f": float(r["f"]), "violation": float(r["violation"])}
    return rows


def arguments():
    parser = argparse.ArgumentParser(description="OptBench's constrained solvers beside their peers on HS.")
    parser.add_argument("--methods", help="only these OptBench solvers (comma-separated); with it or "
                        "--peers-from nothing is written, the check and the per-problem differences go to stderr")
    parser.add_argument("--peers-from", metavar="CSV", help="take the peers' rows from this earlier "
                        "results/constrained.csv (relative to the repository) instead of running them")
    return parser.parse_args()


def print_differences(problems, rows, methods):
    """For a partial run: each problem an OptBench solver and its peer disagree on, with both outcomes."""
    for solver in methods:
        peer = PAIRS.get(solver) or ALSO_COMPARED.get(solver)
        if peer is None:
            continue
        for p in problems:
            ours = rows[(p["name"], f"OptBench {solver}")]
            theirs = rows.get((p["name"], peer))
            if theirs is not None and ours["solved"] != theirs["solved"]:
                print(f"  {p['name']}: {solver} {'solved' if ours['solved'] else 'unsolved'} "
                      f"({ours['status']}, f {ours['f']:.10g}, viol. {ours['violation']:.2g}, "
                      f"{evaluations(ours)} evaluations); {peer} {'solved' if theirs['solved'] else 'unsolved'} "
                      f"({theirs['status']}, {evaluations(theirs)} evaluations); f* {p['f_star']}", file=sys.stderr)


def main():
    options = arguments()
    listing = json.loads(optbench("list", "--format", "json"))
    methods = [s["name"] for s in listing["solvers"] if s.get("constraints")]
    if options.methods:
        unknown = sorted(set(options.methods.split(",")) - set(methods))
        if unknown:
            sys.exit(f"--methods: {', '.join(unknown)} is not a constrained solver of this build "
                     f"({', '.join(methods)})")
        methods = options.methods.split(",")
    methods = with_variants(methods)
    partial = bool(options.methods or options.peers_from)
    problems = [load_problem(path) for path in problem_files()]
    peer_labels = list(peers())
    labels = [f"OptBench {m}" for m in methods] + peer_labels
    rows = peer_rows_from(options.peers_from, problems) if options.peers_from else {}
    with multiprocessing.Pool(JOBS) as pool:
        tasks = [(m, p) for m in methods for p in problems]
        for (m, p), row in zip(tasks, pool.map(run_optbench, tasks)):
            rows[(p["name"], f"OptBench {m}")] = row
        print(f"OptBench: {len(tasks)} runs done", file=sys.stderr)
        tasks = [(label, p) for label in peer_labels for p in problems if (p["name"], label) not in rows]
        for (label, p), row in zip(tasks, pool.map(run_peer, tasks)):
            rows[(p["name"], label)] = row
        print(f"peers: {len(tasks)} runs done", file=sys.stderr)
    for p in problems:
        for label in labels:
            row = rows[(p["name"], label)]
            row["solved"] = solved(p, row["f"], row["violation"])
    if partial:
        check_pairs(problems, rows, methods)
        print_differences(problems, rows, methods)
        return

    with open(os.path.join(root, "results", "constrained.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["problem", "n", "m", "method", "status", "solved", "f", "f_minimum", "violation",
                         "f_evaluations", "gradient_evaluations", "constraint_evaluations", "jacobian_evaluations",
                         "hessian_evaluations", "evaluations", "iterations", "seconds"])
        for p in problems:
            for label in labels:
                r = rows[(p["name"], label)]
                writer.writerow([p["name"], p["n"], len(p["cl"]), label, r["status"], r["solved"], repr(r["f"]),
                                 p["f_star"], repr(r["violation"]), r["counts"]["f"], r["counts"]["g"],
                                 r["counts"]["c"], r["counts"]["J"], r["counts"]["H"], evaluations(r),
                                 "" if r["iterations"] is None else r["iterations"], f"{r['seconds']:.6f}"])

    curves, top = performance_profile(problems, labels, rows)
    with open(os.path.join(root, "results", "constrained-profile.svg"), "w") as out:
        out.write(svg(f"Performance profiles over evaluations, Hock–Schittkowski ({len(problems)} problems)",
                      curves, top))

    lines = ["# Constrained solvers on the Hock–Schittkowski problems", "",
             "Regenerate: `scripts/compare/constrained` (builds OptBench release, installs IPOPT's headers with "
             "apt-get when missing and scipy and NLopt into `.build/venv-constrained`, compiles "
             "`scripts/compare/ipopt_driver.c`).", "",
             machine_line(), "", f"Peers: {versions()}.", "",
             f"Problems: every file in `problems/hs` ({len(problems)} today: "
             + ", ".join(p["name"] for p in problems) + "), with the published start, f* and the box. "
             "OptBench's side: every solver `optbench list --format json` marks as taking general constraints ("
             + (", ".join(f"`{m}`" for m in methods if m not in VARIANTS.get(m.split()[0], {})) or "none")
             + "), run by `optbench run --format json` at its defaults"
             + "".join(f", and `{name}`: `{base}` with `{' '.join(extra)}`" for base in methods
                       for name, extra in VARIANTS.get(base, {}).items())
             + f"; all but for `--max-evals {MAX_EVALS}` (auglag checks it between outer iterations, so a run can "
             f"end past it) and `--time-limit {TIME_LIMIT}` (a safety net). The peers evaluate the same f, ∇f, c and J "
             "through `optbench eval --constraints --stdin`: "
             "scipy's SLSQP, trust-constr (its BFGS Hessians) and COBYLA (no derivatives) at their defaults; "
             f"NLopt's LD_SLSQP and AUGLAG (LD_LBFGS inside) with xtol_rel = {NLOPT_XTOL:g}, ftol_rel = "
             f"{NLOPT_FTOL:g}, maxeval = {MAX_EVALS} and constraint tolerance 1e-8 (NLopt has no "
             f"default stopping test); IPOPT at its defaults (tol = 1e-8) but for a limited-memory Hessian "
             "(`hessian_approximation limited-memory`; ∇²L is not asked of OptBench), driven by "
             f"`scripts/compare/ipopt_driver.c`. Every run may spend {MAX_EVALS} evaluations of f (a peer asking "
             "for more is stopped there: status `budget`).", "",
             f"**Solved**: at the returned x the largest violation of the constraints' sides and of the box, each "
             f"in its own units, is ≤ {FEASIBLE:g}, and |f − f*| ≤ {F_TOLERANCE:g}·max(1, |f*|), f* the published "
             "minimum the problem file stores. **Evaluations**: f/∇f/c/J(/H) as each method asked for them (a peer's "
             "c and J once per point; OptBench's J column adds its products Jv and Jᵀw to its dense Jacobians; H, "
             "shown where it is not 0, counts the second derivatives an OptBench run asked for: dense ∇²f, products "
             "∇²f·v and Σwᵢ∇²cᵢ·v, which `ipm` at its defaults takes on formula problems and no peer here asks "
             "for); the profile and the medians count their sum. **The check's pairing for ipm**: IPOPT runs with "
             "its limited-memory quasi-Newton Hessian, so it is checked against `ipm lbfgs`, ipm with the same "
             "approximation (IPOPT's limited-memory BFGS: 6 pairs, skipping, B₀ = σI); neither evaluates second "
             "derivatives, and both pay for curvature in f, ∇f, c and J only. `ipm` with the exact ∇²L is shown "
             "beside them, its H counted in its sum. **Time**: OptBench's is the run's own; a peer's is "
             "wall time including every round trip through the pipe, so only OptBench's is a solver's cost.", ""]

    lines += ["## Summary", "", "| method | solved | median evaluations (solved) | median f evaluations (solved) |",
              "|---|---:|---:|---:|"]
    for label in labels:
        mine = [rows[(p["name"], label)] for p in problems if rows[(p["name"], label)]["solved"]]
        lines.append(f"| {label} | {len(mine)} of {len(problems)} | {median([evaluations(r) for r in mine]):g} | "
                     f"{median([r['counts']['f'] for r in mine]):g} |")
    lines += ["", "![performance profile over evaluations](constrained-profile.svg)", "",
              "## The issue's check: each OptBench solver against its peer", "",
              "Each OptBench solver solves at least as many problems as its peer, with no more evaluations at the "
              "median over the problems both solved (sqp vs scipy SLSQP, ipm lbfgs vs IPOPT, auglag vs NLopt "
              "AUGLAG).", "",
              "| OptBench | peer | solved | both solved | median evaluations | check |", "|---|---|---:|---:|---:|---|"]
    lines += check_pairs(problems, rows, methods)
    lines += ["", "## Per problem", "",
              "Each cell: ✓ solved or ✗, then evaluations of f/∇f/c/J, and the status when not solved (and for "
              "an OptBench run solved without converging). "
              "Every number of every run (f, violation, iterations, seconds) is in "
              "[constrained.csv](constrained.csv).", "",
              "| problem | n | m | f* | " + " | ".join(labels) + " |", "|---|---:|---:|---:|" + "---|" * len(labels)]
    for p in problems:
        cells = []
        for label in labels:
            r = rows[(p["name"], label)]
            cell = ("✓ " if r["solved"] else "✗ ") + format_count(r)
            if r["solved"] and label.startswith("OptBench") and not r["status"].startswith("converged"):
                cell += f" ({r['status']})"
            if not r["solved"]:
                cell += f" ({r['status']}; f − f* = {r['f'] - p['f_star']:.2g}, viol. {r['violation']:.1g})" \
                    if p["f_star"] is not None and np.isfinite(r["f"]) else f" ({r['status']})"
            cells.append(cell.replace("|", "\\|"))
        f_star = "—" if p["f_star"] is None else f"{p['f_star']:.8g}"
        lines.append(f"| {p['name']} | {p['n']} | {len(p['cl'])} | {f_star} | " + " | ".join(cells) + " |")
    with open(os.path.join(root, "results", "constrained.md"), "w") as out:
        out.write("\n".join(lines) + "\n")
    print("wrote results/constrained.md, results/constrained.csv, results/constrained-profile.svg", file=sys.stderr)


if __name__ == "__main__":
    main()
