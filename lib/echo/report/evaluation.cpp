#include "echo/report/evaluation.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace echo::report {

namespace {

std::size_t scale_points(const std::string& scale) {
  if (scale == "likert5") return 5;
  if (scale == "yesno") return 2;
  if (scale == "0-10") return 11;
  return 0;
}

int scale_low(const std::string& scale) { return scale == "likert5" ? 1 : 0; }

std::vector<std::string> parse_labels(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// The text of a scale point: its label, else its score.
std::string point_name(const EvaluationItem& item, std::size_t i) {
  if (i < item.labels.size()) return item.labels[i];
  if (item.scale == "yesno") return i == 0 ? "No" : "Yes";
  return std::to_string(static_cast<int>(i) + scale_low(item.scale));
}

nlohmann::ordered_json rate_json(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

} // namespace

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

EvaluationFigures evaluation_figures(const std::vector<EvaluationAnswer>& answers, std::int64_t attendees,
                                     std::int64_t responses) {
  EvaluationFigures f;
  f.attendees = attendees;
  f.responses = responses;
  if (attendees > 0) f.response_rate = round_to(static_cast<double>(responses) / static_cast<double>(attendees), 4);

  // (item, phase) in first-seen order, with the scores.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, EvaluationItem> items;
  std::map<std::pair<std::string, std::string>, std::vector<double>> scores;
  std::set<std::string> mixed;
  // item -> pair key -> (pre scores, post scores)
  std::map<std::string, std::map<std::string, std::pair<std::vector<double>, std::vector<double>>>> pairs;
  std::vector<std::string> item_order;
  // (profession, item, phase) -> scores
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> professions;
  bool any_profession = false;
  for (const auto& a : answers) {
    const auto key = std::make_pair(a.item, a.phase);
    auto it = items.find(key);
    if (it == items.end()) {
      EvaluationItem item;
      item.item = a.item;
      item.level = a.level;
      item.phase = a.phase;
      item.scale = a.scale;
      item.labels = parse_labels(a.labels_json);
      item.distribution.assign(scale_points(a.scale), 0);
      it = items.emplace(key, std::move(item)).first;
      order.push_back(key);
      if (std::find(item_order.begin(), item_order.end(), a.item) == item_order.end()) item_order.push_back(a.item);
    }
    auto& item = it->second;
    if (item.scale != a.scale) {
      mixed.insert(a.item);
      continue;
    }
    scores[key].push_back(a.score);
    const auto point = static_cast<long>(std::lround(a.score)) - scale_low(a.scale);
    if (point >= 0 && static_cast<std::size_t>(point) < item.distribution.size())
      ++item.distribution[static_cast<std::size_t>(point)];
    const auto who = a.pair_scope + ":" +
                     (a.participant_id ? "p" + std::to_string(*a.participant_id) : "r" + std::to_string(a.response));
    auto& pair = pairs[a.item][who];
    (a.phase == "pre" ? pair.first : pair.second).push_back(a.score);
    if (a.profession && !util::trim(*a.profession).empty()) any_profession = true;
    professions[{a.profession ? util::trim(*a.profession) : std::string(k_unknown), a.item, a.phase}].push_back(
        a.score);
  }
  for (const auto& item : mixed)
    f.warnings.push_back(fmt::format("item '{}' has different scales in different imports: only the answers on its "
                                     "first import's scale are counted",
                                     item));
  for (const auto& key : order) {
    auto item = items.at(key);
    const auto& v = scores[key];
    item.n = static_cast<std::int64_t>(v.size());
    item.mean = round_to(mean_of(v), 2);
    item.median = median_of(v);
    f.items.push_back(std::move(item));
  }
  for (const auto& id : item_order) {
    if (!items.count({id, "pre"}) || !items.count({id, "post"})) continue;
    EvaluationChange c;
    c.item = id;
    std::vector<double> pre, post;
    for (const auto& [who, pp] : pairs[id]) {
      if (pp.first.empty() || pp.second.empty()) continue;
      pre.push_back(mean_of(pp.first));
      post.push_back(mean_of(pp.second));
    }
    c.n = static_cast<std::int64_t>(pre.size());
    if (c.n == 0) {
      pre = scores[{id, "pre"}];
      post = scores[{id, "post"}];
    }
    c.pre_mean = round_to(mean_of(pre), 2);
    c.post_mean = round_to(mean_of(post), 2);
    f.changes.push_back(c);
  }
  if (any_profession) {
    std::vector<std::string> names;
    for (const auto& [key, v] : professions)
      if (std::find(names.begin(), names.end(), std::get<0>(key)) == names.end()) names.push_back(std::get<0>(key));
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      if ((a == k_unknown) != (b == k_unknown)) return b == k_unknown;
      return a < b;
    });
    for (const auto& key : order)
      for (const auto& name : names) {
        auto it = professions.find({name, key.first, key.second});
        if (it == professions.end()) continue;
        f.by_profession.push_back({name, key.first, key.second, static_cast<std::int64_t>(it->second.size()),
                                   round_to(mean_of(it->second), 2)});
      }
  }
  return f;
}

