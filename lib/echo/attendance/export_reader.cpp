#include "echo/attendance/export_reader.hpp"

#include "echo/attendance/datetime.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace echo::attendance {

namespace {

// Localised Zoom portals write the same columns in their language. Each entry maps a header, as
// lowercased by key_of, to the English key the reader looks for; add a language by adding rows.
struct HeaderAlias {
  std::string_view localized;
  std::string_view english;
};
constexpr HeaderAlias k_header_aliases[] = {
    // French
    {"id de réunion", "meeting id"},
    {"identifiant de réunion", "meeting id"},
    {"sujet", "topic"},
    {"hôte", "host"},
    {"heure de début", "start time"},
    {"heure de fin", "end time"},
    {"e-mail de l'utilisateur", "user email"},
    {"adresse e-mail de l'utilisateur", "user email"},
    {"courriel de l'utilisateur", "user email"},
    {"nom d'utilisateur", "user name"},
    {"durée (minutes)", "duration (minutes)"},
    {"durée totale (minutes)", "total duration (minutes)"},
    {"nom (nom original)", "name (original name)"},
    {"nom (nom d'origine)", "name (original name)"},
    {"e-mail", "email"},
    {"heure d'arrivée", "join time"},
    {"heure de connexion", "join time"},
    {"heure de départ", "leave time"},
    {"heure de déconnexion", "leave time"},
    {"invité", "guest"},
    {"dans la salle d'attente", "in waiting room"},
    // Spanish
    {"id de reunión", "meeting id"},
    {"id. de reunión", "meeting id"},
    {"tema", "topic"},
    {"anfitrión", "host"},
    {"hora de inicio", "start time"},
    {"hora de finalización", "end time"},
    {"correo electrónico del usuario", "user email"},
    {"nombre de usuario", "user name"},
    {"duración (minutos)", "duration (minutes)"},
    {"duración total (minutos)", "total duration (minutes)"},
    {"nombre (nombre original)", "name (original name)"},
    {"correo electrónico", "email"},
    {"hora de entrada", "join time"},
    {"hora de ingreso", "join time"},
    {"hora de salida", "leave time"},
    {"invitado", "guest"},
    {"en la sala de espera", "in waiting room"},
    // Japanese
    {"ミーティングid", "meeting id"},
    {"トピック", "topic"},
    {"ホスト", "host"},
    {"開始時刻", "start time"},
    {"開始時間", "start time"},
    {"終了時刻", "end time"},
    {"終了時間", "end time"},
    {"ユーザーメール", "user email"},
    {"メール", "email"},
    {"ユーザー名", "user name"},
    {"時間 (分)", "duration (minutes)"},
    {"期間 (分)", "duration (minutes)"},
    {"合計時間 (分)", "total duration (minutes)"},
    {"名前 (元の名前)", "name (original name)"},
    {"参加時刻", "join time"},
    {"参加時間", "join time"},
    {"退出時刻", "leave time"},
    {"退出時間", "leave time"},
    {"ゲスト", "guest"},
    {"待機室", "in waiting room"},
    {"待機室内", "in waiting room"},
};

// Lowercases ASCII, trims, writes a typographic apostrophe as ' and full-width parentheses as
// ASCII ones with one space before "(", so that "名前（元の名前）" and "名前 (元の名前)" agree.
std::string key_of(const std::string& header) {
  auto key = util::ascii_lower(util::trim(header));
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"\u2019", "'"}, {"\uFF08", " ("}, {"\uFF09", ")"}}) {
    for (auto at = key.find(from); at != std::string::npos; at = key.find(from, at + to.size()))
      key.replace(at, from.size(), to);
  }
  if (const auto open = key.find('('); open != std::string::npos && open > 0 && key[open - 1] != ' ')
    key.insert(open, " "); // "名前(元の名前)"
  std::string squeezed;
  for (char c : key)
    if (!(c == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += c;
  key = std::move(squeezed);
  for (const auto& alias : k_header_aliases)
    if (key == alias.localized) return std::string(alias.english);
  return key;
}

int find_column(const std::vector<std::string>& keys, std::initializer_list<std::string_view> names) {
  for (auto name : names)
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == name) return static_cast<int>(i);
  return -1;
}

