// The Scans section's viewer: Mirador on the document's IIIF manifest, opened on the page that
// ?page=N names and with the search for ?q=WORDS shown on the pages. Without this script (or without
// Mirador) the section's page thumbnails, links to the page images, stay as they are.
"use strict";
(function () {
  var section = document.getElementById("scan");
  var holder = document.getElementById("scan-viewer");
  if (!section || !holder || !window.Mirador) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var pages = parseInt(section.dataset.pages, 10) || 1;
  var page = parseInt(params.get("page"), 10);
  page = page >= 1 && page <= pages ? page : 0;
  // Mirador puts the words into the search service's URL as they are: characters that would end or
  // change the query part are taken out, and a search of more than a line is cut.
  var words = (params.get("q") || "").replace(/[&#%+?]/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);

  var windowConfig = {
    manifestId: new URL(section.dataset.manifest, window.location.href).href,
    canvasIndex: page ? page - 1 : 0,
    // A page asked for is the one shown, the search's hits on it highlighted; else the first hit's page.
    switchCanvasOnSearch: !page,
  };
  if (words) {
    windowConfig.defaultSearchQuery = words;
  }
  holder.hidden = false;
  section.classList.add("has-viewer");
  var viewer = window.Mirador.viewer({
    windows: [windowConfig],
    window: {
      allowClose: false,
      allowMaximize: false,
      allowFullscreen: true,
      hideWindowTitle: true,
      sideBarOpen: Boolean(words),
      defaultSideBarPanel: words ? "search" : "info",
      views: [{ key: "single" }, { key: "book" }, { key: "gallery" }],
    },
    workspace: { type: "mosaic", allowNewWindows: false, showZoomControls: true },
    workspaceControlPanel: { enabled: false },
    thumbnailNavigation: { defaultPosition: pages > 1 ? "far-bottom" : "off" },
    theme: { palette: { primary: { main: "#1d4e89" } } },
    annotations: {
      // The transcription's annotations as text only, never markup (links, images): their text is a
      // scan's, which anyone may have made. The only setting Mirador has for it; metadata and search hits
      // go through its "iiif" filter whatever the setting, so the server escapes them (docs/scans.md).
      htmlSanitizationRuleSet: "noHtml",
      // Mirador's list, with the transcription's "supplementing" lines no longer left out: the
      // annotations panel lists a page's lines of text.
      filteredMotivations: ["oa:commenting", "oa:tagging", "sc:painting", "commenting", "tagging", "supplementing"],
    },
  });
  askForEachSearchOnce(viewer.store);
  viewer.renderInto(holder);

  // Mirador 4 asks for the search it opens with twice: its saga, then the search panel as it shows the
  // words. When the second request comes after the first one's hits are on screen, it empties them
  // under the hits' components, which fails ("Cannot read properties of undefined (reading
  // 'targetId')") and replaces the viewer with an error. A search the panel already holds (the same
  // words, the same address however it is encoded) is asked for once.
  function askForEachSearchOnce(store) {
    var dispatch = store.dispatch;
    store.dispatch = function (action) {
      if (action && action.type === "mirador/REQUEST_SEARCH") {
        var held = ((store.getState().searches || {})[action.windowId] || {})[action.companionWindowId];
        var asked = held && held.query === action.query && Object.keys(held.data || {}).map(address);
        if (asked && asked.indexOf(address(action.searchId)) !== -1) {
          return action;
        }
      }
      return dispatch(action);
    };
  }

  function address(url) {
    var parsed = new URL(url, window.location.href);
    parsed.search = new URLSearchParams(parsed.searchParams).toString();
    return parsed.href;
  }
})();
