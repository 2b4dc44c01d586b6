#include "shared/hearing_record.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shared/json_fields.hpp"
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
  std::sort(out.begin(), out.end(),
            [](const Threshold& a, const Threshold& b) { return a.frequency_hz < b.frequency_hz; });
  return true;
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
  line +=
      degree == HearingDegree::normal ? "normal hearing" : std::string(hearing_degree_label(degree)) + " hearing loss";
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
  audiogram.shape =
      audiogram.right.empty() && audiogram.left.empty() ? AudiogramShape::empty : AudiogramShape::recognised;
  return audiogram;
}

namespace {

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

nlohmann::json ear_json(const std::vector<Threshold>& ear) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& t : ear) json[std::to_string(t.frequency_hz)] = t.level_db;
  return json;
}

HearLinkLink read_link(FieldReader& r) {
  HearLinkLink link;
  link.status = r.text("status");
  link.hearlink_uid = r.nullable_text("hearlink_uid");
  link.reason = r.nullable_text("reason");
  return link;
}

// Required to be present: whole pence, or null when the amount is unknown.
std::optional<MinorUnits> pence(FieldReader& r, const char* key) {
  const auto& value = r.member(key);
  if (value.is_null()) return std::nullopt;  // absent has already failed the read
  if (!value.is_number_integer()) {
    r.fail(key);
    return std::nullopt;
  }
  return value.get<MinorUnits>();
}

nlohmann::json pence_or_null(const std::optional<MinorUnits>& amount) {
  return amount ? nlohmann::json(*amount) : nlohmann::json();
}

}  // namespace

nlohmann::json to_json(const Audiogram& audiogram) {
  switch (audiogram.shape) {
    case AudiogramShape::empty:
      return nullptr;
    case AudiogramShape::unrecognised:
      return {{"unrecognised", true}};
    case AudiogramShape::recognised:
      break;
  }
  return {{"right", ear_json(audiogram.right)}, {"left", ear_json(audiogram.left)}};
}

nlohmann::json to_json(const HearLinkLink& link) {
  return {{"status", link.status},
          {"hearlink_uid", text_or_null(link.hearlink_uid)},
          {"reason", text_or_null(link.reason)}};
}

nlohmann::json to_json(const HearingRecord& record) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& t : record.tests) {
    tests.push_back({{"uid", t.uid},
                     {"test_date", t.test_date},
                     {"audiologist", text_or_null(t.audiologist)},
                     {"audiogram", to_json(t.audiogram)}});
  }
  nlohmann::json appointments = nlohmann::json::array();
  for (const auto& a : record.appointments) {
    appointments.push_back({{"uid", a.uid},
                            {"type", a.type},
                            {"start", a.start},
                            {"end", text_or_null(a.end)},
                            {"clinic", text_or_null(a.clinic)},
                            {"with", text_or_null(a.with)},
                            {"confirmed", a.confirmed},
                            {"cancelled", a.cancelled},
                            {"outcome", text_or_null(a.outcome)}});
  }
  nlohmann::json invoices = nlohmann::json::array();
  for (const auto& i : record.invoices) {
    invoices.push_back({{"uid", i.uid},
                        {"order_number", i.order_number},
                        {"status", i.status},
                        {"total_pence", pence_or_null(i.total)},
                        {"paid_pence", pence_or_null(i.paid)},
                        {"balance_pence", pence_or_null(i.balance)}});
  }
  return {{"link", to_json(record.link)},
          {"hearing_tests", tests},
          {"appointments", appointments},
          {"invoices", invoices},
          {"outstanding_balance_pence", pence_or_null(record.outstanding_balance)},
          {"amounts_complete", record.amounts_complete}};
}

Result<HearingRecord> parse_hearing_record(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("hearing record");
  FieldReader r(json);
  HearingRecord record;
  record.link = r.object("link", read_link);
  record.tests = r.list("hearing_tests", [](FieldReader& item) {
    HearingTest test;
    test.uid = item.text("uid");
    test.test_date = item.text("test_date");
    test.audiologist = item.nullable_text("audiologist");
    test.audiogram = parse_audiogram(item.member("audiogram"));
    return test;
  });
  record.appointments = r.list("appointments", [](FieldReader& item) {
    Appointment a;
    a.uid = item.text("uid");
    a.type = item.text("type");
    a.start = item.text("start");
    a.end = item.nullable_text("end");
    a.clinic = item.nullable_text("clinic");
    a.with = item.nullable_text("with");
    a.confirmed = item.boolean("confirmed");
    a.cancelled = item.boolean("cancelled");
    a.outcome = item.nullable_text("outcome");
    return a;
  });
  record.invoices = r.list("invoices", [](FieldReader& item) {
    Invoice invoice;
    invoice.uid = item.text("uid");
    invoice.order_number = item.text("order_number");
    invoice.status = item.text("status");
    invoice.total = pence(item, "total_pence");
    invoice.paid = pence(item, "paid_pence");
    invoice.balance = pence(item, "balance_pence");
    return invoice;
  });
  record.outstanding_balance = pence(r, "outstanding_balance_pence");
  record.amounts_complete = r.boolean("amounts_complete");
  return r.finish(std::move(record));
}

nlohmann::json to_json(const LinkReply& reply) { return {{"link", to_json(reply.link)}}; }

Result<LinkReply> parse_link_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("link reply");
  FieldReader r(json);
  LinkReply reply{r.object("link", read_link)};
  return r.finish(std::move(reply));
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
    case HearingDegree::normal:
      return "normal";
    case HearingDegree::mild:
      return "mild";
    case HearingDegree::moderate:
      return "moderate";
    case HearingDegree::moderately_severe:
      return "moderately severe";
    case HearingDegree::severe:
      return "severe";
    case HearingDegree::profound:
      return "profound";
  }
  return "normal";
}

double hearing_degree_upper_db(HearingDegree degree) {
  switch (degree) {
    case HearingDegree::normal:
      return 25;
    case HearingDegree::mild:
      return 40;
    case HearingDegree::moderate:
      return 55;
    case HearingDegree::moderately_severe:
      return 70;
    case HearingDegree::severe:
      return 90;
    case HearingDegree::profound:
      return kAudiogramMaxDb;
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
