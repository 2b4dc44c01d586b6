#include "shared/hearing_record.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shared/json_input.hpp"

namespace hb {
namespace {

// "1000" → 1000; anything but plain digits (or out of 125…16000) → nullopt. Never throws.
std::optional<int> frequency_key(const std::string& key) {
  if (key.empty() || key.size() > 5) return std::nullopt;
  int value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 125 || value > 16000) return std::nullopt;
  return value;
}

// One ear: {"250": 15, …}. False when the shape is not that.
bool parse_ear(const nlohmann::json& json, std::vector<Threshold>& out) {
  if (json.is_null()) return true;
  if (!json.is_object()) return false;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const auto frequency = frequency_key(it.key());
    if (!frequency) return false;
    const auto& level = it.value();
    if (level.is_null()) continue;  // no response recorded at this frequency
    if (!level.is_number()) return false;
    const double db = level.get<double>();
    if (!std::isfinite(db) || db < -20 || db > 140) return false;
    out.push_back({*frequency, db});
  }
  std::sort(out.begin(), out.end(), [](const Threshold& a, const Threshold& b) { return a.frequency_hz < b.frequency_hz; });
  return true;
}

double number_at(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return 0;
  const double value = it->get<double>();
  return std::isfinite(value) ? value : 0;
}

std::optional<double> level_at(const std::vector<Threshold>& ear, int frequency) {
  for (const auto& t : ear) {
    if (t.frequency_hz == frequency) return t.level_db;
  }
  return std::nullopt;
}

std::string ear_sentence(const char* ear, const std::vector<Threshold>& thresholds) {
  std::string line = ear;
  if (thresholds.empty()) return line + ": no thresholds recorded.";
  const auto average = pure_tone_average(thresholds);
  if (!average) return line + ": not enough thresholds for an average (it needs 500, 1000, 2000 and 4000 Hz).";
  const long rounded = std::lround(*average);
  const auto degree = hearing_degree(static_cast<double>(rounded));
  line += ": ";
  line += degree == HearingDegree::normal ? "normal hearing" : std::string(hearing_degree_label(degree)) + " hearing loss";
  line += " (average " + std::to_string(rounded) + " dB HL at 500, 1000, 2000 and 4000 Hz).";
  return line;
}

}  // namespace

Audiogram parse_audiogram(const nlohmann::json& json) {
  Audiogram audiogram;
  if (json.is_null()) return audiogram;
  if (!json.is_object()) {
    audiogram.shape = AudiogramShape::unrecognised;
    return audiogram;
  }
  const auto right = json.find("right");
  const auto left = json.find("left");
  const bool has_ear = right != json.end() || left != json.end();
  const bool ok = has_ear && (right == json.end() || parse_ear(*right, audiogram.right)) &&
                  (left == json.end() || parse_ear(*left, audiogram.left));
  if (!ok) {
    audiogram = Audiogram{AudiogramShape::unrecognised, {}, {}};
    return audiogram;
  }
  audiogram.shape = audiogram.right.empty() && audiogram.left.empty() ? AudiogramShape::empty : AudiogramShape::recognised;
  return audiogram;
}

Result<HearingRecord> parse_hearing_record(const nlohmann::json& json) {
  if (!json.is_object()) return Error{ErrorCode::missing_field, "The hearing record is incomplete."};
  HearingRecord record;
  if (const auto* link = object_at(json, "link")) {
    record.link.status = string_at(*link, "status");
    if (record.link.status.empty()) record.link.status = "not_linked";
    record.link.hearlink_uid = string_at(*link, "hearlink_uid");
    record.link.reason = string_at(*link, "reason");
  }
  // Each list keeps the objects that carry a uid; anything else in it is skipped.
  auto read_list = [&](const char* key, auto& out, auto parse) {
    auto list = json.find(key);
    if (list == json.end() || !list->is_array()) return;
    for (const auto& item : *list) {
      if (!item.is_object()) continue;
      auto parsed = parse(item);
      if (!parsed.uid.empty()) out.push_back(std::move(parsed));
    }
  };
  read_list("hearing_tests", record.tests, [](const nlohmann::json& item) {
    HearingTest test;
    test.uid = string_at(item, "uid");
    test.test_date = string_at(item, "test_date");
    test.audiologist = string_at(item, "audiologist");
    auto audiogram = item.find("audiogram");
    test.audiogram = parse_audiogram(audiogram == item.end() ? nlohmann::json() : *audiogram);
    return test;
  });
  read_list("appointments", record.appointments, [](const nlohmann::json& item) {
    Appointment a;
    a.uid = string_at(item, "uid");
    a.type = string_at(item, "type");
    a.start = string_at(item, "start");
    a.end = string_at(item, "end");
    a.clinic = string_at(item, "clinic");
    a.with = string_at(item, "with");
    a.confirmed = bool_at(item, "confirmed");
    a.cancelled = bool_at(item, "cancelled");
    a.outcome = string_at(item, "outcome");
    return a;
  });
  read_list("invoices", record.invoices, [](const nlohmann::json& item) {
    Invoice invoice;
    invoice.uid = string_at(item, "uid");
    invoice.order_number = string_at(item, "order_number");
    invoice.status = string_at(item, "status");
    invoice.total = number_at(item, "total");
    invoice.paid = number_at(item, "paid");
    invoice.balance = number_at(item, "balance");
    return invoice;
  });
  record.outstanding_balance = number_at(json, "outstanding_balance");
  return record;
}