nlohmann::ordered_json evaluation_json(const EvaluationFigures& f) {
  nlohmann::ordered_json j;
  j["attendees"] = f.attendees;
  j["responses"] = f.responses;
  j["response_rate"] = rate_json(f.response_rate);
  j["items"] = nlohmann::ordered_json::array();
  for (const auto& i : f.items)
    j["items"].push_back({{"item", i.item},
                          {"level", i.level},
                          {"phase", i.phase},
                          {"n", i.n},
                          {"mean", i.mean},
                          {"median", i.median},
                          {"distribution", i.distribution}});
  j["changes"] = nlohmann::ordered_json::array();
  for (const auto& c : f.changes)
    j["changes"].push_back({{"item", c.item}, {"n", c.n}, {"pre_mean", c.pre_mean}, {"post_mean", c.post_mean}});
  j["by_profession"] = nlohmann::ordered_json::array();
  for (const auto& p : f.by_profession)
    j["by_profession"].push_back(
        {{"profession", p.profession}, {"item", p.item}, {"phase", p.phase}, {"n", p.n}, {"mean", p.mean}});
  return j;
}

Grid evaluation_summary_grid(const EvaluationFigures& f) {
  Grid g;
  g.columns = {"field", "value"};
  g.add({std::string("attendees"), f.attendees});
  g.add({std::string("responses"), f.responses});
  g.add({std::string("response_rate"), f.response_rate ? Value(*f.response_rate) : Value(std::monostate{})});
  return g;
}

Grid evaluation_items_grid(const EvaluationFigures& f) {
  Grid g;
  g.columns = {"item", "level", "phase", "n", "mean", "median", "distribution"};
  for (const auto& i : f.items) {
    std::vector<std::string> dist;
    for (std::size_t k = 0; k < i.distribution.size(); ++k)
      dist.push_back(fmt::format("{}={}", point_name(i, k), i.distribution[k]));
    g.add({i.item, i.level, i.phase, i.n, i.mean, i.median, dist});
  }
  return g;
}

Grid evaluation_changes_grid(const EvaluationFigures& f) {
  Grid g;
  g.columns = {"item", "n", "pre_mean", "post_mean"};
  for (const auto& c : f.changes) g.add({c.item, c.n, c.pre_mean, c.post_mean});
  return g;
}

Grid evaluation_profession_grid(const EvaluationFigures& f) {
  Grid g;
  g.columns = {"profession", "item", "phase", "n", "mean"};
  for (const auto& p : f.by_profession) g.add({p.profession, p.item, p.phase, p.n, p.mean});
  return g;
}

