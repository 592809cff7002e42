// Public search map: an offline base drawn from the shipped commune contours (GeoJSON),
// tiles only when a tile URL is configured. Childminders are at their commune's centroid.
(function () {
  "use strict";
  var STYLES = {
    childminder: { color: "#b34000", fillColor: "#ffb7a5" },
    childminders_house: { color: "#6a1b9a", fillColor: "#e1bee7" },
    nursery: { color: "#18753c", fillColor: "#b8fec9" }
  };
  function init() {
    var el = document.getElementById("results-map");
    var data = document.getElementById("results-points");
    if (!el || !data || typeof L === "undefined") { return; }
    var points = JSON.parse(data.textContent);
    var center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)];
    var map = L.map(el, { zoomSnap: 0.5 }).setView(center, 12);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    var bounds = [center];
    if (el.dataset.contoursUrl && window.fetch) {
      fetch(el.dataset.contoursUrl).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
        if (!geo) { return; }
        var layer = L.geoJSON(geo, {
          style: function (f) {
            return f.properties.searched
              ? { color: "#000091", weight: 2, fillColor: "#e3e3fd", fillOpacity: 0.5 }
              : { color: "#666666", weight: 1, fillColor: "#f6f6f6", fillOpacity: 0.6 };
          },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
        }).addTo(map);
        layer.bringToBack();
      }).catch(function () { /* the list works without the base */ });
    }
    L.circleMarker(center, { radius: 8, color: "#000091", fillColor: "#000091", fillOpacity: 1 })
      .addTo(map).bindPopup("Votre commune");
    points.forEach(function (p, i) {
      var style = STYLES[p.kind] || STYLES.nursery;
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: style.color, fillColor: style.fillColor, fillOpacity: 0.9
      }).addTo(map);
      var text = document.createElement("span");
      text.textContent = (i + 1) + ". " + p.label + " — " + p.commune + ", environ " + p.distance + " km";
      marker.bindPopup(text);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
