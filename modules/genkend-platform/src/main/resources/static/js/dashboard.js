// Draws the dashboard's charts with Chart.js from the JSON the page carries in #dashboard-data.
(function () {
  'use strict';
  var el = document.getElementById('dashboard-data');
  if (!el || !window.Chart) { return; }
  var data = JSON.parse(el.textContent);
  var canvas = document.getElementById('chart-journeys');
  if (canvas) {
    canvas.dataset.ready = 'true';
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.journeys,
        datasets: [
          { label: canvas.closest('figure').querySelector('th:nth-child(2)').textContent, data: data.running, backgroundColor: '#0b5cad' },
          { label: canvas.closest('figure').querySelector('th:nth-child(3)').textContent, data: data.incidents, backgroundColor: '#a4161a' }
        ]
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
})();
