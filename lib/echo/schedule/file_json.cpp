#include "echo/schedule/file_common.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace echo::schedule {

namespace {

using nlohmann::json;

std::optional<int> int_of(const json& v) {
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (i >= -1000000 && i <= 1000000) return static_cast<int>(i);
  }
  return std::nullopt;
}

class JsonValue final : public detail::FileValue {
public:
  JsonValue(const std::string& where, const json& value) : m_where(where), m_value(value) {}
  [[nodiscard]] std::string where() const override { return m_where; }
  [[nodiscard]] std::optional<std::string> text() const override {
    if (m_value.is_string()) return m_value.get<std::string>();
    return std::nullopt;
  }
  // JSON has no date or time values: they are text.
  [[nodiscard]] std::optional<std::string> date() const override { return text(); }
  [[nodiscard]] std::optional<std::string> time() const override { return text(); }
  [[nodiscard]] std::optional<double> number() const override {
    if (m_value.is_number()) return m_value.get<double>();
    return std::nullopt;
  }
  [[nodiscard]] std::optional<int> whole() const override { return int_of(m_value); }
  [[nodiscard]] std::optional<std::vector<std::unique_ptr<detail::FileValue>>> items() const override {
    if (!m_value.is_array()) return std::nullopt;
    std::vector<std::unique_ptr<detail::FileValue>> out;
    for (const auto& item : m_value) out.push_back(std::make_unique<JsonValue>(m_where, item));
    return out;
  }

private:
  const std::string& m_where;
  const json& m_value;
};

SeriesSpec read_series(const json& j, const std::string& where, util::Problems& problems) {
  SeriesSpec s;
  for (const auto& [key, v] : j.items())
    detail::read_series_key(s, key, JsonValue(where, v), {"series", "."}, problems);
  return s;
}

} // namespace

ScheduleFile parse_json(std::string_view text, const std::string& file, util::Problems* sink) {
  util::Problems problems(file);
  ScheduleFile out;
  out.format = "json";
  json doc;
  // Refused before parsing: nesting deeper than any schedule needs.
  if (const auto deep = util::json_too_deep(text)) {
    problems.add(deep->line, fmt::format("arrays or objects nested deeper than {}", util::k_max_nesting), deep->column);
    problems.throw_if_any();
  }
  try {
    doc = json::parse(text);
  } catch (const json::out_of_range& e) {
    // A number beyond double range (1e400): nlohmann names the number but not where it is.
    std::string what = e.what();
    std::size_t line = 0;
    const auto open = what.find('\'');
    const auto close = open == std::string::npos ? open : what.find('\'', open + 1);
    if (close != std::string::npos) {
      const auto number = what.substr(open + 1, close - open - 1);
      if (const auto at = text.find(number); !number.empty() && at != std::string_view::npos)
        line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
      what = fmt::format("number {} is out of range", number);
    }
    problems.add(line, what);
    problems.throw_if_any();
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line number.
    const auto upto = std::min<std::size_t>(e.byte, text.size());
    const auto line =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(upto), '\n'));
    std::string what = e.what();
    if (const auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    problems.add(line, what);
    problems.throw_if_any();
  }
  const json* sessions = nullptr;
  if (doc.is_array()) {
    sessions = &doc;
  } else if (doc.is_object()) {
    for (const auto& [key, v] : doc.items()) {
      if (key == "series") {
        if (v.is_object()) {
          out.series = read_series(v, file + ": series", problems);
          detail::check_series(*out.series, file + ": series", problems);
        } else {
          problems.add_at(file, "\"series\" must be an object");
        }
      } else if (key == "sessions") {
        if (v.is_array())
          sessions = &v;
        else
          problems.add_at(file, "\"sessions\" must be an array");
      } else {
        problems.add_at(file, detail::unknown_key(key, {"series", "sessions"}));
      }
    }
  } else {
    problems.add_at(file, "expected an object with \"series\" and \"sessions\", or an array of sessions");
  }
  if (sessions) {
    std::size_t index = 0;
    for (const auto& s : *sessions) {
      Entry e;
      e.where = fmt::format("{}: sessions[{}]", file, index++);
      if (!s.is_object()) {
        problems.add_at(e.where, "expected an object");
        continue;
      }
      if (auto k = s.find("key"); k != s.end() && k->is_string())
        e.where += fmt::format(" (key {})", k->get<std::string>());
      bool ok = true;
      for (const auto& item : s.items()) {
        // Plain references, not a structured binding: clang 14 cannot capture bindings.
        const std::string& key = item.key();
        const auto& v = item.value();
        auto wrong = [&](const char* expected) {
          problems.add_at(e.where, fmt::format("{}: expected {}", key, expected));
          ok = false;
        };
        if (key == "series") {
          if (v.is_string())
            e.series = v.get<std::string>();
          else
            wrong("a series code");
        } else if (key == "key") {
          if (v.is_string())
            e.key = util::trim(v.get<std::string>());
          else if (v.is_number_integer())
            e.key = std::to_string(v.get<std::int64_t>());
          else
            wrong("text");
        } else if (key == "date") {
          if (v.is_string())
            e.date = v.get<std::string>();
          else
            wrong("a date YYYY-MM-DD");
        } else if (key == "time") {
          if (v.is_string())
            e.time = v.get<std::string>();
          else if (!v.is_null())
            wrong("a time HH:MM");
        } else if (key == "duration") {
          if (auto i = int_of(v))
            e.duration = *i;
          else if (!v.is_null())
            wrong("minutes as a whole number");
        } else if (key == "topic") {
          if (v.is_string())
            e.topic = v.get<std::string>();
          else if (!v.is_null())
            wrong("text");
        } else if (key == "presenters") {
          std::vector<std::string> list;
          if (v.is_array()) {
            for (const auto& p : v)
              if (p.is_string())
                list.push_back(util::normalize_email(p.get<std::string>()));
              else
                wrong("emails");
            e.presenters = list;
          } else if (!v.is_null()) {
            wrong("an array of emails");
          }
        } else if (key == "domains") {
          std::vector<std::string> list;
          if (v.is_array()) {
            for (const auto& d : v)
              if (d.is_string())
                list.push_back(d.get<std::string>());
              else
                wrong("competency codes");
            e.domains = list;
          } else if (!v.is_null()) {
            wrong("an array of competency codes");
          }
        } else if (key == "facilitator") {
          if (v.is_string())
            e.facilitator = util::normalize_email(v.get<std::string>());
          else if (v.is_null())
            e.facilitator = std::string();
          else
            wrong("an email or null");
        } else if (key == "status") {
          const auto w = v.is_string() ? detail::status_word(v.get<std::string>()) : std::string();
          if (w.empty()) wrong("\"scheduled\" or \"cancelled\"");
          e.cancelled = w == "yes";
        } else if (key == "ref" || key == "id" || key == "start_utc") {
          // fields of `session list --json`, accepted and ignored so that its output imports
        } else {
          problems.add_at(e.where, detail::unknown_key(key, detail::session_keys()));
          ok = false;
        }
      }
      if (detail::check_entry(e, problems) && ok) out.sessions.push_back(std::move(e));
    }
  }
  detail::check_duplicate_keys(out.sessions, problems);
  detail::hand_over(problems, sink);
  return out;
}

} // namespace echo::schedule
