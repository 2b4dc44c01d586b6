// All JavaScript interop of the UI, and the browser's HttpClient (fetch).
//
// [SECTION] Launch parameters and the test hook
// [SECTION] Time, pixel ratio, canvas
// [SECTION] Waking the paused main loop
// [SECTION] Hint SDK
// [SECTION] Clipboard
// [SECTION] Device store (unsaved words, encrypted)
// [SECTION] HttpClient over fetch
#include <emscripten.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "web/platform.hpp"

// Strings come back through caller-owned buffers: EM_JS cannot pull in stringToNewUTF8.
// clang-format off

//-----------------------------------------------------------------------------
// [SECTION] Launch parameters and the test hook
//-----------------------------------------------------------------------------

EM_JS(void, js_surface, (char* out, int capacity), {
  const parts = location.pathname.split("/");
  const at = parts.indexOf("hint");
  stringToUTF8(at >= 0 && at + 1 < parts.length ? parts[at + 1] : "", out, capacity);
});

// Copies the key out and removes it from the address (keeping every other parameter and the hash).
EM_JS(int, js_take_session_key, (char* out, int capacity), {
  const url = new URL(location.href);
  const key = url.searchParams.get("session_key");
  if (key === null) return 0;
  url.searchParams.delete("session_key");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  if (lengthBytesUTF8(key) + 1 > capacity) return -1;
  stringToUTF8(key, out, capacity);
  return 1;
});

EM_JS(void, js_publish_state, (const char* json), {
  window.hearbridge = window.hearbridge || {};
  window.hearbridge.state = JSON.parse(UTF8ToString(json));
});

//-----------------------------------------------------------------------------
// [SECTION] Time, pixel ratio, canvas
//-----------------------------------------------------------------------------

EM_JS(double, js_now_ms, (), { return Date.now(); });

EM_JS(double, js_device_pixel_ratio, (), { return window.devicePixelRatio || 1; });

EM_JS(void, js_set_canvas_backing_size, (int width, int height), {
  const canvas = Module["canvas"];
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
});

//-----------------------------------------------------------------------------
// [SECTION] Waking the paused main loop
//-----------------------------------------------------------------------------

// Capture-phase, passive listeners: they only note that something happened; GLFW's own handlers
// still deliver the event to ImGui.
EM_JS(void, js_install_wake_sources, (), {
  const wake = () => Module["_hb_wake"]();
  const options = { capture: true, passive: true };
  for (const type of ["keydown", "keyup", "keypress", "focus", "blur", "resize", "visibilitychange"]) {
    window.addEventListener(type, wake, options);
  }
  const canvas = Module["canvas"];
  for (const type of ["mousemove", "mousedown", "mouseup", "mouseenter", "mouseleave", "wheel",
                      "touchstart", "touchmove", "touchend", "touchcancel"]) {
    canvas.addEventListener(type, wake, options);
  }
  // A change of devicePixelRatio (zoom, another screen) redraws at the new ratio.
  const watchRatio = () => {
    matchMedia("(resolution: " + window.devicePixelRatio + "dppx)")
        .addEventListener("change", () => { wake(); watchRatio(); }, { once: true });
  };
  watchRatio();
});

EM_JS(void, js_wake_after, (int delay_ms), {
  if (Module.hbWakeTimer) clearTimeout(Module.hbWakeTimer);
  Module.hbWakeTimer = setTimeout(() => { Module.hbWakeTimer = 0; Module["_hb_wake"](); }, delay_ms);
});

//-----------------------------------------------------------------------------
// [SECTION] Hint SDK
//-----------------------------------------------------------------------------

// init(callback): the callback runs once Hint has sent the context (fragment, current patient).
// The listeners only note what changed and wake the app; the frame loop takes the values.
EM_JS(int, js_init_hint_sdk, (), {
  const sdk = window.HintSDK;
  if (!sdk || typeof sdk.init !== "function") return 0;
  const wake = () => Module["_hb_wake"]();
  const noteFragment = (fragment) => { Module.hbFragment = String(fragment || ""); wake(); };
  try {
    sdk.init(() => noteFragment(sdk.fragment));
    if (typeof sdk.onFragmentChanged === "function") sdk.onFragmentChanged(noteFragment);
    if (typeof sdk.onCurrentPatientChanged === "function") {
      sdk.onCurrentPatientChanged((patient) => {
        Module.hbPatientChange = patient && patient.id ? String(patient.id) : "";
        wake();
      });
    }
  } catch (error) {
    console.warn("HintSDK.init failed", error);
  }
  return 1;
});

