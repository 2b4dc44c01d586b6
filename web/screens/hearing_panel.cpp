#include <cstdio>
#include <optional>
#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

const char* link_sentence(const HearLinkLink& link) {
  if (link.status == "pending")
    return "HearBridge is linking this patient to HearLink. Their record appears here shortly.";
  if (link.status == "needs_phone")
    return "HearLink needs a phone number for this patient. Add one in Hint and HearBridge links them.";
  if (link.status == "failed") return "Linking this patient to HearLink failed. Your practice admin can retry it.";
  return "This patient is not linked to HearLink yet, so there is no hearing record to show.";
}

void appointments_table(const TimeZone& zone, const std::vector<Appointment>& appointments) {
  if (appointments.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No appointments.");
    return;
  }
  if (!ImGui::BeginTable("appointments", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, 150.0f);
  ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("With", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 90.0f);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
  int shown = 0;
  for (const auto& a : appointments) {
    if (++shown > 6) break;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(local_date_time(zone, a.start).c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(a.type.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(a.with.c_str());
    ImGui::TableSetColumnIndex(3);
    const char* status = a.cancelled          ? "Cancelled"
                         : !a.outcome.empty() ? a.outcome.c_str()
                         : a.confirmed        ? "Confirmed"
                                              : "Booked";
    style::text(style::Type::metadata, a.cancelled ? style::kErrorText : style::kTextSecondary, status);
  }
  ImGui::EndTable();
}

void invoices_table(const HearingRecord& record) {
  if (record.invoices.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No invoices.");
    return;
  }
  if (!ImGui::BeginTable("invoices", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn("Invoice", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 90.0f);
  ImGui::TableSetupColumn("Total", ImGuiTableColumnFlags_WidthFixed, 90.0f);
  ImGui::TableSetupColumn("Balance", ImGuiTableColumnFlags_WidthFixed, 90.0f);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
  // An amount HearLink sent that could not be read is shown as unknown, never as £0.00 or left out:
  // the row says where to look, and its cells show a dash.
  auto amount = [](const std::optional<MinorUnits>& pence) {
    if (pence) {
      ImGui::TextUnformatted(format_money(*pence).c_str());
    } else {
      style::text(style::Type::body, style::kTextSecondary, "—");
    }
  };
  for (const auto& invoice : record.invoices) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(invoice.order_number.empty() ? invoice.uid.c_str() : invoice.order_number.c_str());
    if (!invoice.total) {
      style::text(style::Type::metadata, style::kWarningText, "Amount unreadable — see HearLink");
    } else if (!invoice.paid) {
      style::text(style::Type::metadata, style::kWarningText, "Payment unreadable — see HearLink");
    }
    ImGui::TableSetColumnIndex(1);
    style::text(style::Type::metadata, style::kTextSecondary, invoice.status.c_str());
    ImGui::TableSetColumnIndex(2);
    amount(invoice.total);
    ImGui::TableSetColumnIndex(3);
    amount(invoice.balance);
  }
  ImGui::EndTable();
}

}  // namespace

// The hearing record: the selected test's audiogram (earlier tests selectable), appointments and
// invoices; or why there is none (loading, not linked, connection trouble).
void draw_hearing_panel(AppState& state, ImVec2 min, ImVec2 size) {
  auto& c = state.clinical;
  widgets::begin_panel("hearing", min, size);
  const float inner = size.x - 2 * widgets::kPanelPadding.x;

  widgets::section_title("Hearing record");
  ImGui::Dummy(ImVec2(0, 2));
  if (!c.hearing.ready()) {
    widgets::load_status(state, c.hearing.status(), c.hearing.failed() ? &c.hearing.error() : nullptr,
                         "Loading the hearing record from HearLink…", inner);
    ImGui::EndChild();
    return;
  }
  const auto& record = c.hearing.value();
  if (!record.link.linked() && record.tests.empty()) {
    style::text(style::Type::button, style::kWarningText, "Not linked to HearLink");
    style::text_wrapped(style::Type::body, style::kTextPrimary, link_sentence(record.link), inner);
    state.targets.push_back({"not_linked", min.x, min.y, size.x, 80.0f});
    ImGui::EndChild();
    return;
  }

  if (record.tests.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No hearing tests in HearLink yet.");
  } else {
    if (c.selected_test < 0 || c.selected_test >= static_cast<int>(record.tests.size())) c.selected_test = 0;
    const auto& test = record.tests[static_cast<size_t>(c.selected_test)];
    auto label = [](const HearingTest& t, bool newest) {
      std::string text = t.test_date.empty() ? std::string("Undated test") : t.test_date;
      if (!t.audiologist.empty()) text += "  ·  " + t.audiologist;
      if (newest) text += "  (latest)";
      return text;
    };
    style::text(style::Type::metadata, style::kTextSecondary, "Test");
    ImGui::SameLine(0, 8);
    ImGui::SetNextItemWidth(inner - 40.0f);
    ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderDefault);
    if (ImGui::BeginCombo("##test", label(test, c.selected_test == 0).c_str())) {
      for (size_t i = 0; i < record.tests.size(); ++i) {
        const bool selected = static_cast<int>(i) == c.selected_test;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(label(record.tests[i], i == 0).c_str(), selected)) c.selected_test = static_cast<int>(i);
        widgets::record_target(state, ("test_option_" + std::to_string(i)).c_str());
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    ImGui::PopStyleColor();
    widgets::record_target(state, "test_select");
    ImGui::Dummy(ImVec2(0, 2));
    draw_audiogram(state, test, ImVec2(inner, 270.0f));
  }
  ImGui::Dummy(ImVec2(0, 6));
  widgets::section_title("Appointments");
  appointments_table(state.time_zone, record.appointments);
  ImGui::Dummy(ImVec2(0, 6));
  widgets::section_title("Invoices");
  ImGui::SameLine(0, 16);
  if (!record.amounts_complete || !record.outstanding_balance) {
    // Never a figure when an amount is missing from it: it would be wrong and look right.
    style::text(style::Type::button, style::kWarningText, "Outstanding balance incomplete — see HearLink");
  } else {
    const std::string balance = "Outstanding balance " + format_money(*record.outstanding_balance);
    style::text(style::Type::button, *record.outstanding_balance > 0 ? style::kWarningText : style::kSuccessText,
                balance.c_str());
  }
  invoices_table(record);
  ImGui::EndChild();
}

}  // namespace hb::web
