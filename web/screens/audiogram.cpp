#include <cmath>
#include <cstdio>
#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

// Margins around the plot: dB labels on the left, frequency labels on top (the clinical layout).
constexpr float kLeft = 40.0f;
constexpr float kTop = 22.0f;
constexpr float kRight = 86.0f;   // degree labels
constexpr float kBottom = 26.0f;  // legend
constexpr float kMarker = 5.0f;

const ImU32 kRightEar = style::rgb(0xCD0211);  // red O
const ImU32 kLeftEar = style::rgb(0x0E68E2);   // blue X

std::string frequency_label(int hz) {
  if (hz < 1000) return std::to_string(hz);
  char text[16];
  if (hz % 1000 == 0) {
    std::snprintf(text, sizeof text, "%dk", hz / 1000);
  } else {
    std::snprintf(text, sizeof text, "%.1fk", hz / 1000.0);
  }
  return text;
}

void circle(ImDrawList* list, ImVec2 at, ImU32 colour) {
  list->AddCircleFilled(at, kMarker, style::kBackground, 16);
  list->AddCircle(at, kMarker, colour, 16, 2.0f);
}
void cross(ImDrawList* list, ImVec2 at, ImU32 colour) {
  list->AddLine(ImVec2(at.x - kMarker, at.y - kMarker), ImVec2(at.x + kMarker, at.y + kMarker), colour, 2.0f);
  list->AddLine(ImVec2(at.x - kMarker, at.y + kMarker), ImVec2(at.x + kMarker, at.y - kMarker), colour, 2.0f);
}

}  // namespace

