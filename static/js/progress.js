// Progress reports: charts drawn from the tables beside them, and the live progress of a compile job.
(function () {
  "use strict";

  const COLOURS = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#d63384", "#6c757d"];
  const KPI = { green: "#1b7f3b", yellow: "#f2c200", red: "#b3261e", not_scored: "#8a939c" };

  function rowsOf(table) {
    return Array.from(table.querySelectorAll("tbody tr[data-value]")).map((tr) => ({
      key: tr.dataset.key,
      label: tr.dataset.label,
      value: Number(tr.dataset.value),
    }));
  }

  function drawChart(table) {
    const canvas = document.getElementById(table.dataset.chartCanvas);
    if (!canvas || typeof window.Chart === "undefined") return;
    let rows = rowsOf(table);
    const kind = table.dataset.chart;
    let type = "bar";
    let colours = COLOURS;
    if (kind === "participants") {
      rows = rows.filter((r) => r.key === "participants_male" || r.key === "participants_female");
      type = "doughnut";
    } else if (kind === "kpi") {
      type = "doughnut";
      colours = rows.map((r) => KPI[r.key] || COLOURS[0]);
    } else if (kind === "reporting") {
      rows = rows.filter((r) => r.key !== "reports_expected");
    }
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: rows.map((r) => r.label),
        datasets: [{ data: rows.map((r) => r.value), backgroundColor: colours.slice(0, Math.max(rows.length, 1)) }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: type === "doughnut" } },
        scales: type === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
      },
    });
  }

  document.querySelectorAll("table.js-chart").forEach(drawChart);

  // Compile job page: poll the status endpoint until the job is done or failed.
  const job = document.getElementById("job");
  if (job) {
    const bar = document.getElementById("job-progress");
    const step = document.getElementById("job-step");
    const status = document.getElementById("job-status");
    const percent = document.getElementById("job-percent");
    const done = document.getElementById("job-done");
    const failed = document.getElementById("job-failed");
    const undispatched = document.getElementById("job-undispatched");
    const stalledText = document.getElementById("job-stalled-text");
    const error = document.getElementById("job-error");
    const link = document.getElementById("job-report-link");

    function show(data) {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
      percent.textContent = data.progress + "%";
      step.textContent = data.step_label;
      status.textContent = data.status_label;
      status.className = "badge job-" + data.status;
      job.dataset.status = data.status;
      undispatched.hidden = !data.undispatched;
      if (data.status === "done") {
        link.href = data.report_url;
        done.hidden = false;
        failed.hidden = true;
      } else if (data.status === "failed" || data.stalled) {
        error.textContent = data.error || "—";
        stalledText.hidden = !data.stalled;
        failed.hidden = false;
      } else {
        failed.hidden = true;
      }
    }

    function poll() {
      fetch(job.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((data) => {
          show(data);
          if (data.status !== "done" && data.status !== "failed") window.setTimeout(poll, 1000);
        })
        .catch(() => window.setTimeout(poll, 3000));
    }

    if (job.dataset.status !== "done" && job.dataset.status !== "failed") poll();
  }
})();