// Takes a value the listeners above left (-1: nothing new; else its length, copied into out).
EM_JS(int, js_take_hint_value, (int which, char* out, int capacity), {
  const key = which === 0 ? "hbFragment" : "hbPatientChange";
  const value = Module[key];
  if (value === undefined || value === null) return -1;
  Module[key] = null;
  if (lengthBytesUTF8(value) + 1 > capacity) return -1;
  stringToUTF8(value, out, capacity);
  return lengthBytesUTF8(value);
});

EM_JS(void, js_hint_update_fragment, (const char* fragment), {
  const sdk = window.HintSDK;
  if (sdk && typeof sdk.updateFragment === "function") {
    try { sdk.updateFragment(UTF8ToString(fragment)); } catch (error) { console.warn("HintSDK.updateFragment failed", error); }
  }
});

EM_JS(void, js_hint_close, (), {
  const sdk = window.HintSDK;
  if (sdk && typeof sdk.close === "function") {
    try { sdk.close(); } catch (error) { console.warn("HintSDK.close failed", error); }
  }
});

EM_JS(void, js_location_hash, (char* out, int capacity), { stringToUTF8(location.hash || "", out, capacity); });

// The zone at one instant: minutes east of UTC (returned) and its short name in the browser's own
// locale ("GMT", "BST", "EST", "GMT+2"; written to `out`), so daylight saving follows the instant.
EM_JS(int, js_zone_at, (double unix_seconds, char* out, int capacity), {
  const when = new Date(unix_seconds * 1000);
  let name = "";
  try {
    // One formatter for the page: building an Intl.DateTimeFormat is costly, and every time on
    // screen asks on every frame drawn.
    Module.hbZoneFormat = Module.hbZoneFormat || new Intl.DateTimeFormat(undefined, { timeZoneName: "short" });
    const part = Module.hbZoneFormat.formatToParts(when).find((p) => p.type === "timeZoneName");
    name = part ? part.value : "";
  } catch (error) { name = ""; }
  const offset = -when.getTimezoneOffset();
  if (!name) name = offset === 0 ? "UTC" : "UTC" + (offset > 0 ? "+" : "-") + Math.abs(offset / 60);
  stringToUTF8(name, out, capacity);
  return offset;
});

//-----------------------------------------------------------------------------
// [SECTION] Clipboard
//-----------------------------------------------------------------------------

// Ctrl+V reaches ImGui through GLFW's keydown; the browser then fires `paste` with the system
// clipboard's text, before the next frame reads it through GetClipboardTextFn.
// Ctrl+C / Ctrl+X: GLFW's keydown handler does not preventDefault them, so the browser fires
// `copy` / `cut`, synchronously inside the key press, where clipboardData.setData needs no
// permission (navigator.clipboard.writeText is refused in a cross-origin iframe without
// allow="clipboard-write", and anything after the event is outside the user gesture). The text
// is the selection the last frame published; ImGui still deletes a cut selection itself.
EM_JS(void, js_install_clipboard, (), {
  Module.hbClipboard = "";
  Module.hbSelection = "";
  Module.hbSelectionEditable = false;
  Module.hbClipboardEventAt = 0;
  document.addEventListener("paste", (event) => {
    Module.hbClipboard = (event.clipboardData && event.clipboardData.getData("text/plain")) || "";
    event.preventDefault();
    Module["_hb_wake"]();
  });
  const put = (event, cut) => {
    const text = Module.hbSelection;
    if (!text || !event.clipboardData || (cut && !Module.hbSelectionEditable)) return;
    event.clipboardData.setData("text/plain", text);
    event.preventDefault();
    Module.hbClipboard = text;
    Module.hbClipboardEventAt = Date.now();
  };
  document.addEventListener("copy", (event) => put(event, false));
  document.addEventListener("cut", (event) => put(event, true));
});