void draw_audiogram(AppState& state, const HearingTest& test, ImVec2 size) {
  auto* list = ImGui::GetWindowDrawList();
  const ImVec2 box = ImGui::GetCursorScreenPos();
  const ImVec2 plot_min(box.x + kLeft, box.y + kTop);
  const ImVec2 plot_max(box.x + size.x - kRight, box.y + size.y - kBottom);
  const float w = plot_max.x - plot_min.x;
  const float h = plot_max.y - plot_min.y;
  auto x_of = [&](double hz) { return plot_min.x + static_cast<float>(frequency_position(hz)) * w; };
  auto y_of = [&](double db) { return plot_min.y + static_cast<float>(level_position(db)) * h; };
  const auto& audiogram = test.audiogram;
  ImGui::PushFont(style::font(style::Type::metadata));

  // Degree bands (shaded, labelled on the right).
  const ImU32 bands[] = {style::rgb(0xFFFFFF), style::rgb(0xF7FAFE), style::rgb(0xEFF5FD),
                         style::rgb(0xE6EFFB), style::rgb(0xDCE8F9), style::rgb(0xD2E1F7)};
  double upper = kAudiogramMinDb;
  for (int d = 0; d <= static_cast<int>(HearingDegree::profound); ++d) {
    const auto degree = static_cast<HearingDegree>(d);
    const double lower = hearing_degree_upper_db(degree);
    list->AddRectFilled(ImVec2(plot_min.x, y_of(upper)), ImVec2(plot_max.x, y_of(lower)), bands[d]);
    const char* label = hearing_degree_label(degree);
    const float mid = (y_of(upper) + y_of(lower)) * 0.5f - 8.0f;
    list->AddText(ImVec2(plot_max.x + 8.0f, mid), style::kTextSecondary, d == 3 ? "mod. severe" : label);
    upper = lower;
  }

  // Grid: every 10 dB (0 dB stronger), every frequency on the axis.
  for (int db = -10; db <= 120; db += 10) {
    const float y = y_of(db);
    list->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), db == 0 ? style::kBorderDefault : style::kBorderSubtle,
                  1.0f);
    if (db % 20 == 0 || db == -10) {
      const std::string label = std::to_string(db);
      const auto text = ImGui::CalcTextSize(label.c_str());
      list->AddText(ImVec2(plot_min.x - 6.0f - text.x, y - text.y * 0.5f), style::kTextSecondary, label.c_str());
    }
  }
  for (int hz : audiogram_frequencies(audiogram)) {
    const float x = x_of(hz);
    const bool octave = hz == 250 || hz == 500 || hz == 1000 || hz == 2000 || hz == 4000 || hz == 8000;
    list->AddLine(ImVec2(x, plot_min.y), ImVec2(x, plot_max.y), octave ? style::kBorderDefault : style::kBorderSubtle,
                  1.0f);
    const std::string label = frequency_label(hz);
    const auto text = ImGui::CalcTextSize(label.c_str());
    list->AddText(ImVec2(x - text.x * 0.5f, plot_min.y - 4.0f - text.y), style::kTextSecondary, label.c_str());
  }
  list->AddRect(plot_min, plot_max, style::kBorderDefault, 0.0f, 0, 1.0f);
  list->AddText(ImVec2(box.x, plot_max.y + 6.0f), style::kTextSecondary, "dB HL");
  list->AddText(ImVec2(plot_max.x + 8.0f, plot_min.y - 4.0f - 16.0f), style::kTextSecondary, "Hz");

  auto centred_note = [&](const char* text, ImU32 colour) {
    ImGui::PushFont(style::font(style::Type::button));
    const auto s = ImGui::CalcTextSize(text);
    const ImVec2 at(plot_min.x + (w - s.x) * 0.5f, plot_min.y + (h - s.y) * 0.5f);
    list->AddRectFilled(ImVec2(at.x - 12, at.y - 8), ImVec2(at.x + s.x + 12, at.y + s.y + 8), style::kBackground, 8.0f);
    list->AddRect(ImVec2(at.x - 12, at.y - 8), ImVec2(at.x + s.x + 12, at.y + s.y + 8), style::kBorderDefault, 8.0f);
    list->AddText(at, colour, text);
    ImGui::PopFont();
  };
  if (audiogram.shape == AudiogramShape::unrecognised) {
    centred_note("Unrecognised audiogram: open this test in HearLink", style::kWarningText);
  } else if (audiogram.shape == AudiogramShape::empty) {
    centred_note("No thresholds recorded for this test", style::kTextSecondary);
  } else {
    // Air conduction: points joined by lines; left (X) first so the right ear (O) stays on top.
    for (const auto* ear : {&audiogram.left, &audiogram.right}) {
      const bool right = ear == &audiogram.right;
      const ImU32 colour = right ? kRightEar : kLeftEar;
      for (size_t i = 1; i < ear->size(); ++i) {
        list->AddLine(ImVec2(x_of((*ear)[i - 1].frequency_hz), y_of((*ear)[i - 1].level_db)),
                      ImVec2(x_of((*ear)[i].frequency_hz), y_of((*ear)[i].level_db)), colour, 1.5f);
      }
      for (const auto& t : *ear) {
        const ImVec2 at(x_of(t.frequency_hz), y_of(t.level_db));
        right ? circle(list, at, colour) : cross(list, at, colour);
      }
    }
  }

  // Legend.
  const float legend_y = plot_max.y + 8.0f;
  const ImVec2 o(plot_min.x + 8.0f, legend_y + 7.0f);
  circle(list, o, kRightEar);
  list->AddText(ImVec2(o.x + 12.0f, legend_y), style::kTextPrimary, "Right ear (O)");
  const ImVec2 x(o.x + 120.0f, o.y);
  cross(list, x, kLeftEar);
  list->AddText(ImVec2(x.x + 12.0f, legend_y), style::kTextPrimary, "Left ear (X)");
  list->AddText(ImVec2(x.x + 120.0f, legend_y), style::kTextSecondary, "Air conduction; shading: degree of loss");
  ImGui::PopFont();

  ImGui::Dummy(size);
  state.targets.push_back({"audiogram", plot_min.x, plot_min.y, w, h});
}

}  // namespace hb::web
