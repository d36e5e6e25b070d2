// Polls a scoring job's progress and reloads the page (without ?task=) when it is done.
(() => {
  const box = document.getElementById("task-progress");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const label = document.getElementById("task-progress-label");
  const poll = async () => {
    const response = await fetch(box.dataset.taskUrl, { headers: { Accept: "application/json" } });
    const state = await response.json();
    if (state.total) {
      const percent = Math.round((100 * state.done) / state.total);
      bar.style.width = `${percent}%`;
      box.querySelector(".progress").setAttribute("aria-valuenow", percent);
      label.textContent = window.l10n("scoring_progress", { done: state.done, total: state.total });
    }
    if (state.ready) {
      label.textContent =
        state.state === "SUCCESS" ? window.l10n("done") : window.l10n("stopped", { state: state.state });
      window.location.replace(window.location.pathname);
    } else {
      window.setTimeout(poll, 1000);
    }
  };
  poll();
})();
