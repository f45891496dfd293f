#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "echo/db/certificate_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/report_repo.hpp"
#include "echo/error.hpp"
#include "echo/report/html.hpp"
#include "echo/report/report.hpp"
#include "echo/util/period.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>

#include <memory>

#include <algorithm>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace report_cmd {

struct ReportOptions {
  std::string code; // report series CODE
  std::string series;
  std::string from;
  std::string to;
  std::string period;
  std::string as_of;
  std::string participant; // credits
  bool totals = false;     // credits
  bool by_series = false;  // credits
  OutputOptions out;
};

void add_common_options(CLI::App& cmd, ReportOptions& o) {
  cmd.add_option("--series", o.series, "Only sessions of this series (its code)")->option_text("CODE");
  auto* from = cmd.add_option("--from", o.from,
                              "First local date of the period, inclusive (YYYY-MM-DD, or in words: 'last month' "
                              "starts on its first day)")
                   ->option_text("DATE");
  auto* to = cmd.add_option("--to", o.to,
                            "Last local date of the period, inclusive (YYYY-MM-DD, or in words: 'last month' ends "
                            "on its last day)")
                 ->option_text("DATE");
  cmd.add_option("-p,--period", o.period,
                 "The period in one word, as --from and --to together: today, yesterday, monday, 'last week', "
                 "'this month', 'last month', 2026Q1, 2026-03, 2026 ... (see echoctl(1), DATES IN WORDS)")
      ->option_text("PERIOD")
      ->excludes(from)
      ->excludes(to);
  cmd.add_option("--as-of", o.as_of,
                 "Sessions that started before this instant count as held (default now): YYYY-MM-DD, "
                 "YYYY-MM-DDTHH:MM[:SS] or 'YYYY-MM-DD HH:MM[:SS]' in hub.timezone, or with a trailing Z in UTC")
      ->option_text("DATETIME");
  add_output_options(cmd, o.out);
}

// On a terminal, a report whose SQL runs longer than the progress delay (2 s) shows its elapsed
// time on stderr, then "done in"; SQLite's progress handler says the statement is still working.
class ReportProgress {
public:
  ReportProgress(const Context& ctx, db::Database& db, const std::string& label)
      : m_db(db), m_terminal(ctx, label, "") {
    if (auto callback = m_terminal.callback()) {
      m_progress = util::Progress(std::move(callback), 1);
      m_db.on_progress([this] { m_progress.row(); });
    }
  }
  ~ReportProgress() {
    m_db.on_progress({});
    if (std::uncaught_exceptions() == 0) m_progress.finish();
  }
  ReportProgress(const ReportProgress&) = delete;
  ReportProgress& operator=(const ReportProgress&) = delete;

private:
  db::Database& m_db;
  TerminalProgress m_terminal;
  util::Progress m_progress;
};

struct Prepared {
  report::Params params;
  db::Database* db = nullptr;
  std::shared_ptr<ReportProgress> progress;
  report::html::Meta meta;
  Format format = Format::tsv;
};

// Validates the options (usage and data errors before the database is touched), opens the
// database for reading and resolves the series.
Prepared prepare(Context& ctx, const ReportOptions& o, const std::string& title) {
  Prepared p;
  const auto& cfg = ctx.config();
  if (!o.from.empty()) p.params.from = util::format_date(util::date_option(o.from, "--from"));
  if (!o.to.empty()) p.params.to = util::format_date(util::date_option_last(o.to, "--to"));
  if (!o.period.empty()) {
    const auto period = util::date_range_option(o.period, "--period");
    p.params.from = util::format_date(period.first);
    p.params.to = util::format_date(period.last);
  }
  report::check_period(p.params);
  p.params.as_of_utc =
      o.as_of.empty() ? util::format_utc(util::now_utc()) : report::parse_as_of(o.as_of, cfg.hub_timezone);
  p.params.min_minutes = cfg.attendance_min_minutes;
  p.params.min_percent = cfg.certificate_min_percent;
  p.format = choose_format(ctx, o.out);
  p.db = &ctx.db(db::Access::read);
  p.progress = std::make_shared<ReportProgress>(ctx, *p.db, title);
  if (!o.series.empty()) {
    p.params.series_id = db::find_series(*p.db, o.series).id;
    p.meta.series_title = db::CertificateRepo(*p.db).series_title(*p.params.series_id);
  }
  p.meta.title =
      o.series.empty() ? title : title + " \u2014 " + (p.meta.series_title.empty() ? o.series : p.meta.series_title);
  p.meta.timezone = cfg.hub_timezone;
  p.meta.min_minutes = cfg.attendance_min_minutes;
  p.meta.min_percent = cfg.certificate_min_percent;
  p.meta.hub = cfg.hub_name;
  p.meta.period = report::html::period_text(p.params);
  p.meta.as_of = p.params.as_of_utc;
  return p;
}

