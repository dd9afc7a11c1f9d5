// The moderation view's clock: counts down from the server's timestamps (the server holds the
// state, so a reload or a second screen shows the same time), marks who speaks now, signals each
// switch, and reloads when another screen changed the state. No inline script: the page's own file.
(function () {
  "use strict";
  var root = document.getElementById("moderation");
  if (!root) { return; }
  var data = root.dataset;
  var serverTime = Date.parse(data.serverTime);
  var offset = isNaN(serverTime) ? 0 : serverTime - Date.now();
  var startedAt = data.startedAt ? Date.parse(data.startedAt) : null;
  var elapsedBefore = parseFloat(data.elapsed) || 0;
  var speaking = parseInt(data.speaking, 10) || 45;
  var speakers = parseInt(data.speakers, 10) || 0;
  var length = parseInt(data.length, 10) || 0;
  var running = data.status === "running";
  var speakerOut = document.getElementById("speaker-time");
  var roundOut = document.getElementById("round-time");
  var signal = document.getElementById("signal");
  var lastSpeaker = null;
  var audio = null;

  // The round's time left as minutes and seconds (19:45), as a clock on the wall shows it.
  function minutes(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function elapsed() {
    if (!running || startedAt === null) { return elapsedBefore; }
    return elapsedBefore + Math.max(0, (Date.now() + offset - startedAt) / 1000);
  }

  function beep() {
    root.classList.add("switching");
    if (signal) { signal.hidden = false; }
    window.setTimeout(function () {
      root.classList.remove("switching");
      if (signal) { signal.hidden = true; }
    }, 1500);
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tone = audio.createOscillator();
      tone.frequency.value = 880;
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.3);
    } catch (e) { /* no sound where the browser allows none; the screen still flashes */ }
  }

  function tick() {
    if (data.status === "not_started") { return; }
    var spent = elapsed();
    if (roundOut) { roundOut.textContent = minutes(Math.max(0, Math.ceil(length - spent))); }
    if (speakers > 0) {
      var speaker = Math.min(Math.floor(spent / speaking), speakers - 1);
      var left = spent >= length ? 0 : Math.ceil(speaking - (spent - speaker * speaking));
      if (speakerOut) { speakerOut.textContent = String(Math.max(0, left)); }
      var marks = root.querySelectorAll("[data-position]");
      for (var i = 0; i < marks.length; i++) {
        marks[i].classList.toggle("speaking", parseInt(marks[i].getAttribute("data-position"), 10) === speaker);
      }
      if (running && lastSpeaker !== null && speaker !== lastSpeaker) { beep(); }
      lastSpeaker = speaker;
    }
    if (running && spent >= length && !root.classList.contains("time-up")) {
      root.classList.add("time-up");
      beep();
    }
  }

  function poll() {
    fetch(data.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && String(state.version) !== data.version) { window.location.reload(); }
      })
      .catch(function () { /* the next poll tries again */ });
  }

  tick();
  window.setInterval(tick, 250);
  window.setInterval(poll, 3000);
})();