bool has(const std::vector<std::string>& keys, std::string_view name) { return find_column(keys, {name}) >= 0; }

std::vector<std::string> keys_of(const std::vector<std::string>& fields) {
  std::vector<std::string> keys;
  keys.reserve(fields.size());
  for (const auto& f : fields) keys.push_back(key_of(f));
  return keys;
}

// A view of the trimmed field in the record (no copy: most fields are only checked or parsed).
std::string_view field(const std::vector<std::string>& f, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= f.size()) return {};
  return util::trim_view(f[static_cast<std::size_t>(column)]);
}

bool all_empty(const std::vector<std::string>& f) {
  for (const auto& x : f)
    for (char c : x)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

bool yes(std::string_view value) {
  const auto v = util::ascii_lower(value);
  return v == "yes" || v == "y" || v == "true" || v == "1" || v == "oui" || v == "sí" || v == "si" || v == "はい";
}

// A line that opens a webinar report section ("Host Details") or is part of its preamble.
bool is_section_line(const std::vector<std::string>& f, const std::vector<std::string>& keys) {
  if (keys.empty()) return false;
  const auto& first = keys[0];
  if (first.starts_with("report generated")) return true;
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (!keys[i].empty()) return false;
  (void)f;
  return first.ends_with("details") || first.ends_with("report") || first == "other attended" ||
         first.starts_with("attendee report") || first.starts_with("webinar report");
}

// Teams attendance report sections: "1. Summary", "2. Participants", "3. In-Meeting Activities".
int teams_section(const std::vector<std::string>& keys) {
  if (keys.empty()) return 0;
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (!keys[i].empty()) return 0;
  if (keys[0] == "1. summary" || keys[0] == "meeting summary") return 1;
  if (keys[0] == "2. participants" || keys[0] == "full list of participants") return 2;
  if (keys[0] == "3. in-meeting activities" || keys[0] == "3. in-meeting activity") return 3;
  return 0;
}

bool is_meeting_header(const std::vector<std::string>& keys) {
  return has(keys, "topic") && (has(keys, "start time") || has(keys, "actual start time"));
}

const std::initializer_list<std::string_view> k_name_columns{
    "name (original name)", "user name (original name)", "name", "user name", "participant", "display name"};
const std::initializer_list<std::string_view> k_email_columns{"user email", "email", "email address",
                                                              "participant email"};
const std::initializer_list<std::string_view> k_join_columns{"join time", "join"};
const std::initializer_list<std::string_view> k_leave_columns{"leave time", "leave"};
const std::initializer_list<std::string_view> k_minutes_columns{"total duration (minutes)", "duration (minutes)",
                                                                "time in session (minutes)", "minutes", "duration"};

// "1h 2m 5s" (Teams), "1 hr 25 min" (Meet), "45 min", "30 s", "1:02:05"; rounded to the minute.
std::optional<std::int64_t> parse_duration_minutes(std::string_view text) {
  const auto t = util::ascii_lower(util::trim(text));
  if (t.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  if (t.find(':') != std::string::npos) {
    const auto parts = util::split(t, ':');
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    for (const auto& p : parts) {
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
      if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || v < 0 || v > 100000) return std::nullopt;
      seconds = seconds * 60 + v;
    }
    if (parts.size() == 2) seconds *= 60; // h:mm
  } else {
    std::size_t i = 0;
    bool any = false;
    while (i < t.size()) {
      while (i < t.size() && t[i] == ' ') ++i;
      if (i >= t.size()) break;
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(t.data() + i, t.data() + t.size(), v);
      if (ec != std::errc() || v < 0 || v > 100000) return std::nullopt;
      i = static_cast<std::size_t>(ptr - t.data());
      while (i < t.size() && t[i] == ' ') ++i;
      std::string unit;
      while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) unit += t[i++];
      if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
        seconds += v * 3600;
      else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes" || unit.empty())
        seconds += v * 60;
      else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" || unit == "seconds")
        seconds += v;
      else
        return std::nullopt;
      any = true;
    }
    if (!any) return std::nullopt;
  }
  return (seconds + 30) / 60;
}

