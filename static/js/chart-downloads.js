/* PNG and SVG downloads for a chart drawn with ECharts: one bar of two buttons put before the chart's box, used by
   the dashboards' charts (glance.js) and the indicator charts (charts.js). The SVG is drawn again with ECharts' SVG
   renderer from the chart's option, so it stays sharp at any size. */
(function () {
  "use strict";

  function save(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function dataUrlToBlob(url) {
    var parts = url.split(","), bytes = atob(parts[1]), array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: parts[0].split(":")[1].split(";")[0] });
  }

  /* box: the element the chart is drawn in; chart: its ECharts instance; file: the file name without extension;
     words: {png, svg} the buttons' labels; optionOf: the option to draw the SVG from (default: the chart's own). */
  window.chartDownloads = function (box, chart, file, words, optionOf) {
    var bar = document.createElement("p");
    bar.className = "glance-downloads";
    [["png", words.png], ["svg", words.svg]].forEach(function (kind) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button secondary small";
      b.textContent = kind[1];
      b.setAttribute("data-download", kind[0]);
      b.addEventListener("click", function () {
        if (kind[0] === "png") {
          save(file + ".png", dataUrlToBlob(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" })));
          return;
        }
        var svg = window.echarts.init(null, null, { renderer: "svg", ssr: true, width: box.clientWidth, height: box.clientHeight });
        svg.setOption(optionOf ? optionOf() : chart.getOption());
        var text = svg.renderToSVGString();
        svg.dispose();
        save(file + ".svg", new Blob([text], { type: "image/svg+xml" }));
      });
      bar.appendChild(b);
    });
    box.parentNode.insertBefore(bar, box);
    return bar;
  };
})();
