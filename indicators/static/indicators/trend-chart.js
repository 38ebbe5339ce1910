// The indicator trend: the figure each month over the threshold bands, with the milestone
// target in force and the benchmark averages. The data comes from the page (json_script)
// and is exactly what the table below the chart shows.
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var suffix = data.percentage ? "%" : "";
  // The bands are the rating colours of the figures (the stylesheet's custom properties, set in
  // assets/scss/_palette.scss), drawn half transparent so the lines over them stay readable.
  var BAND_OPACITY = 0.5;
  var styles = window.getComputedStyle(document.documentElement);
  var bands = data.bands.map(function (band) {
    return Object.assign({}, band, { colour: styles.getPropertyValue(band.colourProperty).trim() });
  });

  // Shade each threshold band across the plot, behind the lines.
  var bandsPlugin = {
    id: "thresholdBands",
    beforeDatasetsDraw: function (chart, args, options) {
      var area = chart.chartArea;
      var y = chart.scales.y;
      var context = chart.ctx;
      context.save();
      context.globalAlpha = options.opacity;
      options.bands.forEach(function (band) {
        var top = band.high === null ? area.top : Math.max(area.top, y.getPixelForValue(band.high));
        var bottom = band.low === null ? area.bottom : Math.min(area.bottom, y.getPixelForValue(band.low));
        if (band.colour && bottom > top) {
          context.fillStyle = band.colour;
          context.fillRect(area.left, top, area.right - area.left, bottom - top);
        }
      });
      context.restore();
    },
  };

  function constant(value) {
    return data.labels.map(function () {
      return value;
    });
  }

  var datasets = [
    {
      label: data.title,
      data: data.values,
      borderColor: "#0b0c0c",
      backgroundColor: "#0b0c0c",
      borderWidth: 2,
      pointRadius: 3,
      spanGaps: false,
      segment: {
        // A month not yet signed off is drawn dashed.
        borderDash: function (context) {
          return data.provisional[context.p1DataIndex] ? [4, 3] : undefined;
        },
      },
    },
  ];
  // A team's trend: the authority's beside it, solid and marked with triangles.
  if (data.authority) {
    datasets.push({
      label: data.authorityName,
      data: data.authority,
      borderColor: "#d53880",
      backgroundColor: "#d53880",
      borderWidth: 2,
      pointRadius: 3,
      pointStyle: "triangle",
      spanGaps: false,
    });
  }
  if (data.restated.some(function (value) { return value !== null; })) {
    datasets.push({
      label: "Restated",
      data: data.restated,
      borderColor: "#d4351c",
      backgroundColor: "#d4351c",
      showLine: false,
      pointStyle: "rectRot",
      pointRadius: 5,
    });
  }
  if (data.targetLow.some(function (value) { return value !== null; })) {
    datasets.push({
      label: "Milestone target (lower bound)",
      data: data.targetLow,
      borderColor: "#1d70b8",
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
      stepped: true,
    });
  }
  if (data.targetHigh.some(function (value) { return value !== null; })) {
    datasets.push({
      label: "Milestone target (upper bound)",
      data: data.targetHigh,
      borderColor: "#003078",
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
      stepped: true,
    });
  }
  if (data.neighbours) {
    datasets.push({
      label: "Statistical neighbours " + data.neighbours.year,
      data: constant(data.neighbours.value),
      borderColor: "#4c2c92",
      borderDash: [2, 3],
      borderWidth: 2,
      pointRadius: 0,
    });
  }
  if (data.england) {
    datasets.push({
      label: "England " + data.england.year,
      data: constant(data.england.value),
      borderColor: "#f47738",
      borderDash: [10, 4],
      borderWidth: 2,
      pointRadius: 0,
    });
  }

  // An average no one has entered is named in the key (as in the caption), not silently left out.
  data.missing.forEach(function (text) {
    datasets.push({
      label: text,
      data: [],
      borderColor: "#505a5f",
      borderDash: [1, 3],
      borderWidth: 2,
      pointRadius: 0,
    });
  });

  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    plugins: [bandsPlugin],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        // Fitted to what is drawn (the figures, bands, targets and averages), on round
        // numbers worked out by the page (indicators/report_indicator.py: axis_range).
        y: {
          min: data.axis.min,
          max: data.axis.max,
          ticks: {
            callback: function (value) {
              return value + suffix;
            },
          },
        },
      },
      plugins: {
        thresholdBands: { bands: bands, opacity: BAND_OPACITY },
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (context) {
              if (context.parsed.y === null) {
                return context.dataset.label + ": no data";
              }
              var text = context.dataset.label + ": " + context.parsed.y + suffix;
              if (context.datasetIndex === 0 && data.provisional[context.dataIndex]) {
                text += " (provisional)";
              }
              if (context.dataset.label.indexOf("Milestone") === 0 && data.targetText[context.dataIndex]) {
                text = "Milestone in force: " + data.targetText[context.dataIndex];
              }
              return text;
            },
          },
        },
      },
    },
  });
})();
