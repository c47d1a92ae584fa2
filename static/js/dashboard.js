// Dashboards: every chart is drawn from the table of numbers next to it; the map's points come from map.json.
(function () {
  "use strict";

  const PALETTE = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#d63384", "#6c757d"];
  const LANG = document.documentElement.lang || "id";
  // Numbers as the server writes them (foundation/formatting.py): 1.234 and 22,6 in Indonesian.
  const LOCALE = LANG === "en" ? "en-GB" : "id-ID";
  const NUMBER = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

  function numberOf(text) {
    return text === undefined || text === "" ? null : Number(text);
  }

  // A table.js-chart names its series in thead th[data-series] (label, data-colour) and holds one row per
  // label (tbody tr[data-label]) with td[data-series][data-value] cells.
  function drawChart(table) {
    const canvas = document.getElementById(table.dataset.chartCanvas);
    if (!canvas || typeof window.Chart === "undefined") return;
    const type = table.dataset.chartType || "bar";
    const colourByRow = type === "doughnut" || table.dataset.rowsAsColours === "true";
    const series = Array.from(table.querySelectorAll("thead th[data-series]")).map((th, i) => ({
      key: th.dataset.series,
      label: th.textContent.trim(),
      colour: th.dataset.colour || PALETTE[i % PALETTE.length],
    }));
    const rows = Array.from(table.querySelectorAll("tbody tr[data-label]"));
    const datasets = series.map((s) => {
      const data = rows.map((tr) => {
        const cell = tr.querySelector('[data-series="' + s.key + '"]');
        return cell ? numberOf(cell.dataset.value) : null;
      });
      const dataset = { label: s.label, data: data };
      if (colourByRow) {
        dataset.backgroundColor = rows.map((tr, i) => tr.dataset.colour || PALETTE[i % PALETTE.length]);
      } else if (type === "line") {
        dataset.borderColor = s.colour;
        dataset.backgroundColor = s.colour;
        dataset.cubicInterpolationMode = "monotone";
      } else {
        dataset.backgroundColor = s.colour;
      }
      return dataset;
    });
    if (!datasets.some((d) => d.data.some((v) => v !== null && v > 0))) {
      // Nothing above zero: a sentence instead of an empty chart.
      const labels = document.getElementById("dashboard-labels");
      const note = document.createElement("p");
      note.className = "small text-body-secondary chart-empty";
      note.textContent = labels ? labels.dataset.empty : "";
      canvas.parentElement.replaceWith(note);
      return;
    }
    const stacked = table.dataset.stacked === "true";
    const percent = table.dataset.unit === "%";
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: LOCALE,
      plugins: {
        legend: {
          display: type === "doughnut" || datasets.length > 1,
          position: "bottom",
          labels: { boxWidth: 12 },
        },
      },
    };
    if (type !== "doughnut") {
      options.scales = {
        x: { stacked: stacked, ticks: { autoSkip: rows.length > 8, maxRotation: 0 } },
        y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
      };
      options.scales.y.ticks.callback = (value) => NUMBER.format(value) + (percent ? "%" : "");
      if (percent) options.scales.y.max = 100;
    }
    new window.Chart(canvas, { type: type, data: { labels: rows.map((tr) => tr.dataset.label), datasets: datasets }, options: options });
    const values = datasets.reduce((n, d) => n + d.data.filter((v) => v !== null && v > 0).length, 0);
    canvas.dataset.values = String(values);
    canvas.dataset.rendered = "true";
  }

  document.querySelectorAll("table.js-chart").forEach(drawChart);
  // A readiness signal for whoever waits on the charts (the browser tests): every chart of the page is drawn.
  document.body.dataset.chartsDrawn = "true";

  // Heat maps open on the latest months (they scroll sideways on a phone). The names stay on the left; the name
  // column is widened to a whole number of months and the scroll stops on a month's edge, so that no month is
  // left half hidden under the names or half cut at the edge.
  document.querySelectorAll(".heatmap-wrap").forEach((wrap) => {
    wrap.scrollLeft = wrap.scrollWidth;
    const names = wrap.querySelector("thead .hm-name");
    const months = wrap.querySelectorAll("thead .hm-month");
    if (!names || months.length < 2 || !wrap.scrollLeft) return;
    const pitch = months[1].getBoundingClientRect().left - months[0].getBoundingClientRect().left;
    const table = wrap.querySelector("table");
    const offset = months[0].getBoundingClientRect().left - table.getBoundingClientRect().left;
    const wider = Math.ceil(offset / pitch - 0.01) * pitch - offset;
    if (wider > 0) names.style.minWidth = `${names.getBoundingClientRect().width + wider}px`;
    wrap.scrollLeft = wrap.scrollWidth;
    wrap.scrollLeft = Math.floor(wrap.scrollLeft / pitch) * pitch;
  });

  // The map: libraries as dots coloured by KPI; background tiles only when a tile server is configured.
  const mapElement = document.getElementById("dashboard-map");
  if (!mapElement || typeof window.L === "undefined") return;
  const L = window.L;
  const COLOURS = { green: "#1b7f3b", yellow: "#f2c200", red: "#b3261e", not_scored: "#5c636a", "": "#8a939c" };
  const tileUrl = mapElement.dataset.tileUrl;
  const map = L.map(mapElement, { preferCanvas: true, zoomSnap: 0.5, scrollWheelZoom: false });
  map.setView([-2.5, 118], 4);
  if (tileUrl) {
    L.tileLayer(tileUrl, { attribution: mapElement.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }

  // Land without a tile server: the provinces shipped with the portal, drawn as SVG under the dots;
  // the dashboard's own province stands out, and frames the map when it has no located libraries.
  const boundaries = L.featureGroup().addTo(map);
  const ownProvince = mapElement.dataset.province;
  let ownBounds = null;
  const boundariesDrawn = fetch(mapElement.dataset.boundariesUrl, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      const layer = L.geoJSON(data, {
        renderer: L.svg({ padding: 0.2 }),
        interactive: false,
        style: (feature) => {
          const own = ownProvince && feature.properties.code === ownProvince;
          return {
            className: "map-province" + (own ? " map-province-own" : ""),
            color: "#6c7a89",
            weight: own ? 1.5 : 0.7,
            fillColor: own ? "#f4efe1" : "#e9e4d4",
            fillOpacity: 1,
          };
        },
      });
      layer.eachLayer((feature) => {
        if (ownProvince && feature.feature.properties.code === ownProvince) ownBounds = feature.getBounds();
      });
      layer.addTo(boundaries);
      mapElement.dataset.boundaries = String(data.features.length);
    })
    .catch(() => {
      mapElement.dataset.boundaries = "error";
    });

  function popup(point, labels) {
    const box = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = point.name;
    box.appendChild(name);
    const kpi = document.createElement("div");
    kpi.textContent = labels[point.kpi] || labels[""] || "";
    if (point.score !== null && point.score !== undefined) {
      kpi.textContent += " · " + mapElement.dataset.scoreLabel + " " + NUMBER.format(point.score);
    }
    box.appendChild(kpi);
    const link = document.createElement("a");
    link.href = mapElement.dataset.libraryUrl.replace("/library/0/", "/library/" + point.id + "/");
    link.textContent = mapElement.dataset.openLabel;
    box.appendChild(link);
    return box;
  }

  fetch(mapElement.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      const layer = L.featureGroup();
      data.points.forEach((row) => {
        const point = { id: row[0], name: row[1], lat: row[2], lng: row[3], kpi: row[4], score: row[5] };
        L.circleMarker([point.lat, point.lng], {
          radius: 6,
          color: "#ffffff",
          weight: 1,
          fillColor: COLOURS[point.kpi] || COLOURS[""],
          fillOpacity: 0.9,
        })
          .bindPopup(() => popup(point, data.labels))
          .addTo(layer);
      });
      layer.addTo(map);
      if (data.points.length) {
        map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 11 });
      } else {
        boundariesDrawn.then(() => {
          if (ownBounds) map.fitBounds(ownBounds, { padding: [12, 12] });
        });
      }
      mapElement.dataset.points = String(data.points.length);
    })
    .catch(() => {
      mapElement.dataset.points = "error";
    });
})();
