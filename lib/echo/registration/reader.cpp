#include "echo/registration/reader.hpp"

#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>

namespace echo::registration {

namespace {

// Lowercased, trimmed, runs of spaces squeezed, a trailing ':' or '?' dropped: "E-mail" and
// "Email Address" stay apart, "Profession?" reads as "profession".
std::string key_of(const std::string& header) {
  const auto lowered = util::ascii_lower(util::trim(header));
  std::string key;
  for (char c : lowered)
    if (!(c == ' ' && !key.empty() && key.back() == ' ')) key += c;
  while (!key.empty() && (key.back() == ':' || key.back() == '?' || key.back() == ' ')) key.pop_back();
  return key;
}

std::vector<std::string> keys_of(const std::vector<std::string>& fields) {
  std::vector<std::string> keys;
  keys.reserve(fields.size());
  for (const auto& f : fields) keys.push_back(key_of(f));
  return keys;
}

int find_column(const std::vector<std::string>& keys, std::initializer_list<std::string_view> names) {
  for (auto name : names)
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == name) return static_cast<int>(i);
  return -1;
}

// A custom question whose header mentions one of `words` ("What is your profession?"); the
// country column ("Country/Region") is Zoom's own, never the hub's region.
int find_question(const std::vector<std::string>& keys, std::initializer_list<std::string_view> words) {
  for (auto word : words)
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i].find(word) != std::string::npos && !keys[i].starts_with("country")) return static_cast<int>(i);
  return -1;
}

std::string field(const std::vector<std::string>& f, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= f.size()) return {};
  auto v = util::trim(f[static_cast<std::size_t>(column)]);
  if (v == "--") v.clear(); // Zoom writes -- for an empty time
  return v;
}

// field() without a copy: a view of the trimmed field in the record.
std::string_view field_view(const std::vector<std::string>& f, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= f.size()) return {};
  auto v = util::trim_view(f[static_cast<std::size_t>(column)]);
  if (v == "--") return {}; // Zoom writes -- for an empty time
  return v;
}

bool all_empty(const std::vector<std::string>& f) {
  for (const auto& x : f)
    for (char c : x)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// A line of one text and nothing else: "Registration Report", "Registrant Details".
bool is_section_line(const std::vector<std::string>& keys) {
  if (keys.empty() || keys[0].empty()) return false;
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (!keys[i].empty()) return false;
  return true;
}

const std::initializer_list<std::string_view> k_email{"email", "email address", "user email", "e-mail"};

} // namespace

std::string layout_name(Layout layout) {
  switch (layout) {
  case Layout::zoom: return "zoom-registration";
  case Layout::generic_csv: return "csv";
  case Layout::unknown: break;
  }
  return "unknown";
}

bool Reader::take_header(const std::vector<std::string>& keys, std::size_t line) {
  Columns c;
  c.email = find_column(keys, k_email);
  if (c.email < 0) return false;
  const bool generic = !keys.empty() && (keys[0] == "session" || keys[0] == "series");
  const int registered =
      find_column(keys, {"registration time", "registered_at", "registered at", "registration date"});
  const int approval = find_column(keys, {"approval status", "status"});
  if (!generic && registered < 0 && approval < 0) return false; // a host or panelist section, or no registration
  c.target = generic ? 0 : -1;
  c.registered = registered;
  c.approval = generic ? -1 : approval;
  c.first = find_column(keys, {"first name"});
  c.last = find_column(keys, {"last name"});
  c.name = find_column(keys, {"name", "full name", "user name (original name)", "user name"});
  c.profession = find_question(keys, {"profession", "occupation", "discipline", "job title"});
  c.organization = find_question(keys, {"organization", "organisation", "employer", "company"});
  c.region = find_question(keys, {"health region", "region", "health authority"});
  if (!generic && c.first < 0 && c.name < 0) return false;
  m_cols = c;
  m_by_series = generic && keys[0] == "series";
  m_layout = generic ? Layout::generic_csv : Layout::zoom;
  m_header_line = line;
  m_state = State::rows;
  return true;
}

Reader::Event Reader::read(const std::vector<std::string>& f, std::size_t line) {
  if (m_state == State::failed) return Event::stop;
  if (all_empty(f)) return Event::none;
  m_seen_record = true;
  // A generic CSV's rows are read without header keys: folding every field of every row into a
  // key was 40% of the reader's instructions (bench/registration.sh, 10,000 rows).
  if (m_state == State::rows && m_layout == Layout::generic_csv) return read_row(f, line);
  const auto keys = keys_of(f);
  switch (m_state) {
  case State::meeting_values: {
    m_meeting = Meeting{};
    m_meeting.line = line;
    m_meeting.topic = field(f, find_column(m_meeting_keys, {"topic"}));
    m_meeting.id = field(f, find_column(m_meeting_keys, {"id", "meeting id", "webinar id"}));
    m_meeting.start_text =
        field(f, find_question(m_meeting_keys, {"scheduled time", "actual start time", "start time"}));
    if (!m_meeting.start_text.empty()) {
      m_meeting.start = time(m_meeting.start_text, line);
      if (!m_meeting.start)
        m_problems.add(line, fmt::format("bad scheduled time '{}' (expected e.g. Mar 28, 2026 12:00 PM, "
                                         "03/28/2026 12:00 PM or 2026-03-28 12:00)",
                                         m_meeting.start_text));
    }
    m_has_meeting = true;
    m_state = State::preamble;
    return Event::meeting;
  }
  case State::rows:
    if (m_layout == Layout::zoom && is_section_line(keys)) { // "Other Attended", a new section
      m_state = State::preamble;
      return Event::none;
    }
    if (m_layout == Layout::zoom && take_header(keys, line)) return Event::none; // the next section's header
    return read_row(f, line);
  default: break;
  }
  if (take_header(keys, line)) return Event::none;
  if (!m_has_meeting && find_column(keys, {"topic"}) >= 0 &&
      find_column(keys, {"id", "meeting id", "webinar id"}) >= 0) {
    m_meeting_keys = keys;
    m_state = State::meeting_values;
    return Event::none;
  }
  if (m_state == State::start && !is_section_line(keys) && !keys[0].starts_with("report generated")) {
    // The first line is neither a report's preamble nor a header we know.
    m_problems.add(line, "not a registration export: expected a Zoom registration report (First Name,Last "
                         "Name,Email,Registration Time,Approval Status,...), a webinar attendee report, or the "
                         "CSV session|series,email,name,registered_at");
    m_state = State::failed;
    return Event::stop;
  }
  if (m_state == State::start) m_state = State::preamble;
  return Event::none;
}

