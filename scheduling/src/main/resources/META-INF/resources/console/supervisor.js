// The supervisor page's checklists: a checkbox ticks or unticks its item at once through the page's tick endpoint;
// what the server answers (or why it refused) is what the list then shows.
document.querySelectorAll('#tasks .checklist input[type=checkbox]').forEach(function (box) {
  box.addEventListener('change', async function () {
    const task = box.closest('article');
    const error = task.querySelector('.tick-error');
    const wanted = box.checked;
    box.disabled = true;
    error.hidden = true;
    try {
      const answer = await fetch('/supervisor/tasks/' + task.dataset.task + '/items/' + box.dataset.index, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-Connectops-Console': 'tick'},
        body: JSON.stringify({done: wanted})
      });
      const body = await answer.json().catch(function () { return {}; });
      if (!answer.ok) {
        box.checked = !wanted;
        error.textContent = body.detail || ('The tick was refused (HTTP ' + answer.status + ')');
        error.hidden = false;
        return;
      }
      body.task.items.forEach(function (item, index) {
        const row = task.querySelector('li[data-index="' + index + '"]');
        row.className = item.done ? 'done' : 'open';
        row.querySelector('input').checked = item.done;
        row.querySelector('.by').textContent = item.completedBy ? '(' + item.completedBy + ')' : '';
      });
      task.querySelector('.done-count').textContent =
          body.task.items.filter(function (item) { return item.done; }).length;
    } catch (failure) {
      box.checked = !wanted;
      error.textContent = 'The tick did not reach the server: ' + failure.message;
      error.hidden = false;
    } finally {
      box.disabled = false;
    }
  });
});
