// The journey designer page: loads the journey's latest BPMN and the step library's element templates into the
// bpmn-js modeler (static/designer/designer.js), validates and deploys through the page's JSON endpoints (data-*
// attributes of #designer), shows findings on the elements, overlays live counts, and runs a dry test run.
(function () {
  'use strict';
  var root = document.getElementById('designer');
  if (!root || !window.GenkendDesigner) { return; }
  var d = root.dataset;
  var status = document.getElementById('designer-status');
  var modeler = window.GenkendDesigner.createModeler({
    canvas: document.getElementById('canvas'),
    properties: document.getElementById('properties'),
    templates: []
  });
  // The modeler's API for scripts and browser tests (DesignerE2eIT changes the model through it).
  window.genkendModeler = modeler;
  var overlays = modeler.get('overlays');
  var canvas = modeler.get('canvas');
  var registry = modeler.get('elementRegistry');
  var markedErrors = [];
  var liveTimer = null;

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : 'info';
  }
  function format(template, values) {
    return template.replace(/\{(\d+)\}/g, function (m, i) { return values[i] !== undefined ? values[i] : m; });
  }
  function post(url, body, type) {
    var headers = window.csrfHeaders();
    headers['Content-Type'] = type;
    headers['Accept'] = 'application/json';
    return fetch(url, { method: 'POST', headers: headers, body: body, credentials: 'same-origin' });
  }
  function xml() {
    return modeler.saveXML({ format: true }).then(function (r) { return r.xml; });
  }

  function clearFindings() {
    overlays.remove({ type: 'finding' });
    markedErrors.forEach(function (id) { if (registry.get(id)) { canvas.removeMarker(id, 'has-finding'); } });
    markedErrors = [];
  }
  function showFindings(findings) {
    clearFindings();
    var list = document.getElementById('findings');
    list.innerHTML = '';
    findings.forEach(function (f) {
      var li = document.createElement('li');
      li.className = f.severity === 'error' ? 'error' : 'warning';
      li.dataset.elementId = f.elementId || '';
      var text = (f.elementId ? f.elementId + ': ' : '') + f.message;
      if (f.elementId && registry.get(f.elementId)) {
        var a = document.createElement('a');
        a.href = '#canvas';
        a.textContent = text;
        a.addEventListener('click', function (e) {
          e.preventDefault();
          modeler.get('selection').select(registry.get(f.elementId));
          canvas.scrollToElement(registry.get(f.elementId));
        });
        li.appendChild(a);
        canvas.addMarker(f.elementId, 'has-finding');
        markedErrors.push(f.elementId);
        overlays.add(f.elementId, 'finding', {
          position: { top: -14, right: 14 },
          html: '<span class="finding-badge ' + (f.severity === 'error' ? 'bad' : 'warn') + '" title="'
            + f.message.replace(/"/g, '&quot;') + '">!</span>'
        });
      } else {
        li.textContent = text;
      }
      list.appendChild(li);
    });
  }

  function validate() {
    return xml().then(function (body) { return post(d.validateUrl, body, 'application/xml'); })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        showFindings(result.findings || []);
        say(result.valid ? d.msgValid : format(d.msgInvalid, [(result.findings || []).length]), !result.valid);
        return result.valid;
      }).catch(function (e) { say(d.msgFailed + ' ' + e, true); return false; });
  }

  function deploy() {
    return validate().then(function (valid) {
      if (!valid) { return; }
      return xml().then(function (body) { return post(d.deployUrl, body, 'application/xml'); })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (!res.ok) {
            showFindings(res.body.findings || []);
            say(format(d.msgRefused, [res.body.detail || res.body.message || '']), true);
            return;
          }
          var mine = (res.body.journeys || []).filter(function (j) { return j.key === d.key; })[0]
            || (res.body.journeys || [])[0];
          showFindings(res.body.findings || []);
          say(mine ? format(d.msgDeployed, [mine.version]) : d.msgUnchanged, false);
          if (window.htmx) {
            window.htmx.ajax('GET', d.versionsUrl, { target: '#versions', swap: 'outerHTML' });
          }
        });
    }).catch(function (e) { say(d.msgFailed + ' ' + e, true); });
  }

  function refreshLive() {
    fetch(d.statsUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (stats) {
        overlays.remove({ type: 'live' });
        stats.forEach(function (s) {
          if (!registry.get(s.activityId)) { return; }
          var html = '<span class="live-badges">';
          if (s.instances > 0) {
            html += '<span class="live-badge running" title="' + format(d.msgRunning, [s.instances]) + '">'
              + s.instances + '</span>';
          }
          if (s.incidents > 0) {
            html += '<span class="live-badge incidents" title="' + format(d.msgIncidents, [s.incidents]) + '">'
              + s.incidents + '</span>';
          }
          html += '</span>';
          overlays.add(s.activityId, 'live', { position: { bottom: 10, left: -8 }, html: html });
        });
      }).catch(function (e) { say(d.msgFailed + ' ' + e, true); });
  }
  function toggleLive(on) {
    if (liveTimer) { clearInterval(liveTimer); liveTimer = null; }
    overlays.remove({ type: 'live' });
    if (on) { refreshLive(); liveTimer = setInterval(refreshLive, 5000); }
  }

  function showTrail(trail) {
    var list = document.getElementById('trail');
    list.innerHTML = '';
    registry.getAll().forEach(function (e) { canvas.removeMarker(e.id, 'passed'); });
    trail.forEach(function (step) {
      var li = document.createElement('li');
      li.textContent = (step.activityName || step.activityId) + ' (' + step.activityType + ')';
      li.dataset.activityId = step.activityId;
      list.appendChild(li);
      if (registry.get(step.activityId)) { canvas.addMarker(step.activityId, 'passed'); }
    });
  }
  function testRun() {
    var props;
    try {
      props = JSON.parse(document.getElementById('test-properties').value || '{}');
    } catch (e) {
      say(d.msgFailed + ' ' + e.message, true);
      return;
    }
    var body = JSON.stringify({ eventName: document.getElementById('test-event').value, properties: props });
    post(d.testRunUrl, body, 'application/json')
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (run) {
        // Steps run asynchronously on the job executor: follow the trail for a while.
        var polls = 0;
        function update(trail) {
          showTrail(trail || []);
          say(format(d.msgTestRun, [(trail || []).length]), false);
        }
        update(run.trail);
        var timer = setInterval(function () {
          polls += 1;
          fetch(d.trailUrl.replace('INSTANCE', encodeURIComponent(run.processInstanceId)),
            { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.json(); }).then(update)
            .catch(function () { clearInterval(timer); });
          if (polls >= 10) { clearInterval(timer); }
        }, 1000);
      }).catch(function (e) { say(d.msgFailed + ' ' + e.message, true); });
  }

  function download() {
    xml().then(function (text) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'application/xml' }));
      a.download = d.key + '.bpmn';
      a.click();
    });
  }

  document.getElementById('validate').addEventListener('click', validate);
  document.getElementById('deploy').addEventListener('click', deploy);
  document.getElementById('live').addEventListener('change', function (e) { toggleLive(e.target.checked); });
  document.getElementById('download').addEventListener('click', download);
  document.getElementById('test-run').addEventListener('submit', function (e) { e.preventDefault(); testRun(); });

  // A step that names its template without a version (camunda:modelerTemplateVersion) would show the template as
  // "not found": pin it to the latest version of that template, so that its form shows.
  var templatesById = {};
  function pinTemplateVersions(elements) {
    elements.forEach(function (element) {
      var bo = element.businessObject;
      if (!bo || !bo.get) { return; }
      var id = bo.get('camunda:modelerTemplate');
      if (id && bo.get('camunda:modelerTemplateVersion') === undefined && templatesById[id] !== undefined) {
        bo.set('camunda:modelerTemplateVersion', templatesById[id]);
      }
    });
  }

  Promise.all([
    fetch(d.templatesUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); }),
    fetch(d.bpmnUrl, { headers: { Accept: 'application/xml' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
  ]).then(function (loaded) {
    loaded[0].forEach(function (t) {
      if (t.version !== undefined && !(templatesById[t.id] >= t.version)) { templatesById[t.id] = t.version; }
    });
    modeler.get('elementTemplatesLoader').setTemplates(loaded[0]);
    return modeler.importXML(loaded[1]);
  }).then(function (result) {
    pinTemplateVersions(registry.getAll());
    // Fit the diagram, but never so small that its labels cannot be read: a long journey scrolls instead.
    canvas.zoom('fit-viewport');
    if (canvas.zoom() < 0.75) {
      canvas.zoom(0.75);
      var box = canvas.viewbox();
      canvas.viewbox({ x: box.inner.x - 60, y: box.inner.y - 40, width: box.width, height: box.height });
    }
    root.dataset.ready = 'true';
    var warnings = (result && result.warnings) || [];
    say(format(d.msgLoaded, [warnings.length]), false);
  }).catch(function (e) { say(d.msgFailed + ' ' + e.message, true); });

  window.genkendModeler = modeler;
})();
