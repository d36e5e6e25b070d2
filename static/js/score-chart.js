// Draws a community's score and coverage over time from the JSON the page embeds.
(() => {
  const data = document.getElementById("score-history");
  const canvas = document.getElementById("score-chart");
  if (!data || !canvas || typeof Chart === "undefined") return;
  const history = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: history.map((h) => h.date),
      datasets: [
        { label: window.l10n("score"), data: history.map((h) => h.score), borderColor: "#0d6efd" },
        { label: window.l10n("coverage_percent"), data: history.map((h) => h.coverage), borderColor: "#6c757d", borderDash: [4, 4] },
      ],
    },
    options: { scales: { y: { min: 0, max: 100 } }, animation: false },
  });
})();
