/* Charts of indicators against their targets, drawn with ECharts: the web twin of the PNG that
   documents/charts.py puts into Word documents (same data, same encoding).

   Load ECharts first, then this file:
     <script src="{% static 'vendor/echarts/echarts.min.js' %}" defer></script>
     <script src="{% static 'js/charts.js' %}" defer></script>
   and give it the data of documents.charts.chart_json(specs) with Django's json_script:
     {{ charts|json_script:"indicator-charts" }}
     <div data-indicator-charts="indicator-charts"
          data-label-observed="{% translate 'Observed' %}" data-label-target="{% translate 'Target' %}"
          data-label-no-data="{% translate 'No data yet' %}"></div>
   The attribute names the id of the <script type="application/json"> element; left empty, the first such element
   inside the container is used. Each item: {title, unit, series: [[year, value]], targets: [[year, comparator,
   value, label]]}. The label attributes are optional (Vietnamese by default). Each chart has role="img" and an
   aria-label that reads out every value, for screen readers. Charts are drawn on page load and after every htmx
   swap, and follow the window's size.

   Optional, for the dashboards (a chart without them draws as before):
   - a target may carry a fifth element, its style: "national" (hollow diamond) or "province" (star), for labels
     in the page's language ("National", "Provincial") that are not the Vietnamese ones the styles are named by;
   - "lines": [{label, style: "female"|"male"|"cut0"|"cut1"|...|"", series: [[year, value]]}] are drawn as further
     dashed lines beside the observed one (the female and male series of an indicator split by sex, or the options
     of the disaggregation the trend is broken down by);
   - "targetLines": true also draws each target that has a style as a dashed level from the previous target of the
     same label (or the first year) to its year, so the 2025 and 2030 targets read as lines;
   - on the container, data-chart-height="360" sets the height of each chart in pixels, data-shared-scale gives
     every chart of the container the same value axis (small multiples), and data-small writes smaller labels and
     leaves the targets' values to the legend, the tooltips and the table.
   The page keeps every figure in a table too: without scripts the container simply stays empty. */
