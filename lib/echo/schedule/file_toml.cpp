#include "echo/schedule/file_common.hpp"
#include "echo/schedule/schedule_file.hpp"

#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/toml_parse.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

namespace echo::schedule {

namespace {

// "file:line:column" (the text fmt's "{}:{}:{}" gives, without formatting it: each session
// of a 5,000-session file needs one).
std::string where_text(const std::string& file, const toml::source_region& src) {
  if (src.begin.line == 0) return file;
  auto out = file;
  out += ':';
  out += std::to_string(src.begin.line);
  out += ':';
  out += std::to_string(src.begin.column);
  return out;
}

// file:line:column of a node (CLI.md: problems name the file, line and column).
std::string at(const std::string& file, const toml::node& node) { return where_text(file, node.source()); }

// file:line:column of a key (unknown keys are pointed at where they are written).
std::string at_key(const std::string& file, const toml::key& key) { return where_text(file, key.source()); }

// `value` in decimal, zero-padded to `width` digits, appended (fmt's "{:0N}" of a value that
// is not negative).
void append_padded(std::string& out, unsigned value, std::size_t width) {
  const auto digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

// A date given as a TOML date or as "YYYY-MM-DD" text.
std::optional<std::string> date_text(const toml::node& n) {
  if (const auto* d = n.as_date()) {
    std::string out;
    out.reserve(10);
    append_padded(out, d->get().year, 4);
    out += '-';
    append_padded(out, d->get().month, 2);
    out += '-';
    append_padded(out, d->get().day, 2);
    return out;
  }
  if (const auto* s = n.as_string()) return s->get();
  return std::nullopt;
}

// A time given as a TOML local time or as "HH:MM" text.
std::optional<std::string> time_text(const toml::node& n) {
  if (const auto* t = n.as_time()) {
    std::string out;
    out.reserve(8);
    append_padded(out, t->get().hour, 2);
    out += ':';
    append_padded(out, t->get().minute, 2);
    out += ':';
    append_padded(out, t->get().second, 2);
    return out;
  }
  if (const auto* s = n.as_string()) return s->get();
  return std::nullopt;
}

std::optional<int> int_value(const toml::node& n) {
  if (auto v = n.value_exact<int64_t>()) {
    if (*v < -1000000 || *v > 1000000) return std::nullopt;
    return static_cast<int>(*v);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> string_list(const toml::node& n) {
  std::vector<std::string> out;
  if (auto s = n.value<std::string>()) {
    for (auto& part : util::split(*s, ';'))
      if (auto t = util::trim(part); !t.empty()) out.push_back(util::normalize_email(t));
    return out;
  }
  const auto* arr = n.as_array();
  if (!arr) return std::nullopt;
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) return std::nullopt;
    out.push_back(util::normalize_email(*s));
  }
  return out;
}

class TomlValue final : public detail::FileValue {
public:
  TomlValue(const std::string& file, const toml::node& node, const toml::key* key = nullptr)
      : m_file(file), m_node(node), m_key(key) {}
  [[nodiscard]] std::string where() const override { return at(m_file, m_node); }
  [[nodiscard]] std::string key_where() const override { return m_key ? at_key(m_file, *m_key) : where(); }
  [[nodiscard]] std::optional<std::string> text() const override {
    if (auto v = m_node.value<std::string>()) return *v;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::string> date() const override { return date_text(m_node); }
  [[nodiscard]] std::optional<std::string> time() const override { return time_text(m_node); }
  [[nodiscard]] std::optional<double> number() const override {
    if (auto v = m_node.value<double>()) return *v;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<int> whole() const override { return int_value(m_node); }
  [[nodiscard]] std::optional<std::vector<std::unique_ptr<detail::FileValue>>> items() const override {
    const auto* arr = m_node.as_array();
    if (!arr) return std::nullopt;
    std::vector<std::unique_ptr<detail::FileValue>> out;
    for (const auto& item : *arr) out.push_back(std::make_unique<TomlValue>(m_file, item));
    return out;
  }

private:
  const std::string& m_file;
  const toml::node& m_node;
  const toml::key* m_key;
};

SeriesSpec read_series(const toml::table& t, const std::string& file, util::Problems& problems) {
  SeriesSpec s;
  for (const auto& [k, node] : util::in_file_order(t))
    detail::read_series_key(s, std::string(k->str()), TomlValue(file, *node, k), {"[series]", " "}, problems);
  return s;
}

toml::table parse_or_throw(std::string_view text, const std::string& file) {
  try {
    return util::parse_toml(text, file);
  } catch (const toml::parse_error& e) {
    util::Problems problems(file);
    problems.add(e.source().begin.line, std::string(e.description()), e.source().begin.column);
    problems.throw_if_any();
  }
  return {};
}

} // namespace

SeriesSpec parse_series_toml(std::string_view text, const std::string& file) {
  const auto tbl = parse_or_throw(text, file);
  util::Problems problems(file);
  SeriesSpec s;
  if (const auto* t = tbl["series"].as_table()) {
    s = read_series(*t, file, problems);
    detail::check_series(s, at(file, *t), problems);
  } else {
    problems.add(0, "no [series] table");
  }
  for (const auto& [k, node] : tbl)
    if (k.str() != "series" && k.str() != "session")
      problems.add_at(at(file, node), detail::unknown_key(std::string(k.str()), {"series", "session"}));
  problems.throw_if_any();
  return s;
}

ScheduleFile parse_toml(std::string_view text, const std::string& file, util::Problems* sink) {
  const auto tbl = parse_or_throw(text, file);
  util::Problems problems(file);
  ScheduleFile out;
  out.format = "toml";
  for (const auto& [k, node] : tbl) {
    const std::string key(k.str());
    if (key == "series") {
      if (const auto* t = node.as_table()) {
        out.series = read_series(*t, file, problems);
        detail::check_series(*out.series, at(file, node), problems);
      } else {
        problems.add_at(at(file, node), "series must be a table: [series]");
      }
    } else if (key == "session") {
      const auto* arr = node.as_array();
      if (!arr) {
        problems.add_at(at(file, node), "session must be an array of tables: [[session]]");
        continue;
      }
      for (const auto& item : *arr) {
        const auto* st = item.as_table();
        if (!st) {
          problems.add_at(at(file, item), "each session must be a table");
          continue;
        }
        Entry e;
        bool ok = true;
        for (const auto& [key_at, node_at] : util::in_file_order(*st)) {
          const auto& sk = *key_at;
          const auto& sn = *node_at;
          const std::string skey(sk.str());
          // The place of a value is written out only for a problem with it.
          auto wrong = [&](const char* expected) {
            problems.add_at(at(file, sn), fmt::format("{}: expected {}", skey, expected));
            ok = false;
          };
          if (skey == "series") {
            if (auto v = sn.value<std::string>())
              e.series = *v;
            else
              wrong("a series code");
          } else if (skey == "key") {
            if (auto v = sn.value<std::string>())
              e.key = util::trim(*v);
            else if (auto i = sn.value_exact<int64_t>())
              e.key = std::to_string(*i);
            else
              wrong("text");
          } else if (skey == "date") {
            if (auto v = date_text(sn))
              e.date = *v;
            else
              wrong("a date");
          } else if (skey == "time") {
            if (auto v = time_text(sn))
              e.time = *v;
            else
              wrong("a time");
          } else if (skey == "duration") {
            if (auto v = int_value(sn))
              e.duration = *v;
            else
              wrong("minutes as a whole number");
          } else if (skey == "topic") {
            if (auto v = sn.value<std::string>())
              e.topic = *v;
            else
              wrong("text");
          } else if (skey == "presenters") {
            if (auto v = string_list(sn))
              e.presenters = *v;
            else
              wrong("an array of emails");
          } else if (skey == "domains") {
            // As written (string_list lowercases emails): messages name the code as the file does.
            std::vector<std::string> codes;
            bool good = sn.as_array() != nullptr;
            if (good)
              for (const auto& code_node : *sn.as_array()) {
                if (auto c = code_node.value<std::string>())
                  codes.push_back(*c);
                else
                  good = false;
              }
            if (good)
              e.domains = codes;
            else
              wrong("an array of competency codes");
          } else if (skey == "facilitator") {
            if (auto v = sn.value<std::string>())
              e.facilitator = util::normalize_email(*v);
            else
              wrong("an email");
          } else if (skey == "status") {
            const auto v = sn.value<std::string>();
            const auto w = v ? detail::status_word(*v) : std::string();
            if (w.empty()) wrong("\"scheduled\" or \"cancelled\"");
            e.cancelled = w == "yes";
          } else {
            problems.add_at(at_key(file, sk), detail::unknown_key(skey, detail::session_keys()));
            ok = false;
          }
        }
        // Value problems point at the session's date line, the line a reader looks for (else
        // at the session's table).
        const auto* date_node = st->get("date");
        e.where = at(file, date_node ? *date_node : item);
        if (detail::check_entry(e, problems) && ok) out.sessions.push_back(std::move(e));
      }
    } else {
      problems.add_at(at(file, node), detail::unknown_key(key, {"series", "session"}));
    }
  }
  detail::check_duplicate_keys(out.sessions, problems);
  detail::hand_over(problems, sink);
  return out;
}

} // namespace echo::schedule