std::optional<std::int64_t> parse_minutes(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.size() <= 9 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t v = 0; // whole minutes, the common case: what the parse below gives them, without it
    for (const char c : text) v = v * 10 + (c - '0');
    if (v > 100000) return std::nullopt;
    return v;
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) || v < 0 || v > 100000)
    return std::nullopt;
  return static_cast<std::int64_t>(std::llround(v));
}

// Splits on spaces, commas and slashes; lowercased, a trailing '.' dropped.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    while (!w.empty() && w.back() == '.') w.pop_back();
    if (!w.empty()) words.push_back(util::ascii_lower(w));
    w.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '/' || c == ';' || c == '\t')
      flush();
    else
      w += c;
  }
  flush();
  return words;
}

bool all_in(std::string_view text, std::initializer_list<std::string_view> set) {
  const auto words = words_of(text);
  if (words.empty()) return false;
  for (const auto& w : words)
    if (std::find(set.begin(), set.end(), w) == set.end()) return false;
  return true;
}

} // namespace

// "he/him", "they/them", "she/they", "any pronouns", "ze/zir".
bool is_pronouns(std::string_view text) {
  return all_in(text, {"he", "him", "his",  "she",  "her",  "hers", "they", "them", "their",   "theirs",
                       "ze", "zir", "zirs", "hir",  "hirs", "xe",   "xem",  "xyr",  "xir",     "ey",
                       "em", "eir", "fae",  "faer", "it",   "its",  "any",  "all",  "pronouns"});
}

// "Dr.", "MD", "RN, BSN", "PhD", "Mx.": credentials and honorifics.
bool is_title(std::string_view text) {
  return all_in(text, {"dr",  "prof", "mr",   "mrs",  "ms",   "mx",    "md",    "m.d",  "do",     "rn",
                       "np",  "lpn",  "rpn",  "bsn",  "msn",  "dnp",   "phd",   "ph.d", "pharmd", "rph",
                       "msw", "rsw",  "bsw",  "mph",  "mba",  "facp",  "frcpc", "ccfp", "pa",     "pa-c",
                       "fnp", "aprn", "crna", "ot",   "pt",   "slp",   "rd",    "rdn",  "cna",    "ma",
                       "msc", "bsc",  "mbbs", "frcp", "facs", "fnp-c", "cnm",   "rpn",  "nurse",  "physician"});
}

std::string_view layout_name(Layout layout) {
  switch (layout) {
  case Layout::zoom_meeting: return "zoom-meeting";
  case Layout::zoom_meeting_new: return "zoom-meeting";
  case Layout::zoom_details: return "zoom-details";
  case Layout::zoom_participants: return "zoom-participants";
  case Layout::zoom_unique_users: return "zoom-unique-users";
  case Layout::zoom_webinar: return "zoom-webinar";
  case Layout::generic_csv: return "csv";
  case Layout::teams: return "teams";
  case Layout::teams_list: return "teams-list";
  case Layout::meet: return "meet";
  case Layout::unknown: break;
  }
  return "unknown";
}

std::pair<std::string, std::string> split_display_name(std::string_view text) {
  // Most names end in no parenthesised group: the name, trimmed, is all there is.
  if (const auto trimmed = util::trim_view(text); trimmed.size() <= 2 || trimmed.back() != ')')
    return {std::string(trimmed), std::string()};
  const auto whole = util::trim(text);
  std::string_view s(whole);
  // The trailing parenthesised groups, last first: "Nickname (he/him) (Full Name)".
  std::vector<std::string> groups;
  while (s.size() > 2 && s.back() == ')') {
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = s.size(); i-- > 0;) {
      if (s[i] == ')') ++depth;
      if (s[i] == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string_view::npos || open == 0) break;
    groups.push_back(util::trim(s.substr(open + 1, s.size() - open - 2)));
    s = s.substr(0, open);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  }
  const auto display = util::trim(s);
  if (display.empty()) return {whole, ""};
  // Pronouns and titles are not names; the last other group is the original name.
  std::string original;
  std::vector<std::string> kept; // further name-like groups stay part of the display name
  for (const auto& g : groups) {
    if (g.empty() || is_pronouns(g) || is_title(g)) continue;
    if (original.empty())
      original = g;
    else
      kept.push_back(g);
  }
  std::string shown = display;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) shown += " (" + *it + ")";
  return {shown, original};
}

