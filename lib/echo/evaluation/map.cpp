#include "echo/evaluation/map.hpp"

#include "echo/error.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/toml_parse.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace echo::evaluation {

namespace {

std::string at(const std::string& file, const toml::source_region& src) {
  if (src.begin.line == 0) return file;
  return fmt::format("{}:{}:{}", file, src.begin.line, src.begin.column);
}

std::string unknown_key(const std::string& key, const std::vector<std::string>& known) {
  std::string hint;
  if (auto m = util::closest_match(key, known)) hint = fmt::format(" (did you mean '{}'?)", *m);
  return fmt::format("unknown key '{}'{}", key, hint);
}

std::string quoted_list(const std::vector<std::string>& words) {
  std::vector<std::string> q;
  q.reserve(words.size());
  for (const auto& w : words) q.push_back(fmt::format("\"{}\"", w));
  return util::join(q, ", ");
}

std::string label_key(std::string_view text) { return util::ascii_lower(util::trim(text)); }

// A non-empty text value, or a problem at the value.
std::optional<std::string> text_value(const toml::node& node, const std::string& key, const std::string& file,
                                      util::Problems& problems) {
  if (auto v = node.value<std::string>()) {
    if (!util::trim(*v).empty()) return util::trim(*v);
    problems.add_at(at(file, node.source()), fmt::format("{} must not be empty", key));
    return std::nullopt;
  }
  problems.add_at(at(file, node.source()), fmt::format("{}: expected a text in quotes", key));
  return std::nullopt;
}

const std::vector<std::string> k_top_keys{"email", "profession", "item"};
const std::vector<std::string> k_item_keys{"column", "id", "level", "scale", "labels", "phase"};

Item read_item(const toml::table& t, const std::string& file, util::Problems& problems, bool& ok) {
  Item item;
  item.where = at(file, t.source());
  std::optional<std::string> column, id, level, scale, phase;
  bool has_labels = false;
  std::string labels_where;
  for (const auto& [k, node] : util::in_file_order(t)) {
    const std::string key(k->str());
    const auto where = at(file, node->source());
    if (key == "column") {
      column = text_value(*node, key, file, problems);
      item.column_where = where;
    } else if (key == "id") {
      id = text_value(*node, key, file, problems);
    } else if (key == "level") {
      level = text_value(*node, key, file, problems);
      if (level && std::find(levels().begin(), levels().end(), *level) == levels().end()) {
        problems.add_at(where, fmt::format("level '{}' is not one of {}", *level, util::join(levels(), ", ")));
        level.reset();
        ok = false;
      }
    } else if (key == "scale") {
      scale = text_value(*node, key, file, problems);
      if (scale && !parse_scale(*scale)) {
        problems.add_at(where, fmt::format("scale '{}' is not one of likert5, yesno, 0-10, text", *scale));
        scale.reset();
        ok = false;
      }
    } else if (key == "phase") {
      phase = text_value(*node, key, file, problems);
      if (phase && *phase != "pre" && *phase != "post") {
        problems.add_at(where, fmt::format("phase '{}' is not pre or post", *phase));
        phase.reset();
        ok = false;
      }
    } else if (key == "labels") {
      has_labels = true;
      labels_where = where;
      const auto* arr = node->as_array();
      bool good = arr != nullptr;
      if (arr)
        for (const auto& v : *arr) {
          auto s = v.value<std::string>();
          if (!s || util::trim(*s).empty()) {
            good = false;
            break;
          }
          item.labels.push_back(util::trim(*s));
        }
      if (!good) {
        problems.add_at(where, "labels: expected an array of non-empty texts, e.g. [\"No\", \"Yes\"]");
        item.labels.clear();
        ok = false;
      }
    } else {
      problems.add_at(at(file, k->source()), "[[item]] " + unknown_key(key, k_item_keys));
      ok = false;
    }
  }
  auto missing = [&](const char* key) {
    problems.add_at(item.where, fmt::format("[[item]] has no {}", key));
    ok = false;
  };
  if (column)
    item.column = *column;
  else if (item.column_where.empty())
    missing("column");
  else
    ok = false;
  if (id)
    item.id = *id;
  else
    missing("id");
  if (phase) item.phase = *phase;
  if (scale) {
    item.scale = *parse_scale(*scale);
  } else {
    if (!t.contains("scale")) missing("scale (likert5, yesno, 0-10 or text)");
    return item;
  }
  if (level)
    item.level = *level;
  else if (item.scale != Scale::text && !t.contains("level"))
    missing("level (satisfaction, learning, competence, performance, intent_to_change, self_efficacy)");
  if (has_labels && !item.labels.empty()) {
    const auto want = points(item.scale);
    if (item.scale == Scale::text) {
      problems.add_at(labels_where, "labels: a free-text item (scale = \"text\") takes no labels");
      ok = false;
    } else if (item.labels.size() != want) {
      problems.add_at(labels_where, fmt::format("labels: scale {} takes {} labels in scale order, not {}",
                                                scale_name(item.scale), want, item.labels.size()));
      ok = false;
    } else {
      std::set<std::string> seen;
      for (const auto& l : item.labels)
        if (!seen.insert(label_key(l)).second) {
          problems.add_at(labels_where, fmt::format("labels: \"{}\" is given twice", l));
          ok = false;
        }
    }
  }
  return item;
}

} // namespace

