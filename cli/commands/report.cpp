#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "echo/error.hpp"
#include "echo/registration/report.hpp"
#include "echo/report/evaluation.hpp"
#include "echo/report/html.hpp"
#include "echo/report/network.hpp"
#include "echo/report/report.hpp"
#include "echo/report/service.hpp"
#include "echo/util/period.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <memory>

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
  std::string participant;    // credits
  bool totals = false;        // credits
  bool by_series = false;     // credits
  std::string by;             // reach, competency
  bool across_series = false; // retention
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
  report::Scope scope;
  const report::Params& params() const { return scope.params; }
  db::Database* db = nullptr;
  std::shared_ptr<ReportProgress> progress;
  report::html::Meta meta;
  Format format = Format::tsv;
};

// Validates the options (usage and data errors before the database is touched), opens the
// database for reading, resolves the series and says which past sessions have no attendance
// recorded (not held: every report warns, on stderr).
Prepared prepare(Context& ctx, const ReportOptions& o, const std::string& title) {
  Prepared p;
  const auto& cfg = ctx.config();
  report::Request request;
  auto& params = request.params;
  if (!o.from.empty()) params.from = util::format_date(util::date_option(o.from, "--from"));
  if (!o.to.empty()) params.to = util::format_date(util::date_option_last(o.to, "--to"));
  if (!o.period.empty()) {
    const auto period = util::date_range_option(o.period, "--period");
    params.from = util::format_date(period.first);
    params.to = util::format_date(period.last);
  }
  report::check_period(params);
  params.as_of_utc =
      o.as_of.empty() ? util::format_utc(util::now_utc()) : report::parse_as_of(o.as_of, cfg.hub_timezone);
  params.min_minutes = cfg.attendance_min_minutes;
  params.min_percent = cfg.certificate_min_percent;
  request.series = o.series;
  request.program = ctx.program;
  p.format = choose_format(ctx, o.out);
  p.db = &ctx.db(db::Access::read);
  p.progress = std::make_shared<ReportProgress>(ctx, *p.db, title);
  p.scope = report::open(*p.db, request);
  p.meta.series_title = p.scope.series_title;
  p.meta.title =
      o.series.empty() ? title : title + " \u2014 " + (p.meta.series_title.empty() ? o.series : p.meta.series_title);
  p.meta.timezone = cfg.hub_timezone;
  p.meta.min_minutes = cfg.attendance_min_minutes;
  p.meta.min_percent = cfg.certificate_min_percent;
  p.meta.hub = cfg.hub_name;
  p.meta.period = report::html::period_text(p.params());
  p.meta.as_of = p.params().as_of_utc;
  for (const auto& w : p.scope.warnings) ctx.warn(w);
  return p;
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
  if (p.format == Format::html) {
    // One row per session: the page's chart needs them all, and a hub has thousands at most.
    emit_page(ctx, o, p, report::html::attendance_page(p.meta, report::sessions(*p.db, p.scope)));
    return;
  }
  stream_rows<report::SessionRow>(ctx, o, p, report::attendance_columns(), &report::attendance_cells,
                                  [&](const auto& fn) { report::each_session(*p.db, p.scope, fn); });
}

void run_participants(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Participants");
  if (p.format == Format::html) {
    report::html::ParticipantsPage page(p.meta);
    report::each_participant(*p.db, p.scope, std::nullopt, false, [&](const auto& r) { page.add(r); });
    emit_page(ctx, o, p, page.finish());
    return;
  }
  stream_rows<report::ParticipantRow>(
      ctx, o, p, report::participants_columns(), &report::participants_cells,
      [&](const auto& fn) { report::each_participant(*p.db, p.scope, std::nullopt, false, fn); });
}

void run_credits(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Credit hours");
  const auto who = report::find_participant(*p.db, o.participant);
  if (o.by_series) {
    if (p.format == Format::html) {
      report::html::CreditsBySeriesPage page(p.meta);
      report::each_credit_by_series(*p.db, p.scope, who, [&](const auto& r) { page.add(r); });
      emit_page(ctx, o, p, page.finish());
      return;
    }
    stream_rows<report::SeriesCreditRow>(
        ctx, o, p, report::credits_by_series_columns(), &report::credits_by_series_cells,
        [&](const auto& fn) { report::each_credit_by_series(*p.db, p.scope, who, fn); });
    return;
  }
  if (p.format == Format::html) {
    // The same page with or without --totals: the totals, then the eligible participations.
    report::html::CreditsPage page(p.meta);
    report::each_participant(*p.db, p.scope, who, true, [&](const auto& r) { page.add_total(r); });
    report::each_credit(*p.db, p.scope, who, [&](const auto& r) { page.add_credit(r); });
    emit_page(ctx, o, p, page.finish());
    return;
  }
  if (o.totals) {
    stream_rows<report::ParticipantRow>(
        ctx, o, p, report::credit_totals_columns(), &report::credit_totals_cells,
        [&](const auto& fn) { report::each_participant(*p.db, p.scope, who, true, fn); });
    return;
  }
  stream_rows<report::CreditRow>(ctx, o, p, report::credits_columns(), &report::credits_cells,
                                 [&](const auto& fn) { report::each_credit(*p.db, p.scope, who, fn); });
}

