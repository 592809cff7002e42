/* Choropleth of the coverage rate with the vendored Leaflet; tiles only when configured. */
(function () {
  "use strict";
  var el = document.getElementById("observatory-map");
  if (!el || typeof L === "undefined") { return; }
  var COLORS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"].reverse();
  var BREAKS = [20, 40, 55, 70];
  function color(v) {
    if (v === null || v === undefined) { return "#cccccc"; }
    for (var i = 0; i < BREAKS.length; i++) { if (v < BREAKS[i]) { return COLORS[i]; } }
    return "#238b45";
  }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "Fond de carte" }).addTo(map);
  }
  fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { fillColor: color(f.properties.coverage_rate), weight: 0.6, color: "#555", fillOpacity: 0.85 };
        },
        onEachFeature: function (f, l) {
          var v = f.properties.coverage_rate;
          l.bindTooltip(f.properties.nom + " : " + (v === null ? "non disponible" : String(v).replace(".", ",") + " places pour 100 enfants"));
          l.on("click", function () {
            window.location.href = el.dataset.link.replace("{code}", encodeURIComponent(f.properties.code));
          });
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([46.6, 2.4], 5); }
    })
    .catch(function () { el.textContent = "La carte n'a pas pu être chargée ; les valeurs sont dans le tableau."; });
})();
