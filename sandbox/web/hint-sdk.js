// hint-sdk.js — the sandbox's stand-in for Hint's JS SDK (docs/contracts/hint.md#js-sdk), same object surface:
// window.HintSDK = {init, user, currentPatient, onCurrentPatientChanged, interaction, close, onClose,
// queryParams, updateQueryParams, onQueryParamsChanged, fragment, updateFragment, onFragmentChanged}.
// It talks to the host page by postMessage, with exact origin checks: it posts only to the sandbox
// origin (substituted by the server when it serves this file) and accepts only messages whose source
// is window.parent and whose origin is that same sandbox origin.
//   SDK -> host: {source: "hint-sdk", type: "init" | "close" | "updateQueryParams" | "updateFragment" | "resize", payload}
//   host -> SDK: {source: "hint-host", type: "context" | "patientChanged" | "queryParamsChanged" | "fragmentChanged" | "closed", payload}
(function () {
  "use strict";
  var HOST_ORIGIN = "__SANDBOX_ORIGIN__";
  var ready = [], onPatient = [], onClose = [], onQuery = [], onFragment = [];
  var initialised = false, initSent = false;

  function send(type, payload) {
    if (window.parent === window) return;  // not framed: nobody to talk to
    window.parent.postMessage({ source: "hint-sdk", type: type, payload: payload === undefined ? null : payload }, HOST_ORIGIN);
  }
  function callAll(list, value) {
    list.slice().forEach(function (cb) {
      try { cb(value); } catch (error) { console.error("HintSDK callback failed", error); }
    });
  }
  function contentHeight() { return document.documentElement ? document.documentElement.scrollHeight : 0; }

  var sdk = {
    user: null,
    currentPatient: null,
    interaction: null,
    queryParams: {},
    fragment: "",
    init: function (callback) {
      if (typeof callback === "function") {
        if (initialised) setTimeout(callback, 0);
        else ready.push(callback);
      }
      if (!initSent) {
        initSent = true;
        send("init", { height: contentHeight() });
      }
    },
    onCurrentPatientChanged: function (cb) { if (typeof cb === "function") onPatient.push(cb); },
    close: function () { send("close"); },
    onClose: function (cb) { if (typeof cb === "function") onClose.push(cb); },
    updateQueryParams: function (params) {
      sdk.queryParams = Object.assign({}, params || {});
      send("updateQueryParams", sdk.queryParams);
    },
    onQueryParamsChanged: function (cb) { if (typeof cb === "function") onQuery.push(cb); },
    updateFragment: function (fragment) {
      sdk.fragment = String(fragment == null ? "" : fragment);
      send("updateFragment", sdk.fragment);
    },
    onFragmentChanged: function (cb) { if (typeof cb === "function") onFragment.push(cb); },
  };

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== HOST_ORIGIN) return;
    var message = event.data;
    if (!message || message.source !== "hint-host") return;
    var payload = message.payload;
    switch (message.type) {
      case "context":
        sdk.user = payload.user || null;
        sdk.currentPatient = payload.currentPatient || null;
        sdk.interaction = payload.interaction || null;
        sdk.queryParams = payload.queryParams || {};
        sdk.fragment = payload.fragment || "";
        if (!initialised) {
          initialised = true;
          var callbacks = ready;
          ready = [];
          callAll(callbacks);
          send("resize", { height: contentHeight() });
        }
        break;
      case "patientChanged":
        sdk.currentPatient = payload || null;
        callAll(onPatient, sdk.currentPatient);
        break;
      case "queryParamsChanged":
        sdk.queryParams = payload || {};
        callAll(onQuery, sdk.queryParams);
        break;
      case "fragmentChanged":
        sdk.fragment = payload || "";
        callAll(onFragment, sdk.fragment);
        break;
      case "closed":
        callAll(onClose);
        break;
    }
  });

  window.HintSDK = sdk;
})();