std::string_view scale_name(Scale scale) {
  switch (scale) {
  case Scale::likert5: return "likert5";
  case Scale::yesno: return "yesno";
  case Scale::zero_ten: return "0-10";
  case Scale::text: return "text";
  }
  return "likert5";
}

std::optional<Scale> parse_scale(std::string_view text) {
  if (text == "likert5") return Scale::likert5;
  if (text == "yesno") return Scale::yesno;
  if (text == "0-10") return Scale::zero_ten;
  if (text == "text") return Scale::text;
  return std::nullopt;
}

const std::vector<std::string>& levels() {
  static const std::vector<std::string> all{"satisfaction", "learning",         "competence",
                                            "performance",  "intent_to_change", "self_efficacy"};
  return all;
}

std::size_t points(Scale scale) {
  switch (scale) {
  case Scale::likert5: return 5;
  case Scale::yesno: return 2;
  case Scale::zero_ten: return 11;
  case Scale::text: return 0;
  }
  return 0;
}

int lowest_score(Scale scale) { return scale == Scale::likert5 ? 1 : 0; }

Map parse_map(std::string_view text, const std::string& file) {
  toml::table tbl;
  try {
    tbl = util::parse_toml(text, file);
  } catch (const toml::parse_error& e) {
    util::Problems problems(file);
    problems.add(e.source().begin.line, std::string(e.description()), e.source().begin.column);
    problems.throw_if_any();
  }
  util::Problems problems(file);
  Map map;
  map.file = file;
  bool ok = true;
  for (const auto& [k, node] : util::in_file_order(tbl)) {
    const std::string key(k->str());
    if (key == "email" || key == "profession") {
      auto v = text_value(*node, key, file, problems);
      if (key == "email") {
        map.email = v;
        map.email_where = at(file, node->source());
      } else {
        map.profession = v;
        map.profession_where = at(file, node->source());
      }
    } else if (key == "item") {
      const auto* arr = node->as_array();
      if (!arr || !arr->is_array_of_tables()) {
        problems.add_at(at(file, node->source()), "item must be an array of tables: [[item]]");
        continue;
      }
      for (const auto& entry : *arr) map.items.push_back(read_item(*entry.as_table(), file, problems, ok));
    } else {
      problems.add_at(at(file, k->source()), unknown_key(key, k_top_keys));
    }
  }
  if (map.items.empty() && problems.empty()) problems.add(0, "no [[item]] tables: the map names no item");
  std::set<std::pair<std::string, std::string>> ids;
  std::set<std::string> columns;
  for (const auto& item : map.items) {
    if (!item.id.empty() && !ids.insert({item.id, item.phase}).second)
      problems.add_at(item.where, fmt::format("item '{}' ({}) is declared twice", item.id, item.phase));
    if (!item.column.empty() && !columns.insert(item.column).second)
      problems.add_at(item.column_where, fmt::format("column \"{}\" is mapped twice", item.column));
  }
  if (map.email && map.profession && *map.email == *map.profession)
    problems.add_at(map.profession_where, fmt::format("column \"{}\" is both email and profession", *map.email));
  for (const auto& item : map.items) {
    if (map.email && item.column == *map.email)
      problems.add_at(item.column_where, fmt::format("column \"{}\" is the email column", item.column));
    if (map.profession && item.column == *map.profession)
      problems.add_at(item.column_where, fmt::format("column \"{}\" is the profession column", item.column));
  }
  (void)ok;
  problems.throw_if_any();
  return map;
}

Map read_map(const std::filesystem::path& path) { return parse_map(util::read_file(path), path.string()); }

Score score(const Item& item, std::string_view answer) {
  const auto text = util::trim(answer);
  if (text.empty()) return {AnswerKind::blank, 0};
  if (item.scale == Scale::text) return {AnswerKind::text, 0};
  const auto low = lowest_score(item.scale);
  const auto key = label_key(text);
  for (std::size_t i = 0; i < item.labels.size(); ++i)
    if (label_key(item.labels[i]) == key)
      return {AnswerKind::scored, static_cast<double>(low) + static_cast<double>(i)};
  if (!item.labels.empty()) return {AnswerKind::invalid, 0};
  if (item.scale == Scale::yesno) {
    if (key == "no" || key == "0") return {AnswerKind::scored, 0};
    if (key == "yes" || key == "1") return {AnswerKind::scored, 1};
    return {AnswerKind::invalid, 0};
  }
  // Codes: whole numbers in the scale's range.
  if (text.size() > 2 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {AnswerKind::invalid, 0};
  const int n = std::stoi(text);
  const int high = low + static_cast<int>(points(item.scale)) - 1;
  if (n < low || n > high) return {AnswerKind::invalid, 0};
  return {AnswerKind::scored, static_cast<double>(n)};
}

std::string expected_answers(const Item& item) {
  if (!item.labels.empty()) return quoted_list(item.labels);
  switch (item.scale) {
  case Scale::likert5: return "1..5";
  case Scale::yesno: return "\"No\", \"Yes\" (or 0, 1)";
  case Scale::zero_ten: return "0..10";
  case Scale::text: return "any text";
  }
  return "";
}

} // namespace echo::evaluation
