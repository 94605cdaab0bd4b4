// Keeps an incident page's timeline live: polls the timeline fragment every few seconds and swaps it in. When the
// incident itself changed (someone else acted), a banner offers a reload instead of replacing forms being typed in.
(function () {
  var article = document.querySelector('article.incident');
  if (!article) { return; }
  var id = article.getAttribute('data-incident');
  var pageVersion = article.getAttribute('data-version');
  var live = document.getElementById('live');
  var every = 5000;

  function incidentPart(version) { return (version || '').split('-')[0]; }

  function poll() {
    fetch('/incidents/' + id + '/timeline', { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error('status ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var fresh = holder.querySelector('#timeline');
        var current = document.getElementById('timeline');
        if (fresh && current && fresh.getAttribute('data-version') !== current.getAttribute('data-version')) {
          current.replaceWith(fresh);
          if (incidentPart(fresh.getAttribute('data-version')) !== incidentPart(pageVersion)) {
            document.getElementById('changed').hidden = false;
          }
        }
        live.textContent = 'live';
        live.classList.remove('stale');
      })
      .catch(function () {
        // Signed out or offline: say so; the next poll tries again.
        live.textContent = 'not updating: reload to sign in again';
        live.classList.add('stale');
      })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();