// Leaving (tab closed, reload, navigation) with words not yet saved asks first. Hint closing its
// container, or the page being hidden, saves them at once instead (hb_save_unsaved_now, main.cpp).
EM_JS(void, js_install_leave_guards, (), {
  Module.hbUnsaved = false;
  window.addEventListener("beforeunload", (event) => {
    if (!Module.hbUnsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });
  const saveNow = () => Module["_hb_save_unsaved_now"]();
  window.addEventListener("pagehide", saveNow);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") saveNow(); });
  const sdk = window.HintSDK;
  if (sdk && typeof sdk.onClose === "function") {
    try { sdk.onClose(saveNow); } catch (error) { console.warn("HintSDK.onClose failed", error); }
  }
});

EM_JS(void, js_publish_unsaved, (int unsaved), { Module.hbUnsaved = unsaved !== 0; });

EM_JS(void, js_publish_selection, (const char* text, int editable), {
  Module.hbSelection = UTF8ToString(text);
  Module.hbSelectionEditable = editable !== 0;
});

// ImGui's own copy, a frame after the key press: the copy/cut event above already carried it (and
// without the display-only line breaks); anything else is tried through writeText, best effort.
EM_JS(void, js_clipboard_write, (const char* text), {
  if (Date.now() - Module.hbClipboardEventAt < 2000) return;
  const value = UTF8ToString(text);
  Module.hbClipboard = value;
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(() => {});
});

EM_JS(int, js_clipboard_size, (), { return lengthBytesUTF8(Module.hbClipboard || "") + 1; });

EM_JS(void, js_clipboard_read, (char* out, int capacity), {
  stringToUTF8(Module.hbClipboard || "", out, capacity);
});

//-----------------------------------------------------------------------------
// [SECTION] Device store (unsaved words, encrypted)
//-----------------------------------------------------------------------------

// Unsaved words in localStorage, only ever as AES-GCM ciphertext: the key (from the server, per user
// and practice) is imported into WebCrypto as not extractable, so neither this page's script after
// import nor the storage holds it; each value is {"v":1,"iv","ct"} in base64, a fresh 12-byte IV per
// write, the slot's name as associated data (a copy moved to another slot does not decrypt). Every
// operation is chained behind the previous one, so a removal never overtakes an earlier write.
// Nothing readable is logged: failures are counted in Module.hbDeviceErrors.
EM_JS(void, js_device_open, (const char* key_base64, const char* prefix_text), {
  const keyText = UTF8ToString(key_base64);
  const prefix = UTF8ToString(prefix_text);
  const d = Module.hbDevice = Module.hbDevice || { chain: Promise.resolve(), key: null, errors: 0, writes: 0 };
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  // One copy: its plaintext, or null when it cannot be read (another key, altered, not JSON).
  // Never throws: one bad entry must not hide the others.
  const readOne = (slot) => {
    try {
      const stored = JSON.parse(localStorage.getItem(slot));
      if (!stored || typeof stored.iv !== "string" || typeof stored.ct !== "string") return Promise.resolve(null);
      const options = { name: "AES-GCM", iv: bytes(stored.iv), additionalData: new TextEncoder().encode(slot) };
      return crypto.subtle.decrypt(options, d.key, bytes(stored.ct))
          .then((clear) => new TextDecoder().decode(clear), () => null);
    } catch (e) {
      return Promise.resolve(null);
    }
  };
  d.chain = d.chain
      .then(() => crypto.subtle.importKey("raw", bytes(keyText), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]))
      .then((key) => {
        d.key = key;
        const slots = [];
        for (let i = 0; i < localStorage.length; i++) {
          const slot = localStorage.key(i);
          if (slot && slot.startsWith(prefix)) slots.push(slot);
        }
        return Promise.all(slots.map((slot) => readOne(slot).then((text) => ({ slot: slot, text: text }))));
      })
      // false: nothing can be kept here (no WebCrypto outside a secure context, or no storage).
      .then((found) => { d.found = JSON.stringify(found); },
            () => { d.errors++; d.key = null; d.found = "false"; })
      .then(() => Module["_hb_wake"]());
});

EM_JS(void, js_device_put, (const char* slot_text, const char* plain_text), {
  const d = Module.hbDevice;
  if (!d) return;
  const slot = UTF8ToString(slot_text);
  const plain = UTF8ToString(plain_text);
  const b64 = (buffer) => {
    const all = new Uint8Array(buffer);
    let binary = "";  // in chunks: String.fromCharCode.apply has an argument limit
    for (let i = 0; i < all.length; i += 8192) binary += String.fromCharCode.apply(null, all.subarray(i, i + 8192));
    return btoa(binary);
  };
  d.chain = d.chain.then(() => {
    if (!d.key) return null;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const encoder = new TextEncoder();
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: encoder.encode(slot) }, d.key,
                                 encoder.encode(plain))
        .then((ct) => {
          localStorage.setItem(slot, JSON.stringify({ v: 1, iv: b64(iv), ct: b64(ct) }));
          d.writes++;
        });
  }).catch(() => { d.errors++; });
});

