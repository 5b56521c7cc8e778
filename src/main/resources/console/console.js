// Hotline console: the few things htmx does not do. Countdowns and ages tick every second; times
// show local time on hover; the tab title and an optional alarm sound follow the alarm and personal
// alert banners; every
// htmx request carries the session's CSRF token. Served by the node; no inline script (CSP).
(function () {
  "use strict";
  var body = document.body;
  var SOUND_KEY = "hotline.alarmSound";
  var audio = null;
  var lastSound = 0;
  var SOUND_EVERY_MS = 4000;
  // The alarm prefix the node puts in the title ("‼ FLASH — "), whatever the language of its word.
  var PREFIX = /^‼ [^—]+ — /;

  function fill(pattern, value) { return (pattern || "{0}").replace("{0}", value); }

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return h > 0 ? h + ":" + two(m) + ":" + two(r) : m + ":" + two(r);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-deadline")) - now;
      el.textContent = left >= 0 ? fill(body.dataset.left, span(left)) : fill(body.dataset.overdue, span(left));
      el.classList.toggle("overdue", left < 0);
    });
    document.querySelectorAll(".age[data-since]").forEach(function (el) {
      el.textContent = fill(body.dataset.ago, span(now - Date.parse(el.getAttribute("data-since"))));
    });
    alarm(now);
  }

  function localTimes(root) {
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) {
        el.title = fill(body.dataset.local, when.toLocaleString());
      }
    });
  }

  function soundOn() { return sessionStorage.getItem(SOUND_KEY) === "on"; }

  function showSound(state) {
    var button = document.getElementById("sound-toggle");
    if (!button) { return; }
    button.setAttribute("aria-pressed", state === "on" ? "true" : "false");
    button.textContent = state === "on" ? body.dataset.soundOn : state === "blocked" ? body.dataset.soundBlocked : body.dataset.soundOff;
  }

  function play() {
    if (!audio) { audio = new Audio("/assets/alarm.wav"); }
    var played = audio.play();
    if (played && played.catch) {
      played.catch(function () { showSound("blocked"); });
    }
  }

  // A personal alert (addressed to this user or their role) outranks the general alarm in the title.
  function alarm(now) {
    var personal = document.querySelector("#banners [data-personal-level]");
    var banner = personal || document.querySelector("#banners [data-alarm]");
    var base = body.dataset.title || document.title;
    if (banner) {
      // The level's word in the page's language (data-label); the codes stay as they are for selectors.
      var level = banner.getAttribute("data-label") ||
        (personal ? personal.getAttribute("data-personal-level") : banner.getAttribute("data-alarm"));
      var count = banner.getAttribute("data-count");
      var blink = Math.floor(now / 1000) % 2 === 0;
      body.classList.toggle("alarm-blink", blink);
      document.title = (blink ? "‼ " + level + " (" + count + ") ‼ " : "   " + level + " (" + count + ")   ") + base.replace(PREFIX, "");
      if (soundOn() && now - lastSound >= SOUND_EVERY_MS) {
        lastSound = now;
        play();
      }
    } else {
      body.classList.remove("alarm-blink");
      document.title = base.replace(PREFIX, "");
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#sound-toggle");
    if (!button) { return; }
    var on = !soundOn() || button.textContent === body.dataset.soundBlocked;
    sessionStorage.setItem(SOUND_KEY, on ? "on" : "off");
    showSound(on ? "on" : "off");
    if (on) { play(); }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    localTimes(event.target);
    tick();
  });

  showSound(soundOn() ? "on" : "off");
  localTimes(document);
  tick();
  setInterval(tick, 1000);
})();
