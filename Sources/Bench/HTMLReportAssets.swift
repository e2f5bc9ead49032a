/// The style and script `HTMLReport` inlines (no file or network is ever loaded).
///
/// The script sorts the runs table when a column header is clicked (or Enter/Space on it):
/// numbers by their `data-v`, missing values last either way, ties kept in their order; and
/// filters the rows by the text box (problem, solver or status containing it, any case) and
/// the solver and problem-set selects. Loaded with `#selftest`, the page tests itself through
/// the same clicks and inputs a reader would make and writes what it saw into `data-*`
/// attributes of `<body>` and into `<pre id="selftest">` (scripts/ci/test-report reads them
/// from headless Chromium's DOM).
enum HTMLReportAssets {
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1400px;\
        padding:0 1.5em 3em;color:#1d2330;background:#fff}
        header{border-bottom:1px solid #d8dde6;margin-bottom:1em}h1{font-size:1.5em;margin:.8em 0 .2em}
        h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #e6e9ef;padding-bottom:.2em}
        h3{font-size:1em;margin:1.2em 0 .4em}nav a{color:#2657a6}
        table{border-collapse:collapse;margin:.4em 0;font-variant-numeric:tabular-nums}
        th,td{padding:.25em .6em;border-bottom:1px solid #e6e9ef;text-align:left;white-space:nowrap}
        th{background:#f3f5f9;position:sticky;top:0}.num{text-align:right}
        #runs-table th{cursor:pointer;user-select:none}#runs-table th:hover{background:#e4e9f2}
        #runs-table th[aria-sort=ascending]::after{content:" ▲";font-size:.8em}
        #runs-table th[aria-sort=descending]::after{content:" ▼";font-size:.8em}
        #runs-table tbody tr:nth-child(even){background:#fafbfd}tr.unsolved td:nth-child(4){color:#b3261e}
        .scroll{overflow:auto;max-height:80vh;border:1px solid #e6e9ef}
        .filters{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:.5em 0}
        .filters input{width:18em}input,select{font:inherit;padding:.15em .3em}
        .muted{color:#5f6b7a;font-weight:normal}.note{color:#6b4e00;background:#fff8e1;padding:.4em .7em}
        .notes{color:#3c4553;font-size:.92em}
        .charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;flex:1 1 560px;max-width:760px}
        figure svg{width:100%;height:auto}
        details{border-bottom:1px solid #e6e9ef;padding:.3em 0}summary{cursor:pointer;font-weight:600}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.3em 0 .8em}dt{color:#5f6b7a}
        dd{margin:0}code{white-space:pre-wrap;word-break:break-all}
        """

    static let script = """
        (function () {
          'use strict';
          var table = document.getElementById('runs-table');
          var body = table.tBodies[0];
          var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
          var rows = Array.prototype.slice.call(body.rows);
          var text = document.getElementById('filter-text');
          var solver = document.getElementById('filter-solver');
          var set = document.getElementById('filter-set');
          var shown = document.getElementById('shown');
          rows.forEach(function (row, i) { row.dataset.index = i; });

          function key(row, column, numeric) {
            var cell = row.cells[column];
            if (!numeric) { return cell.textContent; }
            var v = cell.getAttribute('data-v');
            return v === null || v === '' ? NaN : parseFloat(v);
          }

          function sortBy(column, direction) {
            var numeric = headers[column].getAttribute('data-type') === 'number';
            var sign = direction === 'descending' ? -1 : 1;
            rows.sort(function (a, b) {
              var x = key(a, column, numeric), y = key(b, column, numeric), order = 0;
              if (numeric) {
                if (isNaN(x) || isNaN(y)) { order = isNaN(x) - isNaN(y); }
                else { order = sign * (x - y); }
              } else {
                order = sign * x.localeCompare(y, undefined, {numeric: true});
              }
              return order || a.dataset.index - b.dataset.index;
            });
            rows.forEach(function (row) { body.appendChild(row); });
            headers.forEach(function (h, i) {
              h.setAttribute('aria-sort', i === column ? direction : 'none');
            });
          }

          function activate(h) {
            var column = headers.indexOf(h);
            sortBy(column, h.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
          }
          headers.forEach(function (h) {
            h.addEventListener('click', function () { activate(h); });
            h.addEventListener('keydown', function (event) {
              if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(h); }
            });
          });

          function applyFilter() {
            var q = text.value.trim().toLowerCase(), s = solver.value, p = set.value, count = 0;
            rows.forEach(function (row) {
              var words = (row.cells[0].textContent + ' ' + row.cells[1].textContent + ' ' +
                row.cells[2].textContent).toLowerCase();
              var visible = (!q || words.indexOf(q) >= 0) && (!s || row.dataset.solver === s) &&
                (!p || row.dataset.set === p);
              row.hidden = !visible;
              if (visible) { count += 1; }
            });
            shown.textContent = count + ' of ' + rows.length + ' runs';
            return count;
          }
          text.addEventListener('input', applyFilter);
          solver.addEventListener('change', applyFilter);
          set.addEventListener('change', applyFilter);

          function visibleColumn(column) {
            return Array.prototype.slice.call(body.rows).filter(function (row) { return !row.hidden; })
              .map(function (row) { return row.cells[column].getAttribute('data-v') || row.cells[column].textContent; });
          }

          function selfTest() {
            var result = {errors: []}, byName = {};
            headers.forEach(function (h, i) { byName[h.textContent] = i; });
            result.rows = body.rows.length;
            result.runs = parseInt(table.getAttribute('data-runs'), 10);
            headers[byName.iterations].click();
            result.iterationsAscending = visibleColumn(byName.iterations).join(',');
            headers[byName.iterations].click();
            result.iterationsDescending = visibleColumn(byName.iterations).join(',');
            headers[byName.problem].click();
            result.problemsAscending = visibleColumn(byName.problem).join('\\n');
            var firstProblem = body.rows[0].cells[byName.problem].textContent;
            text.value = firstProblem;
            text.dispatchEvent(new Event('input'));
            result.textFilter = firstProblem;
            result.textFilterShown = visibleColumn(byName.problem).join('\\n');
            text.value = '';
            text.dispatchEvent(new Event('input'));
            solver.selectedIndex = 1;
            solver.dispatchEvent(new Event('change'));
            result.solverFilter = solver.value;
            result.solverFilterShown = visibleColumn(byName.solver).join('\\n');
            solver.selectedIndex = 0;
            solver.dispatchEvent(new Event('change'));
            set.selectedIndex = 1;
            set.dispatchEvent(new Event('change'));
            result.setFilter = set.value;
            result.setFilterCount = applyFilter();
            set.selectedIndex = 0;
            set.dispatchEvent(new Event('change'));
            result.shownAfterReset = shown.textContent;
            return result;
          }

          if (location.hash === '#selftest') {
            var errors = [];
            window.addEventListener('error', function (event) { errors.push(String(event.message)); });
            var result;
            try { result = selfTest(); } catch (error) { result = {exception: String(error)}; }
            result.errors = errors;
            var pre = document.createElement('pre');
            pre.id = 'selftest';
            pre.textContent = JSON.stringify(result);
            document.body.appendChild(pre);
            document.body.setAttribute('data-selftest', result.exception ? 'exception' : 'ran');
          }
        })();
        """
}