ExportReader::ExportReader(util::Problems& problems, std::string forced)
    : m_problems(problems), m_forced(std::move(forced)) {}

ExportReader::Event ExportReader::read(const std::vector<std::string>& f, std::size_t line) {
  if (m_state == State::failed) return Event::stop;
  if (all_empty(f)) return Event::none;
  m_seen_record = true;
  if (m_layout == Layout::teams || (m_state == State::start && teams_section(keys_of(f)) == 1))
    return read_teams(f, line);
  switch (m_state) {
  case State::meeting_values: read_meeting_values(f, line); return m_has_meeting ? Event::meeting : Event::none;
  case State::rows: {
    // A webinar report opens new sections and headers between rows.
    if (m_layout == Layout::zoom_webinar) {
      const auto keys = keys_of(f);
      if (is_section_line(f, keys) ||
          (!keys.empty() && keys[0] == "attended" && find_column(keys, k_name_columns) >= 0))
        return read_header_or_section(f, line);
    }
    return read_row(f, line);
  }
  default: return read_header_or_section(f, line);
  }
}

ExportReader::Event ExportReader::read_teams(const std::vector<std::string>& f, std::size_t line) {
  const auto keys = keys_of(f);
  if (const auto section = teams_section(keys); section != 0) {
    if (m_forced == "csv" || m_forced == "zoom" || m_forced == "meet") {
      m_problems.add(line, fmt::format("this is a Microsoft Teams attendance report, not --source {}", m_forced));
      m_state = State::failed;
      return Event::stop;
    }
    m_layout = Layout::teams;
    m_teams_section = section;
    m_state = section == 1 ? State::start : State::expect_header;
    if (section >= 2 && !m_has_meeting && m_meeting.start) {
      m_has_meeting = true;
      return Event::meeting;
    }
    return Event::none;
  }
  if (m_teams_section == 1) {
    // "Meeting title<TAB>...", "Start time<TAB>1/27/26, 11:52:03 AM", ...
    const auto value = field(f, 1);
    if (keys[0] == "meeting title" || keys[0] == "title") m_meeting.topic = value;
    if (keys[0] == "meeting id" || keys[0] == "id") m_meeting.id = value;
    if (keys[0] == "start time" || keys[0] == "meeting start time") {
      m_meeting.line = line;
      if (m_anchor.line == 0) m_anchor = {line, std::string(value)};
      m_meeting.start = time(value, line);
      if (!m_meeting.start) m_problems.add(line, fmt::format("bad meeting start time '{}'", value));
    }
    return Event::none;
  }
  if (m_state == State::expect_header && m_teams_section == 2) {
    m_state = State::rows; // the summary's header: its rows are skipped below
    return Event::none;
  }
  if (m_state == State::expect_header) {
    if (!take_participant_header(f, line)) {
      m_state = State::failed;
      return Event::stop;
    }
    if (m_cols.join < 0 && m_teams_section == 3) {
      m_problems.add(line, "the In-Meeting Activities header lacks Join Time and Leave Time");
      m_state = State::failed;
      return Event::stop;
    }
    return Event::none;
  }
  // Section 2 sums each person up (first join, last leave): the intervals are in section 3.
  if (m_teams_section == 2) {
    m_teams_summary_rows = true;
    return Event::none;
  }
  return read_row(f, line);
}

