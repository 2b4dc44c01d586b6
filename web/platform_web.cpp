// All JavaScript interop of the UI, and the emscripten_fetch HttpClient.
//
// [SECTION] Launch parameters and the test hook
// [SECTION] Time, pixel ratio, canvas
// [SECTION] Waking the paused main loop
// [SECTION] Hint SDK
// [SECTION] Clipboard
// [SECTION] HttpClient over emscripten_fetch
#include <emscripten.h>
#include <emscripten/fetch.h>
#include <imgui.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
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

EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });

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

int utc_offset_minutes() { return js_utc_offset_minutes(); }

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
// [SECTION] HttpClient over emscripten_fetch
//-----------------------------------------------------------------------------

namespace {

// Owns everything emscripten_fetch points into until the reply arrives.
struct InFlight {
  HttpRequest request;
  HttpCallback done;
  std::vector<const char*> headers;  // name, value, …, nullptr
};

void on_fetch_done(emscripten_fetch_t* fetch) {
  std::unique_ptr<InFlight> in_flight(static_cast<InFlight*>(fetch->userData));
  HttpResponse response{static_cast<int>(fetch->status), std::string(fetch->data, fetch->numBytes)};
  emscripten_fetch_close(fetch);
  in_flight->done(response);
  wake();
}

class FetchHttpClient : public HttpClient {
public:
  void send(HttpRequest request, HttpCallback done) override {
    auto in_flight = std::make_unique<InFlight>(InFlight{std::move(request), std::move(done), {}});
    const auto& r = in_flight->request;
    for (const auto& [name, value] : r.headers) {
      in_flight->headers.push_back(name.c_str());
      in_flight->headers.push_back(value.c_str());
    }
    in_flight->headers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, r.method.c_str(), sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = in_flight->headers.data();
    attr.requestData = r.body.empty() ? nullptr : r.body.data();
    attr.requestDataSize = r.body.size();
    attr.timeoutMSecs = 20000;  // then status 0: retried like any missing answer
    attr.onsuccess = on_fetch_done;
    attr.onerror = on_fetch_done;
    attr.userData = in_flight.get();
    const std::string url = r.path;  // same-origin, relative
    in_flight.release();             // on_fetch_done takes it back
    emscripten_fetch(&attr, url.c_str());
  }
};

}  // namespace

HttpClient& browser_http_client() {
  static FetchHttpClient client;
  return client;
}

}  // namespace hb::web::platform

// Called from the JavaScript listeners above (exported as _hb_wake in web/CMakeLists.txt).
extern "C" EMSCRIPTEN_KEEPALIVE void hb_wake() { hb::web::platform::wake(); }
