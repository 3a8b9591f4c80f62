// The clocks count down without a reload: each <time class="clock" data-deadline="ISO"> shows the time
// left until its deadline (or how far past it), by the server's clock at load plus the time since.
(function () {
  "use strict";
  var body = document.body;
  var serverNow = Date.parse(body.getAttribute("data-now"));
  var loaded = Date.now();
  var left = body.getAttribute("data-left") || "{} left";
  var overdue = body.getAttribute("data-overdue") || "overdue by {}";
  var hours = body.getAttribute("data-hours") || "h";
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h + hours + " " + two(m) + "m " + two(s % 60) + "s";
  }
  function tick() {
    var now = serverNow + (Date.now() - loaded);
    var clocks = document.querySelectorAll("[data-deadline]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var ms = Date.parse(el.getAttribute("data-deadline")) - now;
      el.textContent = (ms >= 0 ? left : overdue).replace("{}", span(ms));
      el.className = ms >= 0 ? "clock" : "clock overdue";
    }
  }
  tick();
  setInterval(tick, 1000);
})();