ExportReader::Event ExportReader::read_header_or_section(const std::vector<std::string>& f, std::size_t line) {
  const auto keys = keys_of(f);
  if (is_section_line(f, keys)) {
    if (m_layout == Layout::unknown || m_layout == Layout::zoom_webinar) m_layout = Layout::zoom_webinar;
    const auto& first = keys[0];
    m_section_hub = first.starts_with("host") || first.starts_with("panelist");
    m_state = m_has_meeting || m_state != State::start ? State::expect_header : State::start;
    return Event::none;
  }
  if (is_meeting_header(keys) && has(keys, "join time") && m_state == State::start) {
    // The admin "details" export: the meeting's columns repeated on every participant row.
    if (m_forced == "csv") {
      m_problems.add(line, "this is a Zoom export, not the generic CSV (--source csv)");
      m_state = State::failed;
      return Event::stop;
    }
    m_layout = Layout::zoom_details;
    const auto name = find_column(keys, {"name (original name)", "participant", "display name", "name"});
    const auto split = name < 0 ? keys.size() : static_cast<std::size_t>(name);
    m_meeting_header.assign(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(split));
    if (!take_participant_header(f, line, split)) {
      m_state = State::failed;
      return Event::stop;
    }
    return Event::none;
  }
  if (is_meeting_header(keys)) {
    if (m_forced == "csv") {
      m_problems.add(line, "this is a Zoom export, not the generic CSV (--source csv)");
      m_state = State::failed;
      return Event::stop;
    }
    if (has(keys, "webinar id"))
      m_layout = Layout::zoom_webinar;
    else if (keys[0] == "meeting id")
      m_layout = Layout::zoom_meeting;
    else if (m_layout != Layout::zoom_webinar)
      m_layout = Layout::zoom_meeting_new;
    m_meeting_header = keys;
    m_meeting.line = line;
    m_state = State::meeting_values;
    return Event::none;
  }
  if (!keys.empty() && keys[0] == "session") {
    if (m_layout != Layout::unknown || m_forced == "zoom") {
      m_problems.add(line, "a generic attendance CSV header where a Zoom participant header belongs");
      m_state = State::failed;
      return Event::stop;
    }
    m_layout = Layout::generic_csv;
    if (!take_participant_header(f, line)) {
      m_state = State::failed;
      return Event::stop;
    }
    return Event::none;
  }
  if (has(keys, "full name") && has(keys, "user action") && has(keys, "timestamp")) {
    // The 2020 Teams list: one row per join or leave.
    m_layout = Layout::teams_list;
    m_cols = Columns{};
    m_cols.name = find_column(keys, {"full name"});
    m_cols.action = find_column(keys, {"user action"});
    m_cols.stamp = find_column(keys, {"timestamp"});
    m_header_line = line;
    m_state = State::rows;
    return Event::none;
  }
  if (find_column(keys, k_name_columns) >= 0 || find_column(keys, k_email_columns) >= 0) {
    if (m_forced == "csv") {
      m_problems.add(line, "expected the generic CSV header session,email,name,minutes (or join,leave)");
      m_state = State::failed;
      return Event::stop;
    }
    const bool webinar = m_layout == Layout::zoom_webinar;
    if (!take_participant_header(f, line)) {
      m_state = State::failed;
      return Event::stop;
    }
    if (m_cols.joined >= 0 || (m_cols.first >= 0 && m_cols.last >= 0 && m_cols.join < 0)) {
      m_layout = Layout::meet;
    } else if (m_forced == "meet" || m_forced == "teams") {
      m_problems.add(line, fmt::format("not a {} attendance report: '{}'",
                                       m_forced == "meet" ? "Google Meet" : "Microsoft Teams", util::join(f, ",")));
      m_state = State::failed;
      return Event::stop;
    } else if (!webinar) {
      if (m_cols.join < 0)
        m_layout = Layout::zoom_unique_users;
      else if (m_layout == Layout::unknown)
        m_layout = Layout::zoom_participants;
    }
    return Event::none;
  }
  if (m_state == State::expect_header)
    m_problems.add(line, fmt::format("expected the participant header (Name (Original Name),User Email,Join Time,"
                                     "Leave Time,...), found '{}'",
                                     util::join(f, ",")));
  else
    m_problems.add(line,
                   fmt::format("not a Zoom export or attendance CSV: unrecognised header '{}'", util::join(f, ",")));
  m_state = State::failed;
  return Event::stop;
}