void run_figures(Context& ctx, const ReportOptions& o, bool summary) {
  auto p = prepare(ctx, o, summary ? "Hub summary" : "Series report");
  const auto result = report::figures(*p.db, p.scope, summary, p.format == Format::html);
  const auto& figures = result.figures;
  if (p.format == Format::csv || p.format == Format::tsv) {
    emit(ctx, o.out, report::figures_row_grid(figures, summary), p.meta.title);
    return;
  }
  Document doc;
  doc.json = report::figures_json(figures, summary);
  doc.sections.emplace_back(summary ? "summary" : "series", report::figures_grid(figures, summary));
  doc.sections.emplace_back("by_profession", report::breakdown_grid(figures.by_profession, "name"));
  doc.sections.emplace_back("by_region", report::breakdown_grid(figures.by_region, "name"));
  if (p.format == Format::html)
    doc.html = report::html::figures_page(p.meta, figures, summary, result.sessions, result.by_series);
  emit(ctx, o.out, doc, p.meta.title);
}

// A small report (one row per region or domain): the grid, or the page in HTML.
void emit_rows(Context& ctx, const ReportOptions& o, const Prepared& p, report::Grid grid, std::string page) {
  if (p.format != Format::html) {
    emit(ctx, o.out, grid, p.meta.title);
    return;
  }
  Document doc;
  doc.html = std::move(page);
  emit(ctx, o.out, doc, p.meta.title);
}

std::string fixed(double v) {
  auto text = fmt::format("{}", v);
  return text;
}

void run_reach(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, o.by == "organization" ? "Reach by organization" : "Reach by region");
  const auto& cfg = ctx.config();
  const bool by_region = o.by != "organization";
  const auto result = report::reach(*p.db, p.scope, cfg, !by_region);
  for (const auto& w : result.warnings) ctx.warn(w);
  const auto& rows = result.rows;
  const auto previous = report::previous_period(p.params());
  p.meta.definitions =
      "<dt>Participants</dt><dd>Unique participants (not presenters, facilitators or hub staff) with at least one "
      "participation at a held session of the period, counted in the region their recorded region matches "
      "([[regions]] names and aliases, ignoring case and accents); \u201c(unknown)\u201d: a region that matches "
      "none, or none recorded.</dd>\n"
      "<dt>Participations</dt><dd>Their attendances at held sessions of the period.</dd>\n"
      "<dt>Per 100,000</dt><dd>Participants \u00d7 100,000 \u00f7 the region's population (2 decimals); empty when "
      "the population is not configured.</dd>\n"
      "<dt>Per 100 providers</dt><dd>Participants \u00d7 100 \u00f7 the region's care providers (2 decimals); "
      "empty when not configured.</dd>\n"
      "<dt>Rural share</dt><dd>Participants recorded as rural \u00f7 participants (4 decimals).</dd>\n"
      "<dt>Previous participants</dt><dd>Unique participants in the previous period of the same length" +
      (previous ? " (" + previous->first + " to " + previous->second + ")" : std::string(" (needs --from and --to)")) +
      "; the change is participants minus this.</dd>\n"
      "<dt>Gap</dt><dd>A configured region with no participants, or fewer participants per 100,000 than [reach] "
      "gap_threshold (" +
      fixed(cfg.reach_gap_threshold) + "). Gaps are listed first.</dd>\n";
  emit_rows(ctx, o, p, report::reach_grid(rows, by_region),
            p.format == Format::html ? report::html::reach_page(p.meta, rows, by_region, cfg.reach_gap_threshold) : "");
}

