/* Dashboards at a glance, drawn with ECharts: the statuses of a unit's indicators by objective, sparklines of each
   indicator against its target, funds by source, data completeness, the ministry's tile grid of the provinces and
   the ranked comparison. Every chart has its table in the page (a <details> under it) and its PNG and SVG
   downloads; without scripts the tables stay.

   Load ECharts first, then this file:
     <script src="{% static 'vendor/echarts/echarts.min.js' %}" defer></script>
     <script src="{% static 'js/glance.js' %}" defer></script>
   Give each chart its data with json_script (the payload's "kind" says which chart it is) and the words with
   json_script too:
     {{ data|json_script:"glance-x" }}  <div class="glance-canvas" data-glance="glance-x" data-file="x"></div>
     {{ labels|json_script:"glance-labels" }}
   Kinds: "status-bars", "sparklines", "funding", "completeness", "tiles", "ranked" (dashboards/selectors.py). */
(function () {
  "use strict";

  var INK = "#1d232b", MUTED = "#5b6573", GRID = "#d8dde4", TARGET = "#b3261e";
  var SYMBOLS = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=" };
  var charts = [];

  function words() {
    var el = document.getElementById("glance-labels");
    return el ? JSON.parse(el.textContent) : {};
  }

  function lang() {
    return (document.documentElement.lang || "vi").toLowerCase().indexOf("en") === 0 ? "en-GB" : "vi-VN";
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) return "—";
    return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits === undefined ? 2 : digits }).format(value);
  }

  function targetText(t) {
    return t ? (SYMBOLS[t.comparator] || t.comparator) + " " + fmt(t.value) : "";
  }

  function textOn(colour) {
    // dark text on light tiles, white on dark ones
    var c = colour.replace("#", "");
    var r = parseInt(c.substr(0, 2), 16), g = parseInt(c.substr(2, 2), 16), b = parseInt(c.substr(4, 2), 16);
    return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? INK : "#ffffff";
  }

  var BASE = {
    animation: false,
    textStyle: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif", color: INK }
  };

  function merge(option) {
    var out = {};
    Object.keys(BASE).forEach(function (k) { out[k] = BASE[k]; });
    Object.keys(option).forEach(function (k) { out[k] = option[k]; });
    return out;
  }

  // --- one option builder a kind: (data, words, width) -> {option, height} ------------------------------------

  function statusBars(data, w) {
    var labels = data.objectives.map(function (o) { return o.label; });
    return {
      height: 340,
      option: {
        // the legend under the bars: seven statuses wrap to two lines and would run into the axis name above
        legend: { bottom: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
        grid: { left: 40, right: 16, top: 30, bottom: 84 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "category", data: labels, axisTick: { show: false }, axisLabel: { color: INK, interval: 0 } },
        yAxis: { type: "value", minInterval: 1, name: w.indicators || "", nameTextStyle: { color: MUTED, align: "left" },
                 axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID } } },
        series: data.series.map(function (s) {
          return {
            name: s.label, type: "bar", stack: "statuses", barMaxWidth: 56,
            itemStyle: { color: s.colour, borderColor: "#fff", borderWidth: 1 },
            label: { show: true, color: textOn(s.colour), fontSize: 12,
                     formatter: function (p) { return p.value ? fmt(p.value, 0) : ""; } },
            data: s.data
          };
        })
      }
    };
  }

  function sparklines(data, w, width) {
    var items = data.items, cols = width >= 1000 ? 4 : width >= 680 ? 3 : 2;
    var rows = Math.ceil(items.length / cols), cellH = 118, titleH = 40;
    var first = Math.min.apply(null, data.years), last = Math.max.apply(null, data.years);
    items.forEach(function (it) { if (it.target) last = Math.max(last, Math.min(it.target.year, last)); });
    var titles = [], grids = [], xs = [], ys = [], series = [];
    items.forEach(function (it, i) {
      var col = i % cols, row = Math.floor(i / cols);
      var left = (col / cols) * 100, top = row * cellH;
      var latest = it.series[it.series.length - 1];
      titles.push({
        text: it.code + "  " + fmt(latest[1]) + (it.unit === "%" ? "%" : ""),
        subtext: it.target ? (w.target + " " + targetText(it.target) + " (" + it.target.year + ")") : w.noTarget,
        left: left + 1 + "%", top: top, itemGap: 5,
        textStyle: { fontSize: 13, fontWeight: "bold", color: INK, lineHeight: 16 },
        subtextStyle: { fontSize: 11, color: MUTED, lineHeight: 14 }
      });
      grids.push({ left: left + 2 + "%", width: (100 / cols) - 5 + "%", top: top + titleH + 6, height: cellH - titleH - 34 });
      var values = it.series.map(function (p) { return p[1]; });
      if (it.target) values.push(it.target.value);
      var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values), pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 1;
      xs.push({
        type: "value", gridIndex: i, min: first, max: last, interval: Math.max(last - first, 1),
        axisLine: { show: false }, axisTick: { show: false }, splitLine: { show: false },
        axisLabel: { color: MUTED, fontSize: 10, margin: 4, formatter: function (v) { return String(v); } }
      });
      ys.push({ type: "value", gridIndex: i, min: lo - pad, max: hi + pad, show: false });
      series.push({
        type: "line", name: it.code, xAxisIndex: i, yAxisIndex: i, data: it.series, showSymbol: it.series.length < 3,
        symbolSize: 5, lineStyle: { color: it.colour, width: 2.5 }, itemStyle: { color: it.colour },
        endLabel: { show: false },
        markLine: it.target ? {
          silent: true, symbol: "none", label: { show: false },
          lineStyle: { color: TARGET, type: "dashed", width: 1.5 },
          data: [{ yAxis: it.target.value }]
        } : undefined,
        tooltip: { formatter: function (p) { return it.code + " · " + p.value[0] + ": " + fmt(p.value[1]); } }
      });
    });
    return {
      height: Math.max(rows, 1) * cellH + 8,
      option: { title: titles, grid: grids, xAxis: xs, yAxis: ys, series: series, tooltip: { trigger: "item" } }
    };
  }

  function funding(data, w) {
    var million = function (v) { return v === null ? null : v / 1e6; };
    var kinds = [["planned", w.planned, "#9cc3e6"], ["allocated", w.allocated, "#0b5cad"], ["spent", w.spent, "#e3a008"]];
    return {
      height: data.sources.length * 58 + 70,
      option: {
        legend: { top: 0, left: 0 },
        grid: { left: 180, right: 24, top: 36, bottom: 36 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
                   valueFormatter: function (v) { return fmt(v, 1) + " " + w.millionVnd; } },
        yAxis: { type: "category", inverse: true, data: data.sources.map(function (s) { return s.label; }),
                 axisTick: { show: false },
                 axisLabel: { interval: 0, width: 170, overflow: "break", color: INK, fontSize: 11, lineHeight: 13 } },
        xAxis: { type: "value", name: w.millionVnd, nameLocation: "middle", nameGap: 22,
                 nameTextStyle: { color: MUTED },
                 axisLabel: { color: MUTED, formatter: function (v) { return fmt(v, 0); } },
                 splitLine: { lineStyle: { color: GRID } } },
        series: kinds.map(function (k) {
          return { name: k[1], type: "bar", itemStyle: { color: k[2] }, barMaxWidth: 12,
                   data: data.sources.map(function (s) { return million(s[k[0]]); }) };
        })
      }
    };
  }

  function completeness(data, w) {
    var items = data.items;
    return {
      height: Math.max(items.length * 26 + 40, 120),
      option: {
        grid: { left: 250, right: 96, top: 8, bottom: 24 },
        tooltip: { trigger: "item", formatter: function (p) {
          var it = items[p.dataIndex];
          return it.label + ": " + fmt(it.share, 1) + "% (" + fmt(it.entered, 0) + "/" + fmt(it.expected, 0) + ")";
        } },
        xAxis: { type: "value", min: 0, max: 100, axisLabel: { color: MUTED, formatter: "{value}%" },
                 splitLine: { lineStyle: { color: GRID } } },
        yAxis: { type: "category", inverse: true, data: items.map(function (i) { return i.label; }),
                 axisTick: { show: false }, axisLabel: { color: INK, width: 240, overflow: "truncate" } },
        series: [{
          type: "bar", barMaxWidth: 18,
          data: items.map(function (i) {
            var colour = i.share >= 100 ? "#1e7a3c" : i.share >= 50 ? "#0b5cad" : "#d9534f";
            return { value: i.share, itemStyle: { color: colour } };
          }),
          label: { show: true, position: "right", color: INK, fontSize: 11, formatter: function (p) {
            var it = items[p.dataIndex];
            return fmt(it.share, 0) + "% (" + fmt(it.entered, 0) + "/" + fmt(it.expected, 0) + ")";
          } }
        }]
      }
    };
  }

  function tiles(data, w, width) {
    var byValue = (data.colour === "value");
    var size = Math.max(Math.min(Math.floor((Math.min(width, 640) - 16) / data.cols), 92), 58);
    var cellW = size, cellH = Math.round(size * 0.78);
    var legendH = 56;
    var height = data.rows * cellH + legendH + 8;
    var chartW = data.cols * cellW;
    function point(t) {
      var colour = t.colour;
      if (byValue) colour = t.value === null ? "#c3c9d1" : shade(t.value);
      return {
        name: t.short, value: [t.col, t.row], code: t.code, full: t.name, raw: t.value, statusLabel: t.status_label,
        itemStyle: { color: colour, borderColor: "#ffffff", borderWidth: 2 },
        label: { color: textOn(colour) }
      };
    }
    var values = data.tiles.filter(function (t) { return t.value !== null; }).map(function (t) { return t.value; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var light = [0xdb, 0xe9, 0xf6], dark = [0x0b, 0x3c, 0x7d];
    function shade(v) {
      var f = hi > lo ? (v - lo) / (hi - lo) : 1;
      return "#" + light.map(function (c, i) {
        return ("0" + Math.round(c + (dark[i] - c) * f).toString(16)).slice(-2);
      }).join("");
    }
    var common = {
      type: "scatter", symbol: "rect", symbolSize: [cellW - 3, cellH - 3],
      label: { show: true, fontSize: size < 70 ? 10 : 11, lineHeight: 13, overflow: "break", width: cellW - 8,
               formatter: function (p) {
                 return p.data.name + "\n" + (p.data.raw === null ? "—" : fmt(p.data.raw, 1));
               } },
      tooltip: { formatter: function (p) {
        return p.data.full + "<br>" + (p.data.raw === null ? w.noData : fmt(p.data.raw)) + " · " + p.data.statusLabel;
      } }
    };
    var series;
    var legend;
    if (byValue) {
      series = [Object.assign({ name: data.indicator.code, data: data.tiles.map(point) }, common)];
      legend = { show: false };
    } else {
      series = data.legend.map(function (l) {
        return Object.assign({}, common, {
          name: l.label, itemStyle: { color: l.colour },
          data: data.tiles.filter(function (t) { return t.status === l.status; }).map(point)
        });
      });
      legend = { bottom: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } };
    }
    var option = {
      tooltip: { trigger: "item" },
      legend: legend,
      grid: { left: 0, top: 0, width: chartW, height: data.rows * cellH },
      xAxis: { type: "value", min: -0.5, max: data.cols - 0.5, show: false },
      yAxis: { type: "value", min: -0.5, max: data.rows - 0.5, inverse: true, show: false },
      series: series
    };
    if (byValue && values.length) {
      option.graphic = [{
        type: "text", left: 0, bottom: 4,
        style: { text: w.lighter + " " + fmt(lo) + "  →  " + w.darker + " " + fmt(hi), fill: MUTED, fontSize: 11 }
      }];
    }
    return { height: height, width: Math.max(chartW, 300), option: option };
  }

  function ranked(data, w) {
    var bars = data.bars;
    var top = Math.max.apply(null, bars.map(function (b) { return b.value; }).concat(data.target ? [data.target.value] : [])) || 1;
    var legend = data.legend.length ? data.legend : [{ status: "", label: "", colour: "#0b5cad" }];
    var series = legend.map(function (l, i) {
      var item = {
        name: l.label, type: "bar", stack: "rank", barMaxWidth: 18, itemStyle: { color: l.colour }, z: 3,
        data: bars.map(function (b) {
          if (l.status && b.status !== l.status) return null;
          // a bar ending just short of the target would have its label crossed by the target's line: there the
          // value is written inside the bar's end instead
          if (data.target && b.value < data.target.value && (data.target.value - b.value) / top < 0.08) {
            return { value: b.value, label: { position: "insideRight", color: textOn(l.colour), backgroundColor: "transparent" } };
          }
          return b.value;
        }),
        // the value's label on a white ground, above the target's line, so the line never crosses the digits
        label: { show: true, position: "right", color: INK, fontSize: 11, backgroundColor: "#ffffff", padding: [1, 2],
                 formatter: function (p) { return p.value === null || p.value === undefined ? "" : fmt(p.value); } }
      };
      if (i === 0 && data.target) {
        item.markLine = {
          silent: true, symbol: "none", z: 1,
          lineStyle: { color: TARGET, type: "dashed", width: 1.5 },
          label: { show: true, position: "start", color: TARGET, fontSize: 11,
                   formatter: w.target + " " + targetText(data.target) + " (" + data.target.year + ")" },
          data: [{ xAxis: data.target.value }]
        };
      }
      return item;
    });
    var option = {
      grid: { left: 8, right: data.target ? 120 : 64, top: data.target ? 30 : 12, bottom: 48, containLabel: true },
      tooltip: { trigger: "item", formatter: function (p) { return bars[p.dataIndex].name + ": " + fmt(p.value) + " · " + p.seriesName; } },
      legend: { show: data.legend.length > 0, bottom: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      xAxis: { type: "value", axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID } } },
      yAxis: { type: "category", inverse: true, data: bars.map(function (b) { return b.name; }),
               axisTick: { show: false }, axisLabel: { color: INK, width: 150, overflow: "truncate" } },
      series: series
    };
    return { height: bars.length * 24 + (data.target ? 96 : 72), option: option };
  }

  var BUILDERS = {
    "status-bars": statusBars, sparklines: sparklines, funding: funding,
    completeness: completeness, tiles: tiles, ranked: ranked
  };

  // --- drawing and downloads ----------------------------------------------------------------------------------

  function build(box, data, w) {
    var built = BUILDERS[data.kind](data, w, box.parentNode.clientWidth || 800);
    box.style.height = built.height + "px";
    box.style.width = built.width ? built.width + "px" : "";
    return built;
  }

  function buttons(box, chart, w, state) {
    window.chartDownloads(box, chart, box.getAttribute("data-file") || "chart", w, function () { return merge(state.option); });
  }

  function draw(box, w) {
    if (box.getAttribute("data-drawn")) return;
    var source = document.getElementById(box.getAttribute("data-glance"));
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    if (!BUILDERS[data.kind]) return;
    box.setAttribute("data-drawn", "1");
    var state = build(box, data, w);
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(merge(state.option));
    buttons(box, chart, w, state);
    charts.push({ box: box, chart: chart, data: data, state: state });
  }

  function drawAll() {
    var w = words();
    document.querySelectorAll("[data-glance]").forEach(function (box) { draw(box, w); });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var w = words();
      charts.forEach(function (c) {
        var state = build(c.box, c.data, w);
        c.state.option = state.option;
        c.state.height = state.height;
        c.chart.resize();
        c.chart.setOption(merge(state.option), true);
      });
    }, 150);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
