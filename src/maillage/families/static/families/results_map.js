// Results map: the list works without it. Childminders are at their commune's centroid.
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("results-map");
    var data = document.getElementById("results-points");
    if (!el || !data || typeof L === "undefined") { return; }
    var points = JSON.parse(data.textContent);
    var center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)];
    var map = L.map(el).setView(center, 12);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    L.circleMarker(center, { radius: 7, color: "#000091" }).addTo(map).bindPopup("Votre commune");
    var bounds = [center];
    points.forEach(function (p, i) {
      var marker = L.marker([p.lat, p.lon]).addTo(map);
      var text = document.createElement("span");
      text.textContent = (i + 1) + ". " + p.label + " — " + p.commune + ", environ " + p.distance + " km";
      marker.bindPopup(text);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [20, 20] }); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
