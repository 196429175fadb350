(function () {
  'use strict';
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === 'num' ? 0 : '';
    var value = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
    return type === 'num' ? parseFloat(value) || 0 : value.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      header.setAttribute('tabindex', '0');
      function sort() {
        var type = header.getAttribute('data-type') || 'text';
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type), y = cellValue(b, index, type);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener('click', sort);
      header.addEventListener('keydown', function (event) { if (event.key === 'Enter') sort(); });
    });
  });
  var table = document.getElementById('findings');
  var search = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var status = document.getElementById('filter-status');
  var repository = document.getElementById('filter-repository');
  var shown = document.getElementById('shown-count');
  function applyFilters() {
    if (!table) return;
    var text = search.value.trim().toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (!row.hasAttribute('data-severity')) return;
      var visible = (!text || row.getAttribute('data-search').indexOf(text) >= 0) &&
          (!severity.value || row.getAttribute('data-severity') === severity.value) &&
          (status.value === 'all' || row.getAttribute('data-status') === status.value) &&
          (!repository || !repository.value || row.getAttribute('data-repository') === repository.value);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = String(count);
  }
  [search, severity, status, repository].forEach(function (control) {
    if (control) control.addEventListener('input', applyFilters);
  });
  applyFilters();
  document.body.setAttribute('data-selfcheck', 'ok');
})();