bool ExportReader::take_participant_header(const std::vector<std::string>& f, std::size_t line, std::size_t from) {
  auto keys = keys_of(f);
  // Columns before `from` belong to the meeting (details export): never a participant's.
  for (std::size_t i = 0; i < from && i < keys.size(); ++i) keys[i].clear();
  Columns c;
  c.name = find_column(keys, k_name_columns);
  c.email = find_column(keys, k_email_columns);
  c.join = find_column(keys, k_join_columns);
  c.leave = find_column(keys, k_leave_columns);
  c.minutes = find_column(keys, k_minutes_columns);
  c.waiting = find_column(keys, {"in waiting room"});
  c.attended = find_column(keys, {"attended"});
  c.registered = find_column(keys, {"registration time"});
  c.session = find_column(keys, {"session"});
  c.first = find_column(keys, {"first name"});
  c.role = find_column(keys, {"role"});
  c.joined = find_column(keys, {"time joined"});
  c.last = find_column(keys, {"last name"});
  std::vector<std::string> missing;
  if (m_layout == Layout::generic_csv) {
    if (c.email < 0 && c.name < 0) missing.emplace_back("email or name");
    if (c.minutes < 0 && (c.join < 0 || c.leave < 0)) missing.emplace_back("minutes (or join and leave)");
  } else {
    if (c.name < 0 && c.email < 0) missing.emplace_back("Name (Original Name)");
    if (c.join >= 0 && c.leave < 0) missing.emplace_back("Leave Time");
    if (c.leave >= 0 && c.join < 0) missing.emplace_back("Join Time");
    if (c.join < 0 && c.leave < 0 && c.minutes < 0)
      missing.emplace_back("Join Time, Leave Time (or Total Duration (Minutes))");
  }
  if (!missing.empty()) {
    m_problems.add(
        line, fmt::format("header lacks the column{} {}", missing.size() == 1 ? "" : "s", util::join(missing, "; ")));
    return false;
  }
  m_cols = c;
  m_header_line = line;
  m_state = State::rows;
  return true;
}

Meeting ExportReader::parse_meeting(const std::vector<std::string>& f, std::size_t line) {
  const auto& k = m_meeting_header;
  Meeting m;
  m.line = line;
  m.topic = field(f, find_column(k, {"topic"}));
  m.id = field(f, find_column(k, {"meeting id", "id", "webinar id"}));
  const auto start_text = field(f, find_column(k, {"start time", "actual start time"}));
  if (m_anchor.line == 0) m_anchor = {line, std::string(start_text)};
  m.start = time(start_text, line);
  if (!m.start)
    m_problems.add(line, fmt::format("bad meeting start time '{}' (expected e.g. 09/24/2020 11:35:16 AM or "
                                     "Mar 28, 2020 08:07:27)",
                                     start_text));
  const auto email = util::normalize_email(field(f, find_column(k, {"user email", "host email"})));
  if (!email.empty()) m.host_email = email;
  // The Host column reads "Name (email)", "Name" or "email".
  const auto host = field(f, find_column(k, {"host", "host name", "user name"}));
  if (util::looks_like_email(host)) {
    m.host_email = util::normalize_email(host);
  } else {
    auto [display, original] = split_display_name(host);
    if (!original.empty() && util::looks_like_email(original)) {
      m.host_email = util::normalize_email(original);
      m.host_name = display;
    } else {
      m.host_name = host.empty() ? std::string() : display;
    }
  }
  return m;
}

std::optional<util::LocalSeconds> ExportReader::time(std::string_view text, std::size_t line) {
  if (const auto fields = slash_date_fields(text)) {
    // A field above 12 settles the order, unless both are: that is no date in either order, and
    // the parse below refuses it with its line.
    const bool neither = fields->first > 12 && fields->second > 12;
    if (!neither && fields->first > 12 && m_day_first.line == 0) m_day_first = {line, std::string(text)};
    if (!neither && fields->second > 12 && m_month_first.line == 0) m_month_first = {line, std::string(text)};
    if (!m_order) {
      if (!m_decide) return parse_export_time(text, fields->first > 12 ? DateOrder::dmy : DateOrder::mdy);
      m_order = m_decide();
    }
  }
  return parse_export_time(text, m_order.value_or(DateOrder::mdy));
}

void ExportReader::read_meeting_values(const std::vector<std::string>& f, std::size_t line) {
  m_meeting = parse_meeting(f, line);
  m_has_meeting = true;
  m_state = State::expect_header;
}