(function () {
  "use strict";

  var FIRST_YEAR = 2020;
  var BLUE = "#0b5cad", INK = "#1d232b", MUTED = "#5b6573", GRID = "#d8dde4", AXIS = "#9aa4b1";
  var SYMBOLS = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "≥": "≥", "≤": "≤" };
  var STAR = "path://M50,0 L61.2,34.5 L97.6,34.5 L68.2,55.9 L79.4,90.5 L50,69.1 L20.6,90.5 L31.8,55.9 L2.4,34.5 L38.8,34.5 Z";
  // Marker by target label, as in the PNG: the national target a hollow diamond, the province's a star.
  var TARGET_STYLES = {
    "Quốc gia": { symbol: "diamond", size: 12, color: "#b3261e", hollow: true },
    "Tỉnh": { symbol: STAR, size: 17, color: "#b86e00", hollow: false }
  };
  var STYLE_KEYS = { national: "Quốc gia", province: "Tỉnh" }; // a target's optional fifth element
  // Further lines (the female and male series): a colour, a dash and a marker of their own, so that they differ
  // by more than colour.
  var LINE_STYLES = {
    female: { color: "#8e3b8f", dash: [6, 3], symbol: "triangle" },
    male: { color: "#1e7a3c", dash: [2, 3], symbol: "rect" },
    "": { color: "#5b6573", dash: [4, 4], symbol: "emptyCircle" }
  };
  // The options of a disaggregation ("cut0", "cut1", ...: the dashboards' breakdown by urban/rural, age group, ...),
  // each with its colour, dash and marker.
  var CUT_STYLES = [
    { color: "#0e7490", dash: [6, 3], symbol: "triangle" },
    { color: "#15803d", dash: [2, 3], symbol: "rect" },
    { color: "#7c3aed", dash: [8, 3, 2, 3], symbol: "diamond" },
    { color: "#be185d", dash: [4, 2], symbol: "emptyTriangle" },
    { color: "#475569", dash: [1, 2], symbol: "emptyRect" },
    { color: "#854d0e", dash: [10, 4], symbol: "emptyDiamond" },
    { color: "#1d4ed8", dash: [3, 6], symbol: "pin" }
  ];
  function lineStyleOf(style) {
    var cut = /^cut(\d+)$/.exec(style || "");
    if (cut) return CUT_STYLES[Number(cut[1]) % CUT_STYLES.length];
    return LINE_STYLES[style || ""] || LINE_STYLES[""];
  }
  var FALLBACK_STYLES = [
    { symbol: "rect", size: 10, color: "#6a3d9a", hollow: false },
    { symbol: "triangle", size: 12, color: "#1e7a3c", hollow: false }
  ];
  var LEGEND_ICONS = {
    "diamond": '<path d="M11 1 L17 7 L11 13 L5 7 Z"/>',
    "rect": '<rect x="6" y="2" width="10" height="10"/>',
    "triangle": '<path d="M11 1 L17 13 L5 13 Z"/>'
  };
  LEGEND_ICONS[STAR] = '<path d="M11 0 L12.8 5.3 L18.4 5.3 L13.9 8.6 L15.6 14 L11 10.7 L6.4 14 L8.1 8.6 L3.6 5.3 L9.2 5.3 Z"/>';

  var charts = [];

  function numberFormat() {
    var lang = (document.documentElement.lang || "vi").toLowerCase();
    return new Intl.NumberFormat(lang.indexOf("en") === 0 ? "en" : "vi-VN", { maximumFractionDigits: 2 });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function targetText(comparator, value, nf) {
    var c = String(comparator || "").trim();
    return ((SYMBOLS[c] || c) + " " + nf.format(value)).trim();
  }

  function unitSuffix(unit) {
    unit = String(unit || "").trim();
    return !unit ? "" : unit === "%" ? "%" : " " + unit; // 30,3%; 110 bé trai/100 bé gái
  }

  function labels(container) {
    var d = container.dataset;
    return {
      observed: d.labelObserved || "Số liệu thực hiện",
      target: d.labelTarget || "Chỉ tiêu",
      noData: d.labelNoData || "Chưa có số liệu"
    };
  }

  function styleFor(label, styles, key) {
    if (!styles[label]) {
      var named = TARGET_STYLES[label] || TARGET_STYLES[STYLE_KEYS[key]];
      var used = Object.keys(styles).filter(function (k) { return !styles[k].named; }).length;
      styles[label] = named ? Object.assign({ named: true }, named) : FALLBACK_STYLES[used % FALLBACK_STYLES.length];
    }
    return styles[label];
  }

  function styleKeyOf(spec, label) {
    var found = (spec.targets || []).filter(function (t) { return t[3] === label && t[4]; })[0];
    return found ? found[4] : "";
  }

  function linesOf(spec) {
    return (spec.lines || []).map(function (line) {
      return { label: line.label, style: lineStyleOf(line.style), points: observedOf(line) };
    }).filter(function (line) { return line.points.length > 0; });
  }

  function labelsOf(spec) {
    var seen = [];
    (spec.targets || []).forEach(function (t) { if (seen.indexOf(t[3]) < 0) seen.push(t[3]); });
    return seen;
  }

  function observedOf(spec) {
    var byYear = {};
    (spec.series || []).forEach(function (point) {
      if (point[1] !== null && point[1] !== undefined) byYear[point[0]] = Number(point[1]);
    });
    return Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; })
      .map(function (year) { return [year, byYear[year]]; });
  }

  function yearRange(spec, observed) {
    var years = observed.map(function (p) { return p[0]; })
      .concat((spec.targets || []).map(function (t) { return Number(t[0]); }));
    linesOf(spec).forEach(function (line) { years = years.concat(line.points.map(function (p) { return p[0]; })); });
    var first = Math.min.apply(null, [FIRST_YEAR].concat(years));
    var last = Math.max.apply(null, [first + 5].concat(years));
    return [first, last];
  }

  /* The y axis: percentages from 0, other units around their values (never below 0 when none is negative), with
     room for the labels, rounded out to a nice step: [min, max, step]. */
  function valuesOf(spec, observed) {
    var values = observed.map(function (p) { return p[1]; })
      .concat((spec.targets || []).map(function (t) { return Number(t[2]); }));
    linesOf(spec).forEach(function (line) { values = values.concat(line.points.map(function (p) { return p[1]; })); });
    return values;
  }

  function valueBounds(spec, observed) {
    return boundsOf(valuesOf(spec, observed), String(spec.unit || "").trim() === "%");
  }

  function boundsOf(values, percentage) {
    if (!values.length) return percentage ? [0, 100, 20] : [0, 1, 0.2];
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values), highest = high;
    if (percentage && low >= 0) {
      low = 0;
      high = high > 0 ? high * 1.2 : 10;
    } else {
      var span = high - low || Math.abs(high) * 0.1 || 1;
      low = low >= 0 ? Math.max(low - span * 0.45, 0) : low - span * 0.45;
      high += span * 0.45;
    }
    var raw = (high - low) / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * power; }).filter(function (x) { return x >= raw; })[0];
    var min = Math.floor(low / step) * step, max = Math.ceil(high / step) * step;
    if (percentage && highest <= 100 && max > 100) max = 100;
    return [min, max, step];
  }

  /* Labels never overlap, the same rule as documents/charts.py: the last observed value is labelled above its point,
     ending at it (below when it is near the top); the targets are labelled once each, not on their markers but
     in the right margin at their level ("≥ 80 (2025)"; targets of the same comparator and value share one label,
     whatever their source or year), pushed apart vertically when levels are close. */
  function targetLabels(spec, styles, nf) {
    var groups = [], byKey = {};
    (spec.targets || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (t) {
      var key = String(t[1]).trim() + " " + Number(t[2]);
      if (!byKey[key]) {
        byKey[key] = { value: Number(t[2]), comparator: t[1], years: [], colour: styles[t[3]].color };
        groups.push(byKey[key]);
      }
      if (byKey[key].years.indexOf(Number(t[0])) < 0) byKey[key].years.push(Number(t[0]));
    });
    return groups.map(function (g) {
      return { value: g.value, colour: g.colour, text: targetText(g.comparator, g.value, nf) + " (" + g.years.join(", ") + ")" };
    });
  }

  /* The last observed value's label: above and ending before its point when the line rises to it, below when it
     falls; a lone value above its point, centred; below near the top, above near the axis (as
     documents/charts.py's _data_label_place). */
  function placeData(observed, bounds) {
    var value = observed[observed.length - 1][1], span = bounds[1] - bounds[0];
    var nearTop = value > bounds[1] - span * 0.15, nearBottom = value < bounds[0] + span * 0.15;
    if (observed.length === 1) return { position: nearTop ? "bottom" : "top" };
    var rising = value >= observed[observed.length - 2][1];
    var above = (rising || nearBottom) && !nearTop;
    return { position: above ? "top" : "bottom", align: "right", offset: [-3, 0] };
  }

  function spread(positions, gap, top, bottom) {
    /* positions: [{y}] sorted top to bottom; each at least gap below the previous, kept inside [top, bottom] */
    positions.sort(function (a, b) { return a.y - b.y; });
    for (var i = 0; i < positions.length; i++) {
      var min = i ? positions[i - 1].y + gap : top;
      if (positions[i].y < min) positions[i].y = min;
    }
    for (var j = positions.length - 1; j >= 0; j--) {
      var max = j < positions.length - 1 ? positions[j + 1].y - gap : bottom;
      if (positions[j].y > max) positions[j].y = max;
    }
    return positions;
  }

  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text, font) {
    measure.font = font;
    return measure.measureText(text).width;
  }

  function summary(spec, observed, text, nf) {
    var unit = unitSuffix(spec.unit);
    var parts = [spec.title + (spec.unit ? " (" + spec.unit + ")" : "") + "."];
    if (observed.length) {
      parts.push(text.observed + ": " + observed.map(function (p) {
        return p[0] + ": " + nf.format(p[1]) + unit;
      }).join("; ") + ".");
    } else {
      parts.push(text.noData + ".");
    }
    linesOf(spec).forEach(function (line) {
      parts.push(line.label + ": " + line.points.map(function (p) {
        return p[0] + ": " + nf.format(p[1]) + unit;
      }).join("; ") + ".");
    });
    labelsOf(spec).forEach(function (label) {
      var list = (spec.targets || []).filter(function (t) { return t[3] === label; });
      parts.push(text.target + " (" + label + "): " + list.map(function (t) {
        return t[0] + ": " + targetText(t[1], t[2], nf) + unit;
      }).join("; ") + ".");
    });
    return parts.join(" ");
  }

  function option(spec, text, nf, font, styles, shared, small) {
    var observed = observedOf(spec);
    var range = yearRange(spec, observed);
    var unit = unitSuffix(spec.unit);
    var bounds = shared || valueBounds(spec, observed);
    var labelSize = small ? 10 : 12;
    var series = [];
    var items = [];

    var years = [];
    for (var y = range[0]; y <= range[1]; y++) years.push(String(y));
    if (observed.length) {
      var byYear = {};
      observed.forEach(function (p) { byYear[p[0]] = p[1]; });
      var data = [];
      for (var year = observed[0][0]; year <= observed[observed.length - 1][0]; year++) {
        // "-" breaks the line where a year has no value
        data.push({ value: [year - range[0], year in byYear ? byYear[year] : "-"], year: year });
      }
      var last = data[data.length - 1];
      items.push({ year: last.year, value: last.value[1], observed: true, colour: BLUE, item: last });
      series.push({
        type: "line", name: text.observed, data: data, connectNulls: false, color: BLUE,
        symbol: "circle", symbolSize: 6, lineStyle: { width: 2.5 }, z: 3
      });
    }

    linesOf(spec).forEach(function (line) {
      var byYear = {};
      line.points.forEach(function (p) { byYear[p[0]] = p[1]; });
      var data = [];
      for (var year = line.points[0][0]; year <= line.points[line.points.length - 1][0]; year++) {
        data.push({ value: [year - range[0], year in byYear ? byYear[year] : "-"], year: year });
      }
      series.push({
        type: "line", name: line.label, data: data, connectNulls: false, color: line.style.color,
        symbol: line.style.symbol, symbolSize: 7, lineStyle: { width: 2, type: line.style.dash }, z: 2
      });
    });

    labelsOf(spec).forEach(function (label) {
      var style = styles[label];
      if (spec.targetLines && styleKeyOf(spec, label)) {
        // each national or provincial target as a dashed level, from the previous target of its label (or the
        // first year) to its year; others (a single year's target) stay a marker
        var start = range[0];
        (spec.targets || []).filter(function (t) { return t[3] === label; })
          .sort(function (a, b) { return a[0] - b[0]; }).forEach(function (t) {
            series.push({
              type: "line", name: label, silent: true, symbol: "none", color: style.color, z: 1,
              lineStyle: { width: 1.5, type: [5, 4], opacity: 0.8 }, tooltip: { show: false },
              data: [[start - range[0], Number(t[2])], [Number(t[0]) - range[0], Number(t[2])]]
            });
            start = Number(t[0]);
          });
      }
      var data = (spec.targets || []).filter(function (t) { return t[3] === label; }).map(function (t) {
        var item = { value: [Number(t[0]) - range[0], Number(t[2])], year: Number(t[0]), comparator: t[1] };
        items.push({ year: Number(t[0]), value: Number(t[2]), colour: style.color, item: item });
        return item;
      });
      series.push({
        type: "scatter", name: label, data: data, symbol: style.symbol, symbolSize: style.size, color: style.color,
        itemStyle: style.hollow ? { color: "#fff", borderColor: style.color, borderWidth: 2 } : { color: style.color },
        z: 4
      });
    });

    items = items.filter(function (entry) { return entry.observed; }); // targets: in the margin (or the legend)
    items.forEach(function (entry) {
      entry.item.label = Object.assign({
        show: true, color: entry.colour, fontWeight: "bold", fontSize: labelSize, distance: 6,
        formatter: nf.format(entry.value)
      }, placeData(observed, bounds));
    });
    var margin = small ? 0 : targetLabels(spec, styles, nf).reduce(function (widest, label) {
      return Math.max(widest, textWidth(label.text, "bold " + labelSize + "px " + font));
    }, 0);

    return {
      animation: false,
      textStyle: { fontFamily: font },
      grid: { left: 6, right: margin ? Math.ceil(margin) + 14 : 26, top: 26, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (!p.data || p.data.year === undefined) return "";
          var value = p.value[1];
          var shown = p.data.comparator !== undefined ? targetText(p.data.comparator, value, nf) : nf.format(value);
          var name = p.seriesType === "line" ? p.seriesName : text.target + " (" + p.seriesName + ")";
          return escapeHtml(name) + "<br>" + escapeHtml(p.data.year + ": " + shown + unit);
        }
      },
      xAxis: {
        type: "category", data: years, boundaryGap: true,
        axisLine: { lineStyle: { color: AXIS } }, axisTick: { alignWithLabel: true, lineStyle: { color: AXIS } },
        axisLabel: { color: MUTED, hideOverlap: true }
      },
      yAxis: {
        type: "value", min: bounds[0], max: bounds[1], interval: bounds[2], name: spec.unit || "",
        nameTextStyle: { color: MUTED, align: "left" }, nameGap: 10,
        axisLabel: { color: MUTED, formatter: function (v) { return nf.format(v); } },
        splitLine: { lineStyle: { color: GRID } }
      },
      graphic: observed.length ? [] : [noDataGraphic(text, font)],
      series: series
    };
  }

  function noDataGraphic(text, font) {
    return {
      type: "text", id: "no-data", left: "center", top: "middle", z: 100,
      style: {
        text: text.noData, fill: MUTED, font: "italic 14px " + font, backgroundColor: "rgba(255,255,255,0.9)",
        borderColor: GRID, borderWidth: 1, borderRadius: 4, padding: [5, 9]
      }
    };
  }

  /* Each target's label in the right margin at its level, once (see targetLabels), as graphic texts placed from
     the drawn axes; again after every resize. */
  function placeTargets(chart, spec, styles, nf, font, text) {
    var labels = targetLabels(spec, styles, nf);
    var observed = observedOf(spec);
    var size = 12, gap = size + 5;
    var range = yearRange(spec, observed);
    var lastIndex = range[1] - range[0];
    var x0 = chart.convertToPixel({ xAxisIndex: 0 }, 0), x1 = chart.convertToPixel({ xAxisIndex: 0 }, 1);
    var right = chart.convertToPixel({ xAxisIndex: 0 }, lastIndex) + (x1 - x0) / 2;
    var bounds = chart.getOption().yAxis[0];
    var top = chart.convertToPixel({ yAxisIndex: 0 }, bounds.max), bottom = chart.convertToPixel({ yAxisIndex: 0 }, bounds.min);
    var placed = spread(labels.map(function (label) {
      return { label: label, y: chart.convertToPixel({ yAxisIndex: 0 }, label.value) };
    }), gap, top, bottom);
    var elements = placed.map(function (p, i) {
      return {
        type: "text", id: "target-label-" + i, x: right + 8, y: p.y, z: 100, silent: true,
        style: { text: p.label.text, fill: p.label.colour, font: "bold " + size + "px " + font, verticalAlign: "middle" }
      };
    });
    if (!observed.length) elements.push(noDataGraphic(text, font));
    chart.setOption({ graphic: elements }, { replaceMerge: ["graphic"] });
  }

  function legend(specs, text, styles) {
    var hasObserved = specs.some(function (s) { return observedOf(s).length > 0; });
    var list = document.createElement("ul");
    list.className = "indicator-charts-legend";
    list.setAttribute("aria-hidden", "true"); // the aria-label of each chart says it all
    var html = "";
    if (hasObserved) {
      html += '<li><svg viewBox="0 0 22 14"><line x1="1" y1="7" x2="21" y2="7" stroke="' + BLUE +
        '" stroke-width="2.5"/><circle cx="11" cy="7" r="3.2" fill="' + BLUE + '"/></svg>' +
        escapeHtml(text.observed) + "</li>";
    }
    var seenLines = {};
    specs.forEach(function (spec) {
      linesOf(spec).forEach(function (line) {
        if (seenLines[line.label]) return;
        seenLines[line.label] = true;
        html += '<li><svg viewBox="0 0 22 14"><line x1="1" y1="7" x2="21" y2="7" stroke="' + line.style.color +
          '" stroke-width="2" stroke-dasharray="' + line.style.dash.join(" ") + '"/></svg>' +
          escapeHtml(line.label) + "</li>";
      });
    });
    Object.keys(styles).forEach(function (label) {
      var style = styles[label];
      var paint = style.hollow ? 'fill="#fff" stroke="' + style.color + '" stroke-width="2"' : 'fill="' + style.color + '"';
      html += '<li><svg viewBox="0 0 22 14"><g ' + paint + ">" + LEGEND_ICONS[style.symbol] + "</g></svg>" +
        escapeHtml(text.target + " (" + label + ")") + "</li>";
    });
    list.innerHTML = html;
    return list;
  }

  function source(container) {
    var id = container.getAttribute("data-indicator-charts");
    var element = id ? document.getElementById(id) : container.querySelector('script[type="application/json"]');
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (e) {
      return null;
    }
  }

  function draw(container) {
    container.setAttribute("data-charts-ready", "");
    var specs = source(container);
    if (!Array.isArray(specs) || !specs.length) return;
    var text = labels(container);
    var nf = numberFormat();
    var font = getComputedStyle(container).fontFamily || "sans-serif";
    container.classList.add("indicator-charts");
    var styles = {}; // one marker per target label across the charts, so that one legend fits them all
    specs.forEach(function (s) { labelsOf(s).forEach(function (label) { styleFor(label, styles, styleKeyOf(s, label)); }); });
    var shared = null;
    if (container.hasAttribute("data-shared-scale")) {
      var all = [];
      specs.forEach(function (s) { all = all.concat(valuesOf(s, observedOf(s))); });
      shared = boundsOf(all, specs.every(function (s) { return String(s.unit || "").trim() === "%"; }));
    }
    var small = container.hasAttribute("data-small");
    var height = parseInt(container.getAttribute("data-chart-height"), 10);
    container.appendChild(legend(specs, text, styles));
    var grid = document.createElement("div");
    grid.className = "indicator-charts-grid";
    container.appendChild(grid);

    specs.forEach(function (spec) {
      var figure = document.createElement("figure");
      figure.className = "indicator-chart";
      var caption = document.createElement("figcaption");
      caption.textContent = spec.title;
      var canvas = document.createElement("div");
      canvas.className = "indicator-chart-canvas";
      if (height > 0) canvas.style.height = height + "px";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", summary(spec, observedOf(spec), text, nf));
      figure.appendChild(caption);
      figure.appendChild(canvas);
      grid.appendChild(figure);
      if (!window.echarts) {
        canvas.textContent = canvas.getAttribute("aria-label"); // no ECharts: the summary as text
        return;
      }
      var chart = window.echarts.init(canvas, null, { renderer: "canvas" });
      chart.setOption(option(spec, text, nf, font, styles, shared, small));
      if (!small) {
        chart.placeTargets = function () { placeTargets(chart, spec, styles, nf, font, text); };
        chart.placeTargets();
        var d = container.dataset; // PNG and SVG downloads where the page names them (chart-downloads.js)
        if (d.labelPng && window.chartDownloads) {
          var file = (spec.title || "chart").split(" ")[0].replace(/[^0-9A-Za-z.-]+/g, "").replace(/\.+$/, "") || "chart";
          window.chartDownloads(canvas, chart, file, { png: d.labelPng, svg: d.labelSvg });
        }
      }
      charts.push(chart);
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-indicator-charts]:not([data-charts-ready])").forEach(draw);
  }

  var pending = false;
  function resize() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      charts = charts.filter(function (chart) {
        if (chart.isDisposed()) return false;
        if (!chart.getDom().isConnected) { chart.dispose(); return false; } // swapped out by htmx
        chart.resize();
        if (chart.placeTargets) chart.placeTargets();
        return true;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSettle", function () { drawAll(); resize(); });
  window.addEventListener("resize", resize);
})();