EM_JS(void, js_device_remove, (const char* slot_text), {
  const d = Module.hbDevice;
  if (!d) return;
  const slot = UTF8ToString(slot_text);
  d.chain = d.chain.then(() => { localStorage.removeItem(slot); }).catch(() => { d.errors++; });
});

EM_JS(int, js_device_found_size, (), {
  const d = Module.hbDevice;
  return d && d.found !== undefined ? lengthBytesUTF8(d.found) + 1 : 0;
});

EM_JS(void, js_device_found_take, (char* out, int capacity), {
  stringToUTF8(Module.hbDevice.found, out, capacity);
  delete Module.hbDevice.found;
});

//-----------------------------------------------------------------------------
// [SECTION] HttpClient over fetch
//-----------------------------------------------------------------------------

// Writes (every method but GET) go with keepalive: the browser finishes them even if the page goes
// away — Hint removing the app's iframe right after the clinician typed must not drop the save
// (emscripten_fetch's XHR is cancelled with the page). Browsers allow 64 KiB of keepalive bodies in
// flight, so a larger one goes without. No answer within 20 s, or none at all: status 0 (retried
// like any missing answer). The reply's text waits in Module.hbReplies until C++ takes it.
EM_JS(void, js_http_send, (int id, const char* method, const char* url, const char* headers_json,
                           const char* body, int body_size), {
  const init = { method: UTF8ToString(method), headers: JSON.parse(UTF8ToString(headers_json)) };
  if (body_size > 0) init.body = UTF8ToString(body, body_size);
  if (init.method !== "GET" && body_size < 60000) init.keepalive = true;
  const controller = new AbortController();
  init.signal = controller.signal;
  const timer = setTimeout(() => controller.abort(), 20000);
  const done = (status, text) => {
    clearTimeout(timer);
    Module.hbReplies = Module.hbReplies || {};
    Module.hbReplies[id] = text;
    Module["_hb_http_done"](id, status);
  };
  fetch(UTF8ToString(url), init)
    .then((response) => response.text().then((text) => done(response.status, text)))
    .catch(() => done(0, ""));
});

EM_JS(int, js_http_reply_size, (int id), { return lengthBytesUTF8((Module.hbReplies || {})[id] || "") + 1; });

EM_JS(void, js_http_reply_take, (int id, char* out, int capacity), {
  const replies = Module.hbReplies || {};
  stringToUTF8(replies[id] || "", out, capacity);
  delete replies[id];
});

// clang-format on