void run_competency(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, o.by.empty() ? "Competency" : "Competency by " + o.by);
  auto by = report::CompetencyBy::none;
  if (o.by == "profession") by = report::CompetencyBy::profession;
  if (o.by == "region") by = report::CompetencyBy::region;
  if (o.by == "participant") by = report::CompetencyBy::participant;
  const auto result = report::competency(*p.db, p.scope, ctx.config(), by);
  for (const auto& w : result.warnings) ctx.warn(w);
  const auto& rows = result.rows;
  p.meta.definitions =
      "<dt>Domain</dt><dd>A competency domain ([[competencies]] code). A held session counts for its own domains "
      "(session update --domain), else for its series' (series update --domain), in full for each; "
      "\u201c(none)\u201d: sessions with neither.</dd>\n"
      "<dt>Hours</dt><dd>Participants' minutes at the domain's held sessions of the period \u00f7 60 (2 "
      "decimals).</dd>\n"
      "<dt>Participants</dt><dd>Unique participants at those sessions.</dd>\n"
      "<dt>Key</dt><dd>The profession (canonical, [professions] aliases applied), region (as configured) or "
      "participant (email) with --by; every domain taught in the period has a row for every profession or region "
      "seen, 0 where nobody of it attended.</dd>\n";
  emit_rows(ctx, o, p, report::competency_grid(rows),
            p.format == Format::html ? report::html::competency_page(p.meta, rows) : "");
}

// `report network`: per session and series, the professions present and their diversity; the
// profession x region matrix; the organizations that met.
void run_network(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Inter-professional network");
  const auto network = report::network(*p.db, p.scope, ctx.config());
  Document doc;
  doc.json = report::network_json(network);
  doc.sections.emplace_back("series", report::network_series_grid(network));
  doc.sections.emplace_back("sessions", report::network_sessions_grid(network));
  doc.sections.emplace_back("matrix", report::network_matrix_grid(network));
  doc.sections.emplace_back("organizations", report::network_organizations_grid(network));
  if (p.format == Format::html) doc.html = report::html::network_page(p.meta, network);
  emit(ctx, o.out, doc, p.meta.title);
}

// `report retention --series CODE`: the retention curve, the distribution of sessions attended,
// one-time and returning participants; with --across-series, who came back in another series.
void run_retention(Context& ctx, const ReportOptions& o) {
  if (o.series.empty()) throw Error(Exit::usage, "report retention: --series CODE is required");
  auto p = prepare(ctx, o, "Retention");
  const auto retention = report::retention(*p.db, p.scope, ctx.config(), o.across_series);
  Document doc;
  doc.json = report::retention_json(retention);
  doc.sections.emplace_back("retention", report::retention_summary_grid(retention));
  doc.sections.emplace_back("curve", report::retention_curve_grid(retention));
  doc.sections.emplace_back("distribution", report::retention_distribution_grid(retention));
  if (o.across_series) doc.sections.emplace_back("across_series", report::retention_across_grid(retention));
  if (p.format == Format::html) doc.html = report::html::retention_page(p.meta, retention);
  emit(ctx, o.out, doc, p.meta.title);
}

// Registered against attended per session of the period; in json/jsonl the array of sessions,
// in the other formats also by series, profession and region and who never came.
void run_registrations(Context& ctx, const ReportOptions& o) {
  auto p = prepare(ctx, o, "Registrations and attendance");
  if (p.format == Format::json || p.format == Format::jsonl || p.format == Format::csv || p.format == Format::tsv) {
    // The session rows alone: counted in one statement (no per-person facts).
    const auto figures = report::registration_sessions(*p.db, p.scope);
    const bool json = p.format == Format::json || p.format == Format::jsonl;
    emit(ctx, o.out, json ? registration::json_grid(figures) : registration::sessions_grid(figures), p.meta.title);
    return;
  }
  const auto figures = report::registrations(*p.db, p.scope, ctx.config());
  Document doc;
  doc.json = registration::sessions_json(figures);
  doc.sections.emplace_back("sessions", registration::sessions_grid(figures));
  doc.sections.emplace_back("by_series", registration::groups_grid(figures.series, "series"));
  doc.sections.emplace_back("by_profession", registration::groups_grid(figures.by_profession, "profession"));
  doc.sections.emplace_back("by_region", registration::groups_grid(figures.by_region, "region"));
  doc.sections.emplace_back("registered_never_attended", registration::never_attended_grid(figures));
  if (p.format == Format::html) doc.html = registration::page(p.meta, figures);
  emit(ctx, o.out, doc, p.meta.title);
}

struct EvaluationReportOptions {
  std::string series;
  std::string session;
  OutputOptions out;
};