// Past sessions without attendance recorded are not held: every report says which, on stderr.
void warn_unrecorded(Context& ctx, const Prepared& p) {
  const auto rows = db::report_unrecorded(*p.db, p.params);
  if (rows.empty()) return;
  std::vector<std::string> refs;
  for (const auto& r : rows) refs.push_back(fmt::format("{} ({})", r.session, r.date));
  ctx.warn(fmt::format("{} past session{} with no attendance recorded, not counted as held nor in averages or "
                       "certificates: {}; import the attendance, or `{} session update REF --held` if nobody came",
                       rows.size(), rows.size() == 1 ? "" : "s", util::join(refs, ", "), ctx.program));
}

// A row report streams: the statement steps and each row goes to the output as it comes, in
// every format (see emit_rows); html gets the report's own page, built while the rows stream and
// summarised past report::html::k_page_rows rows.
template <class Row, class Each>
void stream_rows(Context& ctx, const ReportOptions& o, const Prepared& p, const std::vector<std::string>& columns,
                 void (*cells_of)(const Row&, std::vector<Cell>&), Each each) {
  emit_rows(
      ctx, o.out, columns,
      [&](const RowSink& sink) {
        std::vector<Cell> cells;
        each([&](const Row& r) {
          cells_of(r, cells);
          sink(cells);
        });
      },
      p.meta.title);
}

void emit_page(Context& ctx, const ReportOptions& o, const Prepared& p, std::string page) {
  Document doc;
  doc.html = std::move(page);
  emit(ctx, o.out, doc, p.meta.title);
}

void run_attendance(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Attendance by session");
  warn_unrecorded(ctx, p);
  if (p.format == Format::html) {
    // One row per session: the page's chart needs them all, and a hub has thousands at most.
    emit_page(ctx, o, p, report::html::attendance_page(p.meta, db::report_sessions(*p.db, p.params)));
    return;
  }
  stream_rows<report::SessionRow>(ctx, o, p, report::attendance_columns(), &report::attendance_cells,
                                  [&](const auto& fn) { db::each_session(*p.db, p.params, fn); });
}

void run_participants(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Participants");
  warn_unrecorded(ctx, p);
  if (p.format == Format::html) {
    report::html::ParticipantsPage page(p.meta);
    db::each_participant(*p.db, p.params, std::nullopt, false, [&](const auto& r) { page.add(r); });
    emit_page(ctx, o, p, page.finish());
    return;
  }
  stream_rows<report::ParticipantRow>(
      ctx, o, p, report::participants_columns(), &report::participants_cells,
      [&](const auto& fn) { db::each_participant(*p.db, p.params, std::nullopt, false, fn); });
}

void run_credits(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Credit hours");
  warn_unrecorded(ctx, p);
  std::optional<std::int64_t> who;
  if (!o.participant.empty()) who = db::find_participant(*p.db, o.participant);
  if (o.by_series) {
    if (p.format == Format::html) {
      report::html::CreditsBySeriesPage page(p.meta);
      db::each_credit_by_series(*p.db, p.params, who, [&](const auto& r) { page.add(r); });
      emit_page(ctx, o, p, page.finish());
      return;
    }
    stream_rows<report::SeriesCreditRow>(ctx, o, p, report::credits_by_series_columns(),
                                         &report::credits_by_series_cells,
                                         [&](const auto& fn) { db::each_credit_by_series(*p.db, p.params, who, fn); });
    return;
  }
  if (p.format == Format::html) {
    // The same page with or without --totals: the totals, then the eligible participations.
    report::html::CreditsPage page(p.meta);
    db::each_participant(*p.db, p.params, who, true, [&](const auto& r) { page.add_total(r); });
    db::each_credit(*p.db, p.params, who, [&](const auto& r) { page.add_credit(r); });
    emit_page(ctx, o, p, page.finish());
    return;
  }
  if (o.totals) {
    stream_rows<report::ParticipantRow>(ctx, o, p, report::credit_totals_columns(), &report::credit_totals_cells,
                                        [&](const auto& fn) { db::each_participant(*p.db, p.params, who, true, fn); });
    return;
  }
  stream_rows<report::CreditRow>(ctx, o, p, report::credits_columns(), &report::credits_cells,
                                 [&](const auto& fn) { db::each_credit(*p.db, p.params, who, fn); });
}

