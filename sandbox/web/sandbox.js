// The sandbox host page: a simple Hint chart that launches HearBridge in a 1024×768 iframe.
// Launching: POST /api/sandbox/launch -> the sandbox backend signs and POSTs the handshake to
// HearBridge -> {iframe_url with session_key, context}; the iframe then loads and its hint-sdk.js
// talks to this page by postMessage. This page accepts only messages whose source is the iframe's
// window and whose origin is HearBridge's origin, and posts only to that origin.
// Tests read window.sandbox: log (SDK calls received), state, lastLaunch, and helpers.
// Query parameters: ?roles=clinician,staff (?roles= for none), ?practice=…, ?patient=…, ?launch=<surface>,
// ?support=1 (a Hint employee: access_context platform_support), ?fragment=note=<id> (the SDK's fragment at launch).
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var sandbox = (window.sandbox = {
    log: [],          // [{type, payload, at}] every SDK message received from the app
    state: null,      // /api/sandbox/state
    lastLaunch: null, // the launch answer (iframe_url, context) or {error}
    launching: false,
    practiceId: params.get("practice") || null,
    patientId: params.get("patient") || null,
    roles: params.has("roles") ? params.get("roles").split(",").map(function (r) { return r.trim(); }).filter(Boolean) : ["admin"],
    accessContext: params.get("support") === "1" ? "platform_support" : "standard",
    appContext: null, // what the SDK in the iframe is told (user, currentPatient, interaction, queryParams, fragment)
    hearbridgeOrigin: null,
  });
  var $ = function (id) { return document.getElementById(id); };
  var frame = $("app");
  var activationCode = null;

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) throw new Error(json.message || json.error && json.error.message || ("HTTP " + res.status));
        return json;
      });
    });
  }
  function status(text, kind) {
    var el = $("status");
    el.textContent = text;
    el.className = "status " + (kind || "");
  }
  function practicePatients() {
    return (sandbox.state ? sandbox.state.patients : []).filter(function (p) { return p.practice_id === sandbox.practiceId; });
  }
  function currentPatient() {
    var id = sandbox.patientId;
    return practicePatients().filter(function (p) { return p.id === id; })[0] || null;
  }

  // --- SDK bridge -----------------------------------------------------------------------------
  function postToApp(type, payload) {
    if (!sandbox.hearbridgeOrigin || !frame.contentWindow) return;
    frame.contentWindow.postMessage({ source: "hint-host", type: type, payload: payload }, sandbox.hearbridgeOrigin);
  }
  function logSdk(type, payload) {
    var entry = { type: type, payload: payload, at: new Date().toISOString() };
    sandbox.log.push(entry);
    var li = document.createElement("li");
    li.textContent = entry.at.slice(11, 19) + "  " + type + (payload == null ? "" : "  " + JSON.stringify(payload));
    $("sdk-log").appendChild(li);
  }
  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== sandbox.hearbridgeOrigin) return;
    var message = event.data;
    if (!message || message.source !== "hint-sdk") return;
    logSdk(message.type, message.payload);
    var ctx = sandbox.appContext || {};
    switch (message.type) {
      case "init": postToApp("context", ctx); break;
      case "close":
        frame.removeAttribute("src");
        status("The app asked to close; Hint closed its container.", "ok");
        break;
      case "updateQueryParams": ctx.queryParams = message.payload || {}; break;
      case "updateFragment": ctx.fragment = message.payload || ""; break;
      case "resize": break;
    }
  });
  sandbox.setQueryParams = function (queryParams) {
    if (sandbox.appContext) sandbox.appContext.queryParams = queryParams;
    postToApp("queryParamsChanged", queryParams);
  };
  sandbox.setFragment = function (fragment) {
    if (sandbox.appContext) sandbox.appContext.fragment = fragment;
    postToApp("fragmentChanged", fragment);
  };
  sandbox.closeApp = function () {
    postToApp("closed", null);
    setTimeout(function () { frame.removeAttribute("src"); }, 50);
  };

  // --- launching ------------------------------------------------------------------------------
  sandbox.launch = function (surface, options) {
    options = options || {};
    var patient = currentPatient();
    var body = { surface: surface, practice_id: sandbox.practiceId, roles: sandbox.roles, access_context: sandbox.accessContext };
    if (patient) body.patient_id = patient.id;
    if (options.interaction_id) body.interaction_id = options.interaction_id;
    sandbox.launching = true;
    status("Launching " + surface + "…");
    return api("POST", "/api/sandbox/launch", body).then(function (answer) {
      sandbox.lastLaunch = answer;
      sandbox.hearbridgeOrigin = answer.hearbridge_origin;
      sandbox.appContext = Object.assign({ queryParams: {}, fragment: "" }, answer.context);
      // Hint reopens an app at the fragment it last set (a deep link): options.fragment / ?fragment=.
      if (options.fragment != null) sandbox.appContext.fragment = String(options.fragment);
      frame.src = answer.iframe_url;
      status("Handshake accepted (" + answer.handshake_status + "); " + surface + " loaded.", "ok");
      return answer;
    }).catch(function (error) {
      sandbox.lastLaunch = { error: error.message };
      frame.removeAttribute("src");
      status("Launch failed: " + error.message, "error");
    }).then(function (answer) { sandbox.launching = false; return answer; });
  };

  // Switching patients in Hint: the open app hears about it through onCurrentPatientChanged.
  sandbox.selectPatient = function (id) {
    sandbox.patientId = id;
    renderPatients();
    renderChart();
    $("interactions").innerHTML = '<li class="meta">None yet: HearBridge creates one when a note is started.</li>';
    renderInteractions();
    var patient = currentPatient();
    var value = patient ? { id: patient.id, name: patient.name } : null;
    if (sandbox.appContext) {
      sandbox.appContext.currentPatient = value;
      postToApp("patientChanged", value);
    }
  };

  // --- rendering ------------------------------------------------------------------------------
  function renderPractices() {
    var select = $("practice");
    select.textContent = "";
    sandbox.state.practices.forEach(function (p) {
      var option = document.createElement("option");
      option.value = p.id;
      option.textContent = p.name;
      select.appendChild(option);
    });
    select.value = sandbox.practiceId;
  }
  function renderPatients() {
    var list = $("patients");
    list.textContent = "";
    practicePatients().forEach(function (p) {
      var li = document.createElement("li");
      li.dataset.patientId = p.id;
      if (p.id === sandbox.patientId) li.className = "selected";
      if (p.membership_status === "inactive") li.className += " inactive";
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = p.name;
      var sub = document.createElement("span");
      sub.className = "sub";
      sub.textContent = (p.dob || "no DOB") + (p.hearlink_uid ? " · HearLink" : "");
      li.appendChild(name);
      li.appendChild(sub);
      li.addEventListener("click", function () { sandbox.selectPatient(p.id); });
      list.appendChild(li);
    });
  }
  function renderChart() {
    var patient = currentPatient();
    $("patient-name").textContent = patient ? patient.name : "No patient selected";
    $("patient-meta").textContent = patient
      ? patient.id + " · DOB " + (patient.dob || "—") + " · " + (patient.membership_status || "") +
        (patient.hearlink_uid ? " · HearLink " + patient.hearlink_uid : " · not in HearLink")
      : "";
  }
  function renderRoles() {
    var holder = $("roles");
    holder.textContent = "";
    sandbox.state.roles.forEach(function (role) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = role;
      box.checked = sandbox.roles.indexOf(role) >= 0;
      box.addEventListener("change", function () {
        sandbox.roles = Array.prototype.filter.call(holder.querySelectorAll("input"), function (b) { return b.checked; })
          .map(function (b) { return b.value; });
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + role));
      holder.appendChild(label);
    });
  }
  // The durable pointers HearBridge left in Hint: reopen one in a clinical_interaction launch.
  function renderInteractions() {
    return api("GET", "/api/sandbox/interactions").then(function (all) {
      var list = $("interactions");
      var mine = all.filter(function (i) { return i.patient_id === sandbox.patientId && i.practice_id === sandbox.practiceId; });
      if (!mine.length) return;
      list.textContent = "";
      mine.forEach(function (i) {
        var li = document.createElement("li");
        var text = document.createElement("span");
        text.textContent = i.id + " · " + (i.title || "untitled") + " · " + i.status;
        var open = document.createElement("button");
        open.className = "secondary small";
        open.textContent = "Open";
        open.addEventListener("click", function () { sandbox.launch("clinical_interaction", { interaction_id: i.id }); });
        li.appendChild(text);
        li.appendChild(open);
        list.appendChild(li);
      });
    });
  }
  function renderInstalled() {
    var practice = sandbox.state.practices.filter(function (p) { return p.id === sandbox.practiceId; })[0];
    $("uninstall").disabled = !practice || !practice.installed;
  }
  function refresh() {
    return api("GET", "/api/sandbox/state").then(function (state) {
      sandbox.state = state;
      if (!sandbox.practiceId) sandbox.practiceId = state.practices[0].id;
      if (!sandbox.patientId || !currentPatient()) {
        var first = practicePatients()[0];
        sandbox.patientId = first ? first.id : null;
      }
      renderPractices();
      renderPatients();
      renderChart();
      renderInstalled();
      return renderInteractions();
    });
  }

  // --- buttons --------------------------------------------------------------------------------
  function withStatus(promise, done) {
    return promise.then(function (answer) { status(done(answer), "ok"); return refresh(); })
      .catch(function (error) { status(error.message, "error"); });
  }
  document.querySelectorAll("[data-surface]").forEach(function (button) {
    button.addEventListener("click", function () { sandbox.launch(button.dataset.surface); });
  });
  document.querySelectorAll("[data-hearlink]").forEach(function (button) {
    button.addEventListener("click", function () {
      var patient = currentPatient();
      if (!patient) return status("Select a patient first.", "error");
      withStatus(api("POST", "/api/sandbox/hearlink/" + button.dataset.hearlink, { hint_patient_id: patient.id }),
        function (record) { return "HearLink " + button.dataset.hearlink.replace(/_/g, " ") + " " + record.uid + " added; webhook queued."; });
    });
  });
  $("practice").addEventListener("change", function (event) {
    sandbox.practiceId = event.target.value;
    sandbox.patientId = null;
    refresh();
  });
  $("new-patient").addEventListener("click", function () {
    var name = prompt("New patient: first and last name", "Ana Lúcia Pereira");
    if (!name) return;
    var parts = name.trim().split(/\s+/);
    var last = parts.length > 1 ? parts.pop() : "Patient";
    withStatus(api("POST", "/api/sandbox/patients", { practice_id: sandbox.practiceId, first_name: parts.join(" "), last_name: last, dob: "1960-01-15" }),
      function (p) { sandbox.patientId = p.id; return "Patient " + p.id + " created; patient.created queued."; });
  });
  $("update-patient").addEventListener("click", function () {
    var patient = currentPatient();
    if (!patient) return;
    var email = prompt("New e-mail for " + patient.name, "updated@example.com");
    if (email === null) return;
    withStatus(api("PATCH", "/api/sandbox/patients/" + patient.id, { email: email }), function () { return "patient.updated queued."; });
  });
  $("archive-patient").addEventListener("click", function () {
    var patient = currentPatient();
    if (!patient) return;
    withStatus(api("POST", "/api/sandbox/patients/" + patient.id + "/archive", {}), function () { return "patient.inactive queued."; });
  });
  $("test-event").addEventListener("click", function () {
    withStatus(api("POST", "/api/sandbox/hearlink/test_event", {}), function () { return "HearLink test event queued."; });
  });
  $("replay-seed").addEventListener("click", function () {
    withStatus(api("POST", "/api/sandbox/replay_seed", {}), function (a) { return a.queued + " HearLink webhooks queued."; });
  });
  $("enable-webhook").addEventListener("click", function () {
    withStatus(api("POST", "/api/sandbox/hearlink/enable", {}), function () { return "HearLink webhook enabled."; });
  });
  $("mint-code").addEventListener("click", function () {
    withStatus(api("POST", "/api/sandbox/activation_codes", { practice_id: sandbox.practiceId }), function (a) {
      activationCode = a.code;
      $("activation-code").textContent = a.code;
      $("deliver-code").disabled = false;
      return "Activation code minted (single use).";
    });
  });
  $("deliver-code").addEventListener("click", function () {
    if (!activationCode) return;
    withStatus(api("POST", "/api/sandbox/activation_codes/" + encodeURIComponent(activationCode) + "/deliver", {}), function (a) {
      return "HearBridge answered /hint/connect with " + a.hearbridge_status + ".";
    });
  });
  $("uninstall").addEventListener("click", function () {
    withStatus(api("POST", "/api/sandbox/practices/" + encodeURIComponent(sandbox.practiceId) + "/uninstall", {}), function () {
      frame.removeAttribute("src");
      return "HearBridge uninstalled: tokens revoked, integration.deactivated queued. Mint and send a code to install again.";
    });
  });
  $("set-query").addEventListener("click", function () { sandbox.setQueryParams({ tab: "audiogram" }); });
  $("set-fragment").addEventListener("click", function () { sandbox.setFragment("latest-test"); });
  $("close-app").addEventListener("click", function () { sandbox.closeApp(); });

  setInterval(function () { renderInteractions().catch(function () {}); }, 3000);  // HearBridge creates them meanwhile

  sandbox.ready = refresh().then(function () {
    renderRoles();
    if (params.get("launch")) return sandbox.launch(params.get("launch"), { fragment: params.get("fragment") });
  }).catch(function (error) { status(error.message, "error"); });
})();