void run_evaluation(Context& ctx, const EvaluationReportOptions& o) {
  const auto& cfg = ctx.config();
  const auto format = choose_format(ctx, o.out);
  auto& database = ctx.db(db::Access::read);
  const auto selection = report::evaluation_selection(database, {o.series, o.session});
  const auto& title = selection.title;
  report::html::Meta meta;
  meta.series_title = selection.series_title;
  meta.period = selection.period;
  ReportProgress progress(ctx, database, title);
  const auto figures = report::evaluation(database, selection);
  for (const auto& w : figures.warnings) ctx.warn(w);
  meta.title = title;
  meta.hub = cfg.hub_name;
  meta.timezone = cfg.hub_timezone;
  meta.min_minutes = cfg.attendance_min_minutes;
  meta.min_percent = cfg.certificate_min_percent;
  meta.as_of = util::format_utc(util::now_utc());
  Document doc;
  doc.json = report::evaluation_json(figures);
  doc.sections.emplace_back("evaluation", report::evaluation_summary_grid(figures));
  doc.sections.emplace_back("items", report::evaluation_items_grid(figures));
  doc.sections.emplace_back("changes", report::evaluation_changes_grid(figures));
  if (!figures.by_profession.empty())
    doc.sections.emplace_back("by_profession", report::evaluation_profession_grid(figures));
  if (format == Format::html) doc.html = report::html::evaluation_page(meta, figures);
  emit(ctx, o.out, doc, title);
}

} // namespace report_cmd

void register_report(CLI::App& app, Context& ctx) {
  using namespace report_cmd;
  auto* group = app.add_subcommand(
      "report", "Reports for funders and accreditors: attendance, participants, credits, series, summary, reach, "
                "competency, network, retention, registrations, evaluation");
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

  auto rea = std::make_shared<ReportOptions>();
  auto* reach = group->add_subcommand(
      "reach", "One row per region (or organization): participants, hours, rates per 100,000 and per 100 providers, "
               "rural share, previous period, gaps first");
  add_common_options(*reach, *rea);
  reach->add_option("--by", rea->by, "region (default) or organization")
      ->check(CLI::IsMember({"region", "organization"}))
      ->option_text("region|organization");
  reach->callback([&ctx, rea] { run_reach(ctx, *rea); });

  auto com = std::make_shared<ReportOptions>();
  auto* competency = group->add_subcommand(
      "competency", "Learning hours and participants per competency domain (by profession, region or participant)");
  add_common_options(*competency, *com);
  competency->add_option("--by", com->by, "profession, region or participant (default: one row per domain)")
      ->check(CLI::IsMember({"profession", "region", "participant"}))
      ->option_text("profession|region|participant");
  competency->callback([&ctx, com] { run_competency(ctx, *com); });

  auto reg = std::make_shared<ReportOptions>();
  auto* registrations = group->add_subcommand(
      "registrations", "One row per session: registered, attended, no-shows, no-show rate, walk-ins (and by series, "
                       "profession, region; who registered for several sessions and attended none)");
  add_common_options(*registrations, *reg);
  registrations->callback([&ctx, reg] { run_registrations(ctx, *reg); });

  auto sum = std::make_shared<ReportOptions>();
  auto* summary = group->add_subcommand(
      "summary", "Hub-wide figures for a period (also series count, rural share, cases presented)");
  add_common_options(*summary, *sum);
  summary->callback([&ctx, sum] { run_figures(ctx, *sum, true); });

  auto net = std::make_shared<ReportOptions>();
  auto* network = group->add_subcommand(
      "network", "Inter-professional network: professions per session and series, Shannon diversity, sessions "
                 "with 3+ professions, profession x region, organizations that met");
  add_common_options(*network, *net);
  network->callback([&ctx, net] { run_network(ctx, *net); });

  auto ret = std::make_shared<ReportOptions>();
  auto* retention = group->add_subcommand(
      "retention", "Retention of one series (--series CODE): share of the first session's attendees per session, "
                   "sessions attended, one-time and returning");
  add_common_options(*retention, *ret);
  retention->add_flag("--across-series", ret->across_series,
                      "Also list the participants who came back later in another series");
  retention->callback([&ctx, ret] { run_retention(ctx, *ret); });

  auto eva = std::make_shared<EvaluationReportOptions>();
  auto* evaluation = group->add_subcommand(
      "evaluation", "Survey evaluations: response rate, per item n, mean, median and distribution, pre/post change, "
                    "by profession (free text is never shown)");
  evaluation->add_option("--series", eva->series, "Only the evaluations of this series and its sessions")
      ->option_text("CODE");
  evaluation->add_option("--session", eva->session, "Only the evaluations of this session")->option_text("REF");
  add_output_options(*evaluation, eva->out);
  evaluation->callback([&ctx, eva] { run_evaluation(ctx, *eva); });
}

} // namespace echo::cli
