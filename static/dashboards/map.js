// The offline map of communities: Leaflet with no tile server. Country shapes come from the
// Natural Earth TopoJSON served with the application; each community is a circle coloured by
// the band of its latest score and sized by its arrivals in the last 12 months.
(() => {
  const element = document.getElementById("community-map");
  if (!element || typeof L === "undefined") return;
  const points = JSON.parse(document.getElementById("map-points").textContent);
  const countries = new Set(JSON.parse(document.getElementById("map-countries").textContent));
  const map = L.map(element, { zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  // Boundaries under the communities whatever order they load in.
  map.createPane("boundaries").style.zIndex = 350;

  const maxArrivals = Math.max(1, ...points.map((p) => p.arrivals));
  const radius = (arrivals) => 5 + 15 * Math.sqrt(arrivals / maxArrivals);
  const escape = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  };
  map.attributionControl.addAttribution(escape(window.l10n("map_boundaries")));
  const markers = points.map((point) =>
    L.circleMarker([point.lat, point.lon], {
      radius: radius(point.arrivals),
      color: "#212529",
      weight: 1,
      fillColor: point.colour,
      fillOpacity: 0.85,
      className: "community-marker",
    })
      .bindTooltip(`${escape(point.name)}: ${point.arrivals}`)
      .bindPopup(
        `<strong>${escape(point.name)}</strong><br>${escape(point.place)}` +
          (point.pcode ? ` · ${escape(point.pcode)}` : "") +
          `<br>${escape(window.l10n("map_band", { band: point.band_label }))}` +
          `<br>${escape(window.l10n("map_arrivals", { count: point.arrivals }))}` +
          `<br><a href="${point.url}">${escape(window.l10n("map_dashboard"))}</a>`,
      )
      .addTo(map),
  );
  element.dataset.markers = String(markers.length);
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [40, 40], maxZoom: 9 });
  } else {
    map.setView([12, 0], 3);
  }

  fetch(element.dataset.boundariesUrl)
    .then((response) => response.json())
    .then((topology) => {
      const shapes = topojson.feature(topology, topology.objects.countries);
      L.geoJSON(shapes, {
        pane: "boundaries",
        interactive: false,
        style: (feature) => ({
          className: "country-boundary",
          color: "#6c757d",
          weight: 1,
          fillColor: countries.has(feature.id) ? "#ffffff" : "#e9ecef",
          fillOpacity: 1,
        }),
      }).addTo(map);
      element.dataset.boundaries = "loaded";
    })
    .catch(() => {
      element.dataset.boundaries = "failed";
    });
})();