namespace hb::web::platform {
namespace {
void (*g_wake)() = nullptr;
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Launch parameters and the test hook
//-----------------------------------------------------------------------------

LaunchParams take_launch_params() {
  LaunchParams params;
  char surface[64];
  js_surface(surface, sizeof surface);
  params.surface = surface;
  std::vector<char> key(1024);
  // An absurdly long key (-1) cannot be valid: send a placeholder the server will refuse.
  const int found = js_take_session_key(key.data(), static_cast<int>(key.size()));
  if (found == 1) params.session_key = key.data();
  if (found == -1) params.session_key = "invalid";
  return params;
}

void publish_state(const std::string& json) { js_publish_state(json.c_str()); }

//-----------------------------------------------------------------------------
// [SECTION] Time, pixel ratio, canvas
//-----------------------------------------------------------------------------

std::int64_t now_ms() { return static_cast<std::int64_t>(js_now_ms()); }

float device_pixel_ratio() {
  const double ratio = js_device_pixel_ratio();
  return ratio >= 0.5 && ratio <= 8.0 ? static_cast<float>(ratio) : 1.0f;
}

void set_canvas_backing_size(int width, int height) { js_set_canvas_backing_size(width, height); }

//-----------------------------------------------------------------------------
// [SECTION] Waking the paused main loop
//-----------------------------------------------------------------------------

void install_wake_sources(void (*wake_fn)()) {
  g_wake = wake_fn;
  js_install_wake_sources();
}

void wake_after(int delay_ms) { js_wake_after(delay_ms); }

void wake() {
  if (g_wake) g_wake();
}

//-----------------------------------------------------------------------------
// [SECTION] Hint SDK
//-----------------------------------------------------------------------------

bool init_hint_sdk() { return js_init_hint_sdk() != 0; }

namespace {
std::optional<std::string> take_hint_value(int which) {
  char value[512];
  if (js_take_hint_value(which, value, sizeof value) < 0) return std::nullopt;
  return std::string(value);
}
}  // namespace

std::optional<std::string> take_hint_fragment() { return take_hint_value(0); }
std::optional<std::string> take_patient_change() { return take_hint_value(1); }
void hint_update_fragment(const std::string& fragment) { js_hint_update_fragment(fragment.c_str()); }
void hint_close() { js_hint_close(); }

std::string location_hash() {
  char hash[512];
  js_location_hash(hash, sizeof hash);
  return hash;
}

ZoneAt zone_at(std::int64_t unix_seconds) {
  char name[64];
  const int offset = js_zone_at(static_cast<double>(unix_seconds), name, sizeof name);
  return {offset, name};
}

//-----------------------------------------------------------------------------
// [SECTION] Clipboard
//-----------------------------------------------------------------------------

void install_clipboard(ImGuiIO& io) {
  js_install_clipboard();
  io.SetClipboardTextFn = [](void*, const char* text) { js_clipboard_write(text); };
  io.GetClipboardTextFn = [](void*) -> const char* {
    static std::string text;
    text.assign(static_cast<size_t>(js_clipboard_size()), '\0');
    js_clipboard_read(text.data(), static_cast<int>(text.size()));
    return text.c_str();
  };
}

void publish_selection(const std::string& text, bool editable) { js_publish_selection(text.c_str(), editable ? 1 : 0); }

void publish_unsaved(bool unsaved) { js_publish_unsaved(unsaved ? 1 : 0); }

void install_leave_guards() { js_install_leave_guards(); }

//-----------------------------------------------------------------------------
// [SECTION] Device store (unsaved words, encrypted)
//-----------------------------------------------------------------------------

void device_open(const std::string& key_base64, const std::string& prefix) {
  js_device_open(key_base64.c_str(), prefix.c_str());
}
void device_put(const std::string& slot, const std::string& plaintext) {
  js_device_put(slot.c_str(), plaintext.c_str());
}
void device_remove(const std::string& slot) { js_device_remove(slot.c_str()); }

std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> take_device_copies() {
  const int size = js_device_found_size();
  if (size == 0) return std::nullopt;
  std::string text(static_cast<size_t>(size), '\0');
  js_device_found_take(text.data(), size);
  text.resize(text.size() - 1);
  std::vector<std::pair<std::string, std::optional<std::string>>> copies;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_array()) return std::nullopt;  // the store could not open: nothing is kept or offered
  for (const auto& item : json) {
    if (!item.is_object() || !item.contains("slot") || !item["slot"].is_string()) continue;
    std::optional<std::string> plain;
    if (item.contains("text") && item["text"].is_string()) plain = item["text"].get<std::string>();
    copies.emplace_back(item["slot"].get<std::string>(), std::move(plain));
  }
  return copies;
}

//-----------------------------------------------------------------------------
// [SECTION] HttpClient over fetch
//-----------------------------------------------------------------------------

namespace {

// Callbacks of the requests in flight, by the id JavaScript hands back to hb_http_done.
std::unordered_map<int, HttpCallback>& in_flight() {
  static std::unordered_map<int, HttpCallback> callbacks;
  return callbacks;
}

class FetchHttpClient : public HttpClient {
public:
  void send(HttpRequest request, HttpCallback done) override {
    auto headers = nlohmann::json::object();
    for (const auto& [name, value] : request.headers) headers[name] = value;
    const int id = next_id_++;
    in_flight().emplace(id, std::move(done));
    // replace: a header value that is not UTF-8 must never make sending throw.
    const auto headers_json = headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    js_http_send(id, request.method.c_str(), request.path.c_str(), headers_json.c_str(), request.body.data(),
                 static_cast<int>(request.body.size()));
  }

private:
  int next_id_ = 1;
};

}  // namespace

HttpClient& browser_http_client() {
  static FetchHttpClient client;
  return client;
}

void deliver_http_reply(int id, int status) {
  auto node = in_flight().extract(id);
  std::string text(static_cast<size_t>(js_http_reply_size(id)), '\0');
  js_http_reply_take(id, text.data(), static_cast<int>(text.size()));
  text.resize(text.size() - 1);  // the terminating NUL
  if (!node.empty()) node.mapped()(HttpResponse{status, std::move(text)});
  wake();
}

}  // namespace hb::web::platform

// Called when a fetch above settles (exported as _hb_http_done in web/CMakeLists.txt).
extern "C" EMSCRIPTEN_KEEPALIVE void hb_http_done(int id, int status) {
  hb::web::platform::deliver_http_reply(id, status);
}

// Called from the JavaScript listeners above (exported as _hb_wake in web/CMakeLists.txt).
extern "C" EMSCRIPTEN_KEEPALIVE void hb_wake() { hb::web::platform::wake(); }
