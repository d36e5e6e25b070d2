// Draws each dashboard chart from the JSON its table's section embeds (dashboards/tables.py
// Chart.spec). The table beside every chart holds the same figures.
(() => {
  if (typeof Chart === "undefined") return;
  const palette = ["#0d6efd", "#6c757d", "#198754", "#fd7e14", "#6f42c1", "#20c997"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const colours = spec.colours.length ? spec.colours : palette;
    const doughnut = spec.kind === "doughnut";
    const datasets = spec.series.map((series, i) => ({
      label: series.label,
      data: series.data,
      backgroundColor: doughnut ? colours : colours[i % colours.length],
      borderColor: doughnut ? "#ffffff" : colours[i % colours.length],
      spanGaps: false,
    }));
    const stacked = spec.kind === "stacked";
    const options = { animation: false, responsive: true, maintainAspectRatio: false };
    // Arabic pages are right to left: the legend and tooltips read that way too.
    const rtl = document.documentElement.dir === "rtl";
    options.plugins = { legend: { rtl }, tooltip: { rtl } };
    if (!doughnut) {
      options.scales = {
        x: { stacked },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      };
    }
    if (!doughnut && spec.y_max !== null) options.scales.y.max = spec.y_max;
    new Chart(canvas, {
      type: doughnut ? "doughnut" : stacked ? "bar" : spec.kind,
      data: { labels: spec.labels, datasets },
      options,
    });
    canvas.dataset.rendered = "true";
  });
})();
