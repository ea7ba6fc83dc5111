// Draws each chart from the ECharts option the server put on its element (data-chart): the numbers
// drawn are the table's. Without JavaScript the tables stand on their own.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('.chart[data-chart]').forEach(function (element) {
    var chart = echarts.init(element);
    chart.setOption(JSON.parse(element.getAttribute('data-chart')));
    window.addEventListener('resize', function () { chart.resize(); });
  });
});