namespace html {

std::string diverging_chart(const std::string& title, const std::vector<EvaluationItem>& items) {
  std::vector<const EvaluationItem*> likert;
  for (const auto& i : items)
    if (i.scale == "likert5" && i.n > 0) likert.push_back(&i);
  if (likert.empty()) return "";
  // Shares of answers: points 1-2 left of the centre, 4-5 right, 3 split across it.
  constexpr int width = 760, label_w = 200, half = 240, row_h = 26, top = 8, legend_h = 30;
  static const char* const colours[] = {"#c0392b", "#e8a39b", "#d0d0d0", "#9dbbe0", "#2f6db5"};
  const int centre = label_w + half + 10;
  const int height = top * 2 + row_h * static_cast<int>(likert.size()) + legend_h;
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "role=\"img\" aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n",
                  util::html_escape(title), width, height);
  for (std::size_t r = 0; r < likert.size(); ++r) {
    const auto& item = *likert[r];
    const int y = top + row_h * static_cast<int>(r);
    const double n = static_cast<double>(item.n);
    std::vector<double> share(5, 0);
    for (std::size_t k = 0; k < 5 && k < item.distribution.size(); ++k)
      share[k] = static_cast<double>(item.distribution[k]) / n;
    std::string tip =
        fmt::format("{} ({}): n {}, mean {}, median {}", item.item, item.phase, item.n, item.mean, item.median);
    for (std::size_t k = 0; k < 5; ++k)
      tip += fmt::format("; {} {}", point_name(item, k), item.distribution.size() > k ? item.distribution[k] : 0);
    svg += fmt::format("<g class=\"item\"><title>{}</title>", util::html_escape(tip));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 17,
                       util::html_escape(item.item + (item.phase == "pre" ? " (pre)" : "")));
    // Left: neutral half, then 2, then 1, going outwards.
    double x = centre - share[2] / 2 * half;
    const double left_parts[] = {share[1], share[0]};
    svg += fmt::format("<rect class=\"p3\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"></rect>", x,
                       y + 4, share[2] * half, row_h - 8, colours[2]);
    for (int k = 0; k < 2; ++k) {
      const double w = left_parts[k] * half;
      x -= w;
      svg += fmt::format("<rect class=\"p{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
                         "fill=\"{}\"></rect>",
                         2 - k, x, y + 4, w, row_h - 8, colours[1 - k]);
    }
    x = centre + share[2] / 2 * half;
    for (int k = 3; k < 5; ++k) {
      const double w = share[static_cast<std::size_t>(k)] * half;
      svg += fmt::format("<rect class=\"p{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
                         "fill=\"{}\"></rect>",
                         k + 1, x, y + 4, w, row_h - 8, colours[k]);
      x += w;
    }
    svg += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\">{} agree</text></g>\n", centre + half + 14, y + 17,
                       static_cast<int>(std::lround((share[3] + share[4]) * 100)) == 0
                           ? std::string("0 %")
                           : fmt::format("{} %", static_cast<int>(std::lround((share[3] + share[4]) * 100))));
  }
  const int base = top + row_h * static_cast<int>(likert.size());
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"></line>\n", centre, top, base);
  // Legend: the first item's labels (or 1..5).
  const auto& first = *likert.front();
  int lx = label_w;
  for (std::size_t k = 0; k < 5; ++k) {
    const auto name = point_name(first, k);
    svg += fmt::format("<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"{}\"></rect>"
                       "<text x=\"{}\" y=\"{}\">{}</text></g>\n",
                       lx, base + 12, colours[k], lx + 16, base + 21, util::html_escape(name));
    lx += 16 + static_cast<int>(name.size()) * 7 + 14;
  }
  return svg + "</svg>\n</figure>\n";
}

std::string evaluation_page(const Meta& meta, const EvaluationFigures& f) {
  std::string body = "<dl class=\"figures\">\n";
  body += fmt::format(
      "<dt>Attendees</dt><dd>{}</dd>\n<dt>Responses</dt><dd>{}</dd>\n<dt>Response rate</dt><dd>{}</dd>\n", f.attendees,
      f.responses, f.response_rate ? fmt::format("{} %", round_to(*f.response_rate * 100, 1)) : std::string("-"));
  body += "</dl>\n";
  for (const auto& w : f.warnings)
    body += "<p class=\"warning\"><strong>Warning:</strong> " + util::html_escape(w) + "</p>\n";
  body += diverging_chart("Likert items: share of answers, disagreement left, agreement right", f.items);
  body += "<h2>Items</h2>\n";
  body += f.items.empty() ? std::string("<p class=\"empty\">No answers.</p>\n") : table(evaluation_items_grid(f));
  if (!f.changes.empty()) body += "<h2>Pre/post change</h2>\n" + table(evaluation_changes_grid(f));
  if (!f.by_profession.empty()) body += "<h2>By profession</h2>\n" + table(evaluation_profession_grid(f));
  body += "<section class=\"definitions\">\n<h2>Evaluation figures</h2>\n<dl>\n"
          "<dt>Response rate</dt><dd>Responses with at least one post answer, divided by the participants who "
          "attended the evaluated sessions (a series-wide survey: the series' unique participants).</dd>\n"
          "<dt>Mean, median</dt><dd>Of the scores: Likert 1 to 5, yes/no 0 or 1, 0 to 10. Free-text answers are "
          "not shown in this report.</dd>\n"
          "<dt>Pre/post change</dt><dd>Means over the respondents who answered both (the same participant, or the "
          "same response); n 0: nobody did, the means are of all pre and all post answers.</dd>\n</dl>\n</section>\n";
  return page(meta, body);
}

} // namespace html

} // namespace echo::report