ExportReader::Event ExportReader::read_list_row(const std::vector<std::string>& f, std::size_t line) {
  const std::string name(field(f, m_cols.name));
  const auto action = util::ascii_lower(field(f, m_cols.action));
  const auto stamp_text = field(f, m_cols.stamp);
  if (name.empty()) {
    m_problems.add(line, "no name");
    return Event::none;
  }
  if (auto problem = util::text_problem(name)) {
    m_problems.add(line, fmt::format("the name {}", *problem));
    return Event::none;
  }
  if (m_anchor.line == 0) m_anchor = {line, std::string(stamp_text)};
  const auto stamp = time(stamp_text, line);
  if (!stamp) {
    m_problems.add(line, fmt::format("bad timestamp '{}' (expected e.g. 1/27/2026, 11:52:03 AM)", stamp_text));
    return Event::none;
  }
  if (!m_last_stamp || *stamp > *m_last_stamp) m_last_stamp = stamp;
  if (action == "joined" || action == "joined before") {
    m_open.try_emplace(name, OpenJoin{*stamp, line}); // a second join while in: the first counts
    return Event::none;
  }
  if (action != "left") {
    m_problems.add(line, fmt::format("unknown user action '{}' (expected Joined, Joined before or Left)",
                                     field(f, m_cols.action)));
    return Event::none;
  }
  const auto open = m_open.find(name);
  if (open == m_open.end()) return Event::none; // left without a join in the list: nothing to count
  PersonRow r;
  auto [display, original] = split_display_name(name);
  r.name = display;
  r.original = original;
  r.line = open->second.line;
  r.join = open->second.at;
  r.leave = *stamp;
  m_open.erase(open);
  if (*r.leave < *r.join) {
    m_problems.add(line, fmt::format("left at '{}' before joining (line {})", stamp_text, r.line));
    return Event::none;
  }
  m_row = std::move(r);
  return Event::row;
}

bool ExportReader::flush_open() {
  if (m_open.empty() || !m_last_stamp) return false;
  const auto it = m_open.begin();
  PersonRow r;
  auto [display, original] = split_display_name(it->first);
  r.name = display;
  r.original = original;
  r.line = it->second.line;
  r.join = it->second.at;
  r.leave = *m_last_stamp;
  m_open.erase(it);
  m_row = std::move(r);
  return true;
}

std::string ExportReader::order_note() const {
  if (!m_order) return {};
  return fmt::format("; dates read {} for this file",
                     *m_order == DateOrder::dmy ? "day first (DD/MM/YYYY)" : "month first (MM/DD/YYYY)");
}

