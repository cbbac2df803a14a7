/* Charts of the suggestions' statistics page (ECharts, vendored with the dashboard). The data
   comes from the json_script block: no inline script, as the Content-Security-Policy asks. */
(function () {
  "use strict";
  var el = document.getElementById("suggestions-stats");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var charts = [];

  function make(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    option.textStyle = { fontFamily: font };
    option.animation = false;
    chart.setOption(option);
    node.setAttribute("data-ready", "1");
    charts.push(chart);
  }

  var units = document.getElementById("chart-units");
  if (units) { units.style.height = Math.max(220, 60 + data.units.length * 44) + "px"; }
  make("chart-units", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + "%"; } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: data.units, axisLabel: { width: 180, overflow: "truncate" } },
    series: [
      { name: data.labels.on_time, type: "bar", data: data.on_time, itemStyle: { color: "#4e79a7" } },
      { name: data.labels.satisfaction, type: "bar", data: data.satisfaction, itemStyle: { color: "#59a14f" } }
    ]
  });
  make("chart-classes", {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["40%", "68%"], label: { formatter: "{b}\n{c}" },
               data: data.classes.filter(function (c) { return c.value > 0; }),
               color: ["#59a14f", "#f28e2b", "#bab0ac"] }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