std::optional<util::LocalSeconds> Reader::time(std::string_view text, std::size_t line) {
  // N/N/YYYY needs a '/': any other form skips the survey of its fields (a copy and a parse).
  if (const auto fields =
          text.find('/') == std::string_view::npos ? std::nullopt : attendance::slash_date_fields(text)) {
    const bool neither = fields->first > 12 && fields->second > 12;
    if (!neither && fields->first > 12 && m_day_first.line == 0) m_day_first = {line, std::string(text)};
    if (!neither && fields->second > 12 && m_month_first.line == 0) m_month_first = {line, std::string(text)};
    if (!m_order && m_decide) m_order = m_decide();
    if (!m_order)
      return attendance::parse_export_time(text, fields->first > 12 ? attendance::DateOrder::dmy
                                                                    : attendance::DateOrder::mdy);
  }
  return attendance::parse_export_time(text, m_order.value_or(attendance::DateOrder::mdy));
}

Reader::Event Reader::read_row(const std::vector<std::string>& f, std::size_t line) {
  ++m_rows;
  // The row is written into m_row in place: its strings keep their buffers from row to row (a
  // fresh Registrant and its copies were a third of the reader's instructions).
  auto& r = m_row;
  r.line = line;
  r.target.clear();
  r.by_series = false;
  r.registered_at.reset();
  const auto before = m_problems.count();
  if (m_layout == Layout::generic_csv) {
    r.target.assign(field_view(f, m_cols.target));
    r.by_series = m_by_series;
    if (r.target.empty()) m_problems.add(line, "no session or series");
  }
  // "First Last", trimmed; else the name column.
  const auto first = field_view(f, m_cols.first);
  const auto last = field_view(f, m_cols.last);
  if (!first.empty() && !last.empty()) {
    r.name.assign(first);
    r.name += ' ';
    r.name.append(last);
  } else if (!first.empty() || !last.empty()) {
    r.name.assign(first.empty() ? last : first);
  } else {
    r.name.assign(field_view(f, m_cols.name));
  }
  r.email.assign(field_view(f, m_cols.email)); // trimmed already: lowercased in place
  util::ascii_lower_in_place(r.email);
  r.approval.assign(field_view(f, m_cols.approval));
  util::ascii_lower_in_place(r.approval);
  r.declined = r.approval == "denied" || r.approval == "rejected" || r.approval == "declined" ||
               r.approval == "cancelled" || r.approval == "canceled";
  r.profession.assign(field_view(f, m_cols.profession));
  r.organization.assign(field_view(f, m_cols.organization));
  r.region.assign(field_view(f, m_cols.region));
  if (r.name.empty() && r.email.empty()) m_problems.add(line, "no name and no email");
  if (!r.email.empty() && !util::looks_like_email(r.email))
    m_problems.add(line, fmt::format("'{}' is not an email address", r.email));
  for (const auto& [what, value] : {std::pair<const char*, const std::string*>{"the name", &r.name},
                                    {"the email", &r.email},
                                    {"the session", &r.target},
                                    {"the profession", &r.profession},
                                    {"the organization", &r.organization},
                                    {"the region", &r.region}}) {
    if (util::printable_ascii(*value)) continue; // valid UTF-8 without a control character
    // text_problem finds invalid UTF-8 too: is_valid_utf8 only chooses the message then.
    if (auto problem = util::text_problem(*value)) {
      if (!util::is_valid_utf8(*value))
        m_problems.add(line, fmt::format("{} is not UTF-8 text (save the file as UTF-8)", what));
      else
        m_problems.add(line, fmt::format("{} {}", what, *problem));
    }
  }
  const auto when = field_view(f, m_cols.registered);
  if (!when.empty()) {
    r.registered_at = time(when, line);
    if (!r.registered_at)
      m_problems.add(line, fmt::format("bad registration time '{}' (expected e.g. Mar 28, 2026 09:12:44, "
                                       "03/28/2026 09:12 AM or 2026-03-28 09:12:44)",
                                       when));
  }
  return m_problems.count() == before ? Event::row : Event::none;
}

void Reader::finish() {
  if (!m_seen_record) {
    m_problems.add(0, "the file is empty");
    return;
  }
  if (m_state == State::failed) return;
  if (m_layout == Layout::unknown) {
    m_problems.add(m_has_meeting ? m_meeting.line : 0,
                   "no registrant header (First Name,Last Name,Email,Registration Time,Approval Status,... or "
                   "session|series,email,name,registered_at)");
    return;
  }
  if (m_rows == 0) m_problems.add(m_header_line, "header only: the file has no registrants");
}

} // namespace echo::registration
