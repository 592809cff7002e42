/* Choropleth of the coverage rate with the vendored Leaflet.
   - Five classes cut at the quintiles of the values shown, so the colours spread over the data.
   - A legend (classes in French number format, and "non disponible").
   - The France map opens on mainland France; a selector moves to each overseas département.
   - With no tile server configured, the shipped contours are the base map. */
(function () {
  "use strict";
  var el = document.getElementById("observatory-map");
  if (!el || typeof L === "undefined") { return; }
  var COLORS = ["#a50f15", "#de2d26", "#fb6a4a", "#74c476", "#238b45"];
  var MISSING = "#cccccc";
  var OVERSEAS = { "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte" };
  var number = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

  function quantileBreaks(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    if (!sorted.length) { return []; }
    var breaks = [];
    for (var k = 1; k < COLORS.length; k++) {
      var b = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / COLORS.length))];
      if (!breaks.length || b > breaks[breaks.length - 1]) { breaks.push(b); }
    }
    return breaks;
  }

  function classOf(v, breaks) {
    for (var i = 0; i < breaks.length; i++) { if (v < breaks[i]) { return i; } }
    return breaks.length;
  }

  function colorOf(v, breaks) {
    if (v === null || v === undefined) { return MISSING; }
    var palette = COLORS.slice(COLORS.length - breaks.length - 1);
    return palette[classOf(v, breaks)];
  }

  function legend(breaks, present) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "observatory-legend");
      var title = L.DomUtil.create("p", "observatory-legend__title", box);
      title.textContent = "Places pour 100 enfants de moins de 3 ans";
      var list = L.DomUtil.create("ul", "observatory-legend__list", box);
      var palette = COLORS.slice(COLORS.length - breaks.length - 1);
      palette.forEach(function (c, i) {
        var item = L.DomUtil.create("li", "", list);
        var swatch = L.DomUtil.create("span", "observatory-legend__swatch", item);
        swatch.style.backgroundColor = c;
        var low = i === 0 ? null : breaks[i - 1];
        var high = i < breaks.length ? breaks[i] : null;
        var text = low === null ? "moins de " + number.format(high)
          : high === null ? number.format(low) + " et plus"
          : "de " + number.format(low) + " à moins de " + number.format(high);
        item.appendChild(document.createTextNode(" " + text));
      });
      if (present.missing) {
        var item = L.DomUtil.create("li", "", list);
        var swatch = L.DomUtil.create("span", "observatory-legend__swatch", item);
        swatch.style.backgroundColor = MISSING;
        item.appendChild(document.createTextNode(" non disponible"));
      }
      return box;
    };
    return control;
  }

  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "Fond de carte" }).addTo(map);
  } else {
    el.classList.add("observatory-map--no-tiles");
  }

  fetch(el.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var values = [];
      var missing = false;
      data.features.forEach(function (f) {
        var v = f.properties.coverage_rate;
        if (v === null || v === undefined) { missing = true; } else { values.push(v); }
      });
      var breaks = quantileBreaks(values);
      var layers = {};
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { fillColor: colorOf(f.properties.coverage_rate, breaks), weight: 0.6, color: "#555", fillOpacity: 0.85 };
        },
        onEachFeature: function (f, l) {
          var v = f.properties.coverage_rate;
          layers[f.properties.code] = l;
          l.bindTooltip(f.properties.nom + " : " + (v === null || v === undefined ? "non disponible" : number.format(v) + " places pour 100 enfants"));
          l.on("click", function () {
            window.location.href = el.dataset.link.replace("{code}", encodeURIComponent(f.properties.code));
          });
        }
      }).addTo(map);
      legend(breaks, { missing: missing }).addTo(map);
      var overseas = Object.keys(OVERSEAS).filter(function (code) { return layers[code]; });
      var mainland = L.latLngBounds([]);
      Object.keys(layers).forEach(function (code) {
        if (!OVERSEAS[code]) { mainland.extend(layers[code].getBounds()); }
      });
      var home = overseas.length && mainland.isValid() ? mainland : layer.getBounds();
      if (home.isValid()) { map.fitBounds(home); } else { map.setView([46.6, 2.4], 5); }
      if (overseas.length && mainland.isValid()) {
        var label = document.createElement("label");
        label.className = "fr-label";
        label.setAttribute("for", "observatory-map-zone");
        label.textContent = "Afficher sur la carte";
        var select = document.createElement("select");
        select.className = "fr-select";
        select.id = "observatory-map-zone";
        var first = document.createElement("option");
        first.value = "";
        first.textContent = "France métropolitaine";
        select.appendChild(first);
        overseas.forEach(function (code) {
          var option = document.createElement("option");
          option.value = code;
          option.textContent = OVERSEAS[code];
          select.appendChild(option);
        });
        select.addEventListener("change", function () {
          map.fitBounds(select.value ? layers[select.value].getBounds() : mainland);
        });
        var group = document.createElement("div");
        group.className = "fr-select-group fr-mb-2w";
        group.appendChild(label);
        group.appendChild(select);
        el.parentNode.insertBefore(group, el);
      }
    })
    .catch(function () { el.textContent = "La carte n'a pas pu être chargée ; les valeurs sont dans le tableau."; });
})();
