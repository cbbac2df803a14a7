/* Dashboard charts (ECharts, vendored). Tooltips are drawn on the canvas (renderMode
   "richText"): the HTML tooltip writes inline styles, which the CSP refuses. Every element of a chart links to the
   ledger table filtered to the tasks behind it. No inline script: the data comes
   from the json_script block, which the Content-Security-Policy allows. */
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var charts = [];
  var narrow = function () { return window.innerWidth < 700; };
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

  function make(id, option, onClick) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    option.textStyle = { fontFamily: font };
    option.animation = false;
    chart.setOption(option);
    if (onClick) { chart.on("click", onClick); }
    node.setAttribute("data-ready", "1");
    charts.push(chart);
  }

  function go(url) { if (url) { window.location.href = url; } }

  function stacked(block) {
    return data.order.map(function (code) {
      return {
        name: data.short[code], type: "bar", stack: "all", barMaxWidth: 22,
        itemStyle: { color: data.colours[code] }, data: block.series[code],
        emphasis: { focus: "series" }
      };
    });
  }

  function horizontalBars(id, block) {
    // Horizontal bars keep long Chinese names readable on a phone.
    make(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true, renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category", inverse: true, data: block.names,
        axisLabel: { width: narrow() ? 90 : 220, overflow: "truncate", interval: 0 }
      },
      series: stacked(block)
    }, function (p) {
      var base = block.urls[p.dataIndex];
      var code = data.order[p.seriesIndex];
      if (base) { go(base + (base.indexOf("?") < 0 ? "?" : "&") + "status=" + code); }
    });
    var node = document.getElementById(id);
    if (node) { node.style.height = Math.max(220, 40 + block.names.length * 30) + "px"; }
  }

  make("chart-status", {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)", confine: true, renderMode: "richText" },
    legend: { bottom: 0, type: "scroll" },
    series: [{
      type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"], avoidLabelOverlap: true,
      label: { formatter: "{b}\n{c}" },
      data: data.status.filter(function (s) { return s.value > 0; }).map(function (s) {
        return { name: s.name, value: s.value, url: s.url, itemStyle: { color: data.colours[s.status] } };
      })
    }]
  }, function (p) { go(p.data && p.data.url); });

  make("chart-trend", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true, renderMode: "richText" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: data.trend.months, axisLabel: { rotate: narrow() ? 45 : 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: data.order.map(function (code) {
      return {
        name: data.short[code], type: "bar", stack: "all", barMaxWidth: 28,
        itemStyle: { color: data.colours[code] }, data: data.trend.series[code]
      };
    })
  }, function (p) { go(data.tasks_url + "?status=" + data.order[p.seriesIndex]); });

  horizontalBars("chart-departments", data.departments);
  horizontalBars("chart-chapters", data.chapters);
  charts.forEach(function (c) { c.resize(); });

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
})();
