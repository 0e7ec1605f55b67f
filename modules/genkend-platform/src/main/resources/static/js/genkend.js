// Small behaviours shared by every page. htmx requests carry the CSRF token through the body's hx-headers;
// fetch() calls of page scripts use csrfHeaders() from the same <meta> tags.
(function () {
  'use strict';
  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute('content') : null;
  }
  /** @returns {Object<string,string>} the CSRF header for fetch() */
  window.csrfHeaders = function () {
    var h = {};
    var name = meta('_csrf_header');
    if (name) { h[name] = meta('_csrf'); }
    return h;
  };
  // Ask before destructive actions: <form data-confirm="message">.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  }, true);
})();
