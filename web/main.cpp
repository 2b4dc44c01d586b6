// The wasm UI's entry: GLFW window (the canvas), ImGui, and the frame loop.
//
// Each frame: advance timers → draw the screen from AppState → render → run the commands the
// widgets queued → publish the test state. The loop is polite inside Hint's page: when nothing
// changes it pauses (no 60 fps burn while idle) and input events, HTTP replies and the app's own
// timers resume it for a few frames.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>  // InputEventsQueue: keep drawing until ImGui has consumed every event

#include <cfloat>
#include <string>

#include "web/api_client.hpp"
#include "web/clinical/clinical_flow.hpp"
#include "web/clinical/device_copy.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/platform.hpp"
#include "web/published_state.hpp"
#include "web/screens/screens.hpp"
#include "web/services.hpp"
#include "web/style.hpp"

namespace {

using namespace hb::web;

// Frames drawn after each wake-up: enough for hover and press highlights to settle.
constexpr int kFramesAfterWake = 8;

struct Runtime {
  GLFWwindow* window = nullptr;
  AppState state;
  ApiClient api{platform::browser_http_client()};
  Services services{api, &platform::now_ms, HostBridge{&platform::hint_update_fragment, &platform::hint_close},
                    DeviceStore{&platform::device_open, &platform::device_put, &platform::device_remove}};
  float pixel_ratio = 0.0f;  // 0: fonts not loaded yet
  int frames_left = kFramesAfterWake;
  bool paused = false;
  std::string selection;  // what the browser's copy/cut events were last given
  bool selection_editable = false;
  bool unsaved = false;  // what the beforeunload guard was last told
};
Runtime* g_rt = nullptr;

void wake() {
  auto& rt = *g_rt;
  rt.frames_left = kFramesAfterWake;
  if (rt.paused) {
    rt.paused = false;
    emscripten_resume_main_loop();
  }
}

// Canvas backing store and font atlas follow devicePixelRatio; ImGui works in CSS pixels.
void follow_pixel_ratio(Runtime& rt) {
  const float ratio = platform::device_pixel_ratio();
  if (ratio == rt.pixel_ratio) return;
  const bool reload = rt.pixel_ratio != 0.0f;
  rt.pixel_ratio = ratio;
  rt.state.device_pixel_ratio = ratio;
  platform::set_canvas_backing_size(static_cast<int>(style::kWidth * ratio + 0.5f),
                                    static_cast<int>(style::kHeight * ratio + 0.5f));
  style::load_fonts(ratio);
  if (reload) ImGui_ImplOpenGL3_DestroyDeviceObjects();  // recreated, with the new atlas, next NewFrame
}

// Emscripten's GLFW reports the mouse in backing-store pixels (it scales by canvas.width over the
// CSS width); ImGui works in CSS pixels.
void on_cursor_pos(GLFWwindow* window, double x, double y) {
  const double ratio = g_rt->pixel_ratio > 0 ? g_rt->pixel_ratio : 1.0;
  ImGui_ImplGlfw_CursorPosCallback(window, x / ratio, y / ratio);
}
// ImGui's backend falls back to polling glfwGetCursorPos (unscaled) while it believes the mouse
// is outside; keep it "inside" and report leaving as "no mouse" instead.
void on_cursor_enter(GLFWwindow* window, int entered) {
  if (entered) {
    ImGui_ImplGlfw_CursorEnterCallback(window, 1);
  } else {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  }
}

// What Hint's SDK told us since the last frame: a deep link to a note, another current patient.
void take_hint_events(AppState& state) {
  if (auto fragment = platform::take_hint_fragment()) {
    const auto note_id = note_id_from_fragment(*fragment);
    auto& c = state.clinical;
    const bool open = c.editor.note && c.editor.note->id == note_id;
    if (!note_id.empty() && !open && c.fragment_published != "note=" + note_id) {
      if (!c.started) {
        c.deep_link_note_id = note_id;
      } else {
        state.commands.emplace_back(OpenNoteLink{note_id});
      }
    }
  }
  if (auto patient = platform::take_patient_change()) request_patient(state, *patient);
}

// The device store read its copies of unsaved words (after device_open).
void take_device_copies(Runtime& rt) {
  if (auto copies = platform::take_device_copies()) device_copies_read(rt.state, rt.services, *copies);
}

// The next timer among the launch's and the clinical screens' (one browser timer: the soonest).
std::optional<std::int64_t> next_timer(const AppState& state) {
  auto a = next_launch_timer(state);
  auto b = next_clinical_timer(state);
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

bool wants_more_frames(const Runtime& rt) {
  return rt.frames_left > 0 || !rt.state.commands.empty() || !ImGui::GetCurrentContext()->InputEventsQueue.empty();
}

void frame(void* arg) {
  auto& rt = *static_cast<Runtime*>(arg);
  auto& state = rt.state;
  state.now_ms = platform::now_ms();
  tick_launch(state, state.now_ms);
  take_hint_events(state);
  take_device_copies(rt);
  tick_clinical(state, state.now_ms);
  follow_pixel_ratio(rt);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  auto& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(style::kWidth, style::kHeight);
  io.DisplayFramebufferScale = ImVec2(rt.pixel_ratio, rt.pixel_ratio);
  ImGui::NewFrame();
  draw_app(state);
  ImGui::Render();

  glViewport(0, 0, static_cast<int>(style::kWidth * rt.pixel_ratio + 0.5f),
             static_cast<int>(style::kHeight * rt.pixel_ratio + 0.5f));
  glClearColor(1, 1, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++state.frame;

  if (!state.commands.empty()) {
    run_commands(state, rt.services);
    rt.frames_left = std::max(rt.frames_left, 2);  // draw what the commands changed (e.g. pending)
  }
  if (state.frame == 1) {  // once, after the first frame
    state.hint_sdk_initialised = platform::init_hint_sdk();
    platform::install_leave_guards();
  }
  platform::publish_state(published_state_json(state));
  if (state.selection != rt.selection || state.selection_editable != rt.selection_editable) {
    rt.selection = state.selection;
    rt.selection_editable = state.selection_editable;
    platform::publish_selection(rt.selection, rt.selection_editable);
  }
  if (has_unsaved_words(state) != rt.unsaved) {
    rt.unsaved = !rt.unsaved;
    platform::publish_unsaved(rt.unsaved);
  }

  --rt.frames_left;
  if (!wants_more_frames(rt)) {
    rt.paused = true;
    emscripten_pause_main_loop();
    if (auto at = next_timer(state)) {
      platform::wake_after(static_cast<int>(std::max<std::int64_t>(*at - platform::now_ms(), 0)));
    }
  }
}

}  // namespace

int main() {
  static Runtime rt;  // lives for the page's lifetime: the main loop never returns
  g_rt = &rt;
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  rt.window = glfwCreateWindow(static_cast<int>(style::kWidth), static_cast<int>(style::kHeight), "HearBridge", nullptr,
                               nullptr);
  if (!rt.window) return 1;
  glfwMakeContextCurrent(rt.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  auto& io = ImGui::GetIO();
  io.IniFilename = nullptr;                              // no filesystem, and nothing worth persisting
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab between fields, Enter/Space to press
  io.ConfigInputTextCursorBlink = false;                 // a blinking caret would need 60 fps while idle
  style::apply_hint_theme();
  follow_pixel_ratio(rt);
  ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
  glfwSetCursorPosCallback(rt.window, on_cursor_pos);
  glfwSetCursorEnterCallback(rt.window, on_cursor_enter);
  ImGui_ImplGlfw_CursorEnterCallback(rt.window, 1);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  platform::install_clipboard(io);
  platform::install_wake_sources(&wake);

  // The key leaves the address bar here, before the first request.
  begin_launch(rt.state, platform::take_launch_params());
  rt.state.clinical.deep_link_note_id = note_id_from_fragment(platform::location_hash());
  rt.state.time_zone = &platform::zone_at;
  emscripten_set_main_loop_arg(frame, &rt, 0, true);
  return 0;
}

// Called from JavaScript (exported as _hb_save_unsaved_now in web/CMakeLists.txt) when Hint closes the
// app's container, the page is hidden or it unloads: the save goes out inside that event, since
// the page may never draw another frame.
extern "C" EMSCRIPTEN_KEEPALIVE void hb_save_unsaved_now() {
  if (!g_rt) return;
  save_unsaved_now(g_rt->state, g_rt->services);
  wake();
}