void run_figures(Context& ctx, const ReportOptions& o, bool summary) {
  auto p = prepare(ctx, o, summary ? "Hub summary" : "Series report");
  warn_unrecorded(ctx, p);
  auto figures = db::report_figures(*p.db, p.params);
  if (!summary) figures.series = o.series;
  figures.from = p.params.from;
  figures.to = p.params.to;
  figures.as_of = p.params.as_of_utc;
  if (p.format == Format::csv || p.format == Format::tsv) {
    emit(ctx, o.out, report::figures_row_grid(figures, summary), p.meta.title);
    return;
  }
  Document doc;
  doc.json = report::figures_json(figures, summary);
  doc.sections.emplace_back(summary ? "summary" : "series", report::figures_grid(figures, summary));
  doc.sections.emplace_back("by_profession", report::breakdown_grid(figures.by_profession, "name"));
  doc.sections.emplace_back("by_region", report::breakdown_grid(figures.by_region, "name"));
  if (p.format == Format::html) {
    const auto sessions = db::report_sessions(*p.db, p.params);
    std::vector<report::html::SeriesFigures> by_series;
    if (summary) {
      std::vector<std::string> codes;
      for (const auto& s : sessions)
        if (std::find(codes.begin(), codes.end(), s.series) == codes.end()) codes.push_back(s.series);
      std::sort(codes.begin(), codes.end());
      for (const auto& code : codes) {
        auto one = p.params;
        one.series_id = db::find_series(*p.db, code).id;
        by_series.push_back(
            {code, db::CertificateRepo(*p.db).series_title(*one.series_id), db::report_figures(*p.db, one)});
      }
    }
    doc.html = report::html::figures_page(p.meta, figures, summary, sessions, by_series);
  }
  emit(ctx, o.out, doc, p.meta.title);
}

} // namespace report_cmd

void register_report(CLI::App& app, Context& ctx) {
  using namespace report_cmd;
  auto* group = app.add_subcommand(
      "report", "Reports for funders and accreditors: attendance, participants, credits, series, summary");
  group->footer(fmt::format("Definitions of every figure, formats and examples: man {}-report", ctx.program));

  auto att = std::make_shared<ReportOptions>();
  auto* attendance = group->add_subcommand(
      "attendance", "One row per session of the period: participants, eligible, hub-role attendees, minutes");
  add_common_options(*attendance, *att);
  attendance->callback([&ctx, att] { run_attendance(ctx, *att); });

  auto par = std::make_shared<ReportOptions>();
  auto* participants = group->add_subcommand(
      "participants", "One row per participant: sessions, eligible sessions, minutes, credit hours, certificate");
  add_common_options(*participants, *par);
  participants->callback([&ctx, par] { run_participants(ctx, *par); });

  auto cre = std::make_shared<ReportOptions>();
  auto* credits = group->add_subcommand(
      "credits", "Credit hours per participant and eligible session, with each participant's total");
  add_common_options(*credits, *cre);
  credits->add_option("--participant", cre->participant, "Only this participant (email or id)")->option_text("P");
  credits->add_flag("--totals", cre->totals,
                    "One row per participant instead: eligible sessions, credit hours, certificates (mail-merge)");
  auto* by_series = credits->add_flag(
      "--by-series", cre->by_series,
      "One row per participant and series instead: name, email, series title, first and last date, hours, "
      "certificate number (mail merge)");
  by_series->excludes(credits->get_option("--totals"));
  credits->callback([&ctx, cre] { run_credits(ctx, *cre); });

  auto ser = std::make_shared<ReportOptions>();
  auto* series = group->add_subcommand(
      "series", "Figures of one series: sessions, participations, unique and new participants, hours, certificates");
  series->add_option("CODE", ser->code, "The series' code (or --series CODE)");
  add_common_options(*series, *ser);
  series->callback([&ctx, ser] {
    if (ser->code.empty() && ser->series.empty()) throw Error(Exit::usage, "report series: CODE is required");
    if (!ser->code.empty() && !ser->series.empty() && ser->code != ser->series)
      throw Error(Exit::usage,
                  fmt::format("report series: CODE '{}' and --series '{}' differ", ser->code, ser->series));
    if (ser->series.empty()) ser->series = ser->code;
    run_figures(ctx, *ser, false);
  });

  auto sum = std::make_shared<ReportOptions>();
  auto* summary = group->add_subcommand(
      "summary", "Hub-wide figures for a period (also series count, rural share, cases presented)");
  add_common_options(*summary, *sum);
  summary->callback([&ctx, sum] { run_figures(ctx, *sum, true); });
}

} // namespace echo::cli
