// Draws the dashboard's charts with Chart.js from the JSON the page carries in #dashboard-data (the same JSON as
// GET /dashboard/data). Every chart has its figures as a table next to it and a summary in its aria-label.
// Every 60 s htmx replaces #dashboard-live (figures, tables, charts' data) with a fresh copy from the server; the
// charts are then drawn again. A refresh is skipped while the tab is hidden, while the keyboard focus is inside the
// figures or an incident's cause is open, so that it never moves the focus or closes what the user reads.
(function () {
  'use strict';
  if (!window.Chart) { return; }
  var palette = ['#0b5cad', '#a4161a', '#2b8a3e', '#c77700', '#6f42c1', '#0c8599', '#5c677d', '#d6336c',
    '#495057', '#74b816', '#e8590c'];
  var base = { responsive: true, maintainAspectRatio: true, animation: false };

  function drawAll() {
    var el = document.getElementById('dashboard-data');
    if (!el) { return; }
    var data = JSON.parse(el.textContent);
    function header(canvas, n) {
      var th = canvas.closest('figure').querySelector('thead th:nth-child(' + n + ')');
      return th ? th.textContent : '';
    }
    function draw(id, config) {
      var canvas = document.getElementById(id);
      if (!canvas) { return; }
      canvas.dataset.ready = 'true';
      new window.Chart(canvas, config(canvas));
    }

    draw('chart-events', function (canvas) {
      return {
        type: 'line',
        data: {
          labels: (data.eventsPerMinute || []).map(function (m) { return m.minute.substring(11, 16); }),
          datasets: [{ label: header(canvas, 2), data: (data.eventsPerMinute || []).map(function (m) { return m.events; }),
            borderColor: '#0b5cad', backgroundColor: 'rgba(11,92,173,.15)', fill: true, pointRadius: 0, tension: 0.2 }]
        },
        options: Object.assign({}, base, {
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { maxTicksLimit: 6, autoSkip: true } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
        })
      };
    });

    draw('chart-journeys', function (canvas) {
      return {
        type: 'bar',
        data: {
          labels: data.journeys,
          datasets: [
            { label: header(canvas, 2), data: data.running, backgroundColor: '#0b5cad' },
            { label: header(canvas, 3), data: data.incidents, backgroundColor: '#a4161a' }
          ]
        },
        options: Object.assign({}, base, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    });

    // channel and status names in the page's language, from the table's cells (data-code holds the stored value)
    var names = {};
    document.querySelectorAll('#outreach-table td[data-code]').forEach(function (td) {
      names[td.dataset.code] = td.textContent;
    });
    function name(code) { return names[code] || code; }

    draw('chart-outreach', function () {
      var channels = data.outreachChannels || [];
      var datasets = (data.outreachStatuses || []).map(function (status, i) {
        return {
          label: name(status),
          backgroundColor: palette[i % palette.length],
          data: channels.map(function (channel) {
            var row = (data.outreach || []).filter(function (o) { return o.channel === channel && o.status === status; })[0];
            return row ? row.count : 0;
          })
        };
      });
      return {
        type: 'bar',
        data: { labels: channels.map(name), datasets: datasets },
        options: Object.assign({}, base, {
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
        })
      };
    });

    draw('chart-acceptance', function (canvas) {
      var a = data.acceptance || {};
      var rows = canvas.closest('figure').querySelectorAll('tbody th');
      return {
        type: 'bar',
        data: {
          labels: [rows[0] ? rows[0].textContent : '', rows[1] ? rows[1].textContent : ''],
          datasets: [{ label: header(canvas, 4), data: [a.treatedRate * 100, a.holdoutRate * 100],
            backgroundColor: ['#2b8a3e', '#5c677d'] }]
        },
        options: Object.assign({}, base, {
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return v + ' %'; } } } }
        })
      };
    });
  }

  drawAll();

  function live() { return document.getElementById('dashboard-live'); }
  document.addEventListener('htmx:beforeRequest', function (e) {
    var region = live();
    if (!region || e.detail.elt !== region) { return; }
    var focused = document.activeElement;
    if (document.hidden || (focused && focused !== document.body && region.contains(focused))
        || region.querySelector('details[open]')) {
      e.preventDefault(); // the next tick tries again
    }
  });
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.target && e.detail.target.id === 'dashboard-live') {
      e.detail.target.querySelectorAll('canvas').forEach(function (canvas) {
        var chart = window.Chart.getChart(canvas);
        if (chart) { chart.destroy(); }
      });
    }
  });
  document.addEventListener('htmx:load', function (e) {
    if (e.detail.elt && e.detail.elt.id === 'dashboard-live') { drawAll(); }
  });
})();
