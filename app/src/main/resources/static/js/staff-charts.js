// The staff console's charts, drawn with Chart.js from the tables below them: each <table data-chart> is the chart's
// text alternative and its only data source, so the two cannot disagree. A column whose header has data-series is a
// series (its value the header's colour); the row headers are the labels. The canvas is hidden from assistive
// technology, which reads the table instead.
(function () {
  function draw(table) {
    var holder = document.querySelector('[data-chart-for="' + table.id + '"]');
    if (!holder || typeof Chart === 'undefined') {
      return;
    }
    var headers = Array.prototype.slice.call(table.querySelectorAll('thead th'));
    var labels = Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (row) {
      return row.querySelector('th').textContent.trim();
    });
    var datasets = [];
    headers.forEach(function (header, column) {
      if (!header.dataset.series) {
        return;
      }
      datasets.push({
        label: header.textContent.trim(),
        backgroundColor: header.dataset.series,
        data: Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (row) {
          return Number(row.children[column].textContent.trim()) || 0;
        })
      });
    });
    var horizontal = table.dataset.chart === 'stacked-horizontal';
    var canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    canvas.setAttribute('data-drawn-from', table.id);
    holder.appendChild(canvas);
    new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' }, title: { display: false } },
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
    holder.setAttribute('data-chart-ready', 'true');
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('table[data-chart]').forEach(draw);
  });
})();
