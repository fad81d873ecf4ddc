// The capability matrix narrows as a sales rep types: rows whose words (data-search) hold every word typed stay.
// Without JavaScript the same search runs on the server when the form is sent.
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('matrix-search');
    var table = document.getElementById('matrix');
    var count = document.getElementById('matrix-count');
    if (!input || !table) {
      return;
    }
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(function (word) { return word.length > 0; });
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute('data-search') || '';
        var match = words.every(function (word) { return text.indexOf(word) >= 0; });
        row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = shown + ' platform(s) shown';
      }
    });
  });
})();
