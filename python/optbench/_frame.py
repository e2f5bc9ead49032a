"""``optbench.compare``'s pandas DataFrame: one row per (function, method) run, with the
columns of OptBench's result schema (Sources/Bench/ResultRecord.swift, the ``compare --format
csv`` row) as far as a run of a Python function has them.
"""

# compare --format csv's fields in its order (ResultRecord.Format.comparisonCSV), less those a
# Python function has no value for (solved, cost and f_minimum need the problem's known
# minimum and the cost model's Hessian price), plus converged, method and the message.
COLUMNS = ("problem", "dimension", "label", "solver", "status", "converged", "iterations", "f_evaluations",
           "gradient_evaluations", "hessian_evaluations", "hessian_vector_products", "jacobian_evaluations", "f",
           "gradient_norm", "seconds", "objective_seconds", "blas_threads", "method", "detail", "message")


def pandas():
    """The pandas module, or None when it is not installed."""
    try:
        import pandas as module
    except ImportError:
        return None
    return module


def record(name, label, report, message):
    """One row: ``report`` is the run's JSON report (None when the run was refused)."""
    row = {column: None for column in COLUMNS}
    row.update(problem=name, label=label, message=message)
    if report is None:
        row.update(status="bad-input", converged=False)
        return row
    for column in COLUMNS:
        if column in report and column not in ("problem", "label"):
            row[column] = report[column]
    return row


def frame(records):
    """The DataFrame of ``records`` (dicts of COLUMNS), counts as nullable integers."""
    pd = pandas()
    table = pd.DataFrame.from_records(list(records), columns=list(COLUMNS))
    for column in ("dimension", "iterations", "f_evaluations", "gradient_evaluations", "hessian_evaluations",
                   "hessian_vector_products", "jacobian_evaluations", "blas_threads"):
        table[column] = table[column].astype("Int64")
    for column in ("f", "gradient_norm", "seconds", "objective_seconds"):
        table[column] = table[column].astype(float)
    table["converged"] = table["converged"].astype(bool)
    return table
