#include "echo/registration/report.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace echo::registration {

namespace {

report::Value opt(const std::optional<std::int64_t>& v) {
  return v ? report::Value(*v) : report::Value(std::monostate{});
}

report::Value opt(const std::optional<double>& v) { return v ? report::Value(*v) : report::Value(std::monostate{}); }

std::optional<double> rate(std::int64_t no_shows, std::int64_t registered) {
  if (registered <= 0) return std::nullopt;
  return report::round_to(static_cast<double>(no_shows) / static_cast<double>(registered), 4);
}

std::string esc(const std::string& s) { return util::html_escape(s); }

// Stacked columns, one per session: registered and attended (dark), registered no-shows
// (light) and walk-ins (hatched green) on top; sessions not yet held show their registrations
// alone (grey).
std::string stacked_chart(const db::RegistrationReport& r) {
  const std::string title = "Registered and attended per session";
  if (r.sessions.empty())
    return "<figure>\n<figcaption>" + esc(title) + "</figcaption>\n<p class=\"empty\">No data.</p>\n</figure>\n";
  std::int64_t max = 1;
  for (const auto& s : r.sessions) max = std::max(max, s.registered + s.walk_ins.value_or(0));
  const int left = 40, top = 10, plot_h = 220, bottom = 70;
  const int col = std::max(12, std::min(48, 900 / static_cast<int>(r.sessions.size())));
  // Wide enough for the columns and for the legend's four entries on one line.
  const int width = std::max(left + col * static_cast<int>(r.sessions.size()) + 20, left + 4 * 170);
  const int height = top + plot_h + bottom + 24;
  auto y_of = [&](double v) { return top + plot_h - v * plot_h / static_cast<double>(max); };
  std::string svg = fmt::format("<figure>\n<figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                "role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">\n",
                                esc(title), esc(title), width, height, width, height);
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333\"/>\n", left, top + plot_h,
                     width - 10, top + plot_h);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n<text x=\"{}\" y=\"{}\" "
                     "text-anchor=\"end\">0</text>\n",
                     left - 4, top + 10, max, left - 4, top + plot_h);
  for (std::size_t i = 0; i < r.sessions.size(); ++i) {
    const auto& s = r.sessions[i];
    const int x = left + static_cast<int>(i) * col + 2;
    const int w = col - 4;
    const auto came = s.held ? s.registered - s.no_shows.value_or(0) : 0;
    double base = 0;
    auto segment = [&](std::int64_t n, const char* fill, const std::string& tip) {
      if (n <= 0) return;
      const double y1 = y_of(base + static_cast<double>(n));
      const double y0 = y_of(base);
      svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"><title>{}</title>"
                         "</rect>\n",
                         x, y1, w, y0 - y1, fill, esc(tip));
      base += static_cast<double>(n);
    };
    if (s.held) {
      segment(came, "#1f4e79", fmt::format("{}: {} registered and attended", s.session, came));
      segment(s.no_shows.value_or(0), "#9dc3e6", fmt::format("{}: {} no-shows", s.session, s.no_shows.value_or(0)));
      segment(s.walk_ins.value_or(0), "#70ad47", fmt::format("{}: {} walk-ins", s.session, s.walk_ins.value_or(0)));
    } else {
      segment(s.registered, "#bfbfbf", fmt::format("{}: {} registered (not held)", s.session, s.registered));
    }
    svg += fmt::format("<text transform=\"translate({} {}) rotate(-60)\" text-anchor=\"end\">{}</text>\n", x + w / 2,
                       top + plot_h + 12, esc(s.session));
  }
  int lx = left;
  const int ly = height - 12;
  for (const auto& [fill, label] : {std::pair<const char*, const char*>{"#1f4e79", "registered, attended"},
                                    {"#9dc3e6", "no-show"},
                                    {"#70ad47", "walk-in"},
                                    {"#bfbfbf", "registered, not held"}}) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" "
                       "y=\"{}\">{}</text>\n",
                       lx, ly - 9, fill, lx + 14, ly, label);
    lx += 170;
  }
  return svg + "</svg>\n</figure>\n";
}

} // namespace