double frequency_position(double frequency_hz) {
  const double clamped = std::clamp(frequency_hz, kAudiogramMinHz, kAudiogramMaxHz);
  return std::log2(clamped / kAudiogramMinHz) / std::log2(kAudiogramMaxHz / kAudiogramMinHz);
}

double level_position(double level_db) {
  const double clamped = std::clamp(level_db, kAudiogramMinDb, kAudiogramMaxDb);
  return (clamped - kAudiogramMinDb) / (kAudiogramMaxDb - kAudiogramMinDb);
}

std::vector<int> audiogram_frequencies(const Audiogram& audiogram) {
  std::vector<int> ticks{250, 500, 1000, 2000, 4000, 8000};
  for (int extra : {750, 1500, 3000, 6000}) {
    for (const auto* ear : {&audiogram.right, &audiogram.left}) {
      if (level_at(*ear, extra) && std::find(ticks.begin(), ticks.end(), extra) == ticks.end()) ticks.push_back(extra);
    }
  }
  std::sort(ticks.begin(), ticks.end());
  return ticks;
}

std::optional<double> pure_tone_average(const std::vector<Threshold>& ear) {
  double sum = 0;
  for (int frequency : {500, 1000, 2000, 4000}) {
    const auto level = level_at(ear, frequency);
    if (!level) return std::nullopt;
    sum += *level;
  }
  return sum / 4.0;
}

HearingDegree hearing_degree(double level_db) {
  const double db = std::round(level_db);
  if (db <= 25) return HearingDegree::normal;
  if (db <= 40) return HearingDegree::mild;
  if (db <= 55) return HearingDegree::moderate;
  if (db <= 70) return HearingDegree::moderately_severe;
  if (db <= 90) return HearingDegree::severe;
  return HearingDegree::profound;
}

const char* hearing_degree_label(HearingDegree degree) {
  switch (degree) {
    case HearingDegree::normal: return "normal";
    case HearingDegree::mild: return "mild";
    case HearingDegree::moderate: return "moderate";
    case HearingDegree::moderately_severe: return "moderately severe";
    case HearingDegree::severe: return "severe";
    case HearingDegree::profound: return "profound";
  }
  return "normal";
}

double hearing_degree_upper_db(HearingDegree degree) {
  switch (degree) {
    case HearingDegree::normal: return 25;
    case HearingDegree::mild: return 40;
    case HearingDegree::moderate: return 55;
    case HearingDegree::moderately_severe: return 70;
    case HearingDegree::severe: return 90;
    case HearingDegree::profound: return kAudiogramMaxDb;
  }
  return kAudiogramMaxDb;
}

std::string hearing_summary(const HearingTest& test) {
  std::string text = "Hearing test on " + (test.test_date.empty() ? std::string("an unknown date") : test.test_date);
  if (!test.audiologist.empty()) text += " (audiologist: " + test.audiologist + ")";
  text += ".\n";
  switch (test.audiogram.shape) {
    case AudiogramShape::empty:
      return text + "No thresholds were recorded in HearLink for this test.";
    case AudiogramShape::unrecognised:
      return text + "The audiogram's format was not recognised; see the test in HearLink.";
    case AudiogramShape::recognised:
      break;
  }
  return text + ear_sentence("Right ear", test.audiogram.right) + "\n" + ear_sentence("Left ear", test.audiogram.left);
}

}  // namespace hb
