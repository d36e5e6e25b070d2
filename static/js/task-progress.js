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
      label.textContent = `Scoring: ${state.done} of ${state.total} communities`;
    }
    if (state.ready) {
      label.textContent = state.state === "SUCCESS" ? "Done." : `Stopped: ${state.state}`;
      window.location.replace(window.location.pathname);
    } else {
      window.setTimeout(poll, 1000);
    }
  };
  poll();
})();