ExportReader::Event ExportReader::read_row(const std::vector<std::string>& f, std::size_t line) {
  ++m_rows;
  if (m_layout == Layout::teams_list) return read_list_row(f, line);
  if (m_layout == Layout::zoom_details) {
    auto m = parse_meeting(f, line);
    if (!m_has_meeting) {
      m_meeting = std::move(m);
      m_has_meeting = true;
      m_meeting_fresh = true;
    } else if (m.id != m_meeting.id || m.start != m_meeting.start) {
      m_problems.add(line, fmt::format("a second meeting (ID '{}') in a file of meeting '{}' (line {}): export "
                                       "one meeting per file",
                                       m.id, m_meeting.id, m_meeting.line));
      m_state = State::failed;
      return Event::stop;
    }
  }
  // The row is written into m_row in place: its strings keep their buffers from row to row.
  auto& r = m_row;
  r.line = line;
  r.name.clear();
  r.original.clear();
  r.email.clear();
  r.join.reset();
  r.leave.reset();
  r.minutes.reset();
  r.hub = m_section_hub;
  r.ignored = false;
  r.session.clear();
  r.registrant = false;
  if (m_cols.role >= 0) {
    const auto role = util::ascii_lower(field(f, m_cols.role));
    if (role == "organizer" || role == "co-organizer" || role == "organiser" || role == "co-organiser") r.hub = true;
  }
  const auto raw_name = field(f, m_cols.name);
  if (m_layout == Layout::generic_csv) {
    r.name.assign(raw_name);
  } else {
    auto [display, original] = split_display_name(raw_name);
    r.name = std::move(display);
    r.original = std::move(original);
  }
  if (r.name.empty() && (m_cols.first >= 0 || m_cols.last >= 0))
    r.name = util::trim(fmt::format("{} {}", field(f, m_cols.first), field(f, m_cols.last)));
  r.email.assign(field(f, m_cols.email)); // util::normalize_email: trimmed already, lowercased in place
  util::ascii_lower_in_place(r.email);
  r.session.assign(field(f, m_cols.session));
  if (m_cols.waiting >= 0 && yes(field(f, m_cols.waiting))) r.ignored = true;
  if (m_cols.attended >= 0 && util::ascii_lower(field(f, m_cols.attended)) == "no") r.ignored = true;
  r.registrant = m_layout == Layout::zoom_webinar && !r.hub && m_cols.attended >= 0 && m_cols.registered >= 0;

  // Waiting-room and not-attended rows are counted, never recorded: their times do not matter.
  if (r.ignored) return Event::row;
  const auto before = m_problems.count();
  if (m_layout == Layout::generic_csv && r.session.empty()) m_problems.add(line, "no session");
  if (r.name.empty() && r.email.empty()) m_problems.add(line, "no name and no email");
  if (!r.email.empty() && !util::looks_like_email(r.email))
    m_problems.add(line, fmt::format("'{}' is not an email address", r.email));
  // text_problem finds invalid UTF-8 too: the name is decoded twice only when it has a problem.
  auto name_problem = util::text_problem(raw_name);
  if (name_problem && !util::is_valid_utf8(raw_name)) {
    m_problems.add(line, "the name is not UTF-8 text (save the file as UTF-8)");
  } else {
    if (name_problem) m_problems.add(line, fmt::format("the name {}", *name_problem));
    for (const auto& [what, value] :
         {std::pair<const char*, std::string_view>{"the email", r.email}, {"the session", r.session}})
      if (auto problem = util::text_problem(value)) m_problems.add(line, fmt::format("{} {}", what, *problem));
  }
  if (m_cols.join >= 0 && m_cols.leave >= 0) {
    const auto join_text = field(f, m_cols.join);
    const auto leave_text = field(f, m_cols.leave);
    if (m_anchor.line == 0 && !join_text.empty()) m_anchor = {line, std::string(join_text)};
    r.join = time(join_text, line);
    r.leave = time(leave_text, line);
    if (!r.join)
      m_problems.add(line, fmt::format("bad join time '{}' (expected e.g. 09/24/2020 11:35:16 AM, "
                                       "Mar 28, 2020 08:07:27 or 2020-09-24 11:35:16{})",
                                       join_text, order_note()));
    if (!r.leave)
      m_problems.add(line, fmt::format("bad leave time '{}' (expected e.g. 09/24/2020 11:35:16 AM, "
                                       "Mar 28, 2020 08:07:27 or 2020-09-24 11:35:16{})",
                                       leave_text, order_note()));
    if (r.join && r.leave && *r.leave < *r.join)
      m_problems.add(line, fmt::format("leave time '{}' is before join time '{}'", leave_text, join_text));
  } else if (m_layout == Layout::meet) {
    const auto text = field(f, m_cols.minutes);
    r.minutes = parse_duration_minutes(text);
    if (!r.minutes) m_problems.add(line, fmt::format("bad duration '{}' (expected e.g. 1 hr 25 min, 45 min)", text));
    const auto joined = field(f, m_cols.joined);
    if (!joined.empty()) {
      if (m_anchor.line == 0) m_anchor = {line, std::string(joined)};
      r.join = time(joined, line); // finds the session; the duration is what counts
    }
  } else {
    const auto text = field(f, m_cols.minutes);
    r.minutes = parse_minutes(text);
    if (!r.minutes) m_problems.add(line, fmt::format("bad minutes '{}' (expected a number of minutes)", text));
  }
  return m_problems.count() == before ? Event::row : Event::none;
}

void ExportReader::finish() {
  if (!m_seen_record) {
    m_problems.add(0, "the file is empty");
    return;
  }
  if (m_state == State::failed) return;
  if (m_state == State::meeting_values) {
    m_problems.add(m_meeting.line, "the meeting header has no values row");
    return;
  }
  if (m_state == State::start || m_state == State::expect_header) {
    m_problems.add(m_has_meeting ? m_meeting.line : 0, "no participant header and no participant rows");
    return;
  }
  if (m_layout == Layout::teams && m_rows == 0 && m_teams_summary_rows) {
    m_problems.add(m_header_line, "a Teams report without its 3. In-Meeting Activities section: download the full "
                                  "attendance report");
    return;
  }
  if (m_rows == 0) m_problems.add(m_header_line, "header only: the file has no attendance rows");
}

} // namespace echo::attendance
