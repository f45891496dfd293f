#include "echo/schedule/file_common.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

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

SeriesSpec read_series(const json& j, const std::string& where, util::Problems& problems) {
  SeriesSpec s;
  for (const auto& [key, v] : j.items()) {
    auto wrong = [&](const char* expected) {
      problems.add_at(where, fmt::format("series.{}: expected {}", key, expected));
    };
    auto text = [&](std::optional<std::string>& field) {
      if (v.is_string())
        field = v.get<std::string>();
      else
        wrong("text");
    };
    if (key == "code") {
      if (v.is_string())
        s.code = v.get<std::string>();
      else
        wrong("text");
    } else if (key == "title")
      text(s.title);
    else if (key == "description")
      text(s.description);
    else if (key == "timezone")
      text(s.timezone);
    else if (key == "start")
      text(s.rule.start_date);
    else if (key == "until")
      text(s.rule.until_date);
    else if (key == "repeat")
      text(s.rule.repeat);
    else if (key == "time") {
      std::optional<std::string> t;
      text(t);
      if (t) {
        if (auto tod = util::parse_time_of_day(*t))
          s.rule.start_time = util::format_hhmm(*tod);
        else
          problems.add_at(where, fmt::format("series.time: invalid time '{}'", *t));
      }
    } else if (key == "credit_hours") {
      if (v.is_number())
        s.credit_hours = v.get<double>();
      else
        wrong("a number");
    } else if (key == "duration") {
      if (auto i = int_of(v))
        s.duration = *i;
      else
        wrong("minutes as a whole number");
    } else if (key == "count") {
      if (auto i = int_of(v))
        s.rule.count = *i;
      else
        wrong("a whole number");
    } else if (key == "weekday") {
      std::optional<int> wd;
      if (v.is_string()) wd = domain::parse_weekday(v.get<std::string>());
      if (wd)
        s.rule.weekday = wd;
      else
        wrong("a weekday name (mon..sun)");
    } else if (key == "week_of_month") {
      std::optional<int> w;
      if (v.is_string())
        w = detail::parse_week_of_month(v.get<std::string>());
      else if (auto i = int_of(v); i && *i >= 1 && *i <= 5)
        w = i;
      if (w)
        s.rule.week_of_month = w;
      else
        wrong("1..5 or \"last\"");
    } else if (key == "skip") {
      s.has_skip = true;
      if (!v.is_array()) {
        wrong("an array of dates");
        continue;
      }
      for (const auto& d : v)
        if (d.is_string())
          s.rule.skip.push_back(d.get<std::string>());
        else
          wrong("an array of dates");
      std::sort(s.rule.skip.begin(), s.rule.skip.end());
    } else {
      problems.add_at(where, "series: " + detail::unknown_key(key, detail::series_keys()));
    }
  }
  return s;
}

} // namespace

ScheduleFile parse_json(std::string_view text, const std::string& file) {
  util::Problems problems(file);
  ScheduleFile out;
  out.format = "json";
  json doc;
  try {
    doc = json::parse(text);
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
      for (const auto& [key, v] : s.items()) {
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
  problems.throw_if_any();
  return out;
}

} // namespace echo::schedule
