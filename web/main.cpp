// The wasm UI's entry: GLFW window (the canvas), ImGui, and one frame function.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <nlohmann/json.hpp>

#include "web/platform.hpp"
#include "web/screens/screens.hpp"
#include "web/style.hpp"

namespace {

struct Runtime {
  GLFWwindow* window = nullptr;
  hb::web::AppState state;
  std::string published;
};

std::string state_json(const hb::web::AppState& state) {
  nlohmann::json json{
      {"title", "HearBridge"},
      {"screen", "launch"},
      {"surface", state.launch.surface},
      {"session_key_present", state.launch.session_key_present},
  };
  return json.dump();
}

void frame(void* arg) {
  auto& rt = *static_cast<Runtime*>(arg);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(hb::web::style::kWidth, hb::web::style::kHeight));
  ImGui::Begin("HearBridge", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  hb::web::draw_launch_screen(rt.state);
  ImGui::End();

  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(rt.window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(1, 1, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  ++rt.state.frame;
  auto json = state_json(rt.state);
  if (json != rt.published) {
    hb::web::publish_state(json);
    rt.published = std::move(json);
  }
}

}  // namespace

int main() {
  static Runtime rt;  // lives for the page's lifetime: the main loop never returns
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  rt.window = glfwCreateWindow(static_cast<int>(hb::web::style::kWidth), static_cast<int>(hb::web::style::kHeight),
                               "HearBridge", nullptr, nullptr);
  if (!rt.window) return 1;
  glfwMakeContextCurrent(rt.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no filesystem, and nothing worth persisting
  hb::web::style::apply_hint_theme();
  ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  rt.state.launch = hb::web::read_launch_params();
  emscripten_set_main_loop_arg(frame, &rt, 0, true);
  return 0;
}
