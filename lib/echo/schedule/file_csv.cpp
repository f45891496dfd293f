#include "echo/schedule/file_common.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace echo::schedule {

namespace {

struct Record {
  std::size_t line = 0; // line where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 records with the line each starts on; quoted fields may span lines. A BOM and CRLF
// are accepted. Problems: an unterminated quote.
std::vector<Record> read_records(std::string_view text, util::Problems& problems) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Record> out;
  std::size_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    Record rec;
    rec.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        const std::size_t start_line = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (!closed) {
          problems.add(start_line, "unterminated quoted field");
          return out;
        }
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && util::trim(rec.fields[0]).empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

std::optional<int> parse_int(const std::string& text) {
  int v = 0;
  const auto t = util::trim(text);
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

} // namespace

ScheduleFile parse_csv(std::string_view text, const std::string& file, util::Problems* sink) {
  util::Problems problems(file);
  ScheduleFile out;
  out.format = "csv";
  const auto records = read_records(text, problems);
  problems.throw_if_any();
  if (records.empty()) {
    problems.add(1, "empty file: expected a header series,key,date,time,duration,topic,presenters");
    problems.throw_if_any();
  }
  std::map<std::string, std::size_t> col;
  const auto& header = records.front();
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const auto name = util::ascii_lower(util::trim(header.fields[c]));
    if (name.empty()) continue;
    if (std::find(detail::session_keys().begin(), detail::session_keys().end(), name) == detail::session_keys().end())
      problems.add(header.line, "header: " + detail::unknown_key(name, detail::session_keys()));
    else if (!col.emplace(name, c).second)
      problems.add(header.line, fmt::format("header: column '{}' appears twice", name));
  }
  if (!col.count("date")) problems.add(header.line, "header: no 'date' column");
  problems.throw_if_any();

  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    auto get = [&](const char* name) -> std::optional<std::string> {
      const auto it = col.find(name);
      if (it == col.end()) return std::nullopt;
      if (it->second >= rec.fields.size()) return std::string();
      return util::trim(rec.fields[it->second]);
    };
    Entry e;
    e.where = fmt::format("{}:{}", file, rec.line);
    bool ok = true;
    if (rec.fields.size() > header.fields.size()) {
      bool extra = false;
      for (std::size_t c = header.fields.size(); c < rec.fields.size(); ++c)
        extra = extra || !util::trim(rec.fields[c]).empty();
      if (extra) {
        problems.add_at(e.where, fmt::format("{} fields, the header has {}", rec.fields.size(), header.fields.size()));
        ok = false;
      }
    }
    e.series = get("series").value_or("");
    e.key = get("key").value_or("");
    e.date = get("date");
    if (auto t = get("time"); t && !t->empty()) e.time = *t;
    if (auto d = get("duration"); d && !d->empty()) {
      if (auto v = parse_int(*d))
        e.duration = *v;
      else {
        problems.add_at(e.where, fmt::format("invalid duration '{}' (minutes as a whole number)", *d));
        ok = false;
      }
    }
    e.topic = get("topic").value_or("");
    if (auto p = get("presenters")) {
      std::vector<std::string> list;
      for (const auto& part : util::split(*p, ';'))
        if (auto t = util::trim(part); !t.empty()) list.push_back(util::normalize_email(t));
      e.presenters = list;
    }
    if (auto f = get("facilitator")) e.facilitator = util::normalize_email(*f);
    if (auto s = get("status")) {
      const auto w = detail::status_word(*s);
      if (w.empty()) {
        problems.add_at(e.where, fmt::format("invalid status '{}' (scheduled or cancelled)", *s));
        ok = false;
      }
      e.cancelled = w == "yes";
    }
    if (detail::check_entry(e, problems) && ok) out.sessions.push_back(std::move(e));
  }
  detail::check_duplicate_keys(out.sessions, problems);
  detail::hand_over(problems, sink);
  return out;
}

} // namespace echo::schedule