std::optional<double> no_show_rate(const db::RegistrationReportRow& row) {
  if (!row.held) return std::nullopt;
  return rate(row.no_shows.value_or(0), row.registered);
}

report::Grid sessions_grid(const db::RegistrationReport& r) {
  report::Grid g;
  g.columns = {"session", "series", "date", "held", "registered", "attended", "no_shows", "no_show_rate", "walk_ins"};
  for (const auto& s : r.sessions)
    g.add({s.session, s.series, s.date, s.held, s.registered, opt(s.attended), opt(s.no_shows), opt(no_show_rate(s)),
           opt(s.walk_ins)});
  return g;
}

report::Grid json_grid(const db::RegistrationReport& r) {
  report::Grid g;
  g.columns = {"session", "registered", "attended", "no_shows", "no_show_rate", "walk_ins"};
  for (const auto& s : r.sessions)
    g.add({s.session, s.registered, opt(s.attended), opt(s.no_shows), opt(no_show_rate(s)), opt(s.walk_ins)});
  return g;
}

report::Grid groups_grid(const std::vector<db::RegistrationGroupRow>& rows, const std::string& label) {
  report::Grid g;
  g.columns = {label, "registered", "attended", "no_shows", "no_show_rate", "walk_ins"};
  for (const auto& x : rows)
    g.add({x.name, x.registered, x.attended, x.no_shows, opt(rate(x.no_shows, x.registered)), x.walk_ins});
  return g;
}

report::Grid never_attended_grid(const db::RegistrationReport& r) {
  report::Grid g;
  g.columns = {"name", "email", "registered_sessions", "held_sessions"};
  for (const auto& n : r.never_attended)
    g.add({n.name, n.email ? report::Value(*n.email) : report::Value(std::monostate{}), n.registered_sessions,
           n.held_sessions});
  return g;
}

nlohmann::ordered_json sessions_json(const db::RegistrationReport& r) {
  auto out = nlohmann::ordered_json::array();
  auto num = [](const auto& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
  for (const auto& s : r.sessions)
    out.push_back({{"session", s.session},
                   {"registered", s.registered},
                   {"attended", num(s.attended)},
                   {"no_shows", num(s.no_shows)},
                   {"no_show_rate", num(no_show_rate(s))},
                   {"walk_ins", num(s.walk_ins)}});
  return out;
}

std::string page(const report::html::Meta& meta, const db::RegistrationReport& r) {
  std::int64_t registered = 0, no_shows = 0, walk_ins = 0;
  for (const auto& s : r.sessions) {
    if (!s.held) continue;
    registered += s.registered;
    no_shows += s.no_shows.value_or(0);
    walk_ins += s.walk_ins.value_or(0);
  }
  const auto overall = rate(no_shows, registered);
  std::string body = fmt::format(
      "<dl class=\"figures\"><dt>registrations for held sessions</dt><dd>{}</dd><dt>no-shows</dt><dd>{}</dd>"
      "<dt>no-show rate</dt><dd>{}</dd><dt>walk-ins (attended without registering)</dt><dd>{}</dd></dl>\n",
      registered, no_shows, overall ? fmt::format("{:.1f} %", *overall * 100) : std::string("\u2014"), walk_ins);
  body += stacked_chart(r);
  body += "<h2>Sessions</h2>\n" + report::html::table(sessions_grid(r));
  body += "<h2>By series</h2>\n" + report::html::table(groups_grid(r.series, "series"));
  body += "<h2>By profession</h2>\n" + report::html::table(groups_grid(r.by_profession, "profession"));
  body += "<h2>By region</h2>\n" + report::html::table(groups_grid(r.by_region, "region"));
  body += "<h2>Registered for several sessions, attended none</h2>\n" + report::html::table(never_attended_grid(r));
  return report::html::page(meta, body);
}

} // namespace echo::registration
